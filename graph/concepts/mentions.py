"""Mentions in one note: which concepts its texts name, how often, where, and in which sections.

This is the per-note half of mention finding. It needs the corpus's matcher (every concept name
is known only once all notes are extracted) but nothing else of the corpus, so it runs in the
process pool and is cached by note content and by a digest of the matcher's names: an edit that
changes no concept name re-matches one note. The result is plain data (tuples of ints and
strings) that survives JSON unchanged; ``concepts`` turns it into edges.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from noteatlas.graph.concepts.names import Matcher
from noteatlas.schema.edges import snippet

#: Places a mentions edge shows (its count stays exact).
PLACES_SHOWN = 5
#: Most places remembered per concept and note: the first ``PLACES_SHOWN``, and any more on the
#: line of the last of them (the edge shows the first places sorted by line, then snippet).
MAX_PLACES = 40
#: Characters of context on each side of a mention in its snippet.
CONTEXT = 40

#: (line, section, text): the texts of a note that may mention concepts (``texts.note_texts``).
NoteText = tuple[int, int, str]


@dataclass(frozen=True)
class Places:
    """One concept's mentions in one note."""

    concept: str
    """Concept id."""
    count: int
    """How many times it is named (exact)."""
    lines: tuple[int, ...]
    """Every line it is named on, ascending."""
    first: tuple[tuple[int, str], ...]
    """(line, snippet) of its first mentions (see ``MAX_PLACES``), in the order they were found."""


@dataclass(frozen=True)
class SectionMentions:
    """The concepts named in one section of a note."""

    section: int
    """Index of the heading, -1 before any."""
    first_line: int
    """The first line in the section that names a concept."""
    concepts: tuple[str, ...]
    """Concept ids, sorted."""


@dataclass(frozen=True)
class NoteMentions:
    """Everything the concepts stage needs to know about the names in one note."""

    places: tuple[Places, ...]
    """Per concept, in the order of first mention."""
    sections: tuple[SectionMentions, ...]
    """Per section that names a concept, in the order of first mention."""


def find_note_mentions(texts: Sequence[NoteText], matcher: Matcher) -> NoteMentions:
    """The mentions in a note's texts (given in line order)."""
    counts: dict[str, int] = {}
    lines: dict[str, list[int]] = {}
    first: dict[str, list[tuple[int, str]]] = {}
    per_section: dict[int, tuple[int, set[str]]] = {}
    for line, section, text in texts:
        for m in matcher.find(text):
            concept = m.concept
            if concept in counts:
                counts[concept] += 1
                seen = lines[concept]
                if seen[-1] != line:
                    seen.append(line)
                kept = first[concept]
            else:
                counts[concept] = 1
                lines[concept] = [line]
                kept = first[concept] = []
            if len(kept) < PLACES_SHOWN or (len(kept) < MAX_PLACES and kept[-1][0] == line):
                place = (line, snippet(text[max(0, m.start - CONTEXT) : m.end + CONTEXT]))
                if place not in kept:  # the same words twice on a line are one place
                    kept.append(place)
            if section not in per_section:
                per_section[section] = (line, set())
            per_section[section][1].add(concept)
    return NoteMentions(
        places=tuple(Places(c, counts[c], tuple(lines[c]), tuple(first[c])) for c in counts),
        sections=tuple(
            SectionMentions(section, line, tuple(sorted(concepts)))
            for section, (line, concepts) in per_section.items()
        ),
    )


def names_digest(matcher: Matcher) -> str:
    """What a cached ``NoteMentions`` depends on besides the note: every name and its concept."""
    data = json.dumps(sorted(matcher.keys().items()), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def to_plain(found: NoteMentions) -> list[Any]:
    """A JSON-able form, for the build cache."""
    return [
        [[p.concept, p.count, list(p.lines), [list(f) for f in p.first]] for p in found.places],
        [[s.section, s.first_line, list(s.concepts)] for s in found.sections],
    ]


def from_plain(data: Any) -> NoteMentions:
    """Inverse of ``to_plain``; raises ValueError on anything malformed."""
    try:
        places, sections = data
        found = NoteMentions(
            places=tuple(
                Places(
                    _str(concept),
                    _int(count),
                    tuple(_int(x) for x in line_list),
                    tuple((_int(line), _str(text)) for line, text in first),
                )
                for concept, count, line_list, first in places
            ),
            sections=tuple(
                SectionMentions(_int(section), _int(line), tuple(_str(c) for c in concepts))
                for section, line, concepts in sections
            ),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad mentions row: {exc}") from None
    return found


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _str(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected a string, got {value!r}")
    return value


__all__ = [
    "MAX_PLACES",
    "PLACES_SHOWN",
    "NoteMentions",
    "NoteText",
    "Places",
    "SectionMentions",
    "find_note_mentions",
    "from_plain",
    "names_digest",
    "to_plain",
]
