"""Explorer benchmark: export an atlas to explorer.html, time the first draw, and the frames of
zooming and panning the timeline.

    .venv/bin/python benchmarks/explorer_bench.py [--sizes 3000 10000] [--out benchmarks/out]
    .venv/bin/python benchmarks/explorer_bench.py --papers 1000 10000
    .venv/bin/python benchmarks/explorer_bench.py --atlas benchmarks/out/site-10000/atlas.json

For each atlas it reports the export time (the atlas already loaded), the HTML size, and the
seconds from navigation start to vis-network's first drawing (``window.noteatlasReadyAt``) in
headless Debian chromium, offline; ``--phases`` adds the page's own marks (data parsed, decoded,
laid out, network made, drawn). ``--sizes`` makes synthetic atlases by hand (a fixed random
seed), so numbers compare across runs; ``--papers`` builds paper digests (``make_digest.py``:
weekly tables over three years) with ``noteatlas build``; ``--atlas`` measures real atlases.

Frames: in the same browser, the timeline zooms in from the fitted view (40 frames, x1.08 each),
pans (60 frames of 40 px), and zooms out again, one step per animation frame, as the wheel and a
drag do. Each frame's work (the level of detail laid out, vis-network's draw, bins, labels, the
axis) is timed with ``performance.now()``, and the gaps between ``requestAnimationFrame``
callbacks are Chromium's frame times; fps is 1000 / their median. ``--no-frames`` skips this.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from noteatlas.atlas import Atlas, load
from noteatlas.exporters.explorer import write_explorer
from noteatlas.exporters.explorer_data import default_visible
from noteatlas.schema import (
    RELATION_KINDS,
    AssetNode,
    Category,
    ConceptKind,
    ConceptNode,
    Edge,
    EdgeKind,
    Evidence,
    Method,
    Node,
    NoteNode,
    PaperNode,
    ResourceNode,
    TagNode,
)

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHARES = {"concept": 0.2, "paper": 0.15, "note": 0.35, "resource": 0.25, "asset": 0.03, "tag": 0.02}


def synthetic_atlas(size: int, seed: int = 7) -> Atlas:
    """A corpus-like atlas: concepts with years and typed relations, papers, notes that mention them."""
    rng = random.Random(seed)
    counts = {k: max(1, int(size * share)) for k, share in SHARES.items()}
    nodes: list[Node] = []
    concepts = [f"concept:c{i}" for i in range(counts["concept"])]
    kinds = list(ConceptKind)
    for i, cid in enumerate(concepts):
        year = rng.randint(1990, 2024) if rng.random() < 0.75 else None
        nodes.append(
            ConceptNode(
                id=cid,
                label=f"概念 concept {i}",
                name=f"concept {i}",
                concept_kind=rng.choice(kinds),
                year=year,
                aliases=[f"别名{i}", f"alias-{i}"],
                summary="A synthetic concept used to measure the explorer. " * 2,
            )
        )
    papers = [f"paper:arxiv:{1300 + i // 9999:04d}.{i % 99999:05d}" for i in range(counts["paper"])]
    for i, pid in enumerate(papers):
        nodes.append(
            PaperNode(
                id=pid,
                label=f"Paper {i}: a study of synthetic things",
                paper_id=pid.removeprefix("paper:"),
                title=f"Paper {i}: a study of synthetic things at scale",
                year=rng.randint(1995, 2024),
                urls=[f"https://arxiv.org/abs/{pid.removeprefix('paper:arxiv:')}"],
            )
        )
    notes = [f"folder{i % 40}/笔记 {i}.md" for i in range(counts["note"])]
    tags = [f"tag{i}" for i in range(counts["tag"])]
    for i, path in enumerate(notes):
        nodes.append(
            NoteNode(
                id=f"note:{path}",
                label=f"笔记 {i}",
                path=path,
                title=f"笔记 {i}",
                tags=[rng.choice(tags)],
            )
        )
    resources = [f"https://example{i % 97}.org/page/{i}" for i in range(counts["resource"])]
    for i, url in enumerate(resources):
        nodes.append(
            ResourceNode(
                id=f"url:{url}",
                label=f"page {i}",
                url=url,
                host=url.split("/")[2],
                category=Category.BLOG,
            )
        )
    assets = [f"pics/img{i}.png" for i in range(counts["asset"])]
    nodes.extend(AssetNode(id=f"asset:{p}", label=p, path=p, exists=True) for p in assets)
    nodes.extend(TagNode(id=f"tag:{t}", label=t, name=t) for t in tags)

    edges: dict[tuple[str, str, str], Edge] = {}

    def add(
        source: str, kind: EdgeKind, target: str, file: str | None = None, line: int = 1
    ) -> None:
        if source == target:
            return
        method = Method.VOCABULARY if file is None else Method.MENTION
        ev = [Evidence(file=file, line=line if file else None, method=method)]
        edges.setdefault(
            (source, kind.value, target), Edge(source=source, target=target, kind=kind, evidence=ev)
        )

    relations = sorted(RELATION_KINDS)
    for cid in concepts:
        for _ in range(rng.randint(1, 2)):
            add(cid, rng.choice(relations), rng.choice(concepts))
        if rng.random() < 0.3:
            add(
                cid,
                EdgeKind.CO_MENTIONED,
                rng.choice(concepts),
                rng.choice(notes),
                rng.randint(1, 300),
            )
    for pid in papers:
        add(pid, EdgeKind.INTRODUCES, rng.choice(concepts))
    for path in notes:
        nid = f"note:{path}"
        for _ in range(4):
            add(nid, EdgeKind.MENTIONS, rng.choice(concepts), path, rng.randint(1, 300))
        add(nid, EdgeKind.CITES, rng.choice(papers), path, rng.randint(1, 300))
        add(nid, EdgeKind.CITES, f"url:{rng.choice(resources)}", path, rng.randint(1, 300))
        add(nid, EdgeKind.TAGGED, f"tag:{rng.choice(tags)}", path, 1)
        if rng.random() < 0.1:
            add(nid, EdgeKind.EMBEDS, f"asset:{rng.choice(assets)}", path, rng.randint(1, 300))
    return Atlas.from_parts(nodes, list(edges.values()), [], root="synthetic")


# One step per animation frame: the work each frame does, and when each frame began.
FRAMES = """async ({kind, frames}) => {
  const width = document.getElementById("network").clientWidth;
  const work = [];
  const stamps = [];
  const frame = () => new Promise((ok) => requestAnimationFrame((t) => { stamps.push(t); ok(); }));
  await frame();
  for (let k = 0; k < frames; k++) {
    await frame();
    const t0 = performance.now();
    if (kind === "zoom in") noteatlas.zoom(1.08, width / 2);
    else if (kind === "zoom out") noteatlas.zoom(1 / 1.08, width / 2);
    else noteatlas.pan(k % 60 < 30 ? -40 : 40);
    work.push(performance.now() - t0);
  }
  await frame();
  return {work, gaps: stamps.slice(2).map((t, n) => t - stamps[n + 1]),
          drawn: noteatlas.drawnNodes().length, bins: noteatlas.bins().length};
}"""
MOVES = (("zoom in", 40), ("pan", 60), ("zoom out", 40))


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def frame_times(page: object) -> dict[str, dict[str, float]]:
    """Per move (zoom in, pan, zoom out): the median and 95th percentile of each frame's work
    and of the gaps between frames, in ms, fps from the median gap, and what the last frame
    drew one by one and in bins."""
    out: dict[str, dict[str, float]] = {}
    for kind, frames in MOVES:
        got = page.evaluate(FRAMES, {"kind": kind, "frames": frames})  # type: ignore[attr-defined]
        gap = _quantile(got["gaps"], 0.5)
        out[kind] = {
            "work": _quantile(got["work"], 0.5),
            "work95": _quantile(got["work"], 0.95),
            "gap": gap,
            "gap95": _quantile(got["gaps"], 0.95),
            "fps": 1000 / gap if gap else 0.0,
            "drawn": got["drawn"],
            "bins": got["bins"],
        }
    return out


def first_draw_ms(
    path: Path,
    phases: dict[str, float] | None = None,
    frames: dict[str, dict[str, float]] | None = None,
) -> float:
    """Milliseconds from navigation start to the explorer's first drawing, in headless chromium.
    ``phases`` receives the page's marks (milliseconds from navigation start) and ``frames`` the
    frame times of zooming and panning (``frame_times``) when given."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.resolve().as_uri())
            page.wait_for_function("window.noteatlasReady === true", timeout=120_000)
            if errors:
                raise RuntimeError(f"page errors: {errors}")
            if phases is not None:
                marks = page.evaluate(
                    "performance.getEntriesByType('mark').map(m => [m.name, m.startTime])"
                )
                phases.update({name.removeprefix("noteatlas:"): ms for name, ms in marks})
            ready = float(page.evaluate("window.noteatlasReadyAt"))
            if frames is not None:
                frames.update(frame_times(page))
            if errors:
                raise RuntimeError(f"page errors: {errors}")
            return ready
        finally:
            browser.close()


