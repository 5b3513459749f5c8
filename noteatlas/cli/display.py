"""What ``build`` and ``stats`` print: one summary value, as JSON, as plain lines when stdout is
piped (scripts and tests read those; they never change), or with colour and tables (rich) when
stdout is a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas

#: Errors listed on standard error after a build; the rest are in report.md.
ERRORS_SHOWN = 10

#: Plural labels of node kinds in the one-line summary.
_LABELS = {
    "note": "notes",
    "concept": "concepts",
    "paper": "papers",
    "resource": "external links",
    "asset": "assets",
    "tag": "tags",
}


def summary(atlas: Atlas) -> dict[str, Any]:
    """Counts kept apart by what they count: nodes by kind, edges by kind, diagnostics by
    severity, the three totals, and concepts and relations by source (notes or vocabulary)."""
    from noteatlas.query.sources import source_counts
    from noteatlas.schema import Severity

    # Counts from the atlas's index: a loaded atlas.json is not read whole to be counted.
    nodes = {kind.value: n for kind, n in atlas.index.node_counts().items()}
    edges = atlas.edge_counts()
    diagnostics = {severity.value: 0 for severity in Severity}
    for d in atlas.diagnostics:
        diagnostics[d.severity.value] += 1
    return {
        "root": atlas.root,
        "nodes": nodes,
        "edges": dict(sorted(edges.items())),
        "diagnostics": diagnostics,
        "totals": {
            "nodes": sum(nodes.values()),
            "edges": sum(edges.values()),
            "diagnostics": sum(diagnostics.values()),
        },
        "sources": source_counts(atlas.index).as_dict(),
        "errors": [
            {"file": d.file, "line": d.line, "message": d.message, "hint": d.hint}
            for d in atlas.diagnostics
            if d.severity is Severity.ERROR
        ][:ERRORS_SHOWN],
    }


def is_terminal(out: TextIO) -> bool:
    """Whether ``out`` is a terminal a person reads (so colour and tables are welcome)."""
    try:
        return out.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False


def print_summary(data: dict[str, Any], out: TextIO) -> None:
    """The atlas in two lines: nodes and edges, then diagnostics."""
    nodes, sev = data["nodes"], data["diagnostics"]
    if is_terminal(out):
        console = _console(out)
        parts = ", ".join(f"[bold]{nodes[k]}[/] {label}" for k, label in _LABELS.items())
        console.print(
            f"Atlas of [bold cyan]{_escape(repr(data['root']))}[/]: {parts}; "
            f"[bold]{data['totals']['edges']}[/] edges"
        )
        errors = f"[bold red]{sev['error']} errors[/]" if sev["error"] else "0 errors"
        warnings = f"[yellow]{sev['warning']} warnings[/]" if sev["warning"] else "0 warnings"
        console.print(f"Diagnostics: {errors}, {warnings}, {sev['info']} info")
        return
    parts = ", ".join(f"{nodes[k]} {label}" for k, label in _LABELS.items())
    out.write(f"Atlas of {data['root']!r}: {parts}; {data['totals']['edges']} edges\n")
    out.write(
        f"Diagnostics: {sev['error']} errors, {sev['warning']} warnings, {sev['info']} info\n"
    )


def print_errors(data: dict[str, Any], err: TextIO, report: str | None) -> None:
    """The build's errors on standard error, where they are, what is wrong and what to do (the
    first ``ERRORS_SHOWN``); warnings and info are left to ``report``."""
    errors = data.get("errors") or []
    for e in errors:
        where = f"{e['file']}:{e['line']}" if e.get("line") else (e.get("file") or "")
        err.write(f"error: {where}: {e['message']}\n" if where else f"error: {e['message']}\n")
        if e.get("hint"):
            err.write(f"  fix: {e['hint']}\n")
    total = data["diagnostics"]["error"]
    if errors and report:
        more = f"{total - len(errors)} more errors; " if total > len(errors) else ""
        err.write(f"({more}all {data['totals']['diagnostics']} diagnostics in {report})\n")


def print_edge_kinds(data: dict[str, Any], out: TextIO) -> None:
    """Edges by kind: a table on a terminal, ``  kind  count`` lines otherwise."""
    if not is_terminal(out):
        for kind, n in data["edges"].items():
            out.write(f"  {kind:<16}{n:>7}\n")
        return
    from rich.table import Table

    table = Table(title="edges by kind", title_justify="left", show_edge=False)
    table.add_column("kind")
    table.add_column("count", justify="right")
    for kind, n in data["edges"].items():
        table.add_row(kind, str(n))
    _console(out).print(table)


def print_written(paths: list[str], out: TextIO) -> None:
    """``Wrote a, b, c``."""
    if is_terminal(out):
        _console(out).print("Wrote " + ", ".join(f"[green]{_escape(p)}[/]" for p in paths))
    else:
        out.write("Wrote " + ", ".join(paths) + "\n")


def _console(out: TextIO) -> Any:
    # rich is imported only for a terminal: piped runs (CI, scripts) do without it.
    from rich.console import Console

    return Console(file=out, highlight=False, soft_wrap=True)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


__all__ = [
    "ERRORS_SHOWN",
    "is_terminal",
    "print_edge_kinds",
    "print_errors",
    "print_summary",
    "print_written",
    "summary",
]
