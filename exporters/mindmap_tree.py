"""The trees behind the mind maps: outline (folders, notes, headings), lineage, and years.

Plain data in, a ``MindNode`` tree out; rendering lives in ``mindmap.py``. Orders are fixed (sorted
paths, document order of headings, years then names) so the same atlas gives the same map.
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter, itemgetter
from urllib.parse import quote, urlsplit

from noteatlas.atlas import Atlas
from noteatlas.schema import ConceptNode, Edge, EdgeKind, Heading, Node, NoteNode, PaperNode
from noteatlas.schema.errors import ConfigError

MODES = ("outline", "lineage", "year")
"""Mind map layouts."""

LINEAGE_DEPTH = 8
"""How many steps the lineage map follows from its root in each direction."""
LINEAGE_LIMIT = 400
"""Most concepts one lineage branch shows (big vocabularies stay readable)."""


@dataclass(frozen=True)
class MindNode:
    """One node of a mind map: plain text, an optional safe link, and children."""

    text: str
    """What the node says (plain text; renderers escape it)."""
    detail: str = ""
    """Secondary text shown smaller: kind, year, relation."""
    href: str | None = None
    """Link target, only ever http(s) or a relative ``.md`` path (see ``safe_href``)."""
    fold: bool = False
    """Start folded (the children are one click away)."""
    children: tuple[MindNode, ...] = ()
    """Child nodes, in display order."""


# Whitespace (as str.isspace counts it: re's \s is the same test) or a backslash.
_SPACE_OR_BACKSLASH = re.compile(r"[\s\\]")
_NETLOC = re.compile(r"[^/?#]*")


def safe_href(url: str | None) -> str | None:
    """The URL when it may become a link (http(s), or a relative ``.md`` path), else None."""
    if not url or not url.isprintable() or _SPACE_OR_BACKSLASH.search(url):
        return None
    # The two common shapes, answered as urlsplit would answer them, without its cost.
    if ":" not in url and not url.startswith("//"):
        return url if url.split("#", 1)[0].split("?", 1)[0].lower().endswith(".md") else None
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("http", "https"):
        match = _NETLOC.match(rest)
        host = match.group() if match else ""
        if host and host.isascii() and "[" not in host and "]" not in host:
            return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None
    if url.startswith("//") or parts.netloc:
        return None
    return url if parts.path.lower().endswith(".md") else None


def note_href(path: str, note_base: str, slug: str = "") -> str | None:
    """Link to a note (and heading) from the output folder; None without a ``note_base``."""
    return _quoted_href(quote(path) if note_base else "", note_base, slug)


def _quoted_href(quoted_path: str, note_base: str, slug: str = "") -> str | None:
    # A note's headings share its quoted path: quote it once per note.
    if not note_base:
        return None
    return safe_href(note_base + quoted_path + (f"#{quote(slug)}" if slug else ""))


def _paper_href(paper: PaperNode) -> str | None:
    return next((u for u in map(safe_href, paper.urls) if u), None)


def _year(year: int | None) -> str:
    return str(year) if year is not None else ""


def _join(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def _concept_leaf(concept: ConceptNode, detail: str = "") -> MindNode:
    return MindNode(concept.name, _join(detail or concept.concept_kind.value, _year(concept.year)))


def _paper_leaf(paper: PaperNode) -> MindNode:
    return MindNode(
        paper.title or paper.paper_id,
        _join(paper.paper_id if paper.title else "paper", _year(paper.year)),
        _paper_href(paper),
    )


# -- outline --------------------------------------------------------------------------------------


@dataclass
class _Folder:
    folders: dict[str, _Folder] = field(default_factory=dict)
    notes: list[NoteNode] = field(default_factory=list)


#: Edge kinds that hang a concept or a paper under a note's section.
_LEAF_KINDS = frozenset({EdgeKind.DEFINES, EdgeKind.MENTIONS, EdgeKind.CITES})

# Per note: every target of its out-edges, in the order the atlas's graph lists them (first
# appearance), each with its defines/mentions/cites edges by kind (a repeated edge: the last one,
# as the graph keeps it), or None when other kinds of edge only lead there.
_Targets = dict[str, dict[EdgeKind, Edge] | None]
# A concept's or paper's leaf with its sort key, made once for every note that names it (None:
# the target is neither).
_Leaf = tuple[MindNode, tuple[int, str]] | None


def _note_targets(edges: Sequence[Edge], note_ids: Iterable[str]) -> dict[str, _Targets]:
    """One pass over the edges instead of one graph look-up per note (the graph is costly)."""
    out: dict[str, _Targets] = {nid: {} for nid in note_ids}
    for edge, targets in zip(edges, map(out.get, map(attrgetter("source"), edges)), strict=True):
        if targets is None:
            continue
        target = edge.target
        if edge.kind in _LEAF_KINDS:
            kinds = targets.get(target)
            if kinds is None:
                targets[target] = {edge.kind: edge}
            else:
                kinds[edge.kind] = edge
        elif target not in targets:
            targets[target] = None
    return out


def _first_line(edge: Edge, path: str) -> int:
    """The edge's first line in this file, 0 when it has none there."""
    evidence = edge.evidence
    if len(evidence) == 1:  # most edges: no list to build
        ev = evidence[0]
        return (ev.line or 0) if ev.file == path else 0
    return min((e.line for e in evidence if e.file == path and e.line), default=0)


