"""Hostile inputs of issue 16: time on long runs of letters, memory on big table notes.

    .venv/bin/python benchmarks/hostile.py [--sizes-mb 0.1 1 10] [--tables-mb 1 5 11]
                                           [--timeout 300] [--only urls|tables]

Each case is one fresh ``noteatlas build`` process (``--jobs 1 --no-build-cache``, outputs
included) on a one-note corpus under ``benchmarks/out/hostile/``, with its wall time and its peak
resident memory (the kernel's ``ru_maxrss`` of the process, ``os.wait4``). A case that passes
``--timeout`` is stopped and shown as ``> N``. The URL-blanking pass alone (``blank_urls``) is
timed in-process on the same runs. Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "hostile"

_ROW = (
    "| {i} | 2018 | [BERT: Pre-training of Deep Bidirectional Transformers {i}]"
    "(https://arxiv.org/abs/1810.{n:05}) | word2vec → ELMo → BERT, 见 https://github.com/x/{i} |\n"
)


def letters_note(size: int) -> str:
    """One paragraph that is a single run of ``size`` letters (the issue's reproduction)."""
    return "# Letters\n\n" + "a" * size + "\n"


def table_note(size: int) -> str:
    """A note that is one big table of papers, ``size`` bytes or a little more."""
    head = "# Papers\n\n| # | Year | Paper | Notes |\n|---|---|---|---|\n"
    rows, total, i = [head], len(head.encode()), 0
    while total < size:
        row = _ROW.format(i=i, n=i % 100_000)
        rows.append(row)
        total += len(row.encode())
        i += 1
    return "".join(rows)


def run_build(note: str, name: str, timeout: float) -> tuple[float | None, float]:
    """(seconds or None on timeout, peak MB) of one build of a one-note corpus."""
    corpus, site = OUT / name / "notes", OUT / name / "site"
    shutil.rmtree(OUT / name, ignore_errors=True)
    corpus.mkdir(parents=True)
    (corpus / "note.md").write_text(note, encoding="utf-8")
    command = [sys.executable, "-m", "noteatlas", "build", str(corpus), "-o", str(site),
               "-q", "--jobs", "1", "--no-build-cache"]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            return None, usage.ru_maxrss / 1024
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.read().decode() if proc.stderr else "")
    return seconds, usage.ru_maxrss / 1024


def blank_seconds(size: int, timeout: float) -> float | None:
    """Seconds of ``blank_urls`` over a run of ``size`` letters, None when past ``timeout``."""
    code = (
        "import time; from noteatlas.graph.concepts.texts import blank_urls\n"
        f"t = time.perf_counter(); blank_urls('a' * {size}); print(time.perf_counter() - t)\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout)


def shown(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:.0f}" if seconds is None else f"{seconds:.2f}"


def main() -> None:
    """Run the cases and print one line each."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes-mb", type=float, nargs="+", default=[0.1, 1, 10])
    ap.add_argument("--tables-mb", type=float, nargs="+", default=[1, 5, 11])
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--only", choices=["urls", "tables"])
    args = ap.parse_args()
    if args.only != "tables":
        print("run of letters          blank_urls s   build s   peak MB")
        for mb in args.sizes_mb:
            size = int(mb * 1_000_000)
            blank = blank_seconds(size, args.timeout)
            seconds, peak = run_build(letters_note(size), f"letters-{mb:g}", args.timeout)
            print(f"{mb:>8g} MB of letters {shown(blank, args.timeout):>12} "
                  f"{shown(seconds, args.timeout):>9} {peak:>9.0f}", flush=True)  # fmt: skip
    if args.only != "urls":
        print("table note              build s   peak MB")
        for mb in args.tables_mb:
            seconds, peak = run_build(
                table_note(int(mb * 1_000_000)), f"table-{mb:g}", args.timeout
            )
            print(f"{mb:>8g} MB table      {shown(seconds, args.timeout):>9} {peak:>9.0f}",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
