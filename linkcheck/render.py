"""Report formats: a registry from format name to a pure ``CheckReport -> str`` function."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from noteatlas.linkcheck.report import CheckReport, exit_code
from noteatlas.linkcheck.results import LinkResult, Occurrence
from noteatlas.schema.errors import ConfigError
from noteatlas.textsafe import github_data, github_property, log_line, md_code, md_text, printable

_MARKS = {"error": "✗", "warning": "!", "notice": "↪", "ok": "✓"}
_MAX_MARKDOWN_ROWS = 300  # GitHub caps a step summary at 1 MiB
_XML_INVALID = re.compile("[\ufffe\uffff\ud800-\udfff]")  # what printable() leaves XML cannot hold


def _summary_line(report: CheckReport) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items()) or "nothing"
    failures, warnings = len(report.failures()), len(report.warnings())
    verdict = (
        f"{failures} failing target{'s' if failures != 1 else ''}" if failures else "nothing broken"
    )
    if warnings:
        verdict += f", {warnings} warning{'s' if warnings != 1 else ''}"
    partial = " (interrupted: partial results)" if report.interrupted else ""
    return f"Checked {len(report.results)} targets: {counts}. {verdict}.{partial}"


def _why(result: LinkResult) -> str:
    detail = result.detail or result.status.value
    if result.final_url and result.final_url != result.url:
        detail += f" -> {result.final_url}"
    return detail + (" (cached)" if result.from_cache else "")


def to_text(report: CheckReport) -> str:
    """Grouped by file, failing files and failures first, each with the fix hint."""
    # Every string from the notes or a server is printable(): a file name holding a line break
    # and "::error" would otherwise forge a workflow command in a CI log (the pre-commit hook and
    # CI jobs print this format). A file name starting with "::" is written "\::".
    lines: list[str] = []
    for path, items in report.by_file().items():
        lines.append(log_line(path) if path else "(not cited in a file)")
        for occurrence, result in items:
            severity = report.severity(result)
            where = f"{occurrence.line}:{occurrence.column}" if occurrence.line else "-"
            lines.append(
                f"  {where:>8} {_MARKS[severity]} {result.status.value:<14} "
                f"{printable(result.url)}  {printable(_why(result))}"
            )
            if hint := result.fix_hint():
                lines.append(f"  {'':>8}   fix: {printable(hint)}")
        lines.append("")
    lines += [f"warning: {printable(problem)}" for problem in report.problems]
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"


def to_json(report: CheckReport) -> str:
    """Everything, for machines: summary, exit code and every result with its occurrences."""
    document = {
        "tool": "noteatlas check",
        "strict": report.strict,
        "interrupted": report.interrupted,
        "exit_code": exit_code(report),
        "summary": {
            "total": len(report.results),
            "failures": len(report.failures()),
            "warnings": len(report.warnings()),
            "by_status": report.counts(),
        },
        "problems": report.problems,
        "results": [r.model_dump(mode="json") for r in sorted(report.results, key=lambda r: r.url)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    # Table cells: one line, no markup, no HTML, no pipes from notes or servers.
    return md_text(text)


def _code(text: str) -> str:
    return md_code(text)


def to_markdown(report: CheckReport) -> str:
    """A summary for people (pull requests, the GitHub job summary): counts, then every failure
    and warning with where it is and what to do."""
    failures, warnings = len(report.failures()), len(report.warnings())
    icon = "❌" if failures else ("⚠️" if warnings else "✅")
    out = ["## Link check", "", f"{icon} {_cell(_summary_line(report))}", ""]
    if report.counts():
        out += ["| Status | Count |", "|---|---:|"]
        out += [f"| {status} | {n} |" for status, n in report.counts().items()]
        out.append("")
    rows: list[str] = []
    for path, items in report.by_file().items():
        for occurrence, result in items:
            where = f"{path}:{occurrence.line}" if path else "-"
            rows.append(
                f"| {report.severity(result)} | {_code(where)} | {_code(result.url)} | "
                f"{result.status.value} | {_cell(_why(result))} | {_cell(result.fix_hint())} |"
            )
    if rows:
        out += ["| | Where | Link | Status | Why | Fix |", "|---|---|---|---|---|---|"]
        out += rows[:_MAX_MARKDOWN_ROWS]
        if len(rows) > _MAX_MARKDOWN_ROWS:
            out += ["", f"… and {len(rows) - _MAX_MARKDOWN_ROWS} more (see the job log)."]
        out.append("")
    out += [f"> ⚠️ {_cell(problem)}" for problem in report.problems]
    return "\n".join(out).rstrip("\n") + "\n"


def _xml(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", printable(text))


def to_junit(report: CheckReport) -> str:
    """JUnit XML: one test case per citing occurrence, failing when its target fails; excluded
    and unsupported targets are skipped. CI systems show it as a test report."""
    suite = ET.Element("testsuite", name="noteatlas check")
    tests = failed = skipped = 0
    for path, items in report.by_file(include_ok=True).items():
        for occurrence, result in items:
            tests += 1
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_xml(path or "links"),
                name=_xml(f"{occurrence.line}:{occurrence.column} {result.url}"),
                file=_xml(path),
                line=str(occurrence.line),
            )
            severity = report.severity(result)
            if severity == "error":
                failed += 1
                failure = ET.SubElement(
                    case, "failure", type=result.status.value, message=_xml(_why(result))
                )
                failure.text = _xml(result.fix_hint())
            elif result.status.value in ("excluded", "unsupported"):
                skipped += 1
                ET.SubElement(case, "skipped", message=_xml(_why(result)))
            elif severity in ("warning", "notice"):
                ET.SubElement(case, "system-out").text = _xml(
                    f"{result.status.value}: {_why(result)}"
                )
    suite.set("tests", str(tests))
    suite.set("failures", str(failed))
    suite.set("skipped", str(skipped))
    suite.set("errors", "0")
    root = ET.Element("testsuites", name="noteatlas", tests=str(tests), failures=str(failed))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _escape_data(text: str) -> str:
    return github_data(text)


def _escape_property(text: str) -> str:
    return github_property(text)


def _annotation(report: CheckReport, level: str, occurrence: Occurrence, result: LinkResult) -> str:
    props = [f"title={_escape_property(f'Link {result.status.value}')}"]
    if occurrence.file:
        props = [
            f"file={_escape_property(report.path(occurrence))}",
            f"line={occurrence.line}",
            f"col={occurrence.column}",
            *props,
        ]
    message = f"{result.url}: {_why(result)}"
    if hint := result.fix_hint():
        message += f". Fix: {hint}"
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def to_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: ``::error`` for failures and ``::warning`` for warnings,
    each on the file and line that cites the target; then the summary line. Redirects are left
    to the other formats: GitHub shows only the first few annotations of a step."""
    lines: list[str] = []
    for _path, items in report.by_file().items():
        for occurrence, result in items:
            severity = report.severity(result)
            if severity in ("error", "warning"):
                lines.append(_annotation(report, severity, occurrence, result))
    lines += [f"::warning title=noteatlas::{_escape_data(p)}" for p in report.problems]
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"


#: Format name -> renderer. ``noteatlas check --format`` offers exactly these.
FORMATS: dict[str, Callable[[CheckReport], str]] = {
    "text": to_text,
    "json": to_json,
    "markdown": to_markdown,
    "junit": to_junit,
    "github": to_github,
}


def render(report: CheckReport, fmt: str) -> str:
    """The report in one of ``FORMATS``; an unknown name is a configuration error."""
    renderer = FORMATS.get(fmt)
    if renderer is None:
        raise ConfigError(
            f"Unknown report format {fmt!r}.", f"Formats must be one of {{{', '.join(FORMATS)}}}."
        )
    return renderer(report)
