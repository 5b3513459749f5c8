"""Fixed cost of the commands a user runs most: start-up, imports, the cache's open.

    python benchmarks/startup_bench.py [--repeat 7] [--atlas site10k/atlas.json]

Each row is a fresh process (``measure``), timed from start to exit; the median and the fastest
of ``--repeat`` runs are printed, with the mean load average (the machine is shared: a load
above the core count inflates every row). Rows:

- ``noteatlas --help``;
- ``noteatlas build`` of a generated 10-note folder, the build cache warm (the second build);
- ``noteatlas show BERT -i site/atlas.json`` on that folder's atlas;
- with ``--atlas``: ``noteatlas.load`` of a big atlas.json in a fresh process, and ``show`` on it.

Also the import time of ``noteatlas build`` as ``python -X importtime`` counts it, and its ten
heaviest top-level imports (cumulative), so a regression names its module.

Every run may write and use bytecode caches (``PYTHONDONTWRITEBYTECODE`` is removed), as an
installed wheel has them: without, compiling noteatlas's own modules costs more than importing.
Set ``PYTHONPATH`` to measure another checkout with the same interpreter.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import measure

HERE = Path(__file__).resolve().parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _noteatlas() -> list[str]:
    return [sys.executable, "-m", "noteatlas"]


def timed_rows(
    rows: list[tuple[str, list[str]]], cwd: Path, repeat: int
) -> list[tuple[str, float, float, float, float]]:
    """(name, median s, fastest s, peak MB, load) of each command, run ``repeat`` times."""
    out = []
    for name, command in rows:
        runs = []
        for i in range(repeat):
            log = cwd / "logs" / f"{name.replace(' ', '_')}-{i}.log"
            m = measure(command, log, cwd=cwd, env=ENV)
            if not m.ok:
                raise SystemExit(f"{name} failed:\n{m.tail()}")
            runs.append(m)
        seconds = [m.seconds for m in runs]
        out.append(
            (
                name,
                statistics.median(seconds),
                min(seconds),
                max(m.peak_mb for m in runs),
                statistics.mean(m.load for m in runs),
            )
        )
    return out


def import_profile(
    command: list[str], cwd: Path, top: int = 10, runs: int = 5
) -> tuple[float, list[str]]:
    """Total import seconds of a command and its heaviest top-level imports: the run of median
    total among ``runs`` (one run says little on a shared machine)."""
    found = sorted(_import_run(command, cwd, top) for _ in range(runs))
    return found[len(found) // 2]


def _import_run(command: list[str], cwd: Path, top: int) -> tuple[float, list[str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    heavy: list[tuple[int, str]] = []
    total = 0
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(2)) == 1:  # a top-level import
            total += int(m.group(1))
            heavy.append((int(m.group(1)), m.group(3)))
    heavy.sort(reverse=True)
    return total / 1e6, [f"{name} {us / 1000:.0f} ms" for us, name in heavy[:top]]


def main(argv: list[str] | None = None) -> int:
    """Run the rows and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each row (default: 7)")
    parser.add_argument("--atlas", type=Path, help="a big atlas.json to load and query")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="noteatlas-startup-") as tmp:
        work = Path(tmp)
        subprocess.run(
            [sys.executable, str(HERE / "make_corpus.py"), str(work / "notes"), "--notes", "10"],
            check=True,
            capture_output=True,
            env=ENV,
        )
        build = [*_noteatlas(), "build", "notes", "-o", "site", "-q"]
        subprocess.run(build, cwd=work, check=True, env=ENV)  # caches are warm from here on
        rows = [
            ("--help", [*_noteatlas(), "--help"]),
            ("build 10 notes, warm", build),
            (
                "show BERT -i site/atlas.json",
                [*_noteatlas(), "show", "BERT", "-i", "site/atlas.json"],
            ),
        ]
        if args.atlas is not None:
            big = str(args.atlas.resolve())
            load = f"import noteatlas; noteatlas.load({big!r})"
            rows += [
                ("load big atlas", [sys.executable, "-c", load]),
                ("show BERT -i big atlas", [*_noteatlas(), "show", "BERT", "-i", big]),
            ]
        table = timed_rows(rows, work, args.repeat)
        seconds, heavy = import_profile(build, work)
    print(f"{'command':<32} {'median ms':>10} {'fastest ms':>11} {'peak MB':>8} {'load':>5}")
    for name, median, fastest, peak, load in table:
        print(
            f"{name:<32} {median * 1000:>10.0f} {fastest * 1000:>11.0f} {peak:>8.0f} {load:>5.1f}"
        )
    print(f"\nimports of `noteatlas build`: {seconds * 1000:.0f} ms; heaviest: " + ", ".join(heavy))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
