"""What the collection stresses: which nodes are its own, how prominent each is and why.

Everything here is read from the notes' side of the atlas, never from the built-in vocabulary:

- **from the notes**: an edge is the user's when one of its evidence was found in a note (a file
  is set) by a method other than ``vocabulary``; the rest are the vocabulary's alone. A concept is
  the collection's when a note mentions or defines it, or a relation from the notes names it.
- **prominence**: a paper listed under a milestone or must-read heading, starred, cited by several
  notes, or the paper that defines a concept; a concept that many notes mention, often, or define;
  a note that discusses much and that other notes link to. The page labels and shows the most
  prominent first, and sizes concepts by it; ``reasons`` says why a paper is key, for the card.
- **names**: a paper known by its id alone is shown by the best name the notes give it: the text
  of the links to it, else the concept it defines or introduces.

Pure: nodes and edges in, columns out.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter

from noteatlas.exporters.explorer_dates import Outlines, Picked, pick
from noteatlas.graph.concepts.names import fold_key
from noteatlas.schema import (
    ConceptNode,
    EdgeKind,
    Method,
    Node,
    NoteNode,
    PaperNode,
    ResourceNode,
)
from noteatlas.schema.edges import EdgeLike, EvidenceLike

#: A heading over a list or table of papers that says they matter.
MILESTONE = re.compile(
    r"milestone|must[- ]?reads?|key papers?|essential|seminal|landmark|classic|foundational"
    r"|必读|必看|经典|里程碑|重要论文|精选|奠基",
    re.IGNORECASE,
)
#: Marks that star an entry.
STARS = ("⭐", "★", "🌟")


def from_notes(evidence: Sequence[EvidenceLike]) -> bool:
    """Whether a note states it: one evidence with a file and a method that is not the
    vocabulary's."""
    return any(ev.file is not None and ev.method != Method.VOCABULARY for ev in evidence)


@dataclass
class Standing:
    """What the notes say of every node (by index) and edge (by index)."""

    prominence: list[float]
    """How much the collection stresses each node: 0 for what no note discusses."""
    reasons: dict[int, list[str]] = field(default_factory=dict)
    """Why a paper is key, in words, by node index."""
    vocabulary_only: list[int] = field(default_factory=list)
    """Edges only the vocabulary states, by index."""
    unmentioned: set[int] = field(default_factory=set)
    """Concepts no note mentions, defines or states a relation of, by index."""
    names: dict[int, tuple[str, str]] = field(default_factory=dict)
    """A name and where it comes from for each paper known by its id alone, by index."""


def _log(n: float) -> float:
    return math.log2(1 + n) if math.isfinite(n) and n > 0 else 0.0


_CONCEPT_FAMILY = frozenset(EdgeKind) - {
    EdgeKind.LINKS_TO, EdgeKind.EMBEDS, EdgeKind.CITES, EdgeKind.MENTIONS, EdgeKind.DEFINES,
    EdgeKind.INTRODUCES, EdgeKind.IDENTIFIES, EdgeKind.TAGGED,
}  # fmt: skip


@dataclass
class _Tally:
    """What the edges say of each node, by node index (one pass over the edges)."""

    weight: list[float]  # mentions and definitions, both ends
    vocabulary_only: list[int] = field(default_factory=list)  # edges
    stated: set[int] = field(default_factory=set)  # concepts a relation from the notes names
    mentioned: Counter[int] = field(default_factory=Counter)  # how many notes mention or define
    defined_by: Counter[int] = field(default_factory=Counter)
    citing: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    cite_lines: Counter[int] = field(default_factory=Counter)
    cites_out: Counter[int] = field(default_factory=Counter)
    listed_under: dict[int, str] = field(default_factory=dict)  # under a milestone heading
    linked_from: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    introduced: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    identified: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


#: The kinds the tally reads: documents one by one, relations in bulk.
TALLIED = (
    EdgeKind.MENTIONS, EdgeKind.DEFINES, EdgeKind.CITES, EdgeKind.LINKS_TO, EdgeKind.INTRODUCES,
    EdgeKind.IDENTIFIES, *sorted(_CONCEPT_FAMILY),
)  # fmt: skip


def noted_edges(edges: Sequence[EdgeLike]) -> set[int]:
    """The indices of the edges a note states (``from_notes``)."""
    return {j for j, e in enumerate(edges) if from_notes(e.evidence)}


