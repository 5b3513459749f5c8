"""Lists about concepts: what came when, what to learn first, which papers and notes."""

from __future__ import annotations

from noteatlas.query.find import find_concept
from noteatlas.query.index import AtlasIndex
from noteatlas.query.models import NoteMention, TimelineEntry
from noteatlas.schema import (
    ConceptKind,
    ConceptNode,
    EdgeKind,
    NodeKind,
    NoteNode,
    PaperNode,
)
from noteatlas.schema.errors import ConfigError, shown


def timeline(
    index: AtlasIndex, kind: str | None = None, start: int | None = None, end: int | None = None
) -> list[TimelineEntry]:
    """Dated concepts and papers from ``start`` to ``end`` (inclusive), oldest first.

    ``kind`` is a node kind (``concept``, ``paper``) or a concept kind (``model``, ``problem`` ...).
    """
    node_kinds = {NodeKind.CONCEPT.value, NodeKind.PAPER.value}
    concept_kinds = {k.value for k in ConceptKind}
    if kind is not None and kind not in node_kinds | concept_kinds:
        valid = ", ".join(sorted(node_kinds | concept_kinds))
        raise ConfigError(f"Unknown timeline kind {shown(kind)}.", f"Kinds: {valid}.")
    out = []
    for node in index.nodes():
        if isinstance(node, ConceptNode) and kind in (None, "concept", node.concept_kind.value):
            entry = TimelineEntry(year=node.year or 0, id=node.id, label=node.label,
                                  node_kind=node.kind, kind=node.concept_kind.value,
                                  year_source=node.year_source)  # fmt: skip
        elif isinstance(node, PaperNode) and kind in (None, "paper"):
            entry = TimelineEntry(year=node.year or 0, id=node.id, label=node.label,
                                  node_kind=node.kind, kind=node.venue)  # fmt: skip
        else:
            continue
        if getattr(node, "year", None) is None:
            continue
        if (start is None or entry.year >= start) and (end is None or entry.year <= end):
            out.append(entry)
    return sorted(out, key=lambda e: (e.year, e.node_kind.value, e.label.casefold(), e.id))


def prerequisites(index: AtlasIndex, x: str) -> list[ConceptNode]:
    """Everything to learn before ``x``, transitively, in an order one can learn it in.

    Follows ``prerequisite_of`` edges backwards; each concept comes after its own prerequisites,
    and, where that adds no cycle, after what it builds on (``LSTM variant_of RNN``: RNN first).
    Ties go to undated basics, then to older concepts, then by name; a cycle is learnt together.
    """
    goal = find_concept(index, x).id
    arcs: list[tuple[str, str]] = []
    todo, seen = [goal], {goal}
    while todo:
        node = todo.pop()
        for edge in index.in_edges(node, EdgeKind.PREREQUISITE_OF):
            arcs.append((edge.source, node))
            if edge.source not in seen:
                seen.add(edge.source)
                todo.append(edge.source)
    seen.discard(goal)
    if not seen:
        return []
    # Here, and only past this point: the exporters import this module and never need networkx
    # (0.25 s), and most concepts have no prerequisites.
    import networkx as nx

    graph: nx.DiGraph = nx.DiGraph(arcs)
    for node in sorted(seen):
        for edge in index.out_edges(node, _BUILDS_ON):
            before = edge.target
            if before in seen and not nx.has_path(graph, node, before):
                graph.add_edge(before, node)
    key = {n: _learning_key(index, n) for n in graph}
    dag = nx.condensation(graph)
    groups: dict[int, list[str]] = {}
    for node, group in dag.graph["mapping"].items():
        groups.setdefault(group, []).append(node)
    order = nx.lexicographical_topological_sort(dag, key=lambda g: min(key[n] for n in groups[g]))
    out = []
    for group in order:
        for node in sorted(groups[group], key=key.__getitem__):
            if node in seen and isinstance(concept := index.get(node), ConceptNode):
                out.append(concept)
    return out


#: Relations whose target is best learnt before their source.
_BUILDS_ON = frozenset(
    {EdgeKind.BASED_ON, EdgeKind.USES, EdgeKind.VARIANT_OF, EdgeKind.IMPROVES_ON, EdgeKind.IS_A,
     EdgeKind.PART_OF}
)  # fmt: skip


def _learning_key(index: AtlasIndex, node: str) -> str:
    concept = index.get(node)
    year = getattr(concept, "year", None) or 0
    return f"{year:04d}\0{concept.label.casefold()}\0{node}"


def papers_about(index: AtlasIndex, x: str) -> list[PaperNode]:
    """Papers that introduce ``x``: its defining paper first, then by confidence and year."""
    concept = find_concept(index, x)
    ranked: dict[str, tuple[float, int, str]] = {}
    for edge in index.in_edges(concept.id, EdgeKind.INTRODUCES):
        paper = index.get(edge.source)
        if isinstance(paper, PaperNode):
            first = 0.0 if paper.id == concept.paper else 1.0
            ranked[paper.id] = (first - edge.confidence, paper.year or 9999, paper.id)
    if concept.paper and concept.paper in index and concept.paper not in ranked:
        ranked[concept.paper] = (-2.0, 0, concept.paper)
    out = []
    for pid in sorted(ranked, key=ranked.__getitem__):
        paper = index.get(pid)
        if isinstance(paper, PaperNode):
            out.append(paper)
    return out


def notes_mentioning(index: AtlasIndex, x: str) -> list[NoteMention]:
    """Notes that define or mention ``x``: defining notes first, then by number of mentions."""
    concept = find_concept(index, x)
    found: dict[str, dict[str, object]] = {}
    for edge in index.in_edges(concept.id, (EdgeKind.MENTIONS, EdgeKind.DEFINES)):
        note = index.get(edge.source)
        if not isinstance(note, NoteNode):
            continue
        row = found.setdefault(note.id, {"defines": False, "count": 0, "lines": []})
        if edge.kind is EdgeKind.DEFINES:
            row["defines"] = True
        else:
            row["count"] = int(edge.weight)
            row["lines"] = sorted({e.line for e in edge.evidence if e.line})
    out = []
    for nid, row in found.items():
        note = index.get(nid)
        assert isinstance(note, NoteNode)
        out.append(NoteMention(id=nid, path=note.path, title=note.title, **row))  # type: ignore[arg-type]
    return sorted(out, key=lambda m: (not m.defines, -m.count, m.path))


__all__ = ["notes_mentioning", "papers_about", "prerequisites", "timeline"]
