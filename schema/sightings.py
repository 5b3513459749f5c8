"""Sightings: the places where one note shows that a term is a concept, or dates one.

The per-note pass (``graph.concepts.sightings``) makes them while the note is read and
extracted, so they are cached with the note; the concepts stage (``graph.concepts.discover``)
weighs them across the corpus. Plain data that survives JSON unchanged.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Sighting(NamedTuple):
    """One place where a note writes a term as a concept's name, or gives a concept's year.

    A named tuple: a note has a hundred of them, and they cross from the pool's workers to the
    build (pickled) and into the cache; a frozen dataclass took three times longer to unpickle.
    """

    name: str
    """The term as written (the concept's name, or the term a year is given for)."""
    method: str
    """How: ``title``, ``alias``, ``definition``, ``heading``, ``table``, ``arrow_chain``,
    ``term`` (a term the note repeats or stresses); for a year, ``year``."""
    line: int
    """1-based line (0 for a file name)."""
    kind: str = "concept"
    """The concept kind the note's words suggest (``concept`` when nothing does)."""
    score: int = 1
    """How strongly this place shows a concept: 1 a hint, 2 enough alone, 3 a note about it."""
    alias: str = ""
    """Another name of the same concept written with it (an alias pair, a title's acronym)."""
    year: int | None = None
    """The year given, for a ``year`` sighting (and a title such as ``2017 - Attention ...``)."""
    snippet: str = ""
    """The words it was read from; for a year, where: ``heading``, ``prose``, ``table``,
    ``file_name``."""


def to_plain(found: tuple[Sighting, ...]) -> list[list[Any]]:
    """A JSON-able form, for the build cache."""
    return [[s.name, s.method, s.line, s.kind, s.score, s.alias, s.year, s.snippet] for s in found]


def from_plain(data: Any) -> tuple[Sighting, ...]:
    """Inverse of ``to_plain``; raises ValueError on anything malformed."""
    try:
        out = []
        for name, method, line, kind, score, alias, year, text in data:
            if not all(isinstance(v, str) for v in (name, method, kind, alias, text)):
                raise ValueError("expected strings")
            if type(line) is not int or type(score) is not int:
                raise ValueError("expected integers")
            if year is not None and type(year) is not int:
                raise ValueError("expected a year")
            out.append(Sighting(name, method, line, kind, score, alias, year, text))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad sightings row: {exc}") from None
    return tuple(out)


__all__ = ["Sighting", "from_plain", "to_plain"]