def measure(atlas: Atlas, out: Path, runs: int, phases: bool, frames: bool) -> None:
    """Export one atlas, load the page ``runs`` times, print one row (and the best run's marks
    and frame times)."""
    start = time.perf_counter()
    (written,) = write_explorer(atlas, out.parent)
    export = time.perf_counter() - start
    written.replace(out)  # one page per atlas measured, side by side
    shown = len(default_visible(atlas.parts))  # the rows it keeps: no model made
    loads = []
    timed: dict[str, dict[str, float]] = {}
    for n in range(runs):
        marks: dict[str, float] = {}
        moves: dict[str, dict[str, float]] = {}
        loads.append((first_draw_ms(out, marks, moves if frames and n == 0 else None), marks))
        if moves:
            timed = moves
    draw, marks = min(loads, key=lambda load: load[0])
    mb = out.stat().st_size / 1e6
    papers = len(atlas.papers())
    print(
        f"{len(atlas.nodes()):>7} {papers:>7} {atlas.counts()['edges']:>7} {shown:>6} {export:>9.2f}"
        f" {mb:>8.2f} {draw / 1000:>13.2f}",
        flush=True,
    )
    if phases:
        steps = sorted(marks.items(), key=lambda m: m[1])
        print("        " + "  ".join(f"{name} {ms / 1000:.2f}" for name, ms in steps), flush=True)
    if frames:
        for kind, t in timed.items():
            print(
                f"        {kind:<8} work {t['work']:6.1f} ms (p95 {t['work95']:6.1f})"
                f"  frame {t['gap']:6.1f} ms (p95 {t['gap95']:6.1f})  {t['fps']:5.1f} fps"
                f"  drawn {int(t['drawn'])}, bins {int(t['bins'])}",
                flush=True,
            )


