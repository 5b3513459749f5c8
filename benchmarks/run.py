"""Side-by-side benchmarks of noteatlas on generated vaults (``make bench``).

    .venv/bin/python benchmarks/run.py [--sizes 1000 10000] [--quick] [--peer-timeout 600]

For each corpus size it times, each in a fresh process with its peak memory: a bare markdown-it-py
parse of every file (the floor), obsidiantools ``Vault(path).connect().gather()`` (the Python
peer), and ``noteatlas build`` cold, warm and after one note is edited; for the largest corpus also
the explorer's export and first draw in headless chromium. It prints a table of ratios against the
floor, a Markdown version of it for the README, and writes ``benchmarks/out/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from make_corpus import BYTES_PER_NOTE, GENERATOR_VERSION, MANIFEST, make_corpus
from measure import Measurement, machine_info, measure
from peers import ensure_peers_venv, floor_command, peer_command, peer_version
from report import Row, evaluate_goals, markdown_report, text_table

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PACKAGE_DIRS = (
    "noteatlas",
    "schema",
    "graph",
    "exporters",
    "linkcheck",
    "content",
    "pyproject.toml",
)
TOUCHED_LINE = "\n补充：基准测试追加的一行，用来测增量构建。\n"


def ensure_corpus(path: Path, notes: int, seed: int) -> dict[str, Any]:
    """Reuse ``path`` when it holds this exact corpus, else generate it; returns its manifest."""
    manifest = path / MANIFEST
    want = {"generator": GENERATOR_VERSION, "notes": notes, "seed": seed,
            "target_bytes": notes * BYTES_PER_NOTE}  # fmt: skip
    if manifest.is_file():
        have: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
        if all(have.get(k) == v for k, v in want.items()):
            return have
    print(f"generating {notes} notes into {path} ...", flush=True)
    make_corpus(path, notes, seed)
    loaded: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    return loaded


#: The environment of every measured run: Python's bytecode cache allowed. An installed noteatlas
#: has its .pyc files; with PYTHONDONTWRITEBYTECODE set (as on some CI and agent machines) every
#: run would compile its ~400 modules again, 0.2-0.3 s that no user pays.
TOOL_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_page_cache(corpus: Path) -> None:
    """Read every file once so that no tool pays for the disk alone."""
    for path in corpus.rglob("*"):
        if path.is_file():
            path.read_bytes()


def timed(
    args: argparse.Namespace, command: list[str], log: Path, timeout: float | None = None
) -> Measurement:
    """One measured run in ``log``'s folder, with the run's time and memory limits."""
    return measure(
        command,
        log,
        timeout=timeout or args.timeout,
        cwd=log.parent,
        env=TOOL_ENV,
        memory_limit_mb=args.memory_limit,
    )


def row(tool: str, notes: int, m: Measurement | None, status: str = "", detail: str = "") -> Row:
    """A table row from a measurement (or from a reason there is none)."""
    if m is None:
        return Row(tool, notes, None, None, status or "skipped", detail)
    if m.stopped == "memory":
        status, detail = "failed", detail or f"stopped at {m.peak_mb:.0f} MB (over --memory-limit)"
    elif m.stopped:
        status = "timeout"
    elif not m.ok:
        status, detail = "failed", detail or m.tail(3)
    else:
        status = "ok"
    return Row(tool, notes, m.seconds, m.peak_mb, status, detail, round(m.load, 1))


def bench_noteatlas(
    corpus: Path,
    site: Path,
    logs: Path,
    notes: int,
    args: argparse.Namespace,
    stages: dict[str, dict[str, float]],
) -> list[Row]:
    """Cold build (no cache), warm build (unchanged), build after appending a line to one note.
    The seconds per stage of the best run of each (``--timings``) go into ``stages``."""
    command = [
        sys.executable,
        "-m",
        "noteatlas",
        "build",
        str(corpus),
        "-o",
        str(site),
        "-q",
        "--timings",
    ]  # fmt: skip  (stage timings land in each run's log)
    command += args.noteatlas_arg
    notes_md = sorted(p for p in corpus.rglob("*.md") if ".noteatlas" not in p.parts)
    touched = notes_md[len(notes_md) // 2]
    best: dict[str, Measurement] = {}

    def run(kind: str, attempt: int) -> bool:
        log = logs / f"noteatlas-{kind}-{notes}-{attempt}.log"
        m = timed(args, command, log)
        if kind not in best or (not m.ok, m.seconds) < (not best[kind].ok, best[kind].seconds):
            best[kind] = m
        return m.ok

    for attempt in range(args.repeat):
        for cache in (corpus / ".noteatlas", logs / ".noteatlas", site):
            shutil.rmtree(cache, ignore_errors=True)
        if not run("cold", attempt):
            break
        run("warm", attempt)
        original = touched.read_bytes()
        try:
            touched.write_bytes(original + TOUCHED_LINE.encode())
            run("edit", attempt)
        finally:
            touched.write_bytes(original)
    labels = {
        "cold": "noteatlas build, cold",
        "warm": "noteatlas build, warm",
        "edit": "noteatlas build, 1 note edited",
    }
    for kind, m in best.items():
        stages[f"{labels[kind]} ({notes:,} notes)"] = stage_seconds(m.log)
    cold = best["cold"]
    out = [row(labels["cold"], notes, cold)]
    for kind in ("warm", "edit"):
        reason = "" if cold.ok else "cold build failed"
        out.append(row(labels[kind], notes, best.get(kind), detail=reason))
    return out


def first_draw_seconds(page_path: Path) -> tuple[float, float]:
    """Seconds from ``page.goto`` to the explorer's ready flag, and the page's own figure."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page = context.new_page()
            start = time.perf_counter()
            page.goto(page_path.resolve().as_uri())
            page.wait_for_function("window.noteatlasReady === true", timeout=300_000)
            seconds = time.perf_counter() - start
            in_page = float(page.evaluate("window.noteatlasReadyAt")) / 1000
            return seconds, in_page
        finally:
            browser.close()


