"""The explorer's data: compact columns for every node and edge, and the view's defaults.

A 10,000-note corpus has some 80,000 nodes and 700,000 edges, so the page data is columns of numbers
rather than one record per item: node and file indices instead of id strings (and no id at all
where the page can rebuild it), runs and differences where a column repeats (edges are sorted by
source, then kind, then target), and evidence as flat file and line columns. Method and snippet
are kept only where a path step shows them (concept edges; for ``co_mentioned``, the many, the
first evidence only). Node columns and safe links are ``explorer_nodes``'s; edge columns, the
view's defaults and the whole page data are here. ``explorer_contract`` documents every key, and
``templates/explorer_data.js`` decodes them. Each column is filled in one pass over plain lists
(``map`` and ``attrgetter`` do the per-edge work in C); nothing here touches the networkx view.

Nothing here knows about pyvis or HTML. Every string that came from a note stays a plain value:
it is escaped once, when the data is serialised into a ``<script type="application/json">`` block.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from itertools import chain, compress, count, islice, repeat
from operator import and_, attrgetter, le, ne, sub
from typing import Any, cast

from noteatlas.exporters.explorer_dates import Outlines, Picked, When, note_dates, paper_days, pick
from noteatlas.exporters.explorer_nodes import GROUPS, node_columns
from noteatlas.exporters.explorer_prominence import TALLIED, Standing, name_keys, standing
from noteatlas.exporters.explorer_style import edge_family
from noteatlas.exporters.notelinks import NoteLinks
from noteatlas.schema import (
    RELATION_KINDS,
    AssetNode,
    EdgeKind,
    Method,
    Node,
    NodeKind,
    NoteNode,
    TagNode,
)
from noteatlas.schema.atlas import AtlasLike
from noteatlas.schema.edges import EdgeLike, EvidenceLike

#: Node kinds drawn when the page opens: the user's own material. Resources, assets and tags are
#: one tick away: a big corpus has thousands of them. Concepts no note mentions are left out too
#: (``Standing.unmentioned``); the timeline shows what does not fit as bins with counts.
DEFAULT_NODE_KINDS: frozenset[NodeKind] = frozenset(
    {NodeKind.CONCEPT, NodeKind.PAPER, NodeKind.NOTE}
)

#: Edge kinds drawn when the page opens: typed relations only, and of those the ones a note
#: states (``Standing.vocabulary_only`` are one tick away). Derived kinds (co_mentioned ...) and
#: document kinds (mentions, cites, links_to ...) outnumber them ten to one and turn the first view
#: into a hairball; each is one tick away.
DEFAULT_EDGE_KINDS: frozenset[EdgeKind] = RELATION_KINDS

#: Above this many nodes the page starts with physics off and straight edges.
LARGE_GRAPH = 1000

#: Edge kinds in the page's order: an edge's kind is its index here (and in ``config.edgeKinds``).
EDGE_KINDS: tuple[EdgeKind, ...] = tuple(EdgeKind)
#: Evidence methods in the page's order: a piece of evidence's method is its index here.
METHODS: tuple[Method, ...] = tuple(Method)

# Kinds whose arrow points forward in time (source is earlier) ...
_FORWARD_KINDS = frozenset({EdgeKind.PRECEDES, EdgeKind.PREREQUISITE_OF, EdgeKind.LEADS_TO})
# ... and kinds whose arrow points back to an older idea (source builds on target).
_BUILDS_ON_KINDS = frozenset(
    {EdgeKind.BASED_ON, EdgeKind.IMPROVES_ON, EdgeKind.VARIANT_OF, EdgeKind.USES}
)
_KIND_INDEX = {kind: i for i, kind in enumerate(EDGE_KINDS)}
# Concept edges (typed and derived): the ones a path walks and whose evidence a path step shows.
_CONCEPT_EDGE = frozenset(i for i, k in enumerate(EDGE_KINDS) if edge_family(k) != "document")
_METHOD_INDEX = {method: i for i, method in enumerate(METHODS)}


def is_backwards(kind: EdgeKind, source_year: int | None, target_year: int | None) -> bool:
    """True when a chronological edge points against time (``A precedes B`` with A after B ...)."""
    if source_year is None or target_year is None:
        return False
    if kind in _FORWARD_KINDS:
        return source_year > target_year
    if kind in _BUILDS_ON_KINDS:
        return source_year < target_year
    return False


def standing_of(document: AtlasLike) -> tuple[list[Node], Standing]:
    """The page's nodes (each id once) and what the notes say of them (``explorer_prominence``)."""
    nodes = _unique(document.nodes)
    index = {n.id: i for i, n in enumerate(nodes)}
    edges = document.edges
    src = [index.get(e.source, -1) for e in edges]
    tgt = [index.get(e.target, -1) for e in edges]
    return nodes, standing(nodes, edges, src, tgt)