def _leaf(node: Node | None) -> _Leaf:
    if isinstance(node, ConceptNode):
        return _concept_leaf(node), (0, node.name.casefold())
    if isinstance(node, PaperNode):
        return _paper_leaf(node), (1, node.paper_id)
    return None


def _note_leaves(
    nodes: Mapping[str, Node], note: NoteNode, targets: _Targets, made: dict[str, _Leaf]
) -> list[tuple[int, MindNode]]:
    """Concepts and papers the note defines, mentions or cites, each with its first line.
    ``made`` keeps the leaf of each concept and paper: they are the same under every note."""
    path = note.path
    leaves: list[tuple[int, tuple[int, str], MindNode]] = []
    for target, kinds in targets.items():
        if kinds is None:
            continue
        line = min(_first_line(edge, path) for edge in kinds.values())
        if target in made:
            entry = made[target]
        else:
            entry = made[target] = _leaf(nodes.get(target))
        if entry is not None:
            leaves.append((line, entry[1], entry[0]))
    leaves.sort(key=itemgetter(1))
    return [(line, leaf) for line, _, leaf in leaves]


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _section_of(heads: list[Heading]) -> Callable[[int], int]:
    """Index of the last heading at or above a line (-1: before the first heading)."""
    lines = [h.line for h in heads]
    if all(a <= b for a, b in pairwise(lines)):
        return lambda line: bisect.bisect_right(lines, line) - 1
    return lambda line: max((i for i, at in enumerate(lines) if at <= line), default=-1)


def _note_node(
    nodes: Mapping[str, Node],
    note: NoteNode,
    note_base: str,
    targets: _Targets,
    made: dict[str, _Leaf],
) -> MindNode:
    heads: list[Heading] = list(note.outline)
    # A first H1 that repeats the title is the note itself: its content hangs on the note.
    hoist = bool(heads) and heads[0].level == 1 and _same(heads[0].text, note.title)
    subs: dict[int, list[int]] = {}
    stack: list[int] = []
    for i, head in enumerate(heads):
        while stack and heads[stack[-1]].level >= head.level:
            stack.pop()
        up = stack[-1] if stack else -1
        if not (hoist and i == 0):
            subs.setdefault(-1 if hoist and up == 0 else up, []).append(i)
        stack.append(i)
    leaves: dict[int, list[MindNode]] = {}
    section_of = _section_of(heads)
    for line, leaf in _note_leaves(nodes, note, targets, made):
        section = section_of(line)
        leaves.setdefault(-1 if hoist and section == 0 else section, []).append(leaf)
    quoted = quote(note.path) if note_base else ""

    def children(index: int) -> tuple[MindNode, ...]:
        kids = tuple(
            MindNode(
                heads[i].text,
                href=_quoted_href(quoted, note_base, heads[i].slug),
                children=children(i),
            )
            for i in subs.get(index, ())
        )
        return kids + tuple(leaves.get(index, ()))

    kids = children(-1)
    return MindNode(
        note.title, href=_quoted_href(quoted, note_base), fold=bool(kids), children=kids
    )


