"""Plain-text answers for the CLI: one line per step, entry or hit, evidence as ``file:line``.

``noteatlas path word2vec BERT`` prints ``format_path(atlas.path("word2vec", "BERT"))``; every
step says whether the notes state it (their lines) or only a vocabulary does::

    word2vec -is_a-> static embedding   [vocabulary only]
    static embedding -has_problem-> polysemy   [02-NLP/词向量.md:7; also vocabulary]
    polysemy <-addresses- ELMo   [concepts/ELMo.md:9]
"""

from __future__ import annotations

from collections.abc import Sequence

from noteatlas.query.index import AtlasIndex
from noteatlas.query.lists import notes_mentioning, papers_about, prerequisites
from noteatlas.query.models import Neighbor, NoteMention, Step, TimelineEntry
from noteatlas.query.search import SearchHit
from noteatlas.query.sources import is_relation
from noteatlas.schema import ConceptNode
from noteatlas.schema.edges import EvidenceLike, from_notes


def format_evidence(evidence: Sequence[EvidenceLike], most: int = 2) -> str:
    """Where a relation comes from: the note lines that state it, strongest first
    (``[a.md:9, b.md:3 +1]``, ``; also vocabulary`` when a vocabulary states it too), or
    ``[vocabulary only]`` when no note does (with the place of a corpus vocabulary file's
    entry: ``[vocabulary only: vocab.yaml:12]``). The rule is ``schema.edges.from_notes``."""
    if not evidence:
        return ""
    ranked = sorted(evidence, key=lambda e: (-e.strength, *e.sort_key()))
    notes = list(dict.fromkeys(e.where() for e in ranked if e.in_notes()))
    if not from_notes(evidence):
        files = list(dict.fromkeys(e.where() for e in ranked if e.file is not None))
        return f"[vocabulary only: {', '.join(files)}]" if files else "[vocabulary only]"
    more = f" +{len(notes) - most}" if len(notes) > most else ""
    also = "; also vocabulary" if any(not e.in_notes() for e in evidence) else ""
    return f"[{', '.join(notes[:most])}{more}{also}]"


def format_step(step: Step) -> str:
    """``a -kind-> b`` or ``a <-kind- b`` with its evidence."""
    arrow = f"-{step.kind.value}->" if step.direction == "forward" else f"<-{step.kind.value}-"
    return f"{step.source_label} {arrow} {step.target_label}   {format_evidence(step.evidence)}"


def format_path(steps: Sequence[Step]) -> str:
    """One line per step."""
    return "\n".join(format_step(s) for s in steps)


def format_neighbors(found: Sequence[Neighbor]) -> str:
    """One line per neighbour, indented by depth, with the step that reached it."""
    return "\n".join(f"{'  ' * (n.depth - 1)}{format_step(n.via)}" for n in found)


def format_timeline(entries: Sequence[TimelineEntry]) -> str:
    """``2018  BERT (model)`` lines, oldest first."""
    return "\n".join(f"{e.year}  {e.label}" + (f" ({e.kind})" if e.kind else "") for e in entries)


def format_search(hits: Sequence[SearchHit]) -> str:
    """``concept  BERT  (matched: Bert)`` lines, best first."""
    lines = []
    for h in hits:
        matched = f"  (matched: {h.matched})" if h.matched != h.label else ""
        lines.append(f"{h.node_kind.value:<8} {h.label}{matched}")
    return "\n".join(lines)


def format_mentions(found: Sequence[NoteMention]) -> str:
    """``path  ×3  lines 5, 7, 9`` lines, defining notes marked."""
    out = []
    for m in found:
        mark = " (defines)" if m.defines else ""
        lines = f"  lines {', '.join(map(str, m.lines))}" if m.lines else ""
        out.append(f"{m.path}{mark}  ×{m.count}{lines}")
    return "\n".join(out)


def format_prerequisites(concepts: Sequence[ConceptNode]) -> str:
    """Numbered, in learning order."""
    return "\n".join(f"{i}. {c.name}" for i, c in enumerate(concepts, 1))


def format_concept(index: AtlasIndex, concept: ConceptNode) -> str:
    """What ``noteatlas show`` prints: kind, year and its source, aliases, summary, relations,
    prerequisites, papers and the notes that mention it."""
    head = f"{concept.name} · {concept.concept_kind.value}"
    if concept.year:
        head += f" · {concept.year}" + (f" ({concept.year_source})" if concept.year_source else "")
    lines = [head]
    if concept.year_note:
        lines.append(f"  year note: {concept.year_note}")
    if concept.aliases:
        lines.append(f"aliases: {', '.join(concept.aliases)}")
    if concept.summary:
        lines.append(concept.summary)
    relations = [
        e for e in (*index.out_edges(concept.id), *index.in_edges(concept.id)) if is_relation(e)
    ]
    if relations:
        lines.append("relations:")
        for e in sorted(relations, key=lambda e: (e.kind.value, e.source, e.target)):
            if e.source == concept.id:
                text = f"-{e.kind.value}-> {index.get(e.target).label}"
            else:
                text = f"<-{e.kind.value}- {index.get(e.source).label}"
            lines.append(f"  {text}   {format_evidence(e.evidence)}")
    if learn := prerequisites(index, concept.id):
        lines.append(f"prerequisites: {', '.join(c.name for c in learn)}")
    for paper in papers_about(index, concept.id):
        year = f" ({paper.year})" if paper.year else ""
        lines.append(f"paper: {paper.title or paper.paper_id}{year}  {paper.id}")
    if notes := notes_mentioning(index, concept.id):
        lines.append("notes:")
        lines.extend(f"  {line}" for line in format_mentions(notes).splitlines())
    return "\n".join(lines)


__all__ = [
    "format_concept",
    "format_evidence",
    "format_mentions",
    "format_neighbors",
    "format_path",
    "format_prerequisites",
    "format_search",
    "format_step",
    "format_timeline",
]