def timeline_dates(
    nodes: Sequence[Node],
    edges: Sequence[EdgeLike],
    outlines: Outlines | None = None,
    picked: Picked | None = None,
) -> dict[str, When]:
    """Where notes and papers sit in time by id, when their own fields do not say it all: the
    notes' dates, the papers' days (``explorer_dates``; ``picked`` holds the ``DATED`` kinds)."""
    years = {n.id: y for n in nodes if (y := getattr(n, "year", None)) is not None}
    outlines = (
        outlines if outlines is not None else Outlines(n for n in nodes if isinstance(n, NoteNode))
    )
    picked = picked if picked is not None else pick(edges, DATED)
    return {
        **note_dates(nodes, edges, years, outlines, picked),
        **paper_days(nodes, edges, outlines, picked),
    }


#: The edge kinds the dates are read from.
DATED = (EdgeKind.LINKS_TO, EdgeKind.DEFINES, EdgeKind.MENTIONS, EdgeKind.CITES)


def default_visible(document: AtlasLike) -> list[str]:
    """Ids of the nodes that are on when the page opens: the default node kinds, but concepts no
    note mentions. The timeline draws them one by one or, where they would overlap, in bins."""
    nodes, stand = standing_of(document)
    return [
        n.id
        for i, n in enumerate(nodes)
        if n.kind in DEFAULT_NODE_KINDS and i not in stand.unmentioned
    ]


def default_visible_edges(document: AtlasLike) -> list[int]:
    """Indices (in ``document.edges``) of the edges that are on when the page opens.

    An edge is on when its kind is on by default, a note states it, and both its ends are on.
    """
    shown = set(default_visible(document))
    _, stand = standing_of(document)
    vocabulary = set(stand.vocabulary_only)
    return [
        i
        for i, e in enumerate(document.edges)
        if e.kind in DEFAULT_EDGE_KINDS
        and i not in vocabulary
        and e.source in shown
        and e.target in shown
    ]


# -- column codecs (decoded by templates/explorer_data.js) ---------------------------------------


def run_lengths(values: Iterable[Any]) -> list[Any]:
    """``[value, count, value, count, ...]``: a column that repeats shrinks to its runs."""
    items = values if isinstance(values, list) else list(values)
    if not items:
        return []
    # Where the value changes, and the runs, all found in C: a Python loop over 700,000 items
    # takes a second.
    starts = [0, *compress(range(1, len(items)), map(ne, islice(items, 1, None), items))]
    counts = map(sub, [*starts[1:], len(items)], starts)
    return list(chain.from_iterable(zip(map(items.__getitem__, starts), counts, strict=True)))


def positions(runs: Sequence[Any], wanted: Container[Any]) -> list[int]:
    """Indices of the items whose value is wanted, from their column's runs (``run_lengths``)."""
    out: list[int] = []
    at = 0
    for value, length in zip(runs[::2], runs[1::2], strict=True):
        if value in wanted:
            out.extend(range(at, at + length))
        at += length
    return out


def deltas(values: Sequence[int]) -> list[int]:
    """The first value, then each value minus the one before: sorted columns become small."""
    return [*values[:1], *map(sub, values[1:], values[:-1])]


def compact_number(value: float) -> float | int:
    """An int when the value is whole (``1`` not ``1.0``); 0 for NaN and infinities (not JSON)."""
    value = float(value)
    if value.is_integer():
        return int(value)
    return value if math.isfinite(value) else 0


def compact_numbers(values: Iterable[float]) -> list[float | int]:
    """``compact_number`` of each value; in C when they are all whole, as they mostly are."""
    floats = list(map(float, values))
    if all(map(float.is_integer, floats)):
        return list(map(int, floats))
    return list(map(compact_number, floats))


