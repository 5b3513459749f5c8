"""CPU time of a cold build and a one-note-edit rebuild at several commits, runs alternating.

    .venv/bin/python benchmarks/compare_commits.py REV [REV ...] [--notes 1000] [--rounds 3]

Each revision is exported with ``git archive`` and laid out as the installed package (the
``package-dir`` map of its own pyproject), then run with this checkout's interpreter and
libraries, so only noteatlas's code differs. Every round builds each revision once cold (no build
cache) and once after one line is appended to one note, in an order rotated each round, so a
slow spell of the shared machine falls on every revision alike. CPU time is user + system of
the command and every process it waited for (the pool's workers); ``--jobs 1`` by default, so
the work is the same however busy the other core is.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
import tomllib
from io import BytesIO
from pathlib import Path

from run import TOOL_ENV, TOUCHED_LINE, ensure_corpus, stage_seconds, warm_page_cache

ROOT = Path(__file__).resolve().parent.parent


def lay_out(rev: str, work: Path) -> Path:
    """``rev`` as an importable tree (``tree/noteatlas/schema`` ...); returns the tree."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev],
                         check=True, capture_output=True, text=True).stdout.strip()  # fmt: skip
    tree = work / sha / "tree"
    if (tree / "noteatlas" / "__main__.py").is_file():
        return tree
    src = work / sha / "src"
    shutil.rmtree(work / sha, ignore_errors=True)
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                             capture_output=True).stdout  # fmt: skip
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(src, filter="data")
    setup = tomllib.loads((src / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    for package, folder in sorted(setup["package-dir"].items()):
        shutil.copytree(src / folder, tree / package.replace(".", "/"), dirs_exist_ok=True)
    if (ROOT / "node_modules").is_dir():  # the mind map's pinned d3 and markmap-view
        (tree / "noteatlas" / "node_modules").symlink_to(ROOT / "node_modules")
    return tree


def build(tree: Path, corpus: Path, out: Path, jobs: int, log: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``noteatlas build`` from ``tree``."""
    command = [sys.executable, "-m", "noteatlas", "build", str(corpus), "-o", str(out), "-q",
               "--timings", "--jobs", str(jobs)]  # fmt: skip
    env = {**TOOL_ENV, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as sink:
        subprocess.run(command, cwd=tree, env=env, stdout=sink, stderr=sink, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def check_tree(tree: Path) -> None:
    """Fail unless ``python -m noteatlas`` from ``tree`` imports the tree, not this checkout."""
    env = {**TOOL_ENV, "PYTHONPATH": str(tree)}
    code = "import noteatlas.graph, noteatlas.schema; print(noteatlas.graph.__file__)"
    found = subprocess.run([sys.executable, "-c", code], cwd=tree, env=env, check=True,
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    if not Path(found).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"{tree}: imports {found}, not the tree")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revs", nargs="+", help="git revisions to compare")
    parser.add_argument("--notes", type=int, default=1000, help="generated notes (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--jobs", type=int, default=1, help="--jobs of each build (default 1)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/noteatlas-commits"))
    args = parser.parse_args(argv)
    corpus = args.work / f"corpus-{args.notes}"
    ensure_corpus(corpus, args.notes, 0)
    notes = sorted(p for p in corpus.rglob("*.md") if ".noteatlas" not in p.parts)
    touched = notes[len(notes) // 2]
    trees = {rev: lay_out(rev, args.work) for rev in args.revs}
    for tree in trees.values():
        check_tree(tree)
    logs = args.work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    warm_page_cache(corpus)
    results: dict[str, dict[str, list[tuple[float, float, dict[str, float]]]]] = {
        rev: {"cold": [], "edit": []} for rev in args.revs
    }
    order = list(args.revs)
    for rnd in range(-1, args.rounds):  # round -1 warms up: bytecode compiled, files cached
        for rev in order:
            out = args.work / "site"
            shutil.rmtree(corpus / ".noteatlas", ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            log = logs / f"{rev}-{rnd}-cold.log"
            cold = build(trees[rev], corpus, out, args.jobs, log)
            original = touched.read_bytes()
            try:
                touched.write_bytes(original + TOUCHED_LINE.encode())
                edit_log = logs / f"{rev}-{rnd}-edit.log"
                edit = build(trees[rev], corpus, out, args.jobs, edit_log)
            finally:
                touched.write_bytes(original)
            if rnd >= 0:
                results[rev]["cold"].append((*cold, stage_seconds(log)))
                results[rev]["edit"].append((*edit, stage_seconds(edit_log)))
                print(f"round {rnd + 1} {rev}: cold {cold[0]:.2f} s CPU, edit {edit[0]:.2f} s CPU",
                      flush=True)  # fmt: skip
        order = order[1:] + order[:1]
    print(f"\n{args.notes:,} notes, --jobs {args.jobs}, {args.rounds} rounds; CPU s (user+sys)")
    print(
        "| revision | cold: median CPU (runs) | cold wall | edit: median CPU (runs) | edit wall |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for rev in args.revs:
        cells = []
        for kind in ("cold", "edit"):
            runs = results[rev][kind]
            cpu = [r[0] for r in runs]
            listed = ", ".join(f"{c:.2f}" for c in cpu)
            cells.append(f"{statistics.median(cpu):.2f} ({listed})")
            cells.append(f"{statistics.median(r[1] for r in runs):.2f}")
        print(f"| {rev} | " + " | ".join(cells) + " |")
    print("\nStages (median wall s of --timings):")
    for rev in args.revs:
        for kind in ("cold", "edit"):
            stages: dict[str, list[float]] = {}
            for _, _, found in results[rev][kind]:
                for name, sec in found.items():
                    stages.setdefault(name, []).append(sec)
            shown = ", ".join(f"{n} {statistics.median(s):.2f}" for n, s in stages.items())
            print(f"  {rev} {kind}: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
