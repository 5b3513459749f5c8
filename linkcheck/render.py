"""Report formats: a registry from format name to a pure ``CheckReport -> str`` function."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import partial
from json.encoder import encode_basestring as _string
from typing import TYPE_CHECKING, Any

from noteatlas.linkcheck.verdicts import exit_code
from noteatlas.schema.errors import ConfigError
from noteatlas.textsafe import github_data, github_property, log_line, md_code, md_text, printable

if TYPE_CHECKING:  # a report is a model (``CheckReport``) or its plain form (``PlainReport``)
    from noteatlas.linkcheck.verdicts import Answer as LinkResult
    from noteatlas.linkcheck.verdicts import Place as Occurrence
    from noteatlas.linkcheck.verdicts import ReportView as CheckReport

_MARKS = {"error": "✗", "warning": "!", "notice": "↪", "unchecked": "?", "ok": "✓"}
_MAX_MARKDOWN_ROWS = 300  # GitHub caps a step summary at 1 MiB
_XML_INVALID = re.compile("[\ufffe\uffff\ud800-\udfff]")  # what printable() leaves XML cannot hold


def _targets(report: CheckReport) -> int:
    """The one count every format gives: targets checked (a URL, file or anchor), however many
    times the notes cite each."""
    return len(report.results)


def _summary_line(report: CheckReport) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items()) or "nothing"
    failures, warnings = len(report.failures()), len(report.warnings())
    unchecked = len(report.unchecked())
    verdict = f"{unchecked} not checked (no network?), " if unchecked else ""
    if failures:
        verdict += f"{failures} failing target{'s' if failures != 1 else ''}"
    else:
        verdict += "nothing else broken" if unchecked else "nothing broken"
    if warnings:
        verdict += f", {warnings} warning{'s' if warnings != 1 else ''}"
    partial = " (interrupted: partial results)" if report.interrupted else ""
    return f"Checked {_targets(report)} targets: {counts}. {verdict}.{partial}"


def _why(result: LinkResult) -> str:
    detail = result.detail or result.status.value
    if result.final_url and result.final_url != result.url:
        detail += f" -> {result.final_url}"
    return detail + (" (cached)" if result.from_cache else "")


def to_text(report: CheckReport, *, quiet: bool = False) -> str:
    """Grouped by file, failing files and failures first, each with the fix hint. ``quiet``:
    failures only and no summary line, so nothing at all when nothing fails."""
    # Every string from the notes or a server is printable(): a file name holding a line break
    # and "::error" would otherwise forge a workflow command in a CI log (the pre-commit hook and
    # CI jobs print this format). A file name starting with "::" is written "\::".
    lines: list[str] = []
    for path, items in report.by_file().items():
        if quiet:
            items = [(o, r) for o, r in items if report.severity(r) == "error"]
            if not items:
                continue
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
    if note := report.network_note():
        lines.append(f"error: {printable(note)}")
    lines += [f"warning: {printable(problem)}" for problem in report.problems]
    if quiet:
        return "\n".join(lines) + "\n" if lines else ""
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"


def to_json(report: CheckReport) -> str:
    """Everything, for machines: summary, exit code and every result with its occurrences."""
    document = {
        "tool": "noteatlas check",
        "strict": report.strict,
        "interrupted": report.interrupted,
        "exit_code": exit_code(report),
        "no_network": report.network_note() or None,
        "summary": {
            "total": _targets(report),
            "failures": len(report.failures()),
            "warnings": len(report.warnings()),
            "unchecked": len(report.unchecked()),
            "by_status": report.counts(),
        },
        "problems": report.problems,
        "results": [r.as_json() for r in sorted(report.results, key=lambda r: r.url)],
    }
    return _encode_json(document) + "\n"


_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _string,
    int: int.__repr__,
    float: float.__repr__,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _: "null",
}


def _indented(value: Any, pad: str = "") -> str:
    """What ``json.dumps(value, ensure_ascii=False, indent=2)`` writes for JSON values, in half
    the time: json's indenting encoder is pure Python (32 ms for 2,000 results; its C encoder
    with a line break in the separators was no faster)."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    inner = pad + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            (_string(key) if type(key) is str else _string(str(key)))
            + ": "
            + (s(item) if (s := _SCALARS.get(type(item))) is not None else _indented(item, inner))
            for key, item in value.items()
        ]
        return "{\n" + inner + (",\n" + inner).join(items) + "\n" + pad + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [
            s(item) if (s := _SCALARS.get(type(item))) is not None else _indented(item, inner)
            for item in value
        ]
        return "[\n" + inner + (",\n" + inner).join(items) + "\n" + pad + "]"
    for kind in (bool, str, int, float):  # their subclasses (an exit code, a status) as json
        if isinstance(value, kind):
            return _SCALARS[kind](value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _encode_json(document: dict[str, Any]) -> str:
    """``document`` as indented JSON. pydantic-core's encoder writes the same bytes for these
    values (strings, ints, timestamps) 2x faster again, but costs 40 ms to import: it is used
    when a model has loaded it already, not loaded for it (a check replayed from the caches)."""
    if "pydantic_core" in sys.modules:
        from pydantic_core import to_json

        return to_json(document, indent=2).decode()
    return _indented(document)


def _cell(text: str) -> str:
    # Table cells: one line, no markup, no HTML, no pipes from notes or servers.
    return md_text(text)


def _code(text: str) -> str:
    return md_code(text)


def to_markdown(report: CheckReport) -> str:
    """A summary for people (pull requests, the GitHub job summary): counts, then every failure
    and warning with where it is and what to do."""
    failures, warnings = len(report.failures()), len(report.warnings())
    icon = "❌" if failures or report.no_network else ("⚠️" if warnings else "✅")
    out = ["## Link check", "", f"{icon} {_cell(_summary_line(report))}", ""]
    if note := report.network_note():
        out += [f"> ❌ {_cell(note)}", ""]
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


def _first_place(result: LinkResult) -> Occurrence | None:
    """The first place citing a target, in file and line order."""
    return min(result.occurrences, key=lambda o: (o.file, o.line, o.column), default=None)


def _junit_order(report: CheckReport) -> list[LinkResult]:
    """Failures first, then by the first place citing the target, then by URL."""
    rank = {"error": 0, "unchecked": 1, "warning": 2, "notice": 3, "ok": 4}

    def key(result: LinkResult) -> tuple[int, str, int, int, str]:
        first = _first_place(result)
        where = (first.file, first.line, first.column) if first else ("", 0, 0)
        return (rank[report.severity(result)], *where, result.url)

    return sorted(report.results, key=key)


def to_junit(report: CheckReport) -> str:
    """JUnit XML: one test case per target (as many as the other formats count), failing when
    it fails, located at the first place citing it, with every citing place in its output;
    excluded and unsupported targets are skipped; a link "no network?" left unchecked is an
    error (the test could not run). CI systems show it as a test report."""
    import xml.etree.ElementTree as ET  # 3 ms, for this format only

    suite = ET.Element("testsuite", name="noteatlas check")
    failed = skipped = errors = 0
    for result in _junit_order(report):
        first = _first_place(result)
        path = report.path(first) if first and first.file else ""
        case = ET.SubElement(
            suite,
            "testcase",
            classname=_xml(path or "links"),
            name=_xml(result.url),
            file=_xml(path),
            line=str(first.line if first else 0),
        )
        places = ", ".join(
            f"{report.path(o)}:{o.line}:{o.column}" if o.file else "-"
            for o in sorted(result.occurrences, key=lambda o: (o.file, o.line, o.column))
        )
        cited = f"cited at {places}" if places else "not cited in a file"
        severity = report.severity(result)
        if severity == "error":
            failed += 1
            failure = ET.SubElement(
                case, "failure", type=result.status.value, message=_xml(_why(result))
            )
            failure.text = _xml("\n".join(filter(None, (result.fix_hint(), cited))))
        elif severity == "unchecked":
            errors += 1
            error = ET.SubElement(
                case, "error", type=result.status.value, message=_xml(report.no_network)
            )
            error.text = _xml("\n".join(filter(None, (_why(result), cited))))
        elif result.status.value in ("excluded", "unsupported"):
            skipped += 1
            ET.SubElement(case, "skipped", message=_xml(_why(result)))
        else:
            status = f"{result.status.value}: {_why(result)}\n" if severity != "ok" else ""
            ET.SubElement(case, "system-out").text = _xml(status + cited)
    tests = str(_targets(report))
    suite.set("tests", tests)
    suite.set("failures", str(failed))
    suite.set("skipped", str(skipped))
    suite.set("errors", str(errors))
    root = ET.Element("testsuites", name="noteatlas", tests=tests, failures=str(failed))
    root.set("errors", str(errors))
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


def to_github(report: CheckReport, *, quiet: bool = False) -> str:
    """GitHub Actions workflow commands: ``::error`` for failures and ``::warning`` for warnings,
    each on the file and line that cites the target; then the summary line. Redirects are left
    to the other formats: GitHub shows only the first few annotations of a step. ``quiet``:
    ``::error`` lines only."""
    shown = ("error",) if quiet else ("error", "warning")
    lines: list[str] = []
    for _path, items in report.by_file().items():
        for occurrence, result in items:
            severity = report.severity(result)
            if severity in shown:
                lines.append(_annotation(report, severity, occurrence, result))
    if note := report.network_note():
        lines.append(f"::error title={_escape_property('no network?')}::{_escape_data(note)}")
    lines += [f"::warning title=noteatlas::{_escape_data(p)}" for p in report.problems]
    if quiet:
        return "\n".join(lines) + "\n" if lines else ""
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


#: ``--quiet`` versions: failures only, no summary. The other formats are for machines or for a
#: summary page, and stay whole.
_QUIET: dict[str, Callable[[CheckReport], str]] = {
    "text": partial(to_text, quiet=True),
    "github": partial(to_github, quiet=True),
}


def render(report: CheckReport, fmt: str, *, quiet: bool = False) -> str:
    """The report in one of ``FORMATS``; an unknown name is a configuration error. ``quiet``
    keeps only failures (and problems of the run) in the text and github formats."""
    renderer = (_QUIET if quiet else FORMATS).get(fmt) or FORMATS.get(fmt)
    if renderer is None:
        raise ConfigError(
            f"Unknown report format {fmt!r}.", f"Formats must be one of {{{', '.join(FORMATS)}}}."
        )
    return renderer(report)