def _unique(nodes: Iterable[Node]) -> list[Node]:
    """First node of each id: a hand-edited atlas.json may repeat one; the page needs it once."""
    seen: set[str] = set()
    out = []
    for node in nodes:
        if node.id not in seen:
            seen.add(node.id)
            out.append(node)
    return out


def _node_tags(
    nodes: Sequence[Node], src: Sequence[int], tgt: Sequence[int], kind_runs: Sequence[int]
) -> dict[int, set[str]]:
    """Tag names by node index: its own, its tag edges'; concepts take those of the notes that
    define them, papers those of the concepts they introduce."""
    tags: dict[int, set[str]] = {}
    for i, node in enumerate(nodes):
        if isinstance(node, NoteNode):
            own = {t.strip().lstrip("#").lower() for t in node.tags if t.strip()}
            if own:
                tags[i] = own
        elif isinstance(node, TagNode):
            tags[i] = {node.name}

    def of_kind(kind: EdgeKind) -> Iterable[tuple[int, int]]:
        picked = positions(kind_runs, {_KIND_INDEX[kind]})
        return ((src[j], tgt[j]) for j in picked if src[j] >= 0 and tgt[j] >= 0)

    for s, t in of_kind(EdgeKind.TAGGED):
        node = nodes[t]
        if isinstance(node, TagNode):
            tags.setdefault(s, set()).add(node.name)
    for s, t in of_kind(EdgeKind.DEFINES):
        if s in tags:
            tags.setdefault(t, set()).update(tags[s])
    for s, t in of_kind(EdgeKind.INTRODUCES):
        if t in tags:
            tags.setdefault(s, set()).update(tags[t])
    return tags


# -- edges ------------------------------------------------------------------------------------------


def edge_columns(
    edges: Sequence[EdgeLike],
    src: list[int],
    tgt: list[int],
    kind_runs: list[int],
    concept: list[int],
    counts: list[int],
    evidence: Sequence[EvidenceLike],
    ev_files: list[int],
) -> dict[str, list[Any]]:
    """The edges in document order, as encoded columns (``explorer_contract.EDGES`` documents
    each): ``src`` and ``tgt`` are node indices (-1 for a missing node), ``kind_runs`` the kinds'
    runs, ``counts`` the evidence per edge, ``ev_files`` the file index (-1 for none) of each of
    ``evidence``, every edge's in turn; ``concept`` the indices of the concept edges.
    ``explorer_records`` adds ``conceptEvidence`` and ``backwards``.

    The weight is written minus the evidence count: a mention's weight is its count of lines, so
    the column is mostly 0 and its runs are long.
    """
    weights = compact_numbers(map(attrgetter("weight"), edges))
    return {
        "source": run_lengths(src),
        "target": deltas(tgt),
        "kind": kind_runs,
        "evidenceCount": run_lengths(counts),
        "weight": run_lengths(map(sub, weights, counts)),
        "evidenceFile": run_lengths(ev_files),
        "evidenceLine": [line or 0 for line in map(attrgetter("line"), evidence)],
        "confidence": run_lengths(compact_number(edges[j].confidence) for j in concept),
    }


def _concept_evidence(
    edges: Sequence[EdgeLike], concept: Iterable[int]
) -> tuple[list[int], list[str]]:
    """``conceptEvidence`` (see ``edge_columns``) and the snippet table it refers to."""
    snippets: dict[str, int] = {}
    out: list[int] = []
    co_mentioned = EdgeKind.CO_MENTIONED
    for j in concept:
        edge = edges[j]
        kept = edge.evidence[:1] if edge.kind == co_mentioned else edge.evidence
        out.append(len(kept))
        for ev in kept:
            out.append(_METHOD_INDEX[ev.method])
            out.append(snippets.setdefault(ev.snippet, len(snippets)))
    return out, list(snippets)


def _node_indices(ids: Iterable[str], index: Mapping[str, int]) -> list[int]:
    """Node index per id (-1: not a node), looked up once per run of equal ids: edges come sorted
    by source, so their sources repeat."""
    runs = run_lengths(ids)
    found = map(index.get, runs[::2], repeat(-1))
    return list(chain.from_iterable(map(repeat, found, runs[1::2])))


