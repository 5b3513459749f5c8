"""Terms a sentence defines, and the words that define them.

Chinese: ``X是指…``, ``X指的是…``, ``所谓X，就是…``, ``X，即…``, ``…称为X``, ``…叫做X``,
``X是一种…`` at the start of a sentence; English: ``X is a …``, ``X refers to …``, ``X is
defined as …``, ``X means …``; a bold term that its sentence goes on to define (``**X**：…``,
``**X** 是…``). The term must look like a name (``terms.looks_like_term``); questions and code
define nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from noteatlas.graph.prose.sentences import Sentence
from noteatlas.graph.prose.terms import chinese_terms
from noteatlas.graph.prose.termshape import looks_like_term

_CJK = re.compile(r"[\u3400-\u9fff]")
_MAX_SUBJECT = 10
_CLAUSE_WORDS = re.compile(r"[的了是在把被将和与用从对我你他它这那]|一种|一个")
_LEAD = r"^[\s>*_\-•·\d.、)）]*"
_NAME = r"(?P<term>[^，,。；;：:（）()\s][^，,。；;：:（）()]{0,40}?)"
_PAREN = r"\s*(?:[（(][^（）()]{1,60}[)）])?"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), cue)
    for p, cue in (
        (rf"所谓的?{_NAME}{_PAREN}\s*[，,]?\s*(?:就是|是指|指的是|是|即)(?P<text>.+)", "所谓"),
        (rf"{_LEAD}\*\*(?P<term>[^*]{{1,40}})\*\*{_PAREN}\s*(?:[:：]|是指|指的是|是|即|就是|\bis\b|\brefers\s+to\b|[-–—])(?P<text>.+)", "bold"),
        (rf"{_LEAD}{_NAME}{_PAREN}\s*(?:是指|指的是|指|就是指)(?P<text>.+)", "是指"),
        (rf"{_LEAD}{_NAME}{_PAREN}\s*[，,]\s*即(?P<text>.+)", "即"),
        (r"(?P<text>.{2,}?)(?:被?称为|被?称作|称之为|被?叫做|被?叫作|我们称其为|统称为)\s*[“「\"]?(?P<term>[^，,。；;：:”」\"（()]{1,30}?)[”」\"]?(?:[（(][^（）()]*[)）])?\s*(?:[，,。；;]|$)", "称为"),
        (rf"{_LEAD}{_NAME}{_PAREN}\s*(?:是|为)(?:一种|一类|一个)(?P<text>.+)", "是一种"),
        (rf"{_LEAD}(?P<term>[A-Za-z][\w+.-]*(?:\s+[\w+.-]+){{0,4}}?){_PAREN}\s+(?:refers?\s+to|is\s+defined\s+as|denotes|means)\s+(?P<text>.+)", "refers to"),
        (rf"{_LEAD}(?:The\s+|An?\s+)?(?P<term>[A-Za-z][\w+.-]*(?:\s+[\w+.-]+){{0,4}}?){_PAREN}\s+(?:is|are)\s+(?:a|an|the)\s+(?P<text>.+)", "is a"),
    )
)  # fmt: skip


#: The word each pattern of ``_PATTERNS`` needs, in the same order: most sentences have none.
#: Chinese words need no IGNORECASE, which makes a search try every alternative at every
#: character (three times slower).
_TRIGGERS = (
    *(re.compile(t) for t in ("所谓", r"\*\*", "指", "即", "称|叫", "一种|一类|一个|为一")),
    re.compile(r"\brefers?\b|\bdefined\b|\bdenotes\b|\bmeans\b", re.IGNORECASE),
    re.compile(r"\b(?:is|are)\s+(?:a|an|the)\b", re.IGNORECASE),
)  # fmt: skip
#: Every pattern above needs one of these words (the Chinese ones, or the English ones).
_ANY_CUE_ZH = re.compile(r"所谓|\*\*|[指即称叫]|一[种类个]|为一")
_ANY_CUE_EN = re.compile(  # the look-ahead class: where one of the words may start (4x)
    r"(?=[rdmia])(?:\brefers?\b|\bdefined\b|\bdenotes\b|\bmeans\b|\b(?:is|are)\s+(?:a|an|the)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Definition:
    """A term and the words that define it."""

    term: str
    """The term defined."""
    text: str
    """The defining words (the rest of the sentence)."""
    line: int
    """1-based line."""
    cue: str
    """Which form defined it: ``是指``, ``所谓``, ``即``, ``称为``, ``是一种``, ``bold``, ``is a`` ..."""


def _term(raw: str, cue: str) -> str | None:
    term = " ".join(raw.split()).strip("*_`\"'“”‘’「」 ")
    if cue == "称为" and _CJK.search(term):
        runs = chinese_terms(term)
        term = term[: runs[0][1]] if runs and runs[0][0] == 0 else term
    elif _CJK.search(term) and (len(term) > _MAX_SUBJECT or _CLAUSE_WORDS.search(term)):
        return None  # the subject must be a name (``静态词向量``), not a clause
    return term if looks_like_term(term) else None


def definitions(sentence: Sentence) -> list[Definition]:
    """The terms ``sentence`` defines (usually none, at most one per form)."""
    if sentence.question or sentence.code or sentence.source == "cell":
        return []
    text = sentence.text
    if _ANY_CUE_ZH.search(text) is None and _ANY_CUE_EN.search(text) is None:
        return []  # most sentences define nothing: 8 patterns spared
    out: list[Definition] = []
    seen: set[str] = set()
    for (pattern, cue), trigger in zip(_PATTERNS, _TRIGGERS, strict=True):
        if trigger.search(sentence.text) is None:  # the pattern's own cue word is missing
            continue
        m = pattern.search(sentence.text)
        if m is None:
            continue
        term = _term(m.group("term"), cue)
        text = " ".join(m.group("text").split()).strip(" ，,：:")
        if term is None or len(text) < 2 or term.casefold() in seen:
            continue
        seen.add(term.casefold())
        out.append(Definition(term, text, sentence.line, cue))
    return out


__all__ = ["Definition", "definitions"]
