"""Finding nodes by what a user remembers of them: a name, an alias, part of a title or a path.

Exact names score 1.0, prefixes 0.8, substrings 0.6, text (summaries, paths, ids) 0.4 and near
misses up to 0.5, so ``rnn`` finds RNN first, then BiRNN, then notes about RNNs.
"""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ConfigDict

from noteatlas.graph.concepts.names import fold_key
from noteatlas.query.find import at_least
from noteatlas.query.index import AtlasIndex
from noteatlas.schema import ConceptNode, NodeKind, NoteNode, PaperNode


class SearchHit(BaseModel):
    """A node whose names or text match a search."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """Node id."""
    label: str
    """Node label."""
    node_kind: NodeKind
    """Kind of node."""
    score: float
    """1.0 for an exact name; lower for prefixes, substrings and near misses."""
    matched: str
    """The name or text that matched."""


def search(index: AtlasIndex, text: str, *, limit: int = 20) -> list[SearchHit]:
    """Nodes whose names (aliases too), titles, paths or summaries match ``text``, best first."""
    at_least("limit", limit, 1, "--limit 20 (limit=20)")
    key = fold_key(text)
    if not key:
        return []
    hits: dict[str, SearchHit] = {}
    for node in index.nodes():
        for field, names in _searchable(node):
            for name in names:
                score = _score(key, fold_key(name), field)
                if score and (node.id not in hits or score > hits[node.id].score):
                    hits[node.id] = SearchHit(id=node.id, label=node.label, node_kind=node.kind,
                                              score=round(score, 3), matched=name)  # fmt: skip
    order = {k: i for i, k in enumerate(NodeKind)}
    ranked = sorted(hits.values(), key=lambda h: (-h.score, order[h.node_kind], h.label, h.id))
    return ranked[:limit]


def _searchable(node: object) -> list[tuple[str, list[str]]]:
    if isinstance(node, ConceptNode):
        return [("name", [node.name, *node.aliases]), ("text", [node.summary])]
    if isinstance(node, NoteNode):
        return [("name", [node.title]), ("text", [node.path])]
    if isinstance(node, PaperNode):
        return [("name", [node.title or ""]), ("text", [node.paper_id, *node.ids[1:]])]
    label = getattr(node, "label", "")
    return [("name", [label]), ("text", [getattr(node, "url", "")])]


def _score(key: str, name: str, field: str) -> float:
    if not name:
        return 0.0
    if field == "text":
        return 0.4 if key in name else 0.0
    if name == key:
        return 1.0
    if name.startswith(key):
        return 0.8
    if key in name:
        return 0.6
    matcher = difflib.SequenceMatcher(None, key, name)
    if matcher.real_quick_ratio() < 0.75:  # an upper bound, from the lengths alone
        return 0.0
    ratio = matcher.ratio()
    return ratio * 0.5 if ratio >= 0.75 else 0.0


__all__ = ["SearchHit", "search"]