def _tally(
    nodes: Sequence[Node],
    edges: Sequence[EdgeLike],
    ends: tuple[Sequence[int], Sequence[int]],
    outlines: Outlines,
    picked: Picked,
    noted: set[int],
) -> _Tally:
    src, tgt = ends
    is_note = [isinstance(x, NoteNode) for x in nodes]
    out = _Tally(weight=[0.0] * len(nodes))
    out.vocabulary_only = [j for j in range(len(edges)) if j not in noted]
    # Mentions are most of a big atlas's edges: their ends and weights are taken in C, and a
    # concept's notes are counted, not collected (one edge per note and concept and kind).
    pairs: dict[EdgeKind, set[tuple[int, int]]] = {}
    for kind in (EdgeKind.MENTIONS, EdgeKind.DEFINES):
        js = picked.get(kind, [])
        ss = list(map(src.__getitem__, js))
        ts = list(map(tgt.__getitem__, js))
        ws = map(attrgetter("weight"), map(edges.__getitem__, js))
        ok = (t >= 0 and s >= 0 and is_note[s] for s, t in zip(ss, ts, strict=True))
        kept = list(compress(zip(ss, ts, ws, strict=True), ok))
        pairs[kind] = {(s, t) for s, t, _ in kept}
        for s, t, w in kept:
            w = w if math.isfinite(w) and w > 0 else 1.0
            out.weight[t] += w
            out.weight[s] += w
    out.mentioned.update(t for _, t in pairs[EdgeKind.MENTIONS] | pairs[EdgeKind.DEFINES])
    out.defined_by.update(t for _, t in pairs[EdgeKind.DEFINES])
    for j in picked.get(EdgeKind.CITES, []):
        s, t = src[j], tgt[j]
        if s >= 0 and t >= 0:
            out.citing[t].add(s)
            out.cites_out[s] += 1
    # Papers listed under a milestone heading: only the few notes that have one are looked in.
    milestone = lambda h: h.text if MILESTONE.search(h.text) else None  # noqa: E731
    marked = {
        i for i, x in enumerate(nodes)
        if isinstance(x, NoteNode) and any(MILESTONE.search(h.text) for h in x.outline)
    }  # fmt: skip
    for j in picked.get(EdgeKind.CITES, []):
        s, t, e = src[j], tgt[j], edges[j]
        out.cite_lines[t] += len(e.evidence)
        if s not in marked or t in out.listed_under or t < 0:
            continue
        for ev in e.evidence:
            hit = outlines.first("milestone", ev.file, ev.line, milestone)
            if hit is not None:
                out.listed_under[t] = hit[0]
                break
    for j in picked.get(EdgeKind.LINKS_TO, []):
        if src[j] >= 0 and tgt[j] >= 0 and src[j] != tgt[j]:
            out.linked_from[tgt[j]].add(src[j])
    for j in picked.get(EdgeKind.INTRODUCES, []):
        if src[j] >= 0 and tgt[j] >= 0 and j in noted:
            out.introduced[src[j]].append(tgt[j])
    for j in picked.get(EdgeKind.IDENTIFIES, []):
        if src[j] >= 0 and tgt[j] >= 0:
            out.identified[tgt[j]].append(src[j])
    # Concepts a relation from the notes names (co_mentioned alone is most of a big atlas's
    # edges: taken in C).
    for kind in _CONCEPT_FAMILY:
        ours = list(compress(picked.get(kind, ()), map(noted.__contains__, picked.get(kind, ()))))
        out.stated.update(map(src.__getitem__, ours), map(tgt.__getitem__, ours))
    out.stated.discard(-1)
    return out


