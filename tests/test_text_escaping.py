"""Strings from notes in the text outputs (issue 16, items 14 and 15): the reproductions of the
review, then the escaping helpers one by one. ``test_fuzz_outputs.py`` tries many more inputs."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from noteatlas.cli import main
from noteatlas.textsafe import (
    github_data,
    github_property,
    log_line,
    md_code,
    md_text,
    printable,
)

IMG = "a`<img src=x onerror=alert(1)>`.md"
FORGE = "x\n::error file=README.md,line=1::INJECTED\n.md"
SCRIPT_KIND = '---\nkind: "<script>alert(1)</script>"\n---\n# Note\n\n[gone](missing.md)\n'


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def html_tokens(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    found = [t.content for t in tokens if t.type == "html_block"]
    found += [c.content for t in tokens for c in t.children or [] if c.type == "html_inline"]
    return found


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / IMG).write_text("# Img\n\n[gone](nowhere.md) https://example.org/img\n", "utf-8")
    (root / FORGE).write_text("# Forge\n\n[gone](nowhere.md)\n", "utf-8")
    (root / "kind.md").write_text(SCRIPT_KIND, "utf-8")
    return root


def test_report_md_holds_no_raw_html(hostile: Path, tmp_path: Path) -> None:
    code, _, err = run("build", str(hostile), "-o", str(tmp_path / "site"), "-q")
    assert code == 0, err
    for name in ("report.md", "links.md"):
        text = (tmp_path / "site" / name).read_text("utf-8")
        assert html_tokens(text) == [], name
        assert not any(line.startswith("::") for line in text.splitlines())
    report = (tmp_path / "site" / "report.md").read_text("utf-8")
    rendered = MarkdownIt("commonmark").enable("table").render(report)
    assert "onerror=alert(1)" in rendered and "<img" not in rendered  # shown, as text


def test_check_reports_forge_no_workflow_command(hostile: Path) -> None:
    for fmt in ("text", "markdown", "junit"):
        code, out, err = run("check", str(hostile), "--offline", "--format", fmt)
        assert code == 2, err
        assert not [line for line in out.splitlines() if line.lstrip().startswith("::")], fmt
        assert "\\n::error file=README.md" in out or fmt == "markdown", fmt
    code, out, _ = run("check", str(hostile), "--offline", "--format", "github")
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 3  # the three broken links, nothing forged
    assert all(line.startswith("::warning file=") or line.startswith("::error file=")
               for line in commands)  # fmt: skip
    assert any("x%0A%3A%3Aerror file=README.md%2Cline=1%3A%3AINJECTED%0A.md" in c for c in commands)
    _, out, _ = run("check", str(hostile), "--offline", "--format", "junit")
    assert "\n::" not in out and ET.fromstring(out).tag == "testsuites"


def test_a_file_named_like_a_command_does_not_start_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "::error file=a.md::x.md").write_text("[gone](nowhere.md)\n", "utf-8")
    monkeypatch.chdir(tmp_path)  # "check ." shows the files as they are named
    _, out, _ = run("check", ".", "--offline")
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::")]
    assert "\\::error file=a.md::x.md" in out


# -- the helpers ---------------------------------------------------------------------------------


def test_printable_writes_out_control_characters() -> None:
    assert printable(FORGE) == "x\\n::error file=README.md,line=1::INJECTED\\n.md"
    assert printable("\x1b[31m\x00\x7f\x85\u2028\u202e\t") == (
        "\\x1b[31m\\x00\\x7f\\x85\\u2028\\u202e\\t"
    )
    assert printable("中文 ok é") == "中文 ok é"
    assert log_line("::error x") == "\\::error x" and log_line("a::b") == "a::b"


@pytest.mark.parametrize(
    "text", [IMG, "<script>x</script>", "[x](javascript:alert(1))", "a | b", "**b** _i_ ~~s~~",
             "&lt;b&gt;", "$x$", "# h #", "\\<b>", "<!-- c -->"],
)  # fmt: skip
def test_md_text_and_md_code_render_as_the_text_written(text: str) -> None:
    for cell in (md_text(text), md_code(text)):
        row = f"| a | {cell} |\n|---|---|\n| 1 | {cell} |\n"
        assert html_tokens(row) == []
        tokens = MarkdownIt("commonmark").enable("table").parse(row)
        cells = [t for t in tokens if t.type == "inline"]
        assert len(cells) == 4  # two columns kept
        shown = "".join(c.content for c in cells[1].children or [])
        assert shown == text, (cell, shown)


def test_github_escaping_follows_githubs_rules() -> None:
    assert github_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert github_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github_data("\x1b[1m") == "\\x1b[1m"
