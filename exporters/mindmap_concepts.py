"""Mind maps of the concepts: the concept map (eras → kinds → concepts and their relations) and
the year map (years → concepts and papers).

The concept map is the default page: it maps the graph, not the folders. Eras are spans of years
cut where the notes' concepts fall (about ``ERA_SIZE`` concepts each), so a corpus about anything
gets eras that fit it. Inside an era a concept that ``is_a``, is ``part_of`` or is a ``subtopic_of``
another of the same group hangs under it (the taxonomy); every concept lists the concepts its
typed relations reach. With few dated concepts the map groups by kind alone; with fewer than
``MIN_CONCEPTS`` concepts there is no concept map (``concept_tree`` returns None).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from noteatlas.atlas import Atlas
from noteatlas.exporters.mindmap_nodes import MindNode, join, paper_leaf, year_text
from noteatlas.exporters.notelinks import NoteLinks
from noteatlas.schema import ConceptKind, ConceptNode, EdgeKind, NoteNode, PaperNode
from noteatlas.schema.edges import EdgeLike

MIN_CONCEPTS = 3
"""Fewer concepts than this make no concept map (the outline stands in)."""
ERA_SIZE = 15
"""About how many concepts an era holds; there are at most ``MAX_ERAS`` of them."""
MAX_ERAS = 7
"""Most eras the concept map cuts the years into."""
MIN_DATED_SHARE = 0.4
"""Below this share of dated concepts, eras mean little: the map groups by kind alone."""
KIND_GROUPS_OVER = 12
"""An era with more concepts than this (of two kinds or more) is split by kind."""
MAX_RELATED = 12
"""Most related concepts listed under one concept (taxonomy children come on top)."""

# Relation kinds as a concept map reads them from either end: (from the source, from the target),
# in the order they are listed under a concept.
RELATION_PHRASES: dict[EdgeKind, tuple[str, str]] = {
    EdgeKind.IS_A: ("is a", "kind"),
    EdgeKind.PART_OF: ("part of", "part"),
    EdgeKind.SUBTOPIC_OF: ("subtopic of", "subtopic"),
    EdgeKind.PREREQUISITE_OF: ("prerequisite of", "needs"),
    EdgeKind.BASED_ON: ("based on", "basis of"),
    EdgeKind.IMPROVES_ON: ("improves on", "improved by"),
    EdgeKind.VARIANT_OF: ("variant of", "variant"),
    EdgeKind.USES: ("uses", "used by"),
    EdgeKind.ADDRESSES: ("addresses", "addressed by"),
    EdgeKind.HAS_PROBLEM: ("has problem", "problem of"),
    EdgeKind.PRECEDES: ("precedes", "preceded by"),
    EdgeKind.LEADS_TO: ("leads to", "comes from"),
    EdgeKind.RELATED_TO: ("related to", "related to"),
}
"""Phrases a concept map uses for each relation kind."""
_ORDER = {kind: i for i, kind in enumerate(RELATION_PHRASES)}
# Relations that nest a concept under another: the first listed wins.
_TAXONOMY = (EdgeKind.IS_A, EdgeKind.PART_OF, EdgeKind.SUBTOPIC_OF)

KIND_LABELS: dict[ConceptKind, str] = {
    ConceptKind.MODEL: "models",
    ConceptKind.ARCHITECTURE: "architectures",
    ConceptKind.TECHNIQUE: "techniques",
    ConceptKind.CONCEPT: "concepts",
    ConceptKind.PROBLEM: "problems",
    ConceptKind.TASK: "tasks",
    ConceptKind.DATASET: "datasets",
    ConceptKind.METRIC: "metrics",
}
"""Kind group labels, in the order groups are listed."""
_KIND_ORDER = {kind: i for i, kind in enumerate(KIND_LABELS)}


@dataclass(frozen=True)
class _Related:
    """Another concept one typed relation away."""

    target: str
    order: int
    phrase: str


def _relations(
    edges: Iterable[EdgeLike], ids: Mapping[str, ConceptNode]
) -> dict[str, list[_Related]]:
    """Typed relations per concept, read from both ends (no self-loops, no co-mentions)."""
    out: dict[str, list[_Related]] = {}
    for edge in edges:
        phrases = RELATION_PHRASES.get(edge.kind)
        if phrases is None or edge.source == edge.target:
            continue
        if edge.source in ids and edge.target in ids:
            order = _ORDER[edge.kind]
            out.setdefault(edge.source, []).append(_Related(edge.target, order, phrases[0]))
            out.setdefault(edge.target, []).append(_Related(edge.source, order, phrases[1]))
    return out


def _taxonomy_parents(
    edges: Iterable[EdgeLike], group_of: Mapping[str, int], ids: Mapping[str, ConceptNode]
) -> dict[str, str]:
    """For each concept of ``group_of`` (concept -> group), the concept of its own group it hangs
    under (first by relation kind, then name); a choice that would close a cycle is dropped."""
    candidates: dict[str, list[tuple[int, str, str]]] = {}
    for edge in edges:
        if edge.kind not in _TAXONOMY or edge.source == edge.target:
            continue
        child, parent = edge.source, edge.target
        if child in group_of and parent in group_of and group_of[child] == group_of[parent]:
            key = (_TAXONOMY.index(edge.kind), ids[parent].name.casefold(), parent)
            candidates.setdefault(child, []).append(key)
    parents: dict[str, str] = {}
    for child in sorted(candidates, key=lambda c: (ids[c].name.casefold(), c)):
        for _, _, parent in sorted(candidates[child]):
            up: str | None = parent
            while up is not None and up != child:
                up = parents.get(up)
            if up is None:  # walking up from the parent never meets the child: no cycle
                parents[child] = parent
                break
    return parents


def eras(years: Sequence[int]) -> list[tuple[int, int]]:
    """Spans of years ``(first, last)`` holding about the same number of the given years each."""
    counts: dict[int, int] = {}
    for year in years:
        counts[year] = counts.get(year, 0) + 1
    if not counts:
        return []
    wanted = max(1, min(MAX_ERAS, round(len(years) / ERA_SIZE)))
    spans: list[tuple[int, int]] = []
    start: int | None = None
    held = 0
    done = 0
    ordered = sorted(counts)
    for i, year in enumerate(ordered):
        start = year if start is None else start
        held += counts[year]
        left = wanted - len(spans)
        # Close the span once it holds its share of what is left to place.
        if left > 1 and held >= (len(years) - done) / left and i < len(ordered) - 1:
            spans.append((start, year))
            done += held
            start, held = None, 0
    if start is not None:
        spans.append((start, ordered[-1]))
    return spans


def _span_label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


class _ConceptMap:
    """What the concept map needs, gathered once: concepts, relations, notes that define them."""

    def __init__(self, atlas: Atlas, links: NoteLinks) -> None:
        self.concepts: dict[str, ConceptNode] = {c.id: c for c in atlas.concepts()}
        edges = atlas.parts.edges
        self.related = _relations(edges, self.concepts)
        self.papers: dict[str, PaperNode] = {p.id: p for p in atlas.papers()}
        notes = {n.id: n for n in atlas.notes()}
        self.href: dict[str, str] = {}
        defined: dict[str, list[NoteNode]] = {}
        for edge in edges:
            if edge.kind == EdgeKind.DEFINES and edge.source in notes:
                defined.setdefault(edge.target, []).append(notes[edge.source])
        for cid, by in defined.items():
            href = links.note(min(by, key=lambda n: n.path).path)
            if href:
                self.href[cid] = href
        # Every group looks at these; a big atlas has millions of other edges.
        self.taxonomy = [e for e in edges if e.kind in _TAXONOMY]

    def key(self, cid: str) -> tuple[int, str, str]:
        """Year, then name: the order concepts are listed in."""
        c = self.concepts[cid]
        return (c.year if c.year is not None else 9999, c.name.casefold(), cid)

    def weight(self, cid: str) -> int:
        """How many typed relations a concept has (the best known of an era are named on it)."""
        return len(self.related.get(cid, ()))

    def node(
        self,
        cid: str,
        nested: Mapping[str, list[str]],
        in_kind_group: bool,
        parent: str | None = None,
    ) -> MindNode:
        """A concept with its paper, the concepts nested under it and its related concepts (but
        the ``parent`` it hangs under, which the map already shows)."""
        c = self.concepts[cid]
        kids: list[MindNode] = []
        paper = self.papers.get(c.paper or "")
        if paper is not None:
            kids.append(paper_leaf(paper))
        under = sorted(nested.get(cid, ()), key=self.key)
        kids += [self.node(sub, nested, in_kind_group, cid) for sub in under]
        shown = {*under, parent}
        by_target: dict[str, list[_Related]] = {}
        for rel in self.related.get(cid, ()):
            if rel.target not in shown:
                by_target.setdefault(rel.target, []).append(rel)
        ranked = sorted(
            by_target.items(), key=lambda kv: (min(r.order for r in kv[1]), self.key(kv[0]))
        )
        for target, rels in ranked[:MAX_RELATED]:
            other = self.concepts[target]
            phrases = sorted({(r.order, r.phrase) for r in rels})
            detail = join(", ".join(p for _, p in phrases), year_text(other.year))
            kids.append(MindNode(other.name, detail, href=self.href.get(target)))
        if len(ranked) > MAX_RELATED:
            kids.append(MindNode(f"… {len(ranked) - MAX_RELATED} more related"))
        kind = "" if in_kind_group else c.concept_kind.value
        return MindNode(
            c.name, join(kind, year_text(c.year)), href=self.href.get(cid), children=tuple(kids)
        )

    def group(self, ids: list[str], split_by_kind: bool) -> tuple[MindNode, ...]:
        """The concepts of one era (or of all when there are no eras), by kind when it helps."""
        kinds = {self.concepts[c].concept_kind for c in ids}
        by_kind = split_by_kind and len(kinds) > 1
        group_of = {c: _KIND_ORDER[self.concepts[c].concept_kind] if by_kind else 0 for c in ids}
        parents = _taxonomy_parents(self.taxonomy, group_of, self.concepts)
        nested: dict[str, list[str]] = {}
        for child, parent in parents.items():
            nested.setdefault(parent, []).append(child)
        tops = sorted((c for c in ids if c not in parents), key=self.key)
        if not by_kind:
            return tuple(self.node(c, nested, False) for c in tops)
        out = []
        for kind, label in KIND_LABELS.items():
            members = [c for c in tops if self.concepts[c].concept_kind == kind]
            if members:
                count = sum(1 for c in ids if self.concepts[c].concept_kind == kind)
                kids = tuple(self.node(c, nested, True) for c in members)
                out.append(MindNode(label, str(count), children=kids))
        return tuple(out)

    def era_detail(self, ids: list[str]) -> str:
        """``N concepts · A, B, C``: the count and the three with the most relations."""
        best = sorted(ids, key=lambda c: (-self.weight(c), self.key(c)))[:3]
        names = ", ".join(self.concepts[c].name for c in best if self.weight(c))
        return join(f"{len(ids)} concepts", names)


def concept_tree(atlas: Atlas, links: NoteLinks | None = None) -> MindNode | None:
    """Eras → kinds → concepts (nested by taxonomy) → related concepts; None when the atlas has
    fewer than ``MIN_CONCEPTS`` concepts. Concepts link to the note that defines them."""
    data = _ConceptMap(atlas, links or NoteLinks())
    ids = sorted(data.concepts, key=data.key)
    root = atlas.parts.root or "notes"
    if len(ids) < MIN_CONCEPTS:
        return None
    dated = [c for c in ids if data.concepts[c].year is not None]
    if len(dated) < MIN_DATED_SHARE * len(ids):
        return MindNode(root, "concepts by kind", children=data.group(ids, True))
    branches = []
    for first, last in eras([data.concepts[c].year or 0 for c in dated]):
        members = [c for c in dated if first <= (data.concepts[c].year or 0) <= last]
        split = len(members) > KIND_GROUPS_OVER
        kids = data.group(members, split)
        branches.append(MindNode(_span_label(first, last), data.era_detail(members), children=kids))
    undated = [c for c in ids if data.concepts[c].year is None]
    if undated:
        kids = data.group(undated, len(undated) > KIND_GROUPS_OVER)
        branches.append(MindNode("undated", data.era_detail(undated), children=kids))
    return MindNode(root, "concepts", children=tuple(branches))


def year_tree(atlas: Atlas) -> MindNode:
    """Years → concepts (each with its paper) and the papers no concept of that year claims."""
    papers = {p.id: p for p in atlas.papers()}
    years: dict[int | None, list[tuple[tuple[int, str], MindNode]]] = {}
    claimed: set[str] = set()
    for c in sorted(atlas.concepts(), key=lambda c: (c.name.casefold(), c.id)):
        paper = papers.get(c.paper or "")
        kids = (paper_leaf(paper),) if paper else ()
        if paper and paper.year == c.year:
            claimed.add(paper.id)
        node = MindNode(c.name, c.concept_kind.value, children=kids)
        years.setdefault(c.year, []).append(((0, c.name.casefold()), node))
    for p in papers.values():
        if p.year is not None and p.id not in claimed:
            key = (1, (p.title or p.paper_id).casefold())
            years.setdefault(p.year, []).append((key, paper_leaf(p)))
    branches = [
        MindNode(str(y), children=tuple(n for _, n in sorted(years[y], key=lambda x: x[0])))
        for y in sorted(y for y in years if y is not None)
    ]
    if None in years:
        undated = tuple(n for _, n in sorted(years[None], key=lambda x: x[0]))
        branches.append(MindNode("undated", fold=True, children=undated))
    return MindNode(atlas.parts.root or "notes", "by year", children=tuple(branches))


__all__ = [
    "ERA_SIZE",
    "KIND_LABELS",
    "MAX_ERAS",
    "MIN_CONCEPTS",
    "RELATION_PHRASES",
    "concept_tree",
    "eras",
    "year_tree",
]
