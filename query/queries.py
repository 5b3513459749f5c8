"""Questions asked of a built atlas: which concept is this name, how do two concepts connect, what
came when, what to learn first, which papers and notes are about a concept.

Every function takes an ``Atlas`` and returns pydantic values (``--json`` dumps them as they are);
names are alias-aware (any case, any width, ``BERT模型`` is BERT). The text formatters for the CLI
live in ``graph/queryformat.py``; ``search`` lives in ``graph/search.py``.
"""

from __future__ import annotations

import difflib
import heapq
import itertools
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from noteatlas.errors import ConfigError, NotFoundError
from noteatlas.graph.concepts.names import Matcher, fold_key
from noteatlas.query.search import SearchHit, search
from noteatlas.schema import (
    RELATION_KINDS,
    ConceptKind,
    ConceptNode,
    Edge,
    EdgeKind,
    Evidence,
    NodeKind,
    NoteNode,
    PaperNode,
)

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas

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

Direction = Literal["forward", "backward"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Step(_Frozen):
    """One step of a path or neighbourhood: an edge walked in one direction, with its evidence."""

    source: str
    """Node id the step starts from."""
    source_label: str
    """Its label."""
    kind: EdgeKind
    """Kind of the edge walked."""
    direction: Direction
    """``forward`` when the edge points from source to target, ``backward`` otherwise."""
    target: str
    """Node id the step ends at."""
    target_label: str
    """Its label."""
    confidence: float
    """Confidence of the edge."""
    evidence: list[Evidence]
    """Where the edge was seen."""


class Neighbor(_Frozen):
    """A node near another one, and the step that reached it."""

    id: str
    """Node id."""
    label: str
    """Node label."""
    node_kind: NodeKind
    """Kind of node."""
    depth: int
    """Number of steps from the start."""
    via: Step
    """The step that reached it first."""


class TimelineEntry(_Frozen):
    """A dated concept or paper."""

    year: int
    """Year."""
    id: str
    """Node id."""
    label: str
    """Node label."""
    node_kind: NodeKind
    """``concept`` or ``paper``."""
    kind: str | None = None
    """Concept kind, or the paper's venue."""
    year_source: str | None = None
    """Where a concept's year came from."""


class NoteMention(_Frozen):
    """A note that mentions or defines a concept."""

    id: str
    """Note node id."""
    path: str
    """Corpus-relative path."""
    title: str
    """Note title."""
    defines: bool
    """True when the note defines the concept."""
    count: int
    """Number of mentions."""
    lines: list[int]
    """Lines of the mentions (as many as the evidence keeps)."""


class _Index:
    """Names of an atlas's concepts, built once per atlas."""

    def __init__(self, atlas: Atlas) -> None:
        concepts = atlas.concepts()
        names = [(c.name, c.id) for c in concepts]
        names += [(a, c.id) for c in concepts for a in c.aliases]
        self.matcher = Matcher(names)
        self.keys: dict[str, str] = {}
        for text, cid in names:
            self.keys.setdefault(fold_key(text), cid)


_INDEXES: dict[int, tuple[weakref.ref[Atlas], _Index]] = {}


def _index(atlas: Atlas) -> _Index:
    found = _INDEXES.get(id(atlas))
    if found is not None and found[0]() is atlas:
        return found[1]
    index = _Index(atlas)
    key = id(atlas)
    _INDEXES[key] = (weakref.ref(atlas, lambda _ref: _INDEXES.pop(key, None)), index)
    return index


def find_concept(atlas: Atlas, name: str) -> ConceptNode:
    """The concept called ``name``: its id, name or any alias, in any case or width.

    Also ``BERT模型`` or ``LSTM模型结构`` (a name plus generic words). Raises ``NotFoundError``
    with close matches in ``candidates`` when nothing fits.
    """
    text = str(name).strip()
    index = _index(atlas)
    for given in (text, f"concept:{text}"):
        if given.startswith("concept:") and given in atlas:
            node = atlas.get(given)
            if isinstance(node, ConceptNode):
                return node
    found = index.matcher.lookup(text) or index.matcher.named(text, strict=False)
    if found is not None:
        node = atlas.get(found)
        assert isinstance(node, ConceptNode)
        return node
    key = fold_key(text)
    close = difflib.get_close_matches(key, list(index.keys), n=8, cutoff=0.6)
    close += [k for k in index.keys if key and key in k]
    labels = list(dict.fromkeys(atlas.get(index.keys[k]).label for k in close))[:5]
    hint = f"Did you mean: {', '.join(labels)}?" if labels else "Try `noteatlas search`."
    raise NotFoundError(f"No concept named {text!r}.", hint, candidates=labels)


def _node_id(atlas: Atlas, name: str) -> str:
    """A node id as given (``note:...``, ``paper:...``), else the concept of that name."""
    return name if name in atlas else find_concept(atlas, name).id


def _kinds(kinds: Iterable[EdgeKind | str] | None) -> frozenset[EdgeKind] | None:
    if kinds is None:
        return None
    out = set()
    for k in [kinds] if isinstance(kinds, str) else kinds:
        try:
            out.add(EdgeKind(k))
        except ValueError:
            valid = ", ".join(e.value for e in EdgeKind)
            raise ConfigError(f"Unknown edge kind {k!r}.", f"Edge kinds: {valid}.") from None
    return frozenset(out)


def _steps_from(atlas: Atlas, node: str, kinds: frozenset[EdgeKind] | None) -> list[Step]:
    """Every edge at a node, walked away from it, in a stable order."""
    steps = []
    walks = ((atlas.out_edges(node), "forward"), (atlas.in_edges(node), "backward"))
    for edges, direction in walks:
        for edge in edges:
            if kinds is not None and edge.kind not in kinds:
                continue
            other = edge.target if direction == "forward" else edge.source
            steps.append(
                Step(
                    source=node,
                    source_label=_label(atlas, node),
                    kind=edge.kind,
                    direction=direction,  # type: ignore[arg-type]
                    target=other,
                    target_label=_label(atlas, other),
                    confidence=edge.confidence,
                    evidence=edge.evidence,
                )
            )
    steps.sort(key=lambda s: (s.target, s.kind.value, s.direction))
    return steps


def _label(atlas: Atlas, node: str) -> str:
    """A node's label; an edge end that is no node (a hand-edited atlas) is its id."""
    return atlas.get(node).label if node in atlas else node


def _cost(step: Step, kinds: frozenset[EdgeKind] | None) -> float | None:
    base = PATH_COST.get(step.kind)
    if base is None:
        if kinds is None:
            return None
        base = DOCUMENT_COST
    return base + (1.0 - step.confidence) * 0.25


def path(
    atlas: Atlas,
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
    Otherwise it is the cheapest chain of edges in either direction: typed relations cost 1, ``leads_to`` and ``prerequisite_of`` 1.5, ``subtopic_of`` 3,
    ``co_mentioned`` 5; document edges (mentions, cites ...) are walked only when ``kinds`` names
    them. Each step says which way its edge points. ``a == b`` gives []; no path raises
    ``NotFoundError``.
    """
    only = _kinds(kinds)
    start, goal = _node_id(atlas, a), _node_id(atlas, b)
    if start == goal:
        return []
    if only is None and (stated := _stated_lineage(atlas, start, goal, max_len)):
        return stated
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
        for step in _steps_from(atlas, node, only):
            weight = _cost(step, only)
            nxt = (step.target, hops + 1)
            if weight is None or cost + weight >= best.get(nxt, float("inf")):
                continue
            best[nxt] = cost + weight
            back[nxt] = ((node, hops), step)
            heapq.heappush(heap, (cost + weight, hops + 1, step.target))
    raise NotFoundError(
        f"No path from {a!r} to {b!r} within {max_len} steps.",
        "Allow more edge kinds (kinds=...) or longer paths (max_len=...).",
    )


def _stated_lineage(atlas: Atlas, start: str, goal: str, max_len: int) -> list[Step]:
    """The lineage the notes state from start to goal: one arrow chain that holds both (the
    shortest such line), else the shortest forward run of ``leads_to`` edges; each hop shown as
    the typed relation between its ends where the atlas knows one, with the chain's evidence."""
    nodes = _one_chain(atlas, start, goal, max_len) or _chained(atlas, start, goal, max_len)
    steps = []
    for u, v in itertools.pairwise(nodes):
        hops = [s for s in _steps_from(atlas, u, None) if s.target == v]
        lead = next(s for s in hops if s.kind == EdgeKind.LEADS_TO and s.direction == "forward")
        typed = sorted(
            (s for s in hops if s.kind in RELATION_KINDS),
            key=lambda s: (TELLING.index(s.kind), s.direction != "forward", -s.confidence),
        )
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


def _leads(atlas: Atlas, node: str) -> list[tuple[str, Edge]]:
    edges = atlas.out_edges(node, EdgeKind.LEADS_TO)
    return sorted(((edge.target, edge) for edge in edges), key=lambda pair: pair[0])


def _one_chain(atlas: Atlas, start: str, goal: str, max_len: int) -> list[str]:
    """Nodes of the shortest single arrow chain (one file and line) running from start to goal."""
    lines = {(e.file, e.line) for _, edge in _leads(atlas, start) for e in edge.evidence}
    best: list[str] = []
    for line in sorted(lines, key=lambda fl: (fl[0] or "", fl[1] or 0)):
        walk, node = [start], start
        while node != goal and len(walk) <= max_len:
            nxt = [v for v, edge in _leads(atlas, node)
                   if v not in walk and any((e.file, e.line) == line for e in edge.evidence)]  # fmt: skip
            if not nxt:
                break
            node = nxt[0]
            walk.append(node)
        if node == goal and (not best or len(walk) < len(best)):
            best = walk
    return best


def _chained(atlas: Atlas, start: str, goal: str, max_len: int) -> list[str]:
    """Nodes of the shortest forward run of ``leads_to`` edges from start to goal, or []."""
    previous: dict[str, str] = {start: start}
    frontier = [start]
    for _ in range(max_len):
        nxt = []
        for node in frontier:
            for other, _ in _leads(atlas, node):
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
    atlas: Atlas, x: str, depth: int = 1, kinds: Iterable[EdgeKind | str] | None = None
) -> list[Neighbor]:
    """Nodes within ``depth`` steps of ``x`` (edges in either direction), nearest first."""
    only = _kinds(kinds)
    start = _node_id(atlas, x)
    seen = {start}
    frontier = [start]
    out: list[Neighbor] = []
    for level in range(1, max(depth, 0) + 1):
        nxt = []
        for node in frontier:
            for step in _steps_from(atlas, node, only):
                if step.target in seen or step.target not in atlas:  # no node: a broken atlas
                    continue
                seen.add(step.target)
                nxt.append(step.target)
                kind = atlas.get(step.target).kind
                out.append(Neighbor(id=step.target, label=step.target_label, node_kind=kind,
                                    depth=level, via=step))  # fmt: skip
        frontier = nxt
    return sorted(out, key=lambda n: (n.depth, n.node_kind.value, n.label, n.id))


def timeline(
    atlas: Atlas, kind: str | None = None, start: int | None = None, end: int | None = None
) -> list[TimelineEntry]:
    """Dated concepts and papers from ``start`` to ``end`` (inclusive), oldest first.

    ``kind`` is a node kind (``concept``, ``paper``) or a concept kind (``model``, ``problem`` ...).
    """
    node_kinds = {NodeKind.CONCEPT.value, NodeKind.PAPER.value}
    concept_kinds = {k.value for k in ConceptKind}
    if kind is not None and kind not in node_kinds | concept_kinds:
        valid = ", ".join(sorted(node_kinds | concept_kinds))
        raise ConfigError(f"Unknown timeline kind {kind!r}.", f"Kinds: {valid}.")
    out = []
    for node in atlas.nodes():
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


def prerequisites(atlas: Atlas, x: str) -> list[ConceptNode]:
    """Everything to learn before ``x``, transitively, in an order one can learn it in.

    Follows ``prerequisite_of`` edges backwards; each concept comes after its own prerequisites,
    and, where that adds no cycle, after what it builds on (``LSTM variant_of RNN``: RNN first).
    Ties go to undated basics, then to older concepts, then by name; a cycle is learnt together.
    """
    import networkx as nx  # here: the exporters import this module and never need networkx

    goal = find_concept(atlas, x).id
    graph: nx.DiGraph = nx.DiGraph()
    todo, seen = [goal], {goal}
    while todo:
        node = todo.pop()
        for edge in atlas.in_edges(node, EdgeKind.PREREQUISITE_OF):
            graph.add_edge(edge.source, node)
            if edge.source not in seen:
                seen.add(edge.source)
                todo.append(edge.source)
    seen.discard(goal)
    if not seen:
        return []
    for node in sorted(seen):
        for edge in atlas.out_edges(node):
            before = edge.target
            if edge.kind in _BUILDS_ON and before in seen and not nx.has_path(graph, node, before):
                graph.add_edge(before, node)
    key = {n: _learning_key(atlas, n) for n in graph}
    dag = nx.condensation(graph)
    groups: dict[int, list[str]] = {}
    for node, group in dag.graph["mapping"].items():
        groups.setdefault(group, []).append(node)
    order = nx.lexicographical_topological_sort(dag, key=lambda g: min(key[n] for n in groups[g]))
    out = []
    for group in order:
        for node in sorted(groups[group], key=key.__getitem__):
            if node in seen and isinstance(concept := atlas.get(node), ConceptNode):
                out.append(concept)
    return out


#: Relations whose target is best learnt before their source.
_BUILDS_ON = frozenset(
    {EdgeKind.BASED_ON, EdgeKind.USES, EdgeKind.VARIANT_OF, EdgeKind.IMPROVES_ON, EdgeKind.IS_A,
     EdgeKind.PART_OF}
)  # fmt: skip


def _learning_key(atlas: Atlas, node: str) -> str:
    concept = atlas.get(node)
    year = getattr(concept, "year", None) or 0
    return f"{year:04d}\0{concept.label.casefold()}\0{node}"


def papers_about(atlas: Atlas, x: str) -> list[PaperNode]:
    """Papers that introduce ``x``: its defining paper first, then by confidence and year."""
    concept = find_concept(atlas, x)
    ranked: dict[str, tuple[float, int, str]] = {}
    for edge in atlas.in_edges(concept.id, EdgeKind.INTRODUCES):
        paper = atlas.get(edge.source)
        if isinstance(paper, PaperNode):
            first = 0.0 if paper.id == concept.paper else 1.0
            ranked[paper.id] = (first - edge.confidence, paper.year or 9999, paper.id)
    if concept.paper and concept.paper in atlas and concept.paper not in ranked:
        ranked[concept.paper] = (-2.0, 0, concept.paper)
    out = []
    for pid in sorted(ranked, key=ranked.__getitem__):
        paper = atlas.get(pid)
        if isinstance(paper, PaperNode):
            out.append(paper)
    return out


def notes_mentioning(atlas: Atlas, x: str) -> list[NoteMention]:
    """Notes that define or mention ``x``: defining notes first, then by number of mentions."""
    concept = find_concept(atlas, x)
    found: dict[str, dict[str, object]] = {}
    for edge in atlas.in_edges(concept.id):
        note = atlas.get(edge.source)
        if not isinstance(note, NoteNode) or edge.kind not in (EdgeKind.MENTIONS, EdgeKind.DEFINES):
            continue
        row = found.setdefault(note.id, {"defines": False, "count": 0, "lines": []})
        if edge.kind is EdgeKind.DEFINES:
            row["defines"] = True
        else:
            row["count"] = int(edge.weight)
            row["lines"] = sorted({e.line for e in edge.evidence if e.line})
    out = []
    for nid, row in found.items():
        note = atlas.get(nid)
        assert isinstance(note, NoteNode)
        out.append(NoteMention(id=nid, path=note.path, title=note.title, **row))  # type: ignore[arg-type]
    return sorted(out, key=lambda m: (not m.defines, -m.count, m.path))


__all__ = [
    "DOCUMENT_COST",
    "PATH_COST",
    "Neighbor",
    "NoteMention",
    "SearchHit",
    "Step",
    "TimelineEntry",
    "find_concept",
    "neighbors",
    "notes_mentioning",
    "papers_about",
    "path",
    "prerequisites",
    "search",
    "timeline",
]
