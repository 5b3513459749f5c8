"""report.md: counts and diagnostics grouped by code, the build's own account of the corpus."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from noteatlas.atlas import Atlas
from noteatlas.exporters.options import DEFAULT_OPTIONS, ExportOptions
from noteatlas.files import write_text_atomic
from noteatlas.schema import Diagnostic, Severity
from noteatlas.textsafe import md_code, md_text

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def to_report(atlas: Atlas) -> str:
    """The Markdown text of report.md."""
    counts = atlas.counts()
    # Every string from the notes (the folder name, file names, messages quoting targets) goes
    # through md_text or md_code: report.md is read in CommonMark viewers that render raw HTML.
    title = md_text(atlas.root or "corpus")
    lines = [f"# noteatlas report: {title}", "", "## Counts", ""]
    lines += ["| what | count |", "|---|---:|"]
    for key in ("note", "concept", "paper", "resource", "asset", "tag", "edges", "diagnostics"):
        lines.append(f"| {key} | {counts.get(key, 0)} |")
    lines += ["", "## Edges by kind", "", "| kind | count |", "|---|---:|"]
    lines += [f"| {k} | {v} |" for k, v in atlas.edge_counts().items()]
    lines += ["", "## Diagnostics", ""]
    groups: dict[tuple[Severity, str], list[Diagnostic]] = defaultdict(list)
    for d in atlas.diagnostics:
        groups[(d.severity, d.code)].append(d)
    if not groups:
        lines.append("None.")
    for (severity, code), items in sorted(
        groups.items(), key=lambda kv: (_ORDER[kv[0][0]], kv[0][1])
    ):
        lines += [f"### {severity.value}: {md_text(code)} ({len(items)})", ""]
        if items[0].hint:
            lines += [f"Hint: {md_text(items[0].hint)}", ""]
        lines += ["| where | message |", "|---|---|"]
        for d in items:
            where = f"{d.file}:{d.line}" if d.file and d.line else (d.file or "corpus")
            lines.append(f"| {md_code(where)} | {md_text(d.message)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_report(atlas: Atlas, out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``report.md`` into ``out``, atomically."""
    path = Path(out) / "report.md"
    write_text_atomic(path, to_report(atlas))
    return [path]
