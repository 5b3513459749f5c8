"""What a concept's section lists: a model's techniques, one item each (``## BERT`` over
``1. Masked LM：…`` and ``2. Next Sentence Prediction (NSP)：…``).

Notes describe a model by listing what it is made of or trained with, each item headed by the
thing's name before a colon or a dash. The item states that the section's concept uses it; what
else it could state (a cause, a step, an example) depends on what the two are, which the
per-note pass does not know. So the pass proposes ``subject uses item`` with ``CONFIDENCE``,
and ``stage.assemble`` keeps a proposal only when the section's concept is a model or an
architecture and the item's a technique (``fits``), as it does for ``grouped``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from noteatlas.graph.concepts.listed import reading_sections
from noteatlas.schema import ConceptKind, NoteExtract

#: Confidence of a proposal, and its mark: no cue's confidence, hedged or carried, is 0.52.
CONFIDENCE = 0.52

#: Where the head of an item ends: ``Masked LM：…``, ``**Dropout** — …``, ``NSP: …``.
_HEAD = re.compile(r"^[\s*_`]*(?P<head>[^:：—–\n]{1,40}?)[\s*_`]*(?:[:：]|\s[-–—]\s|——)\s*\S")
_SUBJECT_KINDS = frozenset({ConceptKind.MODEL, ConceptKind.ARCHITECTURE})


def section_items(
    ex: NoteExtract,
    sections: Mapping[int, str],
    topic: str | None,
    quiz: set[int],
    named: Callable[[str], str | None],
    starts: Callable[[str], str | None],
) -> list[tuple[int, str, str, str]]:
    """(line, subject, item's concept, item text) for each top-level item of a section about
    a concept (``sections``: its heading's or an ancestor's; else the note's ``topic``) whose
    head is one concept's name, strictly (``named``), and whose words after it do not start
    with another concept (``starts``: the concept a text opens with). Quizzes and reading lists
    give none."""
    reading: set[int] | None = None
    out: list[tuple[int, str, str, str]] = []
    for item in ex.list_items:
        if item.depth or item.section in quiz:
            continue
        subject = sections.get(item.section, topic)
        m = _HEAD.match(item.text)
        if subject is None or m is None:
            continue
        if reading is None:
            reading = reading_sections(ex)
        if item.section in reading:
            continue
        value = named(m.group("head").strip())
        if value is None or value == subject:
            continue
        rest = item.text[m.end() - 1 :]
        if (first := starts(rest)) is not None and first != value:
            continue  # "- 预训练：ELMo 用两层双向 LSTM…" (under BiRNN): about ELMo
        out.append((item.line, subject, value, item.text))
    return out


def fits(kinds: Mapping[str, ConceptKind], subject: str, value: str) -> bool:
    """Whether a proposal holds: a technique listed under a model or an architecture."""
    return kinds.get(subject) in _SUBJECT_KINDS and kinds.get(value) is ConceptKind.TECHNIQUE


__all__ = ["CONFIDENCE", "fits", "section_items"]
