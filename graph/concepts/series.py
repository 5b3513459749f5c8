"""Lineages a line lists in order: the numbered versions of one family (``GPT1、GPT2、GPT3``).

A heading, list item or sentence that names two or more versions of one name, numbered in
ascending order and joined only by list marks (``### GPT、GPT-2、GPT-3``, ``- LLaMA, LLaMA 2``),
states their order: each ``precedes`` the next. The unnumbered name counts as version 1 when it
leads. Sizes are not versions (``ResNet-50, ResNet-101``): a version is at most ``_MAX_VERSION``
and the next one at most ``_MAX_STEP`` on. Questions and quiz sections give nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise

from noteatlas.graph.concepts.names import Matcher
from noteatlas.graph.concepts.texts import note_texts
from noteatlas.schema import EdgeKind, NoteExtract

#: Confidence of a precedence a numbered series states.
SERIES_CONFIDENCE = 0.6

_MAX_VERSION = 10
_MAX_STEP = 2
#: A name and its version: ``GPT-3.5``, ``YOLOv3``, ``LLaMA 2``, ``GPT2``.
_VERSIONED = re.compile(r"^(?P<stem>.*?[A-Za-z\u4e00-\u9fff])[\s_-]?v?(?P<n>\d{1,2}(?:\.\d)?)$")
#: What may stand between two versions of a list: a list mark, ``and``, an arrow, markup.
_JOIN = re.compile(
    r"^[\s*_`]*(?:[、,，/;；]|和|与|及|以及|->|→|=>|\band\b|,\s*and\b)?[\s*_`]*$", re.IGNORECASE
)
_QUESTION = re.compile(r"[?？]|吗|为什么|\bwhy\b|\bhow\b", re.IGNORECASE)


def _version(surface: str) -> tuple[str, float | None]:
    """The folded stem of a name and its version (None when it has none)."""
    m = _VERSIONED.match(surface.strip())
    if m is None:
        return surface.strip().casefold(), None
    return m.group("stem").casefold(), float(m.group("n"))


def may_list_series(names: Iterable[tuple[str, str]]) -> bool:
    """The cheap test: a line names a numbered version (``GPT2``) and another concept whose
    name starts like it (``GPT``, ``GPT-3``)."""
    named = list(names)
    for surface, concept in named:
        if surface[-1:].isdigit() and (m := _VERSIONED.match(surface)) is not None:
            stem = m.group("stem").casefold()
            if any(c != concept and s.casefold().startswith(stem) for s, c in named):
                return True
    return False


def series_relations(
    text: str, spans: Sequence[tuple[int, int, str]]
) -> list[tuple[str, EdgeKind, str]]:
    """(earlier, precedes, later) for each pair of neighbours of a numbered series that
    ``text`` lists. ``spans``: the (start, end, concept) of its names, sorted."""
    if len(spans) < 2 or _QUESTION.search(text):
        return []
    out: list[tuple[str, EdgeKind, str]] = []
    run: list[tuple[str, float, str]] = []  # (stem, version, concept) of the current series

    def close() -> None:
        out.extend((a[2], EdgeKind.PRECEDES, b[2]) for a, b in pairwise(run) if a[2] != b[2])

    prev_end = -1
    for start, end, concept in spans:
        stem, n = _version(text[start:end])
        joined = bool(run) and _JOIN.match(text[prev_end:start]) is not None
        if joined and stem == run[-1][0] and _follows(run[-1][1], n):
            run.append((stem, n if n is not None else 1.0, concept))
        else:
            close()
            run = [(stem, 1.0 if n is None else n, concept)] if (n or 0) <= _MAX_VERSION else []
        prev_end = end
    close()
    return sorted(set(out))


def note_series(
    ex: NoteExtract,
    named: Mapping[int, Sequence[tuple[str, str]]],
    spans: Callable[[str, Sequence[tuple[str, str]]], list[tuple[int, int, str]]],
    quiz: set[int],
) -> list[tuple[int, str, str, str]]:
    """(line, earlier, later, text) of every series the note's lines (headings too) list.
    ``named``: line -> the names it holds and their concepts; ``spans`` places them in a text
    (longest first); ``quiz``: sections whose lines are questions."""
    out = _column(ex, named, spans, quiz)
    lines = {line for line, names in named.items() if may_list_series(names)}
    if not lines:
        return out  # most notes: a look at the names of each line
    for line, section, text in _texts(ex, lines):
        if section in quiz:
            continue
        names = sorted(set(named[line]), key=lambda n: (-len(n[0]), n))
        out.extend((line, a, b, text) for a, _, b in series_relations(text, spans(text, names)))
    return out


#: What a line that is one name may hold besides it: list marks, markup, link brackets.
_BARE = re.compile(r"^[\s*_`>\-+•·\d.)\[\]!]*$")


def _column(
    ex: NoteExtract,
    named: Mapping[int, Sequence[tuple[str, str]]],
    spans: Callable[[str, Sequence[tuple[str, str]]], list[tuple[int, int, str]]],
    quiz: set[int],
) -> list[tuple[int, str, str, str]]:
    """A series written down a column, one name a line (an Obsidian family note: ``[[GPT-1]]``,
    ``[[GPT-2]]``, ``[[GPT-3]]`` on lines that follow each other): read as if on one line, each
    relation at the later name's line."""
    single = sorted(line for line, names in named.items() if len({c for _, c in names}) == 1)
    if not any(b == a + 1 for a, b in pairwise(single)):
        return []  # most notes: no two lines in a row that name one concept each
    alone: list[tuple[int, int, str, str]] = []  # (line, section, surface, concept)
    wanted = set(single)
    for line, section, text in note_texts(ex):
        if line not in wanted:
            continue
        names = named.get(line)
        if not names or section in quiz:
            continue
        found = spans(text, sorted(set(names), key=lambda n: (-len(n[0]), n)))
        if len(found) == 1:
            start, end, concept = found[0]
            if _BARE.match(text[:start]) and _BARE.match(text[end:]):
                alone.append((line, section, text[start:end], concept))
    runs: list[list[tuple[int, int, str, str]]] = []
    for entry in alone:  # lines that follow each other in one section
        if runs and (entry[0], entry[1]) == (runs[-1][-1][0] + 1, runs[-1][-1][1]):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    out: list[tuple[int, str, str, str]] = []
    for run in runs:
        if len(run) < 2:
            continue
        text, at = "", []  # the names as one line "GPT-1、GPT-2、GPT-3", and where each is
        for _, _, surface, concept in run:
            text += "、" if text else ""
            at.append((len(text), len(text) + len(surface), concept))
            text += surface
        lines = {concept: line for line, _, _, concept in run}
        shown = " / ".join(surface for _, _, surface, _ in run)
        out += [(lines[b], a, b, shown) for a, _, b in series_relations(text, at)]
    return out


def _texts(ex: NoteExtract, lines: set[int]) -> list[tuple[int, int, str]]:
    """(line, section, text) of the note's lines among ``lines``, as ``note_texts`` gives them."""
    return [t for t in note_texts(ex) if t[0] in lines]


def names_by_line(ex: NoteExtract, matcher: Matcher) -> dict[int, list[tuple[str, str]]]:
    """Line -> the names it holds and their concepts, for a caller that found none yet."""
    return {
        line: [(text[m.start : m.end], m.concept) for m in found]
        for line, _, text in note_texts(ex)
        if (found := matcher.find(text))
    }


def _follows(before: float, n: float | None) -> bool:
    return n is not None and before < n <= min(before + _MAX_STEP, _MAX_VERSION)


__all__ = [
    "SERIES_CONFIDENCE",
    "may_list_series",
    "names_by_line",
    "note_series",
    "series_relations",
]
