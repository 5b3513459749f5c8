"""Edges and the evidence behind them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from sys import intern
from typing import Any, Protocol, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from noteatlas.schema.kinds import METHOD_CONFIDENCE, EdgeKind, Method

_M = TypeVar("_M", bound=BaseModel)


def _is_none(value: object) -> bool:
    return value is None


#: Characters of an evidence snippet.
SNIPPET = 160


def snippet(text: str) -> str:
    """A short single-line excerpt for evidence."""
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


class EvidenceLike(Protocol):
    """What a reader of evidence sees: an ``Evidence`` model or a ``schema.rows.EvidenceRow``."""

    @property
    def file(self) -> str | None: ...
    @property
    def line(self) -> int | None: ...
    @property
    def method(self) -> Method: ...
    @property
    def snippet(self) -> str: ...
    @property
    def confidence(self) -> float | None: ...
    @property
    def strength(self) -> float: ...
    def sort_key(self) -> tuple[str, int, str, str]: ...
    def where(self) -> str: ...
    def in_notes(self) -> bool: ...
    def as_model(self) -> Evidence: ...


class EdgeLike(Protocol):
    """What a reader of edges sees: an ``Edge`` model or a ``schema.rows.EdgeRow`` (the form a
    built or loaded atlas keeps its edges in)."""

    @property
    def source(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def kind(self) -> EdgeKind: ...
    @property
    def weight(self) -> float: ...
    @property
    def evidence(self) -> Sequence[EvidenceLike]: ...
    @property
    def confidence(self) -> float: ...
    def sort_key(self) -> tuple[str, str, str]: ...
    def from_notes(self) -> bool: ...
    def as_model(self) -> Edge: ...


class EvidenceReads:
    """What evidence answers from its fields, for the model and the row alike."""

    __slots__ = ()

    @property
    def strength(self: EvidenceLike) -> float:
        """Its own confidence when it has one, else its method's."""
        own = self.confidence
        return METHOD_CONFIDENCE[self.method] if own is None else own

    def sort_key(self: EvidenceLike) -> tuple[str, int, str, str]:
        """Deterministic order."""
        return (self.file or "", self.line or 0, self.method, self.snippet)

    def where(self: EvidenceLike) -> str:
        """``file:line`` or ``vocabulary``."""
        if self.file is None:
            return "vocabulary"
        return f"{self.file}:{self.line}" if self.line else self.file

    def in_notes(self: EvidenceLike) -> bool:
        """Whether this was read in the user's notes: a file is set and the method is not the
        vocabulary (an entry of the corpus's own vocabulary file has a file, yet is vocabulary)."""
        return self.file is not None and self.method != Method.VOCABULARY


class Evidence(EvidenceReads, BaseModel):
    """Where an edge was seen: file and line, or the vocabulary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str | None = None
    """Corpus-relative path, or None for the vocabulary."""
    line: int | None = None
    """1-based line."""
    method: Method
    """How it was found."""
    snippet: str = ""
    """A short excerpt of the source (at most ~160 characters)."""
    confidence: float | None = Field(default=None, ge=0.0, le=1.0, exclude_if=_is_none)
    """How sure the reader that found it is, when it says (a sentence's cue: ``是一种`` 0.8, a
    hedged ``在一定程度上缓解`` lower); None: the method's (``METHOD_CONFIDENCE``). Left out of
    the JSON when None, so evidence of every other method is written as before."""

    @classmethod
    def trusted(
        cls,
        file: str | None,
        line: int | None,
        method: Method,
        snippet: str,
        confidence: float | None = None,
    ) -> Evidence:
        """Evidence from plain values the builders made themselves, without validating them
        (a big corpus has a million of these; validation would cost more than finding them)."""
        values = {
            "file": file, "line": line, "method": method, "snippet": snippet,
            "confidence": confidence,
        }  # fmt: skip
        return _unvalidated(cls, values, _EVIDENCE_FIELDS)

    def as_model(self) -> Evidence:
        """Itself (``EvidenceLike``: a row makes its model)."""
        return self


class EdgeReads:
    """What an edge answers from its fields, for the model and the row alike."""

    __slots__ = ()

    def sort_key(self: EdgeLike) -> tuple[str, str, str]:
        """Deterministic order."""
        return (self.source, self.kind, self.target)

    def from_notes(self: EdgeLike) -> bool:
        """Whether the user's notes state this edge (see ``from_notes``)."""
        return from_notes(self.evidence)


