"""Years that prose and headings state for a concept.

- a year heading and the name after it: ``## 2018 BERT``, ``2018年 ELMo：…``, ``BERT (2018)``;
- a sentence that dates a mention with a cue: ``2018年，Google提出了BERT``, ``Word2Vec 由
  Mikolov 等人在 2013 年提出``, ``ELMo was introduced in 2018``, ``In 2017, Vaswani et al.
  proposed the Transformer``;
- a year in parentheses right after a mention: ``ELMo（2018）``, ``BERT (Devlin et al., 2018)``
  (a citation: weaker).

Mentions come in as spans, as for relations; a clause without one dates the sentence's topic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from noteatlas.graph.prose.sentences import Sentence

Span = tuple[int, int, str]

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_HEAD = re.compile(
    rf"^\s*(?P<year>{_YEAR})(?:[-./](?:0?[1-9]|1[0-2]))?\s*(?:年|[-–—.:：、,，_]|\s)\s*"
    r"(?:(?:0?[1-9]|1[0-2])\s*月\s*)?(?P<rest>.+)$"
)
_TAIL = re.compile(rf"^(?P<rest>.+?)[\s,，]*[（(](?P<year>{_YEAR})[)）]\s*$")
# The look-ahead class of first characters lets a lazy gap try the words only where one may
# start (under IGNORECASE every word was tried at every character: the reader's main cost).
_PROPOSE = (
    r"(?=[提发推问诞开面prid])(?:提出|发布|推出|问世|诞生|发表|提出的|开源|面世|proposed|introduced"
    r"|published|released|presented|invented|developed)"
)
# "2018年，Google 提出了 BERT": a year first, the concept after the cue.
_YEAR_FIRST = re.compile(
    rf"(?:^|[^\d])(?:(?:在|于|到了)\s*)?(?P<year>{_YEAR})\s*(?:年)?(?:[^\d，,。]{{0,4}})?[，,]?"
    rf"[^。；;]{{0,30}}?{_PROPOSE}(?:了)?",
    re.IGNORECASE,
)
# "Word2Vec 由 Mikolov 等人在 2013 年提出", "ELMo was introduced in 2018".
_YEAR_THEN_CUE = re.compile(
    rf"(?:在|于)\s*(?P<year>{_YEAR})\s*年[^。；;，,]{{0,8}}?{_PROPOSE}"
    rf"|{_PROPOSE}[^。；;]{{0,40}}?\bin\s+(?P<year2>{_YEAR})\b",
    re.IGNORECASE,
)
_PAREN_YEAR = re.compile(
    rf"^\s*[（(]\s*(?P<cite>[^（）()]{{0,40}}?[,，]\s*)?(?P<year>{_YEAR})[a-z]?\s*[)）]"
)
_BREAK = re.compile(r"[。；;，,]")
#: After a dated name, a longer noun it only modifies: "Liu et al. [2019] 提出的 BERT
#: 模型训练最佳实践" dates the practices, not BERT: four or more Chinese characters up to the
#: clause's end with no word of a predicate ("提出的 BERT 模型在多项任务上取得了…" dates BERT).
_TAIL_WORDS = re.compile(r"[^。；;，,.!?！？]*")
_PREDICATE = re.compile(r"[了在是把将被能可会已使让得过着对从为和与及]")


def _modifies(text: str, end: int) -> bool:
    """Whether the words after a mention ending at ``end`` make it a longer noun's modifier."""
    tail = _TAIL_WORDS.match(text, end)
    words = tail.group() if tail else ""
    cjk = sum(1 for ch in words if "\u4e00" <= ch <= "\u9fff")
    return cjk >= 4 and _PREDICATE.search(words) is None


@dataclass(frozen=True)
class YearStatement:
    """A year a text gives for a concept."""

    concept: str
    """Concept id (of the mention, or the topic)."""
    year: int
    """The year stated."""
    line: int
    """1-based line."""
    cue: str
    """``heading``, ``proposed`` (a cue such as 提出/introduced), ``parentheses`` or ``citation``."""
    confidence: float
    """0.8 for a heading or a cue, 0.6 for a bare year in parentheses, 0.5 for a citation."""


def heading_year(text: str) -> tuple[int, str] | None:
    """A year that starts (``2018年 BERT``) or ends (``BERT (2018)``) a heading, and the rest."""
    if m := _HEAD.match(text):
        return int(m.group("year")), m.group("rest").strip()
    if m := _TAIL.match(text):
        return int(m.group("year")), m.group("rest").strip()
    return None


def stated_years(
    sentence: Sentence, mentions: Sequence[Span], topic: str | None = None
) -> list[YearStatement]:
    """Years ``sentence`` states for the concepts it mentions (or its topic)."""
    if sentence.question or sentence.code:
        return []
    text = sentence.text
    spans = sorted(mentions)
    out: dict[tuple[str, int], YearStatement] = {}

    def put(concept: str, year: int, cue: str, confidence: float) -> None:
        key = (concept, year)
        if key not in out or out[key].confidence < confidence:
            out[key] = YearStatement(concept, year, sentence.line, cue, confidence)

    first = spans[0][2] if spans and not text[: spans[0][0]].strip(" *_-•>") else topic
    for _, end, concept in spans:
        m = _PAREN_YEAR.match(text[end:])
        if m:
            cited = m.group("cite") is not None
            put(concept, int(m.group("year")), "citation" if cited else "parentheses",
                0.5 if cited else 0.6)  # fmt: skip
    for m in _YEAR_FIRST.finditer(text):
        year = int(m.group("year"))
        after = [s for s in spans if s[0] >= m.end() and not _BREAK.search(text[m.end() : s[0]])]
        if after and after[0][0] - m.end() <= 12 and not _modifies(text, after[0][1]):
            put(after[0][2], year, "proposed", 0.8)
    for m in _YEAR_THEN_CUE.finditer(text):
        year = int(m.group("year") or m.group("year2"))
        before = [s for s in spans if s[1] <= m.start()]
        dated = before[0][2] if before else first
        if dated is not None:
            put(dated, year, "proposed", 0.8)
    return sorted(out.values(), key=lambda y: (y.concept, y.year))


__all__ = ["YearStatement", "heading_year", "stated_years"]