def standing(
    nodes: Sequence[Node],
    edges: Sequence[EdgeLike],
    src: Sequence[int],
    tgt: Sequence[int],
    outlines: Outlines | None = None,
    picked: Picked | None = None,
    noted: set[int] | None = None,
) -> Standing:
    """What the notes say of each node and edge; ``src``/``tgt`` are the edges' node indices
    (-1: not a node). ``outlines``, ``picked`` (the ``TALLIED`` kinds' edges) and ``noted``
    (``noted_edges``) are made here when not given; a big atlas's page makes them faster."""
    outlines = (
        outlines if outlines is not None else Outlines(n for n in nodes if isinstance(n, NoteNode))
    )
    picked = picked if picked is not None else pick(edges, TALLIED)
    noted = noted if noted is not None else noted_edges(edges)
    tally = _tally(nodes, edges, (src, tgt), outlines, picked, noted)
    index = {x.id: i for i, x in enumerate(nodes)}
    defines: defaultdict[int, list[int]] = defaultdict(list)  # paper -> concepts it defines
    for i, x in enumerate(nodes):
        if isinstance(x, ConceptNode) and x.paper in index:
            defines[index[x.paper]].append(i)
    weight = tally.weight
    out = Standing(prominence=[0.0] * len(nodes), vocabulary_only=tally.vocabulary_only)
    for i, x in enumerate(nodes):
        if isinstance(x, ConceptNode):
            notes = tally.mentioned[i]
            if not notes and i not in tally.stated:
                out.unmentioned.add(i)
                continue
            stated = 0.5 if i in tally.stated else 0.0
            out.prominence[i] = round(_log(weight[i]) + notes + 3 * tally.defined_by[i] + stated, 3)
        elif isinstance(x, PaperNode):
            citing = tally.citing.get(i, set())
            if citing:
                out.prominence[i], why = _paper(
                    x, nodes, citing, tally.cite_lines[i], tally.listed_under.get(i), defines[i],
                    tally.introduced[i],
                )  # fmt: skip
                if why:
                    out.reasons[i] = why
            if not x.title:
                name = _paper_name(i, nodes, tally.identified[i], defines[i], tally.introduced[i])
                if name is not None:
                    out.names[i] = name
        elif isinstance(x, NoteNode):
            links = 2 * len(tally.linked_from.get(i, ()))
            out.prominence[i] = round(_log(weight[i]) + _log(tally.cites_out[i]) + links, 3)
        elif isinstance(x, ResourceNode):
            out.prominence[i] = float(len(tally.citing.get(i, ())))
    return out


def _paper(
    paper: PaperNode,
    nodes: Sequence[Node],
    citing: set[int],
    lines: int,
    listed: str | None,
    defines: list[int],
    introduces: list[int],
) -> tuple[float, list[str]]:
    """A paper's prominence and the reasons for it, for a paper the notes cite."""
    score = 0.5 + 0.2 * _log(lines)
    why: list[str] = []
    if listed is not None:
        score += 4
        why.append(f"listed under ‘{listed}’")
    text = " ".join(filter(None, (paper.title, paper.label)))
    if any(star in text for star in STARS):
        score += 3
        why.append("starred")
    if len(citing) > 1:
        score += 2 * min(len(citing) - 1, 6)
        why.append(f"cited by {len(citing)} notes")
    if defines:
        score += 3
        why.append("defines " + ", ".join(sorted(_name(nodes[c]) for c in defines)))
    elif introduces:
        score += 1
    return round(score, 3), why


def _name(node: Node) -> str:
    return node.name if isinstance(node, ConceptNode) else node.label


def _paper_name(
    i: int, nodes: Sequence[Node], resources: list[int], defines: list[int], introduces: list[int]
) -> tuple[str, str] | None:
    """The best name the notes give a paper with no title: how links to it read, else the
    concept it defines or introduces."""
    paper = nodes[i]
    local = paper.paper_id.split(":", 1)[-1] if isinstance(paper, PaperNode) else ""
    texts = Counter(
        r.title
        for k in resources
        if isinstance(r := nodes[k], ResourceNode) and r.title and not _bare_id(r.title, local)
    )
    if texts:
        best = min(texts, key=lambda t: (-texts[t], -len(t), t))
        return best, "link text"
    for concepts, how in ((defines, "defines"), (introduces, "introduces")):
        if concepts:
            names = sorted({_name(nodes[c]) for c in concepts})
            return " · ".join(names[:2]) + " (paper)", f"the concept it {how}"
    return None


def _bare_id(text: str, local: str) -> bool:
    """Whether a link text only repeats the paper's id (``arXiv:1801.06146``, ``N19-1423``)."""
    rest = text.casefold().replace(local.casefold(), "", 1) if local else text
    return rest != text.casefold() and len(re.sub(r"[\W_]|arxiv|abs|pdf", "", rest)) < 3


def name_keys(nodes: Sequence[Node]) -> list[list[str | int]]:
    """``[folded name, node index]`` for every concept name, then every alias, the first concept
    to claim a name keeping it: the keys ``noteatlas path`` suggests close matches from."""
    concepts = [(i, x) for i, x in enumerate(nodes) if isinstance(x, ConceptNode)]
    keys: dict[str, int] = {}
    for text, i in [(x.name, i) for i, x in concepts] + [
        (a, i) for i, x in concepts for a in x.aliases
    ]:
        key = fold_key(text)
        if key:
            keys.setdefault(key, i)
    return [[k, i] for k, i in keys.items()]
