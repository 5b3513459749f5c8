"""What an atlas is made from, as one digest: a rebuild that finds the parts of the site's atlas
makes nothing more (issue 15).

The second half of a build (``concepts.stage.assemble``, the atlas, atlas.json and every other
output) is a pure function of what the first half hands it: the document graph, the concepts
stage's first half (``Defined``), each note's mentions, the diagnostics so far, the corpus's name
and the program. ``parts_digest`` is the SHA-256 of all of that; each note's mentions count by
the digest of their cache row (``BuildCache.mention_outs``), so they are never decoded for it.
An edit to prose that states nothing new (a line naming no concept, link or year) gives the
parts of the last build again: the site is as that build wrote it, and the rebuild stops there
instead of assembling the atlas and hashing its 18 MB of JSON (300 notes) to find that out.

The digest is of the values themselves, serialised by pydantic's serialiser (models and
dataclasses field by field, in order; dicts in insertion order): the same values give the same
bytes in any process. A value it cannot serialise stops the digest (``None``: the build goes on
as before) rather than being left out, so a new field of these values is either in the digest or
turns the short cut off, never silently ignored. A set would be written in an order that varies
between processes: it would only make the digest miss, never match wrongly.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import TypeAdapter
from pydantic_core import PydanticSerializationError

from noteatlas.graph.concepts.mentions import names_digest
from noteatlas.graph.concepts.names import Matcher
from noteatlas.graph.concepts.registry import Registry
from noteatlas.graph.concepts.stage import Defined
from noteatlas.graph.documents import DocumentGraph
from noteatlas.graph.edges import EdgeBag
from noteatlas.schema import Diagnostic, EdgeKind, Evidence
from noteatlas.schema.rows import EvidenceRow

_ANY: TypeAdapter[Any] = TypeAdapter(Any)
_EVIDENCE_ROWS: TypeAdapter[Any] = TypeAdapter(
    list[tuple[str, EdgeKind, str, float | None, list[Evidence | EvidenceRow]]]
)


def _unknown(value: Any) -> Any:
    raise TypeError(f"no digest of {type(value).__name__}")


def _bag(bag: EdgeBag) -> dict[str, Any]:
    """An edge bag's whole state; its maps keyed by (source, kind, target) as lists of rows,
    since a JSON object's keys are strings. The evidence, most of a bag, goes through a typed
    serialiser (half the time of an inferred one) and counts by its own digest."""
    state: dict[str, Any] = {}
    for name, value in vars(bag).items():
        if name == "evidence":
            rows = [(*key, bag.weight.get(key), found) for key, found in value.items()]
            data = _EVIDENCE_ROWS.dump_json(rows, warnings="error")
            value = hashlib.sha256(data).hexdigest()
        elif name == "weight":
            value = [[*key, w] for key, w in value.items() if key not in bag.evidence]
        elif isinstance(value, dict) and any(isinstance(key, tuple) for key in value):
            value = [[*key, item] for key, item in value.items()]
        state[name] = value
    return state


def _plain(value: Any) -> Any:
    """``value`` with the parts pydantic cannot serialise itself made plain: edge bags, the
    registry (a plain object: its attributes) and the matcher (its names, by their digest)."""
    if isinstance(value, EdgeBag):
        return _bag(value)
    if isinstance(value, Registry):
        return vars(value)
    if isinstance(value, Matcher):
        return names_digest(value)
    return value


def _fields(value: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}


def state_digest(
    doc: DocumentGraph,
    first: Defined,
    diagnostics: Sequence[Diagnostic],
    root: str,
    generator: str,
) -> str | None:
    """The digest of what ``assemble`` and ``Atlas.from_parts`` make the atlas from besides the
    notes' mentions: ``doc``, ``first`` (as ``assemble`` reads it: each note's light context),
    the diagnostics found outside the two stages, the corpus's name and the generator; None
    when some value cannot be digested. Taken before ``assemble``, which adds to ``first``."""
    digest = hashlib.sha256()

    def parts() -> Iterator[tuple[str, Any]]:  # one at a time: a big corpus's are tens of MB
        yield "doc", _fields(doc)
        yield "first", _fields(first)
        yield "rest", {"diagnostics": list(diagnostics), "root": root, "generator": generator}

    try:
        for name, value in parts():
            digest.update(name.encode() + _ANY.dump_json(value, fallback=_unknown))
    except (PydanticSerializationError, TypeError, ValueError):
        return None
    return digest.hexdigest()


def parts_digest(state: str, mentions: Sequence[str]) -> str:
    """The digest of an atlas's parts: ``state`` (``state_digest``) and the digests of each
    note's mentions, in note order (``BuildCache.mention_outs``)."""
    return hashlib.sha256("\n".join([state, *mentions]).encode()).hexdigest()


__all__ = ["parts_digest", "state_digest"]
