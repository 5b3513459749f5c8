"""The outline mind map: folders → notes → headings, with each section's concepts and papers.

Orders are fixed (sorted paths, document order of headings, kind then name of leaves) so the same
atlas gives the same map.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter, itemgetter

from noteatlas.atlas import Atlas
from noteatlas.exporters.mindmap_nodes import MindNode, concept_leaf, paper_leaf
from noteatlas.exporters.notelinks import NoteLinks, safe_href
from noteatlas.schema import ConceptNode, EdgeKind, Heading, Node, NoteNode, PaperNode
from noteatlas.schema.edges import EdgeLike


@dataclass
class _Folder:
    folders: dict[str, _Folder] = field(default_factory=dict)
    notes: list[NoteNode] = field(default_factory=list)


#: Edge kinds that hang a concept or a paper under a note's section.
_LEAF_KINDS = frozenset({EdgeKind.DEFINES, EdgeKind.MENTIONS, EdgeKind.CITES})

# Per note: every target of its out-edges, in the order the atlas's graph lists them (first
# appearance), each with its defines/mentions/cites edges by kind (a repeated edge: the last one,
# as the graph keeps it), or None when other kinds of edge only lead there.
_Targets = dict[str, dict[EdgeKind, EdgeLike] | None]
# A concept's or paper's leaf with its sort key, made once for every note that names it (None:
# the target is neither).
_Leaf = tuple[MindNode, tuple[int, str]] | None


def _note_targets(edges: Sequence[EdgeLike], note_ids: Iterable[str]) -> dict[str, _Targets]:
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


def _first_line(edge: EdgeLike, path: str) -> int:
    """The edge's first line in this file, 0 when it has none there."""
    evidence = edge.evidence
    if len(evidence) == 1:  # most edges: no list to build
        ev = evidence[0]
        return (ev.line or 0) if ev.file == path else 0
    return min((e.line for e in evidence if e.file == path and e.line), default=0)


def _leaf(node: Node | None) -> _Leaf:
    if isinstance(node, ConceptNode):
        return concept_leaf(node), (0, node.name.casefold())
    if isinstance(node, PaperNode):
        return paper_leaf(node), (1, node.paper_id)
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


def _sections(
    index: int,
    heads: list[Heading],
    subs: dict[int, list[int]],
    leaves: dict[int, list[MindNode]],
    href: Callable[[str], str | None],
) -> tuple[MindNode, ...]:
    """The headings under heading ``index`` (-1: the note), then its leaves. Module-level, not a
    closure: a recursive closure is a reference cycle, and the CLI runs with the collector off."""
    kids = tuple(
        MindNode(heads[i].text, href=href(heads[i].slug),
                 children=_sections(i, heads, subs, leaves, href))
        for i in subs.get(index, ())
    )  # fmt: skip
    return kids + tuple(leaves.get(index, ()))


def _note_node(
    nodes: Mapping[str, Node],
    note: NoteNode,
    links: NoteLinks,
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
    quoted = links.quote_path(note.path) if links.base is not None else ""

    def href(slug: str) -> str | None:
        return safe_href(links.href(quoted, slug), notes=True)

    kids = _sections(-1, heads, subs, leaves, href)
    return MindNode(
        note.title, href=safe_href(links.href(quoted), notes=True), fold=bool(kids), children=kids
    )


def outline_tree(atlas: Atlas, links: NoteLinks | None = None) -> MindNode:
    """Folders → notes → headings, with the concepts and papers of each section as leaves; notes
    and headings link to the notes through ``links`` (no links without it)."""
    links = links or NoteLinks()
    top = _Folder()
    notes = sorted(atlas.notes(), key=lambda n: n.path)
    for note in notes:
        folder = top
        *dirs, _ = note.path.split("/")
        for name in dirs:
            folder = folder.folders.setdefault(name, _Folder())
        folder.notes.append(note)
    targets = _note_targets(atlas.parts.edges, (n.id for n in notes))
    nodes = {n.id: n for n in atlas.parts.nodes}  # the last of a repeated id, as Atlas.get
    made: dict[str, _Leaf] = {}
    uses = Counter(n.id for n in notes)

    def note_targets(note: NoteNode) -> _Targets:
        # Let go of a note's targets once its last note is drawn (125 MB at 10,000 notes).
        uses[note.id] -= 1
        return targets[note.id] if uses[note.id] else targets.pop(note.id)

    def notes_of(folder: _Folder) -> tuple[MindNode, ...]:
        return tuple(_note_node(nodes, n, links, note_targets(n), made) for n in folder.notes)

    return MindNode(atlas.parts.root or "notes", "outline", children=_folders(top, notes_of))


def _folders(
    folder: _Folder, notes_of: Callable[[_Folder], tuple[MindNode, ...]]
) -> tuple[MindNode, ...]:
    # Module-level, not a closure: a recursive closure is a reference cycle, and the CLI runs
    # with the collector off (it kept every note's targets alive).
    subs = tuple(
        MindNode(f"{name}/", children=_folders(folder.folders[name], notes_of))
        for name in sorted(folder.folders)
    )
    return subs + notes_of(folder)


__all__ = ["outline_tree"]
