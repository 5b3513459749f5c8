"""The lineage mind map: a concept with what it builds on and what it leads to, step by step.

Relations are read as time: ``X based_on Y`` puts Y before X, ``X precedes Y`` puts X first. Each
concept sits once, at its shortest distance from the root; a repeat is a plain leaf.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from noteatlas.atlas import Atlas
from noteatlas.exporters.mindmap_nodes import MindNode, join, year_text
from noteatlas.schema import ConceptNode, EdgeKind
from noteatlas.schema.edges import EdgeLike

LINEAGE_DEPTH = 8
"""How many steps the lineage map follows from its root in each direction."""
LINEAGE_LIMIT = 400
"""Most concepts one lineage branch shows (big vocabularies stay readable)."""

# Relations whose target came first (X based_on Y: Y is earlier) and whose source came first.
_TARGET_FIRST = {
    EdgeKind.BASED_ON: ("based on", "basis of"),
    EdgeKind.IMPROVES_ON: ("improves on", "improved by"),
    EdgeKind.VARIANT_OF: ("variant of", "has variant"),
    EdgeKind.USES: ("uses", "used by"),
    EdgeKind.IS_A: ("is a", "specialised by"),
    EdgeKind.PART_OF: ("part of", "has part"),
    EdgeKind.ADDRESSES: ("addresses", "addressed by"),
}
_SOURCE_FIRST = {
    EdgeKind.PRECEDES: ("precedes", "preceded by"),
    EdgeKind.PREREQUISITE_OF: ("prerequisite of", "needs"),
    EdgeKind.LEADS_TO: ("leads to", "comes from"),
    EdgeKind.HAS_PROBLEM: ("has problem", "problem of"),
}


# Per concept: (neighbour, kind) of the lineage relations leaving it and of those arriving at it.
_Links = dict[str, list[tuple[str, EdgeKind]]]


def _lineage_links(edges: Iterable[EdgeLike]) -> tuple[_Links, _Links]:
    """Lineage relations by source and by target, in one pass (no graph needed)."""
    outgoing: _Links = {}
    incoming: _Links = {}
    for edge in edges:
        if edge.kind in _TARGET_FIRST or edge.kind in _SOURCE_FIRST:
            outgoing.setdefault(edge.source, []).append((edge.target, edge.kind))
            incoming.setdefault(edge.target, []).append((edge.source, edge.kind))
    return outgoing, incoming


def _steps(
    atlas: Atlas, links: tuple[_Links, _Links], concept_id: str, earlier: bool
) -> dict[str, list[str]]:
    """Neighbouring concepts one step earlier (or later), each with the relations that say so."""
    outgoing, incoming = links
    found: dict[str, list[str]] = {}
    for target, kind in outgoing.get(concept_id, ()):
        names = _TARGET_FIRST.get(kind) if earlier else _SOURCE_FIRST.get(kind)
        if names:
            found.setdefault(target, []).append(names[0])
    for source, kind in incoming.get(concept_id, ()):
        names = _SOURCE_FIRST.get(kind) if earlier else _TARGET_FIRST.get(kind)
        if names:
            found.setdefault(source, []).append(names[1])
    concepts = {k for k in found if k in atlas and isinstance(atlas.get(k), ConceptNode)}
    return {k: sorted(set(v)) for k, v in found.items() if k in concepts}


def _byyear_text(atlas: Atlas, ids: list[str]) -> list[str]:
    def key(cid: str) -> tuple[int, str, str]:
        c = atlas.get(cid)
        assert isinstance(c, ConceptNode)
        return (c.year if c.year is not None else 9999, c.name.casefold(), c.id)

    return sorted(ids, key=key)


def _branch(
    atlas: Atlas, links: tuple[_Links, _Links], root_id: str, earlier: bool
) -> tuple[MindNode, ...]:
    """Breadth-first, so each concept sits at its shortest distance; repeats become plain leaves."""
    seen = {root_id}
    kids: dict[str, list[tuple[str, list[str], bool]]] = {}
    queue: deque[tuple[str, int]] = deque([(root_id, 0)])
    while queue:
        current, depth = queue.popleft()
        if depth >= LINEAGE_DEPTH:
            continue
        steps = _steps(atlas, links, current, earlier)
        for cid in _byyear_text(atlas, list(steps)):
            repeat = cid in seen or len(seen) >= LINEAGE_LIMIT
            kids.setdefault(current, []).append((cid, steps[cid], repeat))
            if not repeat:
                seen.add(cid)
                queue.append((cid, depth + 1))
    return _built(atlas, kids, root_id)


def _built(
    atlas: Atlas, kids: dict[str, list[tuple[str, list[str], bool]]], cid: str
) -> tuple[MindNode, ...]:
    # Module-level, not a closure: a recursive closure is a reference cycle, and the CLI runs
    # with the collector off.
    out = []
    for child, relations, repeat in kids.get(cid, []):
        concept = atlas.get(child)
        assert isinstance(concept, ConceptNode)
        detail = join(
            ", ".join(relations), year_text(concept.year), "↑ see above" if repeat else ""
        )
        out.append(
            MindNode(concept.name, detail, children=() if repeat else _built(atlas, kids, child))
        )
    return tuple(out)


def _names(node: MindNode) -> set[str]:
    return {node.text}.union(*(_names(c) for c in node.children))


def _reach(kids: tuple[MindNode, ...]) -> str:
    """``3 directly, 12 in all``: how many concepts a branch reaches (a first view shows only
    the branch)."""
    total = len(set().union(*(_names(k) for k in kids)))  # a repeat ("see above") counts once
    return f"{len(kids)} directly" + (f", {total} in all" if total > len(kids) else "")


def lineage_tree(atlas: Atlas, root: str) -> MindNode:
    """A concept with what it builds on (recursively) and what it leads to (recursively)."""
    concept = atlas.concept(root)
    links = _lineage_links(atlas.parts.edges)
    branches = []
    for label, earlier in (("builds on", True), ("leads to", False)):
        kids = _branch(atlas, links, concept.id, earlier)
        if kids:
            branches.append(MindNode(label, _reach(kids), children=kids))
    detail = join(concept.concept_kind.value, year_text(concept.year))
    return MindNode(concept.name, detail, children=tuple(branches))


__all__ = ["LINEAGE_DEPTH", "LINEAGE_LIMIT", "lineage_tree"]
