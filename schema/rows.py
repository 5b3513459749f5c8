"""Edges and evidence as slotted rows: what a built or loaded atlas keeps in memory.

A 10,000-note atlas has 734,000 edges and about a million pieces of evidence. As pydantic models
an evidence takes 304 bytes and an edge with a one-item evidence list 463 (tracemalloc, 50,000
of each); as these rows 113 and 137, about 430 MB less. The builders make rows, the Atlas keeps
them, the JSON writer, the exporters and the queries read them by the same names as the models
(``EdgeLike``, ``EvidenceLike``); the API hands out models (``as_model``), equal to the ones the
builders made before.

They are slotted dataclasses with the models' fields in the models' order, so that pydantic
serialises them as it serialises the models, byte for byte (``schema.atlas.iter_json_bytes``),
without a model made on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from sys import intern
from typing import Annotated

from pydantic import Field

from noteatlas.schema.edges import (
    _EDGE_FIELDS,
    Edge,
    EdgeReads,
    Evidence,
    EvidenceReads,
    _is_none,
    _shared_weight,
    _unvalidated,
)
from noteatlas.schema.kinds import EdgeKind, Method

_Values = tuple[str | None, int | None, Method, str, float | None]


@dataclass(slots=True, init=False, eq=False, repr=False)
class EvidenceRow(EvidenceReads):
    """``Evidence`` as a row: the same fields, read the same way, equal by value."""

    file: str | None
    line: int | None
    method: Method
    snippet: str
    confidence: Annotated[float | None, Field(exclude_if=_is_none)]

    def __init__(
        self,
        file: str | None,
        line: int | None,
        method: Method,
        snippet: str,
        confidence: float | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.method = method
        self.snippet = snippet
        self.confidence = confidence

    @classmethod
    def of(cls, evidence: Evidence) -> EvidenceRow:
        """The row of a model."""
        e = evidence
        return cls(e.file, e.line, e.method, e.snippet, e.confidence)

    def values(self) -> _Values:
        """The fields, in the model's order."""
        return (self.file, self.line, self.method, self.snippet, self.confidence)

    def as_model(self) -> Evidence:
        """The ``Evidence`` model of this row."""
        return Evidence.trusted(*self.values())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EvidenceRow):
            return NotImplemented
        return self.values() == other.values()

    def __hash__(self) -> int:
        return hash(self.values())

    def __repr__(self) -> str:
        return f"EvidenceRow{self.values()!r}"


@dataclass(slots=True, init=False, eq=False, repr=False)
class EdgeRow(EdgeReads):
    """``Edge`` as a row: evidence a tuple of rows (deduplicated and sorted, as the builders
    leave it), confidence that of the strongest."""

    source: str
    target: str
    kind: EdgeKind
    weight: float
    evidence: tuple[EvidenceRow, ...]
    confidence: float

    def __init__(
        self,
        source: str,
        kind: EdgeKind,
        target: str,
        evidence: tuple[EvidenceRow, ...],
        weight: float = 1.0,
    ) -> None:
        # Ids and counts shared, as ``Edge.sorted_parts`` does (ids came back from the worker
        # processes as one string per edge; mention counts repeat).
        self.source = intern(source)
        self.target = intern(target)
        self.kind = EdgeKind(kind)
        self.weight = _shared_weight(weight)
        self.evidence = evidence
        self.confidence = max([e.strength for e in evidence], default=0.0)

    @classmethod
    def of(cls, edge: Edge) -> EdgeRow:
        """The row of a model (its evidence sorted and without repeats already)."""
        evidence = tuple(EvidenceRow.of(e) for e in edge.evidence)
        return cls(edge.source, edge.kind, edge.target, evidence, edge.weight)

    def as_model(self) -> Edge:
        """The ``Edge`` model of this row: what ``Edge.sorted_parts`` makes of the same parts."""
        values = {
            "source": self.source, "target": self.target, "kind": self.kind,
            "weight": self.weight, "evidence": [e.as_model() for e in self.evidence],
            "confidence": self.confidence,
        }  # fmt: skip
        return _unvalidated(Edge, values, _EDGE_FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EdgeRow):
            return NotImplemented
        return (
            self.sort_key() == other.sort_key()
            and self.weight == other.weight
            and self.evidence == other.evidence
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"EdgeRow({self.source!r}, {self.kind.value!r}, {self.target!r}, "
            f"weight={self.weight!r}, evidence={self.evidence!r})"
        )


__all__ = ["EdgeRow", "EvidenceRow"]
