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

from noteatlas.exporters.explorer_dates import Outlines
from noteatlas.graph.concepts.names import fold_key
from noteatlas.schema import (
    ConceptNode,
    Edge,
    EdgeKind,
    Evidence,
    Method,
    Node,
    NoteNode,
    PaperNode,
    ResourceNode,
)

#: A heading over a list or table of papers that says they matter.
MILESTONE = re.compile(
    r"milestone|must[- ]?reads?|key papers?|essential|seminal|landmark|classic|foundational"
    r"|必读|必看|经典|里程碑|重要论文|精选|奠基",
    re.IGNORECASE,
)
#: Marks that star an entry.
STARS = ("⭐", "★", "🌟")


def from_notes(evidence: Sequence[Evidence]) -> bool:
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
    mentioned: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    defined_by: Counter[int] = field(default_factory=Counter)
    citing: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    cite_lines: Counter[int] = field(default_factory=Counter)
    cites_out: Counter[int] = field(default_factory=Counter)
    listed_under: dict[int, str] = field(default_factory=dict)  # under a milestone heading
    linked_from: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    introduced: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    identified: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def _tally(
    nodes: Sequence[Node], edges: Sequence[Edge], src: Sequence[int], tgt: Sequence[int]
) -> _Tally:
    is_note = [isinstance(x, NoteNode) for x in nodes]
    outlines = Outlines(x for x in nodes if isinstance(x, NoteNode))
    out = _Tally(weight=[0.0] * len(nodes))
    for j, e in enumerate(edges):
        s, t, kind = src[j], tgt[j], e.kind
        ours = from_notes(e.evidence)
        if not ours:
            out.vocabulary_only.append(j)
        if s < 0 or t < 0:
            continue
        if kind == EdgeKind.MENTIONS or kind == EdgeKind.DEFINES:
            if is_note[s]:
                w = e.weight if math.isfinite(e.weight) and e.weight > 0 else 1.0
                out.mentioned[t].add(s)
                out.weight[t] += w
                out.weight[s] += w
                out.defined_by[t] += kind == EdgeKind.DEFINES
        elif kind == EdgeKind.CITES:
            out.citing[t].add(s)
            out.cite_lines[t] += len(e.evidence)
            out.cites_out[s] += 1
            if t not in out.listed_under:
                heads = (h for ev in e.evidence for h in outlines.above(ev.file, ev.line))
                head = next((h for h in heads if MILESTONE.search(h.text)), None)
                if head is not None:
                    out.listed_under[t] = head.text
        elif kind == EdgeKind.LINKS_TO:
            if s != t:
                out.linked_from[t].add(s)
        elif kind == EdgeKind.INTRODUCES:
            if ours:
                out.introduced[s].append(t)
        elif kind == EdgeKind.IDENTIFIES:
            out.identified[t].append(s)
        elif kind in _CONCEPT_FAMILY and ours:
            out.stated.update((s, t))
    return out


def standing(
    nodes: Sequence[Node], edges: Sequence[Edge], src: Sequence[int], tgt: Sequence[int]
) -> Standing:
    """What the notes say of each node and edge; ``src``/``tgt`` are the edges' node indices
    (-1: not a node). One pass over the edges, then one over the nodes."""
    tally = _tally(nodes, edges, src, tgt)
    index = {x.id: i for i, x in enumerate(nodes)}
    defines: defaultdict[int, list[int]] = defaultdict(list)  # paper -> concepts it defines
    for i, x in enumerate(nodes):
        if isinstance(x, ConceptNode) and x.paper in index:
            defines[index[x.paper]].append(i)
    weight = tally.weight
    out = Standing(prominence=[0.0] * len(nodes), vocabulary_only=tally.vocabulary_only)
    for i, x in enumerate(nodes):
        if isinstance(x, ConceptNode):
            notes = tally.mentioned.get(i, set())
            if not notes and i not in tally.stated:
                out.unmentioned.add(i)
                continue
            stated = 0.5 if i in tally.stated else 0.0
            out.prominence[i] = round(
                _log(weight[i]) + len(notes) + 3 * tally.defined_by[i] + stated, 3
            )
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
