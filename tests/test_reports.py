"""Link-check reports: text, JSON, Markdown, JUnit, GitHub annotations; exit codes; progress."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noteatlas.errors import ConfigError
from noteatlas.linkcheck.render import FORMATS, render
from noteatlas.linkcheck.report import (
    CheckReport,
    append_step_summary,
    exit_code,
)
from noteatlas.linkcheck.results import LinkResult, LinkStatus, Occurrence
from noteatlas.progress import counting_bar
from noteatlas.schema.exits import Exit


def _at(file: str, line: int, column: int = 1, target: str = "") -> Occurrence:
    return Occurrence(file=file, line=line, column=column, target=target, kind="inline")


GONE = LinkResult(
    url="https://example.org/gone",
    status=LinkStatus.BROKEN,
    code=404,
    detail="HTTP 404 Not Found",
    occurrences=[_at("notes/b.md", 12, 5), _at("notes/a.md", 3, 7)],
)
SHY = LinkResult(
    url="https://www.linkedin.com/in/x",
    status=LinkStatus.BLOCKED,
    code=999,
    detail="HTTP 999 | refused <script>",
    occurrences=[_at("notes/b.md", 2)],
)
MOVED = LinkResult(
    url="http://example.org/old",
    status=LinkStatus.REDIRECTED,
    code=200,
    final_url="https://example.org/new",
    redirects=["https://example.org/new"],
    occurrences=[_at("notes/c.md", 1)],
)
FINE = LinkResult(
    url="https://example.org/", status=LinkStatus.OK, occurrences=[_at("notes/c.md", 9)]
)
SKIPPED = LinkResult(
    url="mailto:a@b.org", status=LinkStatus.UNSUPPORTED, occurrences=[_at("notes/c.md", 4)]
)
NO_FILE = LinkResult(
    url="../pics/x.png",
    status=LinkStatus.MISSING_FILE,
    detail="pics/x.png does not exist",
    occurrences=[_at("notes/c.md", 20, 2)],
)


def _report(*results: LinkResult, strict: bool = False, base: str = "") -> CheckReport:
    return CheckReport(results=list(results), strict=strict, base=base)


def test_exit_codes() -> None:
    assert exit_code(_report(FINE, MOVED, SHY, SKIPPED)) == Exit.OK
    assert exit_code(_report(FINE, GONE)) == Exit.BROKEN
    assert exit_code(_report(FINE, NO_FILE)) == Exit.BROKEN
    assert exit_code(_report(FINE, SHY, strict=True)) == Exit.BROKEN
    assert exit_code(_report()) == Exit.OK


def test_text_groups_by_file_with_failures_first_and_hints() -> None:
    text = render(_report(FINE, MOVED, SHY, GONE, NO_FILE, SKIPPED), "text")
    headers = [line for line in text.splitlines() if line and not line.startswith(" ")]
    # Files with failures first (a.md, b.md, c.md all fail or not...), then by path.
    assert headers[:3] == ["notes/a.md", "notes/b.md", "notes/c.md"]
    b_section = text.split("notes/b.md\n", 1)[1].split("\n\n", 1)[0]
    assert b_section.index("broken") < b_section.index("blocked")  # broken first in a file
    assert "12:5" in b_section and "fix: find the new address" in b_section
    assert "fix: update the link to https://example.org/new" in text
    assert "https://example.org/ " not in text  # ok results are only counted
    assert "mailto:" not in text
    assert (
        text.rstrip().splitlines()[-1].startswith("Checked 6 targets: 1 ok, 1 redirected, 1 broken")
    )


def test_text_orders_failing_files_before_clean_ones() -> None:
    late_failure = GONE.model_copy(update={"occurrences": [_at("z.md", 1)]})
    early_warning = SHY.model_copy(update={"occurrences": [_at("a.md", 1)]})
    text = render(_report(early_warning, late_failure), "text")
    assert text.index("z.md") < text.index("a.md")


def test_json_has_summary_and_every_result() -> None:
    data = json.loads(render(_report(FINE, GONE, SHY, MOVED), "json"))
    assert data["exit_code"] == Exit.BROKEN
    assert data["summary"] == {
        "total": 4,
        "failures": 1,
        "warnings": 1,
        "unchecked": 0,
        "by_status": {"ok": 1, "redirected": 1, "broken": 1, "blocked": 1},
    }
    assert data["no_network"] is None
    # Written as json.dumps would write it (the fast encoder changes no byte).
    shown = render(_report(FINE, GONE, SHY, MOVED), "json")
    assert shown == json.dumps(json.loads(shown), ensure_ascii=False, indent=2) + "\n"
    back = {r["url"]: LinkResult.model_validate(r) for r in data["results"]}
    assert back[GONE.url] == GONE


def test_markdown_escapes_and_appends_to_the_step_summary(tmp_path: Path) -> None:
    markdown = render(_report(FINE, GONE, SHY, base="content"), "markdown")
    assert markdown.startswith("## Link check\n")
    assert "| broken | 1 |" in markdown
    assert "`content/notes/b.md:12`" in markdown
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "HTTP 999 \\| refused" in markdown
    rows = [line for line in markdown.splitlines() if line.startswith("| error")]
    assert len(rows) == 2  # one per occurrence of the broken link
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    assert append_step_summary(markdown, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text(encoding="utf-8") == "# earlier step\n" + markdown
    assert not append_step_summary(markdown, {})


def test_junit_is_valid_xml_with_failures_and_skips() -> None:
    odd = GONE.model_copy(update={"detail": "bad \x00 byte", "url": "https://e.org/a&b"})
    root = ET.fromstring(render(_report(FINE, odd, SHY, SKIPPED), "junit"))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "1", "1")
    assert root.get("tests") == "4"
    (failure,) = suite.findall("testcase/failure")
    assert failure.get("type") == "broken"
    assert "cited at notes/a.md:3:7, notes/b.md:12:5" in (failure.text or "")
    first = suite.findall("testcase")[0]  # failures first, at the first place citing them
    assert (first.get("name"), first.get("classname"), first.get("line")) == (
        odd.url,
        "notes/a.md",
        "3",
    )
    cases = {c.get("classname") for c in suite.findall("testcase")}
    assert cases == {"notes/a.md", "notes/b.md", "notes/c.md"}


def test_every_format_counts_the_same_targets() -> None:
    """One count everywhere: a target cited twice is one target in text, JSON and JUnit."""
    report = _report(FINE, GONE, SHY, MOVED, NO_FILE, SKIPPED)
    assert sum(len(r.occurrences) for r in report.results) == 7  # GONE is cited twice
    text_count = render(report, "text").splitlines()[-1].split()[1]
    markdown = render(report, "markdown")
    junit = ET.fromstring(render(report, "junit"))
    assert text_count == "6" and "Checked 6 targets" in markdown
    assert render(report, "github").splitlines()[-1].startswith("Checked 6 targets")
    assert json.loads(render(report, "json"))["summary"]["total"] == 6
    assert junit.get("tests") == "6" and len(junit.findall("testsuite/testcase")) == 6


def test_quiet_keeps_failures_only() -> None:
    report = _report(FINE, MOVED, SHY, GONE, NO_FILE, SKIPPED)
    text = render(report, "text", quiet=True)
    assert "broken" in text and "missing_file" in text and "fix:" in text
    assert "blocked" not in text and "redirected" not in text and "Checked" not in text
    github = render(report, "github", quiet=True).splitlines()
    assert github and all(line.startswith("::error ") for line in github)
    assert render(_report(FINE, MOVED, SHY), "text", quiet=True) == ""
    assert render(report, "json", quiet=True) == render(report, "json")  # machines get it all


def test_github_annotations_point_at_repository_paths() -> None:
    weird = NO_FILE.model_copy(
        update={"detail": "100% gone\nreally", "occurrences": [_at("a,b:c.md", 4, 2)]}
    )
    lines = render(_report(GONE, SHY, MOVED, weird, base="content"), "github").splitlines()
    assert (
        "::error file=content/notes/a.md,line=3,col=7,title=Link broken::https://example.org/gone: "
        "HTTP 404 Not Found. Fix: find the new address (or an archived copy) or remove the link"
    ) in lines
    assert any(
        line.startswith("::error file=content/a%2Cb%3Ac.md,line=4,col=2,")
        and "100%25 gone%0Areally" in line
        for line in lines
    )
    assert any(line.startswith("::warning file=content/notes/b.md,line=2,") for line in lines)
    assert not any("example.org/old" in line for line in lines)  # redirects are not annotated
    strict = render(_report(SHY, strict=True), "github")
    assert strict.startswith("::error ")


def test_unknown_format_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError) as caught:
        render(_report(FINE), "html")
    assert "'html'" in caught.value.message
    assert all(name in caught.value.hint for name in FORMATS)


def test_interrupted_reports_say_so() -> None:
    report = CheckReport(results=[FINE], interrupted=True, problems=["cache unwritable"])
    for fmt in ("text", "markdown", "github"):
        out = render(report, fmt)
        assert "interrupted" in out and "cache unwritable" in out
    assert json.loads(render(report, "json"))["interrupted"] is True


_texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(url=_texts, detail=_texts, file=_texts, status=st.sampled_from(list(LinkStatus)))
def test_no_input_breaks_a_format(url: str, detail: str, file: str, status: LinkStatus) -> None:
    result = LinkResult(
        url=url, status=status, detail=detail, occurrences=[Occurrence(file=file or "x", line=1)]
    )
    report = _report(result)
    ET.fromstring(render(report, "junit"))
    json.loads(render(report, "json"))
    for line in render(report, "github").splitlines()[:-1]:
        assert line.startswith(("::error ", "::warning "))
    for line in render(report, "markdown").splitlines():
        if line.startswith("| "):
            assert line.endswith("|") and "\n" not in line


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    piped = io.StringIO()
    with counting_bar(3, "Checking links", counted="broken", stream=piped) as advance:
        advance(False)
    assert piped.getvalue() == ""
    terminal = _Terminal()
    with counting_bar(2, "Checking links", counted="broken", stream=terminal) as advance:
        advance(False)
        advance(True)
    assert "Checking links" in terminal.getvalue()
    assert "1 broken" in terminal.getvalue()
