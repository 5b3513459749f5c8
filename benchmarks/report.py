"""Tables and goals of a benchmark run: plain text for the terminal, Markdown for the README."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["FLOOR", "Row", "evaluate_goals", "markdown_report", "text_table"]

FLOOR = "markdown-it-py parse (floor)"
PEER = "obsidiantools connect+gather"
COLD, WARM, EDIT = (f"noteatlas build, {k}" for k in ("cold", "warm", "1 note edited"))
EXPORT, DRAW = "explorer export", "explorer first draw"
ORDER = [FLOOR, PEER, COLD, WARM, EDIT, EXPORT, DRAW]


@dataclass(frozen=True)
class Row:
    """One measured (or skipped) tool on one corpus."""

    tool: str
    """What ran, e.g. ``noteatlas build, cold``."""
    notes: int
    """Size of the corpus in notes."""
    seconds: float | None
    """Wall time; for a timeout, the time it was stopped at."""
    peak_mb: float | None
    """Peak memory of the process tree, MB."""
    status: str
    """ok, timeout, failed or skipped."""
    detail: str = ""
    """Why it failed or was skipped, or a remark."""
    load: float | None = None
    """Mean one-minute load average of the machine during the run."""

    def as_dict(self) -> dict[str, Any]:
        """The row for results.json."""
        return asdict(self)


def _find(rows: list[Row], tool: str, notes: int) -> Row | None:
    return next((r for r in rows if r.tool == tool and r.notes == notes), None)


def _seconds_of(rows: list[Row], tool: str, notes: int) -> float | None:
    """Seconds of a successful run, else None."""
    r = _find(rows, tool, notes)
    return r.seconds if r is not None and r.status == "ok" and r.seconds else None


def _ratio(rows: list[Row], r: Row) -> str:
    floor = _find(rows, FLOOR, r.notes)
    if r.tool in (EXPORT, DRAW) or floor is None or floor.status != "ok" or r.seconds is None:
        return ""
    if r.status not in ("ok", "timeout") or not floor.seconds:
        return ""
    prefix = "> " if r.status == "timeout" else ""
    return f"{prefix}{r.seconds / floor.seconds:.2f}×"


def _seconds(r: Row) -> str:
    if r.seconds is None:
        return r.status
    if r.status == "timeout":
        return f"> {r.seconds:.0f} (timeout)"
    if r.status != "ok":
        return f"{r.status} after {r.seconds:.1f}"
    return f"{r.seconds:.2f}"


def _table(rows: list[Row]) -> tuple[list[str], list[list[str]]]:
    """Header and cells; the load column only when the rows recorded it."""
    with_load = any(r.load is not None for r in rows)
    head = ["tool", "notes", "seconds", "× floor", "peak MB", *(["load"] if with_load else [])]
    ordered = sorted(rows, key=lambda r: (r.notes, ORDER.index(r.tool)))
    cells = [
        [
            r.tool,
            f"{r.notes:,}",
            _seconds(r),
            _ratio(rows, r),
            "" if r.peak_mb is None else f"{r.peak_mb:.0f}",
            *([] if not with_load else ["" if r.load is None else f"{r.load:.1f}"]),
            " ".join(r.detail.split()),
        ]
        for r in ordered
    ]
    return [*head, "remark"], cells


def text_table(rows: list[Row]) -> str:
    """The results as an aligned plain-text table."""
    head, body = _table(rows)
    cells = [head, *body]
    cells = [[c if len(c) <= 70 else c[:67] + "..." for c in line] for line in cells]
    widths = [max(len(line[i]) for line in cells) for i in range(len(head))]
    out = []
    for n, line in enumerate(cells):
        parts = [
            c.ljust(w) if i in (0, len(head) - 1) else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(parts).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def evaluate_goals(rows: list[Row], peer_timeout: float) -> list[dict[str, Any]]:
    """The goals of issue 7, checked on every corpus size that has the numbers."""
    goals: list[dict[str, Any]] = []

    def add(goal: str, notes: int, measured: str, met: bool | None) -> None:
        goals.append({"goal": goal, "notes": notes, "measured": measured, "met": met})

    for notes in sorted({r.notes for r in rows}):
        floor, cold, edit = (_seconds_of(rows, t, notes) for t in (FLOOR, COLD, EDIT))
        export, draw = (_seconds_of(rows, t, notes) for t in (EXPORT, DRAW))
        peer = _find(rows, PEER, notes)
        if cold and floor:
            ratio = cold / floor
            add("cold build ≤ 1.0× markdown-it-py floor", notes, f"{ratio:.2f}×", ratio <= 1.0)
        if cold and peer and peer.seconds and peer.status in ("ok", "timeout"):
            speedup = peer.seconds / cold
            if peer.status == "ok":
                add("≥ 15× faster than obsidiantools", notes, f"{speedup:.1f}×", speedup >= 15)
            else:
                met = True if speedup >= 15 else None  # a lower bound proves only success
                add("≥ 15× faster than obsidiantools", notes, f"> {speedup:.1f}× (timeout)", met)
        if cold and edit:
            share = edit / cold
            add("1-note rebuild < 5% of cold", notes, f"{share:.1%}", share < 0.05)
        peaks = [
            r.peak_mb
            for r in rows
            if r.notes == notes and r.tool in (COLD, WARM, EDIT) and r.peak_mb is not None
        ]
        if peaks:
            add("peak memory < 1 GB", notes, f"{max(peaks):.0f} MB", max(peaks) < 1000)
        if export and draw:
            add(
                "explorer export + first draw < 5 s",
                notes,
                f"{export + draw:.2f} s",
                export + draw < 5,
            )
    return goals


def markdown_report(results: dict[str, Any]) -> str:
    """The table, the goals and the machine, in Markdown for benchmarks/README.md."""
    rows = [Row(**r) for r in results["rows"]]  # older results have no load: it defaults
    m = results["machine"]
    v = results["versions"]
    load = results["load_average"]
    lines = [
        f"Run {results['date']} on {m['cpu']}, {m['usable_cores']} of {m['cores']} cores, "
        f"{m['ram_gb']} GB RAM, Python {m['python']}, load average {load['start']} at the start "
        f"and {load['end']} at the end; noteatlas {v.get('noteatlas')} "
        f"({v.get('noteatlas_commit')}), markdown-it-py {v.get('markdown-it-py')}, "
        f"obsidiantools {v.get('obsidiantools', 'not run')}.",
        "",
    ]
    head, body = _table(rows)
    lines.append("| " + " | ".join(head) + " |")
    lines.append("| --- | " + "---: | " * (len(head) - 2) + "--- |")
    for cells in body:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    stages = results.get("stages") or {}
    if stages:
        names = list(dict.fromkeys(n for seconds in stages.values() for n in seconds))
        lines += ["", "Seconds per stage (`noteatlas build --timings`: mentions, with their "
                  "edges, run inside concepts; total counts from the command's start after "
                  "Python's start-up and imports):", ""]  # fmt: skip
        lines.append("| run | " + " | ".join(names) + " |")
        lines.append("| --- | " + "---: | " * len(names))
        for label, seconds in stages.items():
            cells = [f"{seconds[n]:.1f}" if n in seconds else "" for n in names]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if results["goals"]:
        lines += ["", "| goal | notes | measured | met |", "| --- | ---: | ---: | :---: |"]
        marks = {True: "yes", False: "**no**", None: "?"}
        for g in results["goals"]:
            lines.append(f"| {g['goal']} | {g['notes']:,} | {g['measured']} | {marks[g['met']]} |")
    return "\n".join(lines)
