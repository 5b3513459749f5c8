"""Collecting what the stages see into edges: one edge per (source, kind, target), evidence kept.

Both the document layer and the concepts stage add observations here and take sorted edges out,
as rows (``schema.rows``: the form the atlas keeps them in). Symmetric kinds are stored one way round, so ``a related_to b`` and ``b related_to a`` are
one edge; mention-like kinds weigh their count, every other edge 1.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from noteatlas.schema import EdgeKind, Evidence
from noteatlas.schema.rows import EdgeRow, EvidenceRow

_COUNTED = frozenset({EdgeKind.MENTIONS, EdgeKind.CO_MENTIONED})
_SYMMETRIC = frozenset({EdgeKind.RELATED_TO, EdgeKind.CO_MENTIONED})

Key = tuple[str, EdgeKind, str]


class EdgeBag:
    """Evidence and weight per (source, kind, target), and edges finished elsewhere.

    ``limits`` caps the evidence an edge keeps per kind, ``default_limit`` for the other kinds
    (None keeps all): the first places by file and line stay, the weight stays exact.
    """

    def __init__(
        self, limits: Mapping[EdgeKind, int] | None = None, default_limit: int | None = None
    ) -> None:
        self.evidence: dict[Key, list[Evidence | EvidenceRow]] = defaultdict(list)
        self.weight: dict[Key, float] = defaultdict(float)
        self.finished: list[EdgeRow] = []
        """Edges no other evidence can join (a note's mentions): kept as they are."""
        self._limits = dict(limits or {})
        self._default = default_limit

    def _limit(self, kind: EdgeKind) -> int | None:
        return self._limits.get(kind, self._default)

    def add(
        self,
        source: str,
        kind: EdgeKind,
        target: str,
        evidence: Evidence | EvidenceRow,
        weight: float = 1.0,
    ) -> None:
        """Add one observation of an edge; a node's edge to itself is dropped."""
        if source == target:
            return
        if kind in _SYMMETRIC and target < source:
            source, target = target, source
        key = (source, kind, target)
        kept = self.evidence[key]
        limit = self._limit(kind)
        # Added in file and line order: the first ones stay. Twice the limit, since duplicates
        # are removed only at the end.
        if limit is None or len(kept) < 2 * limit:
            kept.append(evidence)
        self.weight[key] += weight

    def used(self) -> set[str]:
        """Every node at an end of an edge seen in a file (not only in the vocabulary)."""
        used: set[str] = set()
        for (source, _, target), evidence in self.evidence.items():
            if any(ev.file for ev in evidence):
                used.update((source, target))
        used.update(edge.target for edge in self.finished)
        return used

    def edges(self, keep: set[str] | None = None) -> list[EdgeRow]:
        """The edges, sorted. With ``keep``, concept ends must be in it (the concepts kept)."""
        out = [edge for edge in self.finished if keep is None or edge.target in keep]
        # One row per evidence model: a section's co-mention evidence backs every pair in it.
        rows: dict[int, EvidenceRow] = {}
        for key, evidence in self.evidence.items():
            source, kind, target = key
            if keep is not None and not (
                (source in keep or not source.startswith("concept:")) and target in keep
            ):
                continue
            unique: dict[tuple[str, int, str, str], Evidence | EvidenceRow] = {}
            for ev in evidence:  # dedupe on plain tuples: cheaper than hashing models
                unique.setdefault(ev.sort_key(), ev)
            limit = self._limit(kind)
            kept = tuple(_row(unique[k], rows) for k in sorted(unique)[:limit])
            weight = self.weight[key] if kind in _COUNTED else 1.0
            out.append(EdgeRow(source, kind, target, kept, weight))
        return sorted(out, key=EdgeRow.sort_key)


def _row(evidence: Evidence | EvidenceRow, rows: dict[int, EvidenceRow]) -> EvidenceRow:
    """The row of a piece of evidence, one per model (``rows``, by identity, while the models
    live: they are in the bag until ``edges`` returns)."""
    if isinstance(evidence, EvidenceRow):
        return evidence
    row = rows.get(id(evidence))
    if row is None:
        row = rows[id(evidence)] = EvidenceRow.of(evidence)
    return row


__all__ = ["EdgeBag"]