def outline_tree(atlas: Atlas, *, note_base: str = "") -> MindNode:
    """Folders → notes → headings, with the concepts and papers of each section as leaves."""
    top = _Folder()
    notes = sorted(atlas.notes(), key=lambda n: n.path)
    for note in notes:
        folder = top
        *dirs, _ = note.path.split("/")
        for name in dirs:
            folder = folder.folders.setdefault(name, _Folder())
        folder.notes.append(note)
    targets = _note_targets(atlas.document.edges, (n.id for n in notes))
    nodes = {n.id: n for n in atlas.document.nodes}  # the last of a repeated id, as Atlas.get
    made: dict[str, _Leaf] = {}

    def build(folder: _Folder) -> tuple[MindNode, ...]:
        subs = tuple(
            MindNode(f"{name}/", children=build(folder.folders[name]))
            for name in sorted(folder.folders)
        )
        return subs + tuple(
            _note_node(nodes, n, note_base, targets[n.id], made) for n in folder.notes
        )

    return MindNode(atlas.document.root or "notes", "outline", children=build(top))


# -- lineage --------------------------------------------------------------------------------------

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


def _lineage_links(edges: Iterable[Edge]) -> tuple[_Links, _Links]:
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


def _by_year(atlas: Atlas, ids: list[str]) -> list[str]:
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
        for cid in _by_year(atlas, list(steps)):
            repeat = cid in seen or len(seen) >= LINEAGE_LIMIT
            kids.setdefault(current, []).append((cid, steps[cid], repeat))
            if not repeat:
                seen.add(cid)
                queue.append((cid, depth + 1))

    def build(cid: str) -> tuple[MindNode, ...]:
        out = []
        for child, relations, repeat in kids.get(cid, []):
            concept = atlas.get(child)
            assert isinstance(concept, ConceptNode)
            detail = _join(
                ", ".join(relations), _year(concept.year), "↑ see above" if repeat else ""
            )
            out.append(MindNode(concept.name, detail, children=() if repeat else build(child)))
        return tuple(out)

    return build(root_id)


def lineage_tree(atlas: Atlas, root: str) -> MindNode:
    """A concept with what it builds on (recursively) and what it leads to (recursively)."""
    concept = atlas.concept(root)
    links = _lineage_links(atlas.document.edges)
    branches = []
    for label, earlier in (("builds on", True), ("leads to", False)):
        kids = _branch(atlas, links, concept.id, earlier)
        if kids:
            branches.append(MindNode(label, children=kids))
    detail = _join(concept.concept_kind.value, _year(concept.year))
    return MindNode(concept.name, detail, children=tuple(branches))


# -- years ----------------------------------------------------------------------------------------


def year_tree(atlas: Atlas) -> MindNode:
    """Years → concepts (each with its paper) and the papers no concept of that year claims."""
    papers = {p.id: p for p in atlas.papers()}
    years: dict[int | None, list[tuple[tuple[int, str], MindNode]]] = {}
    claimed: set[str] = set()
    for c in sorted(atlas.concepts(), key=lambda c: (c.name.casefold(), c.id)):
        paper = papers.get(c.paper or "")
        kids = (_paper_leaf(paper),) if paper else ()
        if paper and paper.year == c.year:
            claimed.add(paper.id)
        node = MindNode(c.name, c.concept_kind.value, children=kids)
        years.setdefault(c.year, []).append(((0, c.name.casefold()), node))
    for p in papers.values():
        if p.year is not None and p.id not in claimed:
            key = (1, (p.title or p.paper_id).casefold())
            years.setdefault(p.year, []).append((key, _paper_leaf(p)))
    branches = [
        MindNode(str(y), children=tuple(n for _, n in sorted(years[y], key=lambda x: x[0])))
        for y in sorted(y for y in years if y is not None)
    ]
    if None in years:
        undated = tuple(n for _, n in sorted(years[None], key=lambda x: x[0]))
        branches.append(MindNode("undated", fold=True, children=undated))
    return MindNode(atlas.document.root or "notes", "by year", children=tuple(branches))


def build_tree(atlas: Atlas, mode: str, root: str | None, *, note_base: str = "") -> MindNode:
    """The tree for one mode (the caller has checked ``mode`` is one of ``MODES``)."""
    if mode == "lineage":
        if not root:
            raise ConfigError(
                "The lineage mind map needs a root concept.", "Pass --root NAME, e.g. --root BERT."
            )
        return lineage_tree(atlas, root)
    if mode == "year":
        return year_tree(atlas)
    return outline_tree(atlas, note_base=note_base)
