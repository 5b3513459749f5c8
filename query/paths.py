"""How two nodes connect: typed paths (a lineage the notes state first) and neighbourhoods."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable

from noteatlas.query.find import at_least, edge_kinds, node_id
from noteatlas.query.index import AtlasIndex
from noteatlas.query.models import Neighbor, Step
from noteatlas.schema import RELATION_KINDS, EdgeKind, Evidence
from noteatlas.schema.edges import EdgeLike
from noteatlas.schema.errors import NotFoundError, shown

#: Cost of walking an edge of each kind in ``path``: strong, typed relations are cheap.
PATH_COST: dict[EdgeKind, float] = {
    **{kind: 1.0 for kind in EdgeKind if kind in RELATION_KINDS},  # in EdgeKind's order
    EdgeKind.PREREQUISITE_OF: 1.5,
    EdgeKind.LEADS_TO: 1.5,
    EdgeKind.SUBTOPIC_OF: 3.0,
    EdgeKind.CO_MENTIONED: 5.0,
}
#: Cost of document edges (mentions, cites ...) when ``kinds`` asks for them.
DOCUMENT_COST = 2.0
#: Kinds of the relations a first search walks, when the notes state them: a chain of these is
#: preferred to any path with a relation only a vocabulary knows (and to weak edges).
STATED_KINDS = frozenset({*RELATION_KINDS, EdgeKind.PREREQUISITE_OF, EdgeKind.LEADS_TO})


def _steps_from(index: AtlasIndex, node: str, kinds: frozenset[EdgeKind] | None) -> list[Step]:
    """Every edge at a node, walked away from it, in a stable order."""
    steps = []
    walks = ((index.out_edges(node, kinds), "forward"), (index.in_edges(node, kinds), "backward"))
    for edges, direction in walks:
        for edge in edges:
            other = edge.target if direction == "forward" else edge.source
            steps.append(
                Step(
                    source=node,
                    source_label=index.label(node),
                    kind=edge.kind,
                    direction=direction,  # type: ignore[arg-type]
                    target=other,
                    target_label=index.label(other),
                    confidence=edge.confidence,
                    evidence=[e.as_model() for e in edge.evidence],
                )
            )
    steps.sort(key=lambda s: (s.target, s.kind.value, s.direction))
    return steps


def _cost(step: Step, kinds: frozenset[EdgeKind] | None, stated: bool) -> float | None:
    base = PATH_COST.get(step.kind)
    if stated and (step.kind not in STATED_KINDS or not step.from_notes):
        return None
    if base is None:
        if kinds is None:
            return None
        base = DOCUMENT_COST
    return base + (1.0 - step.confidence) * 0.25


def path(
    index: AtlasIndex,
    a: str,
    b: str,
    *,
    kinds: Iterable[EdgeKind | str] | None = None,
    max_len: int = 8,
) -> list[Step]:
    """How ``a`` leads to ``b``: typed steps, each with its evidence, at most ``max_len`` long.

    A lineage the notes state themselves comes first: when arrow chains lead from ``a`` to ``b``
    (``word2vec → static embedding → polysemy → BiRNN → ELMo → BERT``), the path follows them,
    each hop shown as the typed relation known between its two ends when there is one
    (``word2vec -is_a-> static embedding -has_problem-> polysemy``), else as ``leads_to``.
    Otherwise it is the cheapest chain of edges in either direction: typed relations cost 1,
    ``leads_to`` and ``prerequisite_of`` 1.5, ``subtopic_of`` 3, ``co_mentioned`` 5, a little more
    the less sure the edge; document edges (mentions, cites ...) are walked only when ``kinds``
    names them. A chain of relations the notes state (``STATED_KINDS``, with a note line), when
    there is one, comes before any path with a relation only a vocabulary knows. Each step says
    which way its edge points. ``a == b`` gives []; no path raises ``NotFoundError``.
    """
    at_least("max_len", max_len, 1, "--max-len 8 (max_len=8)")
    only = edge_kinds(kinds)
    start, goal = node_id(index, a), node_id(index, b)
    if start == goal:
        return []
    if only is None and (stated := _stated_lineage(index, start, goal, max_len)):
        return stated
    found = _cheapest(index, start, goal, only, max_len, stated=True)
    found = found or _cheapest(index, start, goal, only, max_len, stated=False)
    if found:
        return found
    raise NotFoundError(
        f"No path from {shown(a)} to {shown(b)} within {max_len} steps.",
        "Allow more edge kinds (kinds=...) or longer paths (max_len=...).",
    )


def _cheapest(
    index: AtlasIndex,
    start: str,
    goal: str,
    only: frozenset[EdgeKind] | None,
    max_len: int,
    *,
    stated: bool,
) -> list[Step]:
    """The cheapest path (``path``'s costs), or []; ``stated``: over relations the notes state."""
    heap: list[tuple[float, int, str]] = [(0.0, 0, start)]
    best: dict[tuple[str, int], float] = {(start, 0): 0.0}
    back: dict[tuple[str, int], tuple[tuple[str, int], Step]] = {}
    settled: dict[str, list[tuple[int, float]]] = {}
    while heap:
        cost, hops, node = heapq.heappop(heap)
        if cost > best[(node, hops)] or _dominated(settled, node, hops, cost):
            continue
        settled.setdefault(node, []).append((hops, cost))
        if node == goal:
            steps: list[Step] = []
            state = (node, hops)
            while state in back:
                state, step = back[state]
                steps.append(step)
            return steps[::-1]
        if hops == max_len:
            continue
        for step in _steps_from(index, node, only):
            weight = _cost(step, only, stated)
            nxt = (step.target, hops + 1)
            if weight is None or cost + weight >= best.get(nxt, float("inf")):
                continue
            best[nxt] = cost + weight
            back[nxt] = ((node, hops), step)
            heapq.heappush(heap, (cost + weight, hops + 1, step.target))
    return []


def _stated_lineage(index: AtlasIndex, start: str, goal: str, max_len: int) -> list[Step]:
    """The lineage the notes state from start to goal: one arrow chain that holds both (the
    shortest such line), else the shortest forward run of ``leads_to`` edges; each hop shown as
    the typed relation between its ends where the index knows one, with the chain's evidence."""
    nodes = _one_chain(index, start, goal, max_len) or _chained(index, start, goal, max_len)
    steps = []
    for u, v in itertools.pairwise(nodes):
        hops = [s for s in _steps_from(index, u, None) if s.target == v]
        lead = next(s for s in hops if s.kind == EdgeKind.LEADS_TO and s.direction == "forward")
        typed = sorted(
            (s for s in hops if s.kind in RELATION_KINDS),
            key=lambda s: (
                not s.from_notes,
                TELLING.index(s.kind),
                s.direction != "forward",
                -s.confidence,
            ),
        )  # what the notes state first, then the most telling
        if typed:
            evidence = sorted({*typed[0].evidence, *lead.evidence}, key=Evidence.sort_key)
            steps.append(typed[0].model_copy(update={"evidence": evidence}))
        else:
            steps.append(lead)
    return steps


#: Which relation explains a hop of a lineage best, most telling first.
TELLING = [
    EdgeKind.IS_A, EdgeKind.HAS_PROBLEM, EdgeKind.ADDRESSES, EdgeKind.BASED_ON, EdgeKind.PART_OF,
    EdgeKind.VARIANT_OF, EdgeKind.IMPROVES_ON, EdgeKind.USES, EdgeKind.PRECEDES,
    EdgeKind.PREREQUISITE_OF, EdgeKind.RELATED_TO,
]  # fmt: skip


def _leads(index: AtlasIndex, node: str) -> list[tuple[str, EdgeLike]]:
    edges = index.out_edges(node, EdgeKind.LEADS_TO)
    return sorted(((edge.target, edge) for edge in edges), key=lambda pair: pair[0])


def _one_chain(index: AtlasIndex, start: str, goal: str, max_len: int) -> list[str]:
    """Nodes of the shortest single arrow chain (one file and line) running from start to goal."""
    lines = {(e.file, e.line) for _, edge in _leads(index, start) for e in edge.evidence}
    best: list[str] = []
    for line in sorted(lines, key=lambda fl: (fl[0] or "", fl[1] or 0)):
        walk, node = [start], start
        while node != goal and len(walk) <= max_len:
            nxt = [v for v, edge in _leads(index, node)
                   if v not in walk and any((e.file, e.line) == line for e in edge.evidence)]  # fmt: skip
            if not nxt:
                break
            node = nxt[0]
            walk.append(node)
        if node == goal and (not best or len(walk) < len(best)):
            best = walk
    return best


def _chained(index: AtlasIndex, start: str, goal: str, max_len: int) -> list[str]:
    """Nodes of the shortest forward run of ``leads_to`` edges from start to goal, or []."""
    previous: dict[str, str] = {start: start}
    frontier = [start]
    for _ in range(max_len):
        nxt = []
        for node in frontier:
            for other, _ in _leads(index, node):
                if other not in previous:
                    previous[other] = node
                    nxt.append(other)
        if goal in previous or not nxt:
            break
        frontier = nxt
    if goal not in previous:
        return []
    nodes = [goal]
    while nodes[-1] != start:
        nodes.append(previous[nodes[-1]])
    return nodes[::-1]


def _dominated(
    settled: dict[str, list[tuple[int, float]]], node: str, hops: int, cost: float
) -> bool:
    """A node already reached in as few steps for as little is not worth expanding again."""
    return any(h <= hops and c <= cost for h, c in settled.get(node, []))


def neighbors(
    index: AtlasIndex, x: str, depth: int = 1, kinds: Iterable[EdgeKind | str] | None = None
) -> list[Neighbor]:
    """Nodes within ``depth`` steps of ``x`` (edges in either direction), nearest first."""
    at_least("depth", depth, 0, "depth=2")
    only = edge_kinds(kinds)
    start = node_id(index, x)
    seen = {start}
    frontier = [start]
    out: list[Neighbor] = []
    for level in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for step in _steps_from(index, node, only):
                if step.target in seen or step.target not in index:  # no node: a broken index
                    continue
                seen.add(step.target)
                nxt.append(step.target)
                kind = index.get(step.target).kind
                out.append(Neighbor(id=step.target, label=step.target_label, node_kind=kind,
                                    depth=level, via=step))  # fmt: skip
        frontier = nxt
    return sorted(out, key=lambda n: (n.depth, n.node_kind.value, n.label, n.id))


__all__ = ["DOCUMENT_COST", "PATH_COST", "STATED_KINDS", "TELLING", "neighbors", "path"]
