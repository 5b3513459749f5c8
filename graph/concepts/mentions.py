"""Mentions in one note: which concepts its texts name, how often, where, and in which sections;
and the relations its sentences state between them (``statements``).

This is the per-note half of mention finding. It needs the corpus's matcher (every concept name
is known only once all notes are extracted) and the note's topic, but nothing else of the
corpus, so it runs in the process pool and is cached by note content and topic and by a digest
of the matcher's names: an edit that changes no concept name re-reads one note. The result is
plain data (tuples of ints and strings) that survives JSON unchanged; ``concepts`` turns it
into edges.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from noteatlas.graph.concepts.names import Matcher
from noteatlas.graph.concepts.statements import Statement, note_statements
from noteatlas.graph.concepts.texts import note_texts
from noteatlas.schema import EdgeKind, NoteExtract
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
    statements: tuple[Statement, ...] = ()
    """Relations its sentences state, sorted by line (``statements.note_statements``)."""


#: What the mentions pass reads of a note: its extract (only the parts that can name a concept)
#: and its topic, the concept it is about (``Defined.topics``).
NoteInput = tuple[NoteExtract, str | None]


def note_input(ex: NoteExtract, topic: str | None) -> NoteInput:
    """A note's extract without the parts the pass never reads (references, front matter,
    chains ...): what goes to a worker process is a third smaller."""
    light = ex.model_copy(
        update={
            "front_matter": {}, "front_matter_lines": {}, "anchors": [], "references": [],
            "arrow_chains": [], "inline_fields": [], "markmaps": [], "diagnostics": [],
        }
    )  # fmt: skip
    return light, topic


def note_pass(note: NoteInput, matcher: Matcher) -> NoteMentions:
    """The mentions in a note and the relations its sentences state."""
    ex, topic = note
    by_line: dict[int, list[tuple[str, str]]] = {}
    found = find_note_mentions(note_texts(ex), matcher, by_line)
    if not found.places:  # a sentence states a relation between concepts it names
        return found
    statements = note_statements(ex, matcher, topic, by_line)
    return NoteMentions(found.places, found.sections, tuple(statements))


def find_note_mentions(
    texts: Sequence[NoteText],
    matcher: Matcher,
    by_line: dict[int, list[tuple[str, str]]] | None = None,
) -> NoteMentions:
    """The mentions in a note's texts (given in line order). ``by_line`` receives, per line,
    each name as written and its concept (the sentences of that line are read with them)."""
    counts: dict[str, int] = {}
    lines: dict[str, list[int]] = {}
    first: dict[str, list[tuple[int, str]]] = {}
    per_section: dict[int, tuple[int, set[str]]] = {}
    for line, section, text in texts:
        found = matcher.find(text)
        if by_line is not None and found:
            by_line.setdefault(line, []).extend((m.text, m.concept) for m in found)
        for m in found:
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
        [
            [st.source, st.kind.value, st.target, st.line, st.confidence, st.snippet]
            for st in found.statements
        ],
    ]


def from_plain(data: Any) -> NoteMentions:
    """Inverse of ``to_plain``; raises ValueError on anything malformed."""
    try:
        places, sections, statements = data
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
            statements=tuple(_statement(*row) for row in statements),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad mentions row: {exc}") from None
    return found


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _statement(
    source: Any, kind: Any, target: Any, line: Any, confidence: Any, text: Any
) -> Statement:
    return Statement(
        _str(source), EdgeKind(_str(kind)), _str(target), _int(line), _float(confidence), _str(text)
    )


def _float(value: Any) -> float:
    if type(value) not in (int, float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _str(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected a string, got {value!r}")
    return value


__all__ = [
    "MAX_PLACES",
    "PLACES_SHOWN",
    "NoteInput",
    "NoteMentions",
    "NoteText",
    "Places",
    "SectionMentions",
    "find_note_mentions",
    "from_plain",
    "names_digest",
    "note_input",
    "note_pass",
    "to_plain",
]
