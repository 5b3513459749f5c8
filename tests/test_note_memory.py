"""Memory bounded by input: one note cannot take the machine (issue 16, item 11).

A note is refused before it is parsed when its estimated cost passes the budget, and the
extract stage holds one inline token's children at a time instead of the whole note's.
"""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

from noteatlas.graph.extract.note import extract
from noteatlas.graph.read.cost import NOTE_MEMORY_BUDGET, note_cost
from noteatlas.graph.read.decode import decode
from noteatlas.graph.read.discover import read_note
from noteatlas.schema import Diagnostic

MB = 1 << 20


def empty_cells(size: int) -> bytes:
    """A table of empty cells: the costliest bytes measured (about 450 bytes of memory each)."""
    return b"| a | b |\n|---|---|\n" + b"| | |\n" * (size // 6)


def link_table(rows: int) -> bytes:
    row = "| {i} | [Paper {i}](https://arxiv.org/abs/1810.{i:05}) | https://github.com/x/{i} |\n"
    head = "| # | Paper | Code |\n|---|---|---|\n"
    return (head + "".join(row.format(i=i) for i in range(rows))).encode()


def test_the_estimate_counts_what_costs() -> None:
    cost = note_cost(b"# T\n\n| a | [x](https://e.org) |\n[[w]]\n## H\n")
    assert (cost.borders, cost.links, cost.headings) == (3, 3, 2)
    assert note_cost(empty_cells(MB)).memory > 400 * MB  # measured: 450 MB for 1 MB
    assert note_cost(b"word " * (MB // 5)).memory < 32 * MB  # prose: about 22 MB


def test_a_note_too_costly_to_read_is_skipped_with_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "cells.md").write_bytes(empty_cells(3 * MB))
    found = read_note(tmp_path, "cells.md")
    assert isinstance(found, Diagnostic) and found.code == "note-too-costly"
    assert found.file == "cells.md" and "cells.md would take about" in found.message
    assert f"a note may take {NOTE_MEMORY_BUDGET >> 20} MB" in found.message
    assert found.hint


def test_a_build_beside_a_costly_note_stays_small(tmp_path: Path) -> None:
    """The 3 MB table of empty cells took 1.4 GB before it was refused; now the build peaks
    where a build of one small note does."""
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "cells.md").write_bytes(empty_cells(3 * MB))
    (corpus / "bert.md").write_text("# BERT\n\nBERT is based on the Transformer.\n", "utf-8")
    # The build's own high-water mark, read by the build process itself: the kernel's rusage
    # of a child keeps the RSS its parent had when it forked (pytest's, hundreds of MB late in
    # a full run), VmHWM belongs to the program exec gave the child.
    hwm = tmp_path / "vmhwm"
    script = (
        "import atexit, runpy, sys\n"
        "def peak():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        f"            open({str(hwm)!r}, 'w').write(line.split()[1])\n"
        "atexit.register(peak)\n"
        "sys.argv[0] = 'noteatlas'\n"
        "runpy.run_module('noteatlas', run_name='__main__')\n"
    )
    build = subprocess.run(
        [sys.executable, "-c", script, "build", str(corpus), "-o", str(tmp_path / "site"),
         "-q", "-j", "1", "--no-build-cache"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    peak_mb = int(hwm.read_text()) / 1024  # KiB
    assert build.returncode == 0
    report = (tmp_path / "site" / "report.md").read_text("utf-8")
    assert "note-too-costly" in report and "cells.md" in report
    assert peak_mb < 500, f"the build peaked at {peak_mb:.0f} MB"


def test_extract_holds_one_inline_token_at_a_time() -> None:
    """A 1 MB table of links peaked at 91 MB in the extract stage (every token's children at
    once); 44 MB now, about what the extract it returns holds (29 MB)."""
    source = decode(link_table(2000), "table.md")
    assert not isinstance(source, Diagnostic)
    tracemalloc.start()
    try:
        found = extract(source)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(found.references) == 2 * 2000
    assert peak < 2.2 * held, f"peak {peak / MB:.0f} MB for {held / MB:.0f} MB held"
