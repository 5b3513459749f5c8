"""Where a build's memory goes: resident size at each stage's end, and what holds the heap.

Runs ``noteatlas build`` in this process (``noteatlas.cli.main``) and, each time a stage of the
build or an exporter ends, prints the process's resident size, its peak since the last stage
ended; with ``--cycles``, the number of objects the cyclic collector frees then (with the
collector off for a command, such garbage stays until the process exits; collecting changes
what the later stages measure). With ``--trace`` it also prints the heap
traced by ``tracemalloc`` and its largest holders by line: slow (two to three times the build),
so use it at 1,000 notes.

    .venv/bin/python benchmarks/memory_stages.py CORPUS -o OUT [--cycles] [--trace [--top N]]
        [BUILD OPTIONS such as --jobs 1]

Only the build process is measured; ``measure.py`` (as ``run.py`` uses it) gives the peak of the
whole process tree, the pool included. Linux only (``/proc/self``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import time
import tracemalloc
from pathlib import Path

from noteatlas import progress
from noteatlas.cli import main as noteatlas_main
from noteatlas.pipeline import pool


def _status() -> tuple[int, int]:
    """(resident MB, peak resident MB since the last reset)."""
    values: dict[str, int] = {}
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0]) // 1024
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def _reset_peak() -> None:
    """Start the kernel's peak resident size again from the current size."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--cycles", action="store_true", help="collect and count cyclic garbage")
    parser.add_argument("--trace", action="store_true", help="tracemalloc: the heap's holders")
    parser.add_argument("--top", type=int, default=12, help="holders listed with --trace")
    args, build_args = parser.parse_known_args(argv)  # the rest: `noteatlas build` options
    if args.trace:
        tracemalloc.start()
    began = time.perf_counter()
    update = progress.StageTimer.update

    def report(self: progress.StageTimer, stage: str, done: int, total: int) -> None:
        if done == total and total:
            resident, peak = _status()
            line = f"{time.perf_counter() - began:7.1f} s  {stage:<10} resident {resident:>6} MB"
            line += f"  peak {peak:>6} MB"
            if args.cycles:
                line += f"  cyclic garbage {gc.collect()} objects"  # what the stage left behind
            print(line, file=sys.stderr)
            if args.trace:
                current, most = tracemalloc.get_traced_memory()
                print(f"{'':12}heap {current >> 20} MB, peak {most >> 20} MB", file=sys.stderr)
                for stat in tracemalloc.take_snapshot().statistics("lineno")[: args.top]:
                    print(f"{'':14}{stat}", file=sys.stderr)
                tracemalloc.reset_peak()
            _reset_peak()
        update(self, stage, done, total)

    progress.StageTimer.update = report  # type: ignore[method-assign]
    # This script's main is guarded, so a fork server's workers may import it: start the
    # mentions pool as the noteatlas command does.
    pool.main_is_noteatlas = lambda: True
    _reset_peak()
    argv = ["build", str(args.corpus), "-o", str(args.out), "-q", "--timings", *build_args]
    code = noteatlas_main(argv)
    resident, peak = _status()
    print(f"after the outputs (the build cache noting the atlas): resident {resident} MB  "
          f"peak {peak} MB", file=sys.stderr)  # fmt: skip
    return code


if __name__ == "__main__":
    sys.exit(main())
