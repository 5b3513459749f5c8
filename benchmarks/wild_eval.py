"""Score noteatlas on a real note collection against a fact table checked by hand.

    python benchmarks/wild_eval.py CORPUS FACTS.yaml [--vocab both|on|off] [--sample 30]
                                   [--seed 0] [--out report.md] [--json results.json] [--details]
    python benchmarks/wild_eval.py CORPUS FACTS.yaml --atlas site/atlas.json   # a saved build

Builds CORPUS with ``noteatlas.build`` (no build cache, so nothing is written into the corpus)
with the built-in vocabulary on and off, and prints a Markdown table: concept recall, junk
(automatic heuristics and a hand-labelled sample), relation recall and precision against the
facts (typed and kind-agnostic), the share of typed edges that cite a note line, stated years
against node years, and paper titles. ``--details`` adds what was missed and the samples to label
(copy labels into the facts file as ``junk_labels`` / ``relation_labels``). See
``wild_facts.py`` for the facts format and benchmarks/README.md for the metrics.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from wild_facts import Facts, load_facts
from wild_metrics import (
    AtlasView,
    ConceptResult,
    JunkResult,
    concept_recall,
    junk,
    ratio,
)
from wild_relations import (
    LineageResult,
    PaperResult,
    RelationResult,
    YearResult,
    lineage,
    paper_titles,
    relation_recall,
    years,
)


@dataclass
class Run:
    """One build (or saved atlas) scored against the facts."""

    label: str
    seconds: float | None
    concept_nodes: int
    concepts: ConceptResult
    junk: JunkResult
    relations: RelationResult
    lineage: LineageResult
    years: YearResult
    papers: PaperResult


def build_document(corpus: Path, vocabulary: bool) -> tuple[dict[str, Any], float]:
    """Build the corpus in this process, without a build cache; the atlas document and the
    seconds the build took."""
    import noteatlas
    from noteatlas.config import Config

    start = time.perf_counter()
    atlas = noteatlas.build(corpus, Config(builtin_vocabulary=vocabulary, cache=False))
    seconds = time.perf_counter() - start
    return json.loads(atlas.to_json()), seconds


def score(label: str, doc: dict[str, Any], facts: Facts, sample: int, seed: int, seconds: float | None) -> Run:  # fmt: skip
    """Every metric of one atlas document."""
    view = AtlasView(doc)
    return Run(
        label=label,
        seconds=seconds,
        concept_nodes=len(view.concepts),
        concepts=concept_recall(view, facts),
        junk=junk(view, facts, sample, seed),
        relations=relation_recall(view, facts),
        lineage=lineage(view, facts),
        years=years(view, facts),
        papers=paper_titles(view, facts),
    )


def frac(part: int, whole: int) -> str:
    """``part/whole (pct)``, or a dash when there is nothing to count."""
    value = ratio(part, whole)
    return "—" if value is None else f"{part}/{whole} ({value:.0%})"


#: (metric, goal, cell of a run), in table order.
ROWS: list[tuple[str, str, Callable[[Run], str]]] = [
    ("fact concepts found as concept nodes", "≥ 50 % (vocab off)",
     lambda r: frac(len(r.concepts.found), len(r.concepts.found) + len(r.concepts.missed))),
    ("… of which vocabulary-only nodes (builtin)", "",
     lambda r: frac(len(r.concepts.vocabulary_only), len(r.concepts.found))),
    ("concept nodes", "", lambda r: str(r.concept_nodes)),
    ("junk: flagged by heuristics (all concept nodes)", "≤ 5 %",
     lambda r: frac(len(r.junk.flagged), r.junk.total)),
    ("junk: hand-labelled sample", "≤ 5 %",
     lambda r: f"{frac(r.junk.labelled_junk, r.junk.labelled)} of {len(r.junk.sample)} sampled"),
    ("fact relations: same kind and direction", "",
     lambda r: frac(len(r.relations.typed), r.relations.total)),
    ("fact relations: same kind, cites a note line", "",
     lambda r: frac(len(r.relations.typed_from_notes), r.relations.total)),
    ("fact relations: any kind, either way", "",
     lambda r: frac(len(r.relations.any_kind), r.relations.total)),
    ("fact relations: any kind, cites a note line", "",
     lambda r: frac(len(r.relations.any_kind_from_notes), r.relations.total)),
    ("fact relations whose concepts are not nodes", "",
     lambda r: frac(len(r.relations.unresolved), r.relations.total)),
    ("note relations among fact concepts that are facts (same kind)", "precision ≥",
     lambda r: frac(r.relations.drawn_match_typed, r.relations.drawn)),
    ("… that join a fact pair (any kind)", "",
     lambda r: frac(r.relations.drawn_match_any, r.relations.drawn)),
    ("relation precision, facts + hand labels", "≥ 85 %",
     lambda r: f"{frac(r.relations.checked_correct, r.relations.checked)}, "
               f"{len(r.relations.unchecked)} unlabelled"),
    ("typed edges between mentioned concepts citing a note", "≥ 40 %",
     lambda r: frac(r.lineage.mentioned_from_notes, r.lineage.mentioned_total)),
    ("typed edges between fact concepts citing a note", "",
     lambda r: frac(r.lineage.facts_from_notes, r.lineage.facts_total)),
    ("stated years: node year agrees", "",
     lambda r: frac(len(r.years.agree), r.years.total)),
    ("… of which the year comes from the notes, not the vocabulary", "",
     lambda r: frac(len(r.years.agree_from_notes), len(r.years.agree))),
    ("stated years: overridden silently", "0",
     lambda r: f"{len(r.years.silent)} (differ: {len(r.years.differ)})"),
    ("stated years: node has no year / no node", "",
     lambda r: f"{len(r.years.no_year)} / {len(r.years.no_node)}"),
    ("named papers with a clean title", "≥ 90 %",
     lambda r: frac(len(r.papers.clean), r.papers.total)),
    ("named papers: other title / untitled / no node", "",
     lambda r: f"{len(r.papers.wrong)} / {len(r.papers.untitled)} / {len(r.papers.no_node)}"),
    ("build seconds (in process, no cache)", "",
     lambda r: "—" if r.seconds is None else f"{r.seconds:.1f}"),
]  # fmt: skip


def table(runs: list[Run]) -> str:
    """The summary table, one column per run."""
    head = ["metric", "goal", *[r.label for r in runs]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for metric, goal, cell in ROWS:
        lines.append("| " + " | ".join([metric, goal, *[cell(r) for r in runs]]) + " |")
    return "\n".join(lines)


def _items(title: str, items: list[str], limit: int = 60) -> list[str]:
    if not items:
        return []
    more = [f"- … {len(items) - limit} more"] if len(items) > limit else []
    return [f"**{title}** ({len(items)})", "", *[f"- {i}" for i in items[:limit]], *more, ""]


def details(run: Run) -> str:
    """What one run missed and what is left to label by hand."""
    out = [f"### {run.label}", ""]
    out += _items("Fact concepts not found", run.concepts.missed)
    out += _items("Fact relations missed", run.relations.missed)
    out += _items("Junk flagged", [f"{n} — {', '.join(w)}" for n, w in run.junk.flagged])
    if run.junk.sample:
        out += ["**Sample for hand labelling** (add `junk_labels: {name: junk|ok}`)", "",
                "| name | kind | builtin | first evidence | heuristics | label |", "|---|---|---|---|---|---|"]  # fmt: skip
        for s in run.junk.sample:
            name = str(s["name"]).replace("|", "\\|")
            label = {True: "junk", False: "ok", None: ""}[s["label"]]
            out.append(f"| {name} | {s['kind']} | {s['builtin']} | {s['evidence']} | "
                       f"{', '.join(s['auto'])} | {label} |")  # fmt: skip
        out.append("")
    out += _items("Drawn note relations to label (`relation_labels`)", run.relations.unchecked)
    out += _items("Years that agree", run.years.agree)
    out += _items("Years that differ", run.years.differ)
    out += _items("Stated years with no node year", run.years.no_year)
    out += _items("Paper titles that differ", [f"{f!r} ≠ {n!r}" for f, n in run.papers.wrong])
    out += _items("Named papers without a title", run.papers.untitled)
    out += _items("Named papers without a node", run.papers.no_node)
    return "\n".join(out)


def report(corpus: Path, facts: Facts, runs: list[Run], with_details: bool) -> str:
    """The whole Markdown report."""
    sizes = (f"{len(facts.concepts)} concepts, {len(facts.relations)} relations, "
             f"{len(facts.years)} years, {len(facts.papers)} papers")  # fmt: skip
    out = [f"## {facts.collection} ({corpus})", "", f"Facts: {sizes}.", "", table(runs), ""]
    if with_details:
        out += [details(r) for r in runs]
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("corpus", type=Path, help="folder of notes")
    parser.add_argument("facts", type=Path, help="facts file (YAML), see wild_facts.py")
    parser.add_argument("--vocab", choices=["both", "on", "off"], default="both")
    parser.add_argument(
        "--atlas", type=Path, help="score this saved atlas.json instead of building"
    )
    parser.add_argument("--sample", type=int, default=30, help="concept nodes to sample for labels")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--json", type=Path, help="write every result as JSON here")
    parser.add_argument("--details", action="store_true", help="list misses and samples to label")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build, score, print; 0 when done (the goals are reported, not enforced)."""
    args = parse_args(argv)
    facts = load_facts(args.facts)
    runs: list[Run] = []
    if args.atlas:
        doc = json.loads(args.atlas.read_text(encoding="utf-8"))
        runs.append(score(args.atlas.name, doc, facts, args.sample, args.seed, None))
    else:
        for vocab in {"both": [True, False], "on": [True], "off": [False]}[args.vocab]:
            doc, seconds = build_document(args.corpus, vocab)
            label = "vocab on" if vocab else "vocab off"
            runs.append(score(label, doc, facts, args.sample, args.seed, seconds))
    text = report(args.corpus, facts, runs, args.details)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if args.json:
        payload = {"collection": facts.collection, "runs": [asdict(r) for r in runs]}
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