def digest_atlas(papers: int, out: Path) -> Atlas:
    """A paper digest of ``papers`` papers over three years (``make_digest.py``), built."""
    from make_digest import make_digest

    from noteatlas import build

    corpus = out / f"digest-{papers}"
    make_digest(corpus, papers=papers)
    return build(corpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    parser.add_argument("--atlas", type=Path, action="append", default=[], help="an atlas.json")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--runs", type=int, default=3, help="browser loads per atlas (best kept)")
    parser.add_argument("--phases", action="store_true", help="print the page's marks too")
    parser.add_argument("--papers", type=int, nargs="*", default=[], help="paper digests to build")
    parser.add_argument("--no-frames", action="store_true", help="skip the zoom and pan frames")
    args = parser.parse_args(argv)
    given = args.atlas or args.papers
    sizes = args.sizes if args.sizes is not None else ([] if given else [3000, 10000])
    frames = not args.no_frames
    print(
        f"{'nodes':>7} {'papers':>7} {'edges':>7} {'on':>6} {'export s':>9} {'HTML MB':>8}"
        f" {'first draw s':>13}"
    )
    for size in sizes:
        out = args.out / f"explorer-{size}.html"
        measure(synthetic_atlas(size), out, args.runs, args.phases, frames)
    args.out.mkdir(parents=True, exist_ok=True)
    for papers in args.papers:
        out = args.out / f"explorer-digest-{papers}.html"
        measure(digest_atlas(papers, args.out), out, args.runs, args.phases, frames)
    for path in args.atlas:
        name = path.resolve().parent.name
        measure(load(path), args.out / f"explorer-{name}.html", args.runs, args.phases, frames)
    return 0


if __name__ == "__main__":
    sys.exit(main())