_STAGE = re.compile(r"([\w ]+?) ([\d.]+) s")


def stage_seconds(log: Path) -> dict[str, float]:
    """Seconds per stage from the last ``Timings:`` line ``--timings`` wrote (empty when none):
    ``read 3.9 s, concepts 2.0 s (mentions 0.4 s), total 9.8 s``."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    lines = [x for x in text.splitlines() if x.startswith("Timings: ")]
    line = lines[-1].removeprefix("Timings: ") if lines else ""
    return {name.strip(" ,(").strip(): float(sec) for name, sec in _STAGE.findall(line)}


def explorer_export_row(notes: int, m: Measurement) -> Row:
    """The explorer's own export time (``--timings``), apart from loading atlas.json: the build
    exports the atlas it holds in memory, and the goal is about exporting."""
    result = row("explorer export", notes, m)
    stages = stage_seconds(m.log)
    if m.ok and "explorer" in stages:
        detail = (
            f"the whole command took {m.seconds:.1f} s, loading atlas.json "
            f"{stages.get('load', 0.0):.1f} s of it"
        )
        return replace(result, seconds=round(stages["explorer"], 2), detail=detail)
    return result


def bench_explorer(site: Path, logs: Path, notes: int, args: argparse.Namespace) -> list[Row]:
    """Export the explorer from atlas.json, then time its first draw in headless chromium."""
    atlas = site / "atlas.json"
    if not atlas.is_file():
        return [row("explorer export", notes, None, detail="no atlas.json (build failed)")]
    out = logs / f"explorer-{notes}"
    command = [sys.executable, "-m", "noteatlas", "export", str(atlas), "--format", "explorer",
               "-o", str(out), "--timings"]  # fmt: skip
    log = logs / f"explorer-export-{notes}.log"
    m = timed(args, command, log)
    rows = [explorer_export_row(notes, m)]
    page = out / "explorer.html"
    if not m.ok or not page.is_file():
        return rows
    if not CHROMIUM.exists():
        return [*rows, row("explorer first draw", notes, None, detail=f"no {CHROMIUM}")]
    try:
        seconds, in_page = first_draw_seconds(page)
    except ImportError:
        return [*rows, row("explorer first draw", notes, None, detail="playwright not installed")]
    except Exception as exc:  # the browser's failures are a row, not a crash of the benchmark
        return [*rows, row("explorer first draw", notes, None, "failed", str(exc).splitlines()[0])]
    size = f"{page.stat().st_size / 1e6:.1f} MB page, {in_page:.2f} s by the page's clock"
    load = round(os.getloadavg()[0], 1)
    return [*rows, Row("explorer first draw", notes, seconds, None, "ok", size, load)]


def versions(peer_python: Path | None) -> dict[str, str]:
    """Versions of what was measured."""
    found: dict[str, str] = {}
    for name in ("noteatlas", "markdown-it-py"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "unknown"

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    # The measured code is the working tree: say so when it differs from the commit.
    changed = git("status", "--porcelain", "--", *PACKAGE_DIRS)
    found["noteatlas_commit"] = commit + ("+uncommitted" if changed else "")
    if peer_python is not None:
        found["obsidiantools"] = peer_version(peer_python)
    return found


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1000, 10000],
        help="corpus sizes in notes (default: 1000 10000)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: one corpus of 200 notes")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "benchmarks" / "out",
        help="corpora, logs, peers' venv and results.json (default benchmarks/out)",
    )
    parser.add_argument(
        "--peer-timeout",
        type=float,
        default=600,
        help="seconds before obsidiantools is stopped (default 600)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds before any other run is stopped (default 1800)",
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=8000,
        metavar="MB",
        help="stop any run whose processes together pass this many MB (default 8000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of the floor and of noteatlas; the fastest is kept (default 1)",
    )
    parser.add_argument("--skip-peers", action="store_true", help="do not run obsidiantools")
    parser.add_argument("--no-browser", action="store_true", help="do not time the explorer")
    parser.add_argument(
        "--noteatlas-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra argument for noteatlas build, e.g. --noteatlas-arg=--jobs=2",
    )
    args = parser.parse_args(argv)  # fmt: skip
    if args.quick:
        args.sizes = [200]
    args.repeat = max(1, args.repeat)
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, print the tables, write results.json; 0 unless nothing could run."""
    args = parse_args(argv)
    out: Path = args.out.resolve()
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    peer_python: Path | None = None
    peer_reason = "--skip-peers"
    if not args.skip_peers:
        print("preparing obsidiantools in benchmarks/out/peers-venv ...", flush=True)
        peer_python, peer_reason = ensure_peers_venv(out / "peers-venv")
        if peer_python is None:
            print(f"obsidiantools skipped: {peer_reason}", flush=True)
    load_start = os.getloadavg()[0]
    measured = versions(peer_python)  # before the runs: the tree may change while they go on
    rows: list[Row] = []
    stages: dict[str, dict[str, float]] = {}
    corpora: dict[str, dict[str, Any]] = {}
    for notes in args.sizes:
        corpus = out / f"corpus-{notes}"
        corpora[str(notes)] = ensure_corpus(corpus, notes, args.seed)
        warm_page_cache(corpus)
        print(f"[{notes}] markdown-it-py floor ...", flush=True)
        floor = min(
            (timed(args, floor_command(corpus), logs / f"floor-{notes}-{i}.log")
             for i in range(args.repeat)),
            key=lambda m: (not m.ok, m.seconds),
        )  # fmt: skip
        rows.append(row("markdown-it-py parse (floor)", notes, floor))
        print(f"[{notes}] noteatlas build cold / warm / one edit ...", flush=True)
        site = out / f"site-{notes}"
        rows += bench_noteatlas(corpus, site, logs, notes, args, stages)
        if peer_python is not None:
            print(f"[{notes}] obsidiantools (timeout {args.peer_timeout:.0f} s) ...", flush=True)
            log = logs / f"obsidiantools-{notes}.log"
            m = timed(args, peer_command(peer_python, corpus), log, args.peer_timeout)
            rows.append(row("obsidiantools connect+gather", notes, m))
        else:
            rows.append(row("obsidiantools connect+gather", notes, None, detail=peer_reason))
        if notes == max(args.sizes) and not args.no_browser:
            print(f"[{notes}] explorer export and first draw ...", flush=True)
            rows += bench_explorer(site, logs, notes, args)
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load_average": {"start": round(load_start, 2), "end": round(os.getloadavg()[0], 2)},
        "versions": measured,
        "stages": stages,
        "method": "wall time of a fresh process each; peak = max(sampled PSS sum of the "
        "process tree, kernel ru_maxrss of its largest process); repeat="
        f"{args.repeat}, best kept; peer timeout {args.peer_timeout:.0f} s",
        "corpora": corpora,
        "rows": [r.as_dict() for r in rows],
        "goals": evaluate_goals(rows, args.peer_timeout),
    }
    end_commit = versions(None)["noteatlas_commit"]
    if end_commit != measured["noteatlas_commit"]:
        measured["noteatlas_commit"] += f", {end_commit} by the end"
        print(f"warning: noteatlas changed during the run ({measured['noteatlas_commit']})")
    (out / "results.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print()
    print(text_table(rows))
    print()
    print(markdown_report(results))
    print(f"\nwrote {out / 'results.json'} (logs in {logs})")
    return 0 if any(r.status == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