def explorer_records(
    document: AtlasLike, link_status: Mapping[str, str], links: NoteLinks
) -> dict[str, Any]:
    """The page data: node and edge columns with the tables they refer to (files with their links,
    tags, snippets), plus counts per node kind, group and edge kind for the filters. A file's link
    is 1 when it is ``hrefPrefix`` and the path, which is the usual case."""
    nodes = _unique(document.nodes)
    index = {node.id: i for i, node in enumerate(nodes)}
    edges = document.edges
    src = _node_indices(map(attrgetter("source"), edges), index)
    tgt = list(map(index.get, map(attrgetter("target"), edges), repeat(-1)))
    kinds = list(map(_KIND_INDEX.__getitem__, map(attrgetter("kind"), edges)))
    evidence_lists = list(map(attrgetter("evidence"), edges))
    counts = list(map(len, evidence_lists))
    evidence = list(chain.from_iterable(evidence_lists))

    # Files are numbered as they first appear (the evidence's, then notes' and assets'), in C.
    files: defaultdict[str | None, int] = defaultdict(count().__next__)
    files[None] = -1
    ev_files = list(map(files.__getitem__, map(attrgetter("file"), evidence)))
    for node in nodes:
        if isinstance(node, NoteNode | AssetNode):
            files[node.path]  # numbers the path
    file_table = [p for p in files if p is not None]
    file_index = cast(dict[str, int], files)

    kind_runs = run_lengths(kinds)
    concept = positions(kind_runs, _CONCEPT_EDGE)
    tags = _node_tags(nodes, src, tgt, kind_runs)
    tag_table = sorted(set().union(*tags.values()))
    tag_index = {t: i for i, t in enumerate(tag_table)}
    node_tags = {i: [tag_index[t] for t in ts] for i, ts in tags.items() if ts}
    # What the notes say, read once for the page: the notes' outlines, the few edge kinds the
    # readers look at (from the kinds' runs), the edges a note states (from the evidence columns:
    # a file, and a method not the vocabulary's), all in C but the last set.
    outlines = Outlines(n for n in nodes if isinstance(n, NoteNode))
    picked = {k: positions(kind_runs, {_KIND_INDEX[k]}) for k in {*TALLIED, *DATED}}
    edge_of = chain.from_iterable(map(repeat, range(len(edges)), counts))
    stated = map(
        and_,
        map(le, repeat(0), ev_files),
        map(ne, map(attrgetter("method"), evidence), repeat(Method.VOCABULARY)),
    )
    noted = set(compress(edge_of, stated))
    stand = standing(nodes, edges, src, tgt, outlines, picked, noted)
    dates = timeline_dates(nodes, edges, outlines, picked)
    node_data = node_columns(nodes, link_status, file_index, node_tags, stand, dates)
    prefix = links.base or ""
    hrefs = [links.note(p) for p in file_table]

    edge_data = edge_columns(edges, src, tgt, kind_runs, concept, counts, evidence, ev_files)
    edge_data["conceptEvidence"], snippets = _concept_evidence(edges, concept)
    edge_data["vocabularyOnly"] = stand.vocabulary_only
    # Time's direction is the nodes' own years: a note placed by its date is no lineage.
    years = [getattr(n, "year", None) for n in nodes]
    edge_data["backwards"] = [
        j
        for j in concept
        if src[j] >= 0 and tgt[j] >= 0 and is_backwards(edges[j].kind, years[src[j]], years[tgt[j]])
    ]
    kind_counts: Counter[int] = Counter()
    for kind, run in zip(kind_runs[::2], kind_runs[1::2], strict=True):
        kind_counts[kind] += run  # from the runs: a Counter over every edge takes a while
    return {
        "nodes": node_data,
        "edges": edge_data,
        "files": file_table,
        "hrefPrefix": prefix,
        "fileHrefs": [1 if h == prefix + p else h for h, p in zip(hrefs, file_table, strict=True)],
        "tags": tag_table,
        "snippets": snippets,
        "nameKeys": name_keys(nodes),
        "counts": {
            "kinds": Counter(n.kind.value for n in nodes),
            "groups": {GROUPS[g]: n for g, n in Counter(node_data["group"]).items()},
            "edgeKinds": {EDGE_KINDS[k].value: n for k, n in kind_counts.items()},
            "unmentioned": len(stand.unmentioned),
            "vocabularyOnly": len(stand.vocabulary_only),
        },
    }
