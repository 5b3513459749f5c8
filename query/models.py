"""What queries answer with: pydantic values that ``--json`` dumps as they are."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field

from noteatlas.schema import EdgeKind, Evidence, NodeKind
from noteatlas.schema.edges import from_notes

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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def from_notes(self) -> bool:
        """True when the user's notes state the edge (a note line among its evidence), False
        when only a vocabulary does."""
        return from_notes(self.evidence)


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


__all__ = ["Direction", "Neighbor", "NoteMention", "Step", "TimelineEntry"]
