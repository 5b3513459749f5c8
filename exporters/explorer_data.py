"""The explorer's data: compact columns for every node and edge, safe links, and the view's defaults.

A 10,000-note corpus has some 80,000 nodes and 700,000 edges, so the page data is columns of numbers
rather than one record per item: node and file indices instead of id strings (and no id at all
where the page can rebuild it), runs and differences where a column repeats (edges are sorted by
source, then kind, then target), and evidence as flat file and line columns. Method and snippet
are kept only where a path step shows them (concept edges; for ``co_mentioned``, the many, the
first evidence only). ``templates/explorer_data.js`` decodes it. Each column is filled in one pass
over plain lists (``map`` and ``attrgetter`` do the per-edge work in C); nothing here touches the
networkx view.

Nothing here knows about pyvis or HTML. Every string that came from a note stays a plain value:
it is escaped once, when the data is serialised into a ``<script type="application/json">`` block.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from itertools import chain, compress, count, islice, repeat
from operator import attrgetter, ne, sub
from typing import Any, cast
from urllib.parse import urlsplit

from noteatlas.exporters.explorer_style import (
    GROUP_STYLES,
    LABEL_COLUMNS,
    edge_family,
    short_label,
)
from noteatlas.schema import (
    RELATION_KINDS,
    AssetNode,
    AtlasDocument,
    Category,
    ConceptNode,
    Edge,
    EdgeKind,
    Evidence,
    Method,
    Node,
    NodeKind,
    NoteNode,
    PaperNode,
    ResourceNode,
    TagNode,
)

#: Node kinds drawn when the page opens. Notes, resources, assets and tags are one tick away: a big
#: corpus has thousands of them, and the first draw must stay fast.
DEFAULT_NODE_KINDS: frozenset[NodeKind] = frozenset({NodeKind.CONCEPT, NodeKind.PAPER})

#: Edge kinds drawn when the page opens: typed relations only. Derived kinds (co_mentioned ...) and
#: document kinds (mentions, cites, links_to ...) outnumber them ten to one and turn the first view
#: into a hairball; each is one tick away.
DEFAULT_EDGE_KINDS: frozenset[EdgeKind] = RELATION_KINDS

#: Above this many nodes the page starts with physics off and straight edges.
LARGE_GRAPH = 1000

#: Above this many papers the page opens with the key papers only: those that define a concept (a
#: concept's ``paper``) or that two notes cite. A big vault cites tens of thousands of papers once each; drawn by
#: default they bury the timeline (and take seconds to draw). The rest are one tick away.
KEY_PAPERS_ABOVE = 1000

#: Edge kinds in the page's order: an edge's kind is its index here (and in ``config.edgeKinds``).
EDGE_KINDS: tuple[EdgeKind, ...] = tuple(EdgeKind)
#: Node groups in the page's order: a node's group is its index here.
GROUPS: tuple[str, ...] = tuple(GROUP_STYLES)
#: Evidence methods in the page's order: a piece of evidence's method is its index here.
METHODS: tuple[Method, ...] = tuple(Method)
#: Link categories in the page's order: a resource's category is its index here.
CATEGORIES: tuple[Category, ...] = tuple(Category)

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
_CATEGORY_INDEX = {category: i for i, category in enumerate(CATEGORIES)}

_MD_SUFFIXES = (".md", ".markdown")
# Characters that would change what a relative URL means (or are invisible) get percent-encoded.
_URL_UNSAFE = frozenset('%#?:"<>\\^`{|}[] ')
_UNSAFE_CHAR = re.compile("[" + re.escape("".join(sorted(_URL_UNSAFE))) + "]")


def safe_href(url: str | None) -> str | None:
    """The URL when it may become a link (absolute http/https with a host), else None.

    ``javascript:``, ``data:``, ``file:`` and anything unparsable never become links.
    """
    if not url:
        return None
    url = url.strip()
    # No control, format or separator characters (Unicode categories C and Z): exactly what
    # str.isprintable refuses, but for the ASCII space.
    if not url.isprintable() or " " in url:
        return None
    # The common shape, answered as urlsplit would answer it, without its cost.
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("http", "https"):
        netloc = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if netloc.isascii() and "[" not in netloc and "]" not in netloc:
            host = netloc.rpartition("@")[2].partition(":")[0]
            return url if host else None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))


def _encode_segment(segment: str) -> str:
    if segment.isprintable():  # no category C or Z character but the space, which is unsafe
        return _UNSAFE_CHAR.sub(_percent, segment)
    out: list[str] = []
    for ch in segment:
        if ch in _URL_UNSAFE or unicodedata.category(ch)[0] in "CZ":
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def href_prefix(note_base: str) -> str:
    """What ``note_href`` puts before a plain path: the page adds the two when they make the link
    (most paths need no encoding), so the common prefix is written once."""
    base = [s for s in note_base.replace("\\", "/").split("/") if s not in ("", ".")]
    lead = "/" if note_base.startswith("/") else ""
    return lead + "".join(_encode_segment(s) + "/" for s in base)


def note_href(note_base: str, path: str) -> str | None:
    """Relative link from the explorer to a Markdown file of the corpus, or None for other files.

    Each segment is percent-encoded only where needed (``#``, ``?``, ``:``, ``%``, spaces ...), so
    no path can turn into a scheme, a query or a fragment; Chinese stays readable.
    """
    return _href(href_prefix(note_base), path)


def _href(prefix: str, path: str) -> str | None:
    """``note_href`` with its prefix made once for all files."""
    if not path.lower().endswith(_MD_SUFFIXES):
        return None
    rel = [s for s in path.replace("\\", "/").split("/") if s not in ("", ".")]
    if not rel:
        return None
    return prefix + "/".join(map(_encode_segment, rel))


def node_year(node: Any) -> int | None:
    """The year a node sits at on the timeline: concepts and papers only."""
    if isinstance(node, ConceptNode | PaperNode):
        return node.year
    return None


def node_group(node: Any) -> str:
    """Legend group: the concept kind for concepts, the node kind otherwise."""
    if isinstance(node, ConceptNode):
        return node.concept_kind.value
    return str(node.kind.value)


def is_backwards(kind: EdgeKind, source_year: int | None, target_year: int | None) -> bool:
    """True when a chronological edge points against time (``A precedes B`` with A after B ...)."""
    if source_year is None or target_year is None:
        return False
    if kind in _FORWARD_KINDS:
        return source_year > target_year
    if kind in _BUILDS_ON_KINDS:
        return source_year < target_year
    return False


def default_visible(document: AtlasDocument) -> list[str]:
    """Ids of the nodes drawn when the page opens: the default node kinds, and of the papers only
    the key ones when there are many (``KEY_PAPERS_ABOVE``)."""
    nodes = _unique(document.nodes)
    index = {n.id: i for i, n in enumerate(nodes)}
    edges = document.edges
    key = key_papers(
        nodes,
        [index.get(e.source, -1) for e in edges],
        [index.get(e.target, -1) for e in edges],
        [_KIND_INDEX[e.kind] for e in edges],
    )
    return [
        n.id
        for i, n in enumerate(nodes)
        if n.kind in DEFAULT_NODE_KINDS and (key is None or n.kind != NodeKind.PAPER or i in key)
    ]


def key_papers(
    nodes: Sequence[Node], src: Sequence[int], tgt: Sequence[int], kinds: Sequence[int]
) -> set[int] | None:
    """Indices of the papers that define a concept (its ``paper``) or that two notes cite; None
    when there are no more than ``KEY_PAPERS_ABOVE`` papers (then every paper is drawn).

    Not every paper with an ``introduces`` edge: a table row that links a paper and names a
    concept introduces it, and a big vault's tables make most papers so."""
    papers = {i for i, n in enumerate(nodes) if isinstance(n, PaperNode)}
    if len(papers) <= KEY_PAPERS_ABOVE:
        return None
    index = {n.id: i for i, n in enumerate(nodes)}
    key = {index[n.paper] for n in nodes if isinstance(n, ConceptNode) and n.paper in index}
    cites = _KIND_INDEX[EdgeKind.CITES]
    citing: defaultdict[int, set[int]] = defaultdict(set)
    for s, t, k in zip(src, tgt, kinds, strict=True):
        if k == cites and s >= 0 and t in papers:
            citing[t].add(s)
    key.update(p for p, notes in citing.items() if len(notes) >= 2)
    return key & papers


def default_visible_edges(document: AtlasDocument) -> list[int]:
    """Indices (in ``document.edges``) of the edges drawn when the page opens.

    An edge is drawn when its kind is on by default and both its ends are drawn.
    """
    shown = set(default_visible(document))
    return [
        i
        for i, e in enumerate(document.edges)
        if e.kind in DEFAULT_EDGE_KINDS and e.source in shown and e.target in shown
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


# -- nodes ------------------------------------------------------------------------------------------


def _status_of(url: str, link_status: Mapping[str, str], fallback: str | None) -> str | None:
    status = link_status.get(url)
    if status is None and "#" in url:
        status = link_status.get(url.split("#", 1)[0])
    return status if status is not None else fallback


def _links(urls: list[str], link_status: Mapping[str, str], fallback: str | None) -> list[Any]:
    """``[text, href, status or None]`` per URL, where href is 1 when it is the text itself and
    None when the URL is unsafe, so it stays text; just the text when it is a safe link with no
    status (the usual case)."""
    out: list[Any] = []
    for url in urls:
        href = safe_href(url)
        status = _status_of(url, link_status, fallback)
        out.append(
            url if href == url and status is None else [url, 1 if href == url else href, status]
        )
    return out


def _kept(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None and v != "" and v != []}


# What the page needs of each kind of node: (group, year, the id its own fields make, fields with
# short keys, empty ones left out). The id is one the page rebuilds (``note:`` + path ...), so the
# id column holds 0 when the node's id is that one.
_Kind = tuple[str, int | None, str | None, dict[str, Any]]


def _concept(node: ConceptNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = {
        "nm": node.name,
        "ys": node.year_source,
        "yn": node.year_note,
        "al": list(node.aliases),
        "su": node.summary,
        "pa": node.paper,
        "bi": 1 if node.builtin else None,
    }
    return node.concept_kind.value, node.year, None, _kept(fields)


def _paper(node: PaperNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = {
        "pid": node.paper_id,
        "ti": node.title,
        "mo": node.month,
        "ve": node.venue,
        "au": list(node.authors),
        "u": _links(list(node.urls), status, None),
    }
    own = f"paper:{node.paper_id}" if node.paper_id else None
    return NodeKind.PAPER.value, node.year, own, _kept(fields)


def _note(node: NoteNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = _kept({"ti": node.title, "f": files[node.path]})
    return NodeKind.NOTE.value, None, f"note:{node.path}", fields


def _resource(node: ResourceNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = {
        "ti": node.title,
        "ca": _CATEGORY_INDEX[node.category],
        "u": _links([node.url], status, node.status),
    }
    return NodeKind.RESOURCE.value, None, f"url:{node.url}", _kept(fields)


def _asset(node: AssetNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    fields = _kept({"f": files[node.path], "mi": None if node.exists else 1})
    return NodeKind.ASSET.value, None, f"asset:{node.path}", fields


def _tag(node: TagNode, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    own = f"tag:{node.name}" if node.name else None
    return NodeKind.TAG.value, None, own, _kept({"nm": node.name})


_KINDS: dict[type, Any] = {
    ConceptNode: _concept,
    PaperNode: _paper,
    NoteNode: _note,
    ResourceNode: _resource,
    AssetNode: _asset,
    TagNode: _tag,
}


def _kind_of(node: Node, status: Mapping[str, str], files: Mapping[str, int]) -> _Kind:
    made = _KINDS.get(type(node))
    if made is None:  # a subclass: the first kind it is one of
        made = next(f for t, f in _KINDS.items() if isinstance(node, t))
    result: _Kind = made(node, status, files)
    return result


def _label_code(name: str) -> int | str:
    """0 when the canvas label is the name, else how many UTF-16 units of the name it keeps before
    its ``…`` (the page slices the name), else the label itself."""
    if 2 * len(name) <= LABEL_COLUMNS:  # short enough whatever its characters
        return 0
    label = short_label(name)
    if label == name:
        return 0
    kept = label[:-1]
    if label.endswith("…") and kept and name.startswith(kept):
        return len(kept.encode("utf-16-le")) // 2
    return label


def node_columns(
    nodes: Sequence[Node],
    link_status: Mapping[str, str],
    files: Mapping[str, int],
    tags: Mapping[int, Iterable[int]],
    key_papers: Container[int] = (),
) -> dict[str, Any]:
    """One entry per node in each column, in order: what the page draws, searches and explains.

    ``id`` (0 when the page can rebuild it from the node's fields: ``note:`` and the path ...);
    ``g`` (group index in ``GROUPS``); ``n`` (the name); ``lb`` (the canvas label, see
    ``_label_code``); ``y`` (year or None). ``fields`` holds the kinds' own fields by short key,
    each a sparse column ``[gap, value, gap, value, ...]`` where a gap counts nodes from the last
    one that has the field (from -1): the nodes of a kind are neighbours, so gaps are mostly 1.
    Empty values are left out; ``ti`` is 1 when the title is the name; ``tg`` lists the indices
    of the node's tags, which ``tags`` gives by node index; ``kp`` is 1 for the papers in
    ``key_papers`` (see ``KEY_PAPERS_ABOVE``).
    """
    group_index = {g: i for i, g in enumerate(GROUPS)}
    ids, groups, names, labels, years = [], [], [], [], []
    columns: dict[str, list[Any]] = {}
    last: dict[str, int] = {}
    for i, node in enumerate(nodes):
        name = " ".join(node.label.split()) or node.id
        group, year, own, fields = _kind_of(node, link_status, files)
        ids.append(0 if own == node.id else node.id)
        groups.append(group_index[group])
        names.append(name)
        labels.append(_label_code(name))
        years.append(year)
        if fields.get("ti") == name:
            fields["ti"] = 1
        if i in tags:
            fields["tg"] = sorted(tags[i])
        if i in key_papers:
            fields["kp"] = 1
        for key, value in fields.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = []
            column.append(i - last.get(key, -1))
            column.append(value)
            last[key] = i
    return {"id": ids, "g": groups, "n": names, "lb": labels, "y": years, "fields": columns}


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
    edges: Sequence[Edge],
    src: list[int],
    tgt: list[int],
    kind_runs: list[int],
    concept: list[int],
    counts: list[int],
    evidence: Sequence[Evidence],
    ev_files: list[int],
) -> dict[str, list[Any]]:
    """The edges in document order, as encoded columns (see ``templates/explorer_data.js``).

    ``s`` sources (node indices, -1 for a missing node) as runs; ``t`` targets as differences;
    ``k`` kinds (indices in ``EDGE_KINDS``) as runs (``kind_runs``); ``n`` evidence per edge
    (``counts``) as runs; ``w`` each weight minus the edge's evidence count, as runs (a mention's
    weight is its count of lines, so it is mostly 0); ``f`` evidence files (``ev_files``: indices,
    -1 for none) as runs and ``l`` evidence lines (0 for none), for ``evidence``, every edge's in
    turn. For the ``concept`` edges alone, in order: ``c`` confidence as runs (a path weighs
    it). ``explorer_records`` adds
    ``x``, the method and snippet of the concept edges' evidence (``[count, method, snippet, ...]``
    per edge; snippets are indices in the page's snippet table, and a ``co_mentioned`` edge keeps
    its first evidence's only), and ``bk``, the edges that point back in time.
    """
    weights = compact_numbers(map(attrgetter("weight"), edges))
    return {
        "s": run_lengths(src),
        "t": deltas(tgt),
        "k": kind_runs,
        "n": run_lengths(counts),
        "w": run_lengths(map(sub, weights, counts)),
        "f": run_lengths(ev_files),
        "l": [line or 0 for line in map(attrgetter("line"), evidence)],
        "c": run_lengths(compact_number(edges[j].confidence) for j in concept),
    }


def _concept_evidence(edges: Sequence[Edge], concept: Iterable[int]) -> tuple[list[int], list[str]]:
    """``x`` for ``edge_columns`` and the snippet table it refers to."""
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
    document: AtlasDocument, link_status: Mapping[str, str], note_base: str
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
    key = key_papers(nodes, src, tgt, kinds)
    node_data = node_columns(nodes, link_status, file_index, node_tags, key or ())
    prefix = href_prefix(note_base)
    hrefs = [_href(prefix, p) for p in file_table]

    edge_data = edge_columns(edges, src, tgt, kind_runs, concept, counts, evidence, ev_files)
    edge_data["x"], snippets = _concept_evidence(edges, concept)
    years = node_data["y"]
    edge_data["bk"] = [
        j
        for j in concept
        if src[j] >= 0 and tgt[j] >= 0 and is_backwards(edges[j].kind, years[src[j]], years[tgt[j]])
    ]
    kind_counts: Counter[int] = Counter()
    for kind, run in zip(edge_data["k"][::2], edge_data["k"][1::2], strict=True):
        kind_counts[kind] += run  # from the runs: a Counter over every edge takes a while
    return {
        "nodes": node_data,
        "edges": edge_data,
        "files": file_table,
        "hrefPrefix": prefix,
        "fileHrefs": [1 if h == prefix + p else h for h, p in zip(hrefs, file_table, strict=True)],
        "tags": tag_table,
        "snippets": snippets,
        "counts": {
            "kinds": Counter(n.kind.value for n in nodes),
            "groups": {GROUPS[g]: n for g, n in Counter(node_data["g"]).items()},
            "edgeKinds": {EDGE_KINDS[k].value: n for k, n in kind_counts.items()},
            "keyPapers": len(key) if key is not None else None,
        },
    }