class Edge(EdgeReads, BaseModel):
    """A directed, typed edge. At most one edge per (source, kind, target); evidence accumulates."""

    model_config = ConfigDict(extra="forbid")

    source: str
    """Source node id."""
    target: str
    """Target node id."""
    kind: EdgeKind
    """Edge kind."""
    weight: float = 1.0
    """Count for ``mentions``/``co_mentioned``, 1 otherwise."""
    evidence: list[Evidence] = Field(default_factory=list)
    """Where it was seen, sorted."""

    confidence: float = 0.0
    """Confidence of the strongest evidence (``Evidence.strength``; computed on validation)."""

    @classmethod
    def settled(
        cls, source: str, kind: EdgeKind, target: str, evidence: list[Evidence], weight: float = 1.0
    ) -> Edge:
        """Build an edge from trusted parts without re-validating them (the builders' fast path);
        evidence is deduplicated and sorted and the confidence computed, as validation would."""
        by_key = {
            e.sort_key(): e for e in evidence
        }  # dedupe on plain tuples: cheaper than hashing models
        return cls.sorted_parts(source, kind, target, [by_key[k] for k in sorted(by_key)], weight)

    @classmethod
    def sorted_parts(
        cls, source: str, kind: EdgeKind, target: str, evidence: list[Evidence], weight: float = 1.0
    ) -> Edge:
        """``settled`` for evidence already deduplicated and sorted by the caller."""
        confidence = max([e.strength for e in evidence], default=0.0)
        # Ids and counts shared: a 10,000-note atlas has 700,000 edges between 80,000 nodes, and
        # its ids came back from the worker processes as one string per edge. The evidence list
        # is copied to its exact size (a slice; a list grown by appends keeps room for more).
        values = {
            "source": intern(source), "target": intern(target), "kind": EdgeKind(kind),
            "weight": _shared_weight(weight), "evidence": evidence[:],
            "confidence": confidence,
        }  # fmt: skip
        return _unvalidated(cls, values, _EDGE_FIELDS)

    @model_validator(mode="after")
    def _settle(self) -> Self:
        self.evidence = sorted(set(self.evidence), key=_total_order)
        self.confidence = max((e.strength for e in self.evidence), default=0.0)
        return self

    def as_model(self) -> Edge:
        """Itself (``EdgeLike``: a row makes its model)."""
        return self


def from_notes(evidence: Iterable[EvidenceLike]) -> bool:
    """Whether what ``evidence`` backs comes from the user's notes: at least one piece of it was
    read in a note (``Evidence.in_notes``); otherwise only a vocabulary states it. The one rule
    that ``show``, ``path``, ``stats`` and the explorer mark relations by."""
    return any(e.in_notes() for e in evidence)


# Every field of a fast-path model is set, so they all share one "fields set": pydantic only ever
# adds a field name to it (on assignment), which changes nothing when all names are in already,
# and copies it before changing a copy. One set each instead of one per model saves ~200 bytes
# per edge and per evidence (a 10,000-note atlas has over a million of them).
_EDGE_FIELDS = set(Edge.model_fields)
#: One float object per weight (mention counts repeat; a float is 24 bytes).
_WEIGHTS: dict[float, float] = {}


def _shared_weight(weight: float) -> float:
    """The one float object of a positive weight (an int, -0.0 or nan stays itself: equal keys
    would change how it is written)."""
    if type(weight) is float and weight > 0.0:
        return _WEIGHTS.setdefault(weight, weight)
    return weight


_EVIDENCE_FIELDS = set(Evidence.model_fields)


def _unvalidated(cls: type[_M], values: dict[str, Any], fields_set: set[str]) -> _M:
    """What ``model_construct`` does, minus its per-field bookkeeping: every field is given."""
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


def _total_order(e: Evidence) -> tuple[tuple[str, int, str, str], bool, bool, bool, float]:
    """``sort_key`` and what it leaves tied (``file`` "" or None, ``line`` 0 or None, the
    confidence): a set's order, which the hash seed decides, never shows in the sorted list."""
    return (e.sort_key(), e.file is not None, e.line is not None, e.confidence is not None,
            e.confidence or 0.0)  # fmt: skip
