"""Sentences of a note's prose, list items, table rows and headings, each with its line and mood.

A relation is read from one sentence; whether the sentence asserts anything is decided here:
questions (``为什么…？``, ``…吗``, ``Is GPT based on RNN?``), sentences in an interview or
self-test section (``## 自测题``, ``## Q&A``) and their answers, conditionals, code and arrow
pipelines assert nothing. Negations and hedges are located, not judged: a negation only cancels
the relation whose clause it sits in (``GloVe 并不是 Word2Vec 的变体，它基于…``), and a hedge
(``在一定程度上``, ``may``) lowers the confidence of a relation without dropping it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Literal, NamedTuple

from noteatlas.schema import Heading, NoteExtract

Source = Literal["prose", "item", "cell", "heading"]
"""Where a sentence was written: a paragraph, a list item, a table row or a heading."""

Keep = Callable[[str, int], bool]
"""Which sentences a caller wants, by their text and (first) line: the others are left out
before their mood is judged (most sentences of a note hold no cue, and judging the mood is the
costly part)."""

# A sentence ends at 。！？；!?; (closing quotes stay with it), or at ". " before a capital, a
# CJK character or the end; "e.g.", "et al." and "1.5" do not end one.
# The dot is matched before the look-behinds that rule it out: tried at every character, they
# took most of the splitting time.
_END = re.compile(
    r"[。！？；!?;]+[”’」』\"')）]*"
    r"|\.(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bet al\.)(?<!\betc\.)(?<!\bvs\.)(?<!\bFig\.)"
    r"(?<!\bEq\.)(?<!\bNo\.)(?<![A-Z]\.)(?=\s+[A-Z\u3400-\u9fff“\"(]|\s*$)"
)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•·]|\d{1,3}[.、)）]|[一二三四五六七八九十]+[、.])\s+")
_CLAUSE = re.compile(r"[，,；;：:|｜]|→|->|⟶|=>|⇒")

_QUESTION_END = re.compile(r"(?:[?？]|[吗呢么][\s。.!！”’\"')）]*)$")
# Chinese words and English ones apart: under IGNORECASE a search tries every alternative at
# every character, which made these tests the costliest part of judging a sentence.
_QUESTION_WORDS = re.compile(
    r"为什么|为何|如何|怎么|怎样|是否|能否|可否|可不可以|能不能|是不是|有没有|哪些|哪个|哪种|"
    r"什么是|有什么|有何|区别是什么|请问|请简述|请介绍|请解释|请说明|请比较|简述|试述|谈谈|说说"
)
_QUESTION_WORDS_EN = re.compile(
    r"^\s*(?:why|how|what|which|when|where|who)\b|\bwhether\b", re.IGNORECASE
)
# An IGNORECASE alternation whose words start with ``\b`` is tried at every character; a
# look-ahead class of their first letters lets the search skip to where one may start (4x).
_QA_PREFIX = re.compile(r"^\s*(?:问|Q|Question|题|提问)\s*\d*\s*[:：.]", re.IGNORECASE)
_ANSWER_PREFIX = re.compile(r"^\s*(?:答|A|Answer|解答|参考答案)\s*\d*\s*[:：]", re.IGNORECASE)
_CONDITIONAL = re.compile(r"如果|假如|假设|假若|要是|倘若|^\s*若")
_CONDITIONAL_EN = re.compile(
    r"(?=[isau])(?:\bif\b|\bsuppose\b|\bassuming\b|\bunless\b)", re.IGNORECASE
)

#: Words that negate the clause they sit in. ``不`` alone is too common (不同, 不断, 不仅 ...),
#: so only the negating compounds count; ``无法``/``不能`` also start ``has_problem`` cues,
#: which the relation reader takes out before it looks for negations.
#: (Chinese and English apart, as the hedges below.)
_NEGATION = re.compile(
    r"不是|并不|并非|而非|并没有|没有|不属于|不基于|不使用|不用|不再|不会|不能|无法|不可|不需要|"
    r"不包括|不包含|不算|未曾|从未|从不|绝非|"
    r"据说|据传|传闻|传言|听说"  # hearsay: what the writer does not vouch for
)
_NEGATION_EN = re.compile(
    r"(?=[nwcra])(?:\bnot\b|n't\b|\bnever\b|\bneither\b|\bnor\b|\bwithout\b|\bno\b|\bcannot\b|"
    r"\bno longer\b|\breportedly\b|\ballegedly\b|\brumou?red\b)",
    re.IGNORECASE,
)
#: Compounds that look negative but are not: "不可缺少的组成部分" is a strong statement.
_NOT_NEGATION = re.compile(
    r"不可缺少|不可或缺|必不可少|不可替代|缺一不可|不仅|不但|不只|无法替代|不断|不少"
)
#: Hedges, Chinese and English apart (their matches never overlap: one is CJK, one Latin).
_HEDGE = re.compile(
    r"可能|也许|或许|大概|似乎|好像|一定程度上|某种程度上|部分地|部分缓解|部分解决|未必|不一定"
)
_HEDGE_EN = re.compile(
    r"(?=[mpstalc])(?:\bmight\b|\bmay\b|\bperhaps\b|\bpossibly\b|\bpartly\b|\bpartially\b|"
    r"\bsomewhat\b|\bto some extent\b|\barguably\b|\blikely\b|\bcould\b)",
    re.IGNORECASE,
)
_QUIZ_HEADING = re.compile(
    r"面试|自测|习题|练习|思考题|问答|问与答|答疑|测验|题目|考题|复习题|常见问题|问题集|问题清单|"
    r"\bquiz|\binterview|\bexercises?\b|\bself[- ]?test|\bFAQ\b|\bQ\s*&\s*A\b|\bQA\b|\bquestions\b",
    re.IGNORECASE,
)
_ARROW = re.compile(r"→|->|⟶|=>|⇒|⟹")
# Code: a call (``nn.LSTM(``), an assignment to an identifier, operators, statements.
_CODE_STRONG = re.compile(
    r"^\s*(?:import|from\s+\w+\s+import|def|class|return|for\s+\w+\s+in|while|print\()\b|"
    r"\bself\.\w|==|!=|\+=|::\w|#include|\w\[\w*\]\s*=|[;{}]\s*$"
)
#: What every strong sign and the assignment need: without it, code takes two of ``(``, two
#: dots and ``_`` (a call, ``a.b.c``, snake_case).
_CODE_HINT = re.compile(
    r"[=;{}]|::|#include|self\.|^\s*(?:import|from|def|class|return|for|while|print)"
)
_CODE_WEAK = (
    re.compile(r"[A-Za-z_][\w.]*[A-Za-z_0-9]\("),  # a call, names of two characters or more
    re.compile(r"(?:^|[\s,(])[A-Za-z_]\w*(?:\.\w+)*\s*=\s*[\w\"'(\[]"),  # x = ...
    re.compile(r"\b[a-z_]\w*\.[a-z_]\w*\.[a-z_]\w*"),  # a.b.c
    re.compile(r"\b\w+_\w+\b"),  # snake_case
)


class Sentence(NamedTuple):
    """One sentence as a note writes it, with where it is and whether it asserts anything.
    A named tuple: a note has hundreds, and a frozen dataclass took three times longer to make.
    """

    text: str
    """The sentence (list markers removed; table cells joined by `` | ``)."""
    line: int
    """1-based line where it starts."""
    source: Source
    """Paragraph, list item, table row or heading."""
    section: int = -1
    """Index of the heading it sits under (``NoteExtract.headings``), -1 before any."""
    question: bool = False
    """A question, or a sentence in an interview/self-test section or its answer."""
    conditional: bool = False
    """A hypothetical (``如果…``, ``if …``)."""
    code: bool = False
    """It reads as code, not prose."""

    @property
    def pipeline(self) -> bool:
        """It holds an arrow (``A → B``): a chain, not a statement."""
        return _ARROW.search(self.text) is not None

    @property
    def hedged(self) -> bool:
        """It holds a hedge (``可能``, ``在一定程度上``, ``may``)."""
        return bool(_HEDGE.search(self.text) or _HEDGE_EN.search(self.text))

    @property
    def asserts(self) -> bool:
        """Whether a relation may be read from it at all."""
        return not (self.question or self.conditional or self.code)


def is_question(text: str) -> bool:
    """A question: ends with ``?``/``？``/``吗``/``呢``, asks with a question word, or is a Q: line."""
    return bool(
        _QUESTION_END.search(text.rstrip())
        or _QUESTION_WORDS.search(text)
        or _QUESTION_WORDS_EN.search(text)
        or _QA_PREFIX.match(text)
        or _ANSWER_PREFIX.match(text)
    )


def is_quiz_heading(text: str) -> bool:
    """A heading of an interview, self-test or Q&A section (``自测题``, ``面试题``, ``Q&A``)."""
    return bool(_QUIZ_HEADING.search(text))


def looks_like_code(text: str) -> bool:
    """Whether a line reads as code: a statement, or two signs such as a call and an assignment."""
    # no strong sign and no assignment: it takes two of the others (most prose: nothing spent)
    signs = ("(" in text) + (text.count(".") >= 2) + ("_" in text)
    if signs < 2 and _CODE_HINT.search(text) is None:
        return False
    if _CODE_STRONG.search(text):
        return True
    return sum(1 for p in _CODE_WEAK if p.search(text)) >= 2


def negation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every negation word in ``text`` (``不是``, ``并非``, ``not`` ...)."""
    found = [m.span() for m in _NEGATION.finditer(text)]
    if found:
        safe = [m.span() for m in _NOT_NEGATION.finditer(text)]
        found = [(s, e) for s, e in found if not any(a <= s < b for a, b in safe)]
    latin = [m.span() for m in _NEGATION_EN.finditer(text)]  # never inside a Chinese word
    return sorted(found + latin) if found and latin else found or latin


def hedge_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every hedge in ``text`` (``可能``, ``在一定程度上``, ``might`` ...)."""
    spans = [m.span() for m in _HEDGE.finditer(text)]
    latin = [m.span() for m in _HEDGE_EN.finditer(text)]
    return sorted(spans + latin) if spans and latin else spans or latin


def _conditional(text: str) -> bool:
    return bool(_CONDITIONAL.search(text) or _CONDITIONAL_EN.search(text))


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of a sentence: split at commas, colons, semicolons, arrows, ``|``."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE.finditer(text):
        if m.group() in ",，" and _between_digits(text, m.start()):
            continue
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


def split_sentences(
    text: str,
    line: int = 1,
    source: Source = "prose",
    section: int = -1,
    *,
    quiz: bool = False,
    keep: Keep | None = None,
) -> list[Sentence]:
    """The sentences of ``text`` (which may span lines), starting on ``line``.

    ``quiz`` marks every sentence as a question (it sits in an interview or self-test section).
    An answer (``答：…``) right after a question is part of the exchange and asserts nothing.
    ``keep``: only the sentences it accepts (by text and line) are returned.
    """
    out: list[Sentence] = []
    pieces: list[str] = []  # every sentence so far: whether one asks is judged when kept
    for start, end in _pieces(text):
        raw = text[start:end]
        stripped = _LIST_MARKER.sub("", raw.strip()) if source != "cell" else raw.strip()
        if not stripped:
            continue
        pieces.append(stripped)
        at = line + text.count("\n", 0, start + len(raw) - len(raw.lstrip()))
        if keep is not None and not keep(stripped, at):
            continue
        out.append(
            Sentence(
                text=stripped,
                line=at,
                source=source,
                section=section,
                question=quiz or _asks(pieces),
                conditional=_conditional(stripped),
                code=looks_like_code(stripped),
            )
        )
    return out


def _asks(pieces: Sequence[str]) -> bool:
    """Whether the last of a paragraph's sentences asks: a question, or an answer (``答：…``)
    right after one (and so on back)."""
    k = len(pieces) - 1
    while not is_question(pieces[k]):
        if k == 0 or not _ANSWER_PREFIX.match(pieces[k]):
            return False
        k -= 1
    return True


def _pieces(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for m in _END.finditer(text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def quiz_sections(headings: Sequence[Heading]) -> set[int]:
    """Indexes of the headings whose sections (subsections included) are interview or self-test."""
    quiz: set[int] = set()
    level_open: int | None = None
    for i, h in enumerate(headings):
        if level_open is not None and h.level <= level_open:
            level_open = None
        if level_open is None and is_quiz_heading(h.text):
            level_open = h.level
        if level_open is not None:
            quiz.add(i)
    return quiz


_LAZY_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?=\S)")


def lazy_items(ex: NoteExtract) -> set[int]:
    """Lines of prose that the writer meant as list items: ``\t- Use [[RMSNorm]]`` right under
    a paragraph's line, which Markdown reads as more of the paragraph."""
    return {p.line for p in ex.prose if _LAZY_ITEM.match(p.text)}


def note_sentences(ex: NoteExtract, keep: Keep | None = None) -> list[Sentence]:
    """Every sentence of a note, in line order: paragraphs, list items, table rows, headings.

    Prose lines that follow each other in one section form a paragraph (a sentence may wrap);
    list items, table rows and headings stand alone. Code and URLs are already blanked in the
    extract's prose; table rows come from ``ex.tables`` with their cells joined by `` | ``.
    ``keep``: only the sentences it accepts (by text and line) are returned.
    """
    quiz = quiz_sections(ex.headings)
    heading_lines = {h.line: i for i, h in enumerate(ex.headings)}
    item_lines = {it.line for it in ex.list_items}
    table_lines = {t.line for t in ex.tables} | {n for t in ex.tables for n in t.row_lines}
    out: list[Sentence] = []
    paragraph: list[tuple[int, int, str]] = []

    def flush() -> None:
        if paragraph:
            first, section = paragraph[0][0], paragraph[0][1]
            text = "\n".join(t for _, _, t in paragraph)
            out.extend(
                split_sentences(text, first, "prose", section, quiz=section in quiz, keep=keep)
            )
            paragraph.clear()

    for p in ex.prose:
        if p.line in heading_lines or p.line in table_lines:
            flush()
            continue
        lazy = _LAZY_ITEM.match(p.text)  # "\t- Use [[RMSNorm]]" after a paragraph's line:
        if p.line in item_lines or lazy:  # Markdown continues the paragraph, the writer lists
            flush()
            text = p.text[lazy.end() :] if lazy and p.line not in item_lines else p.text
            out.extend(
                split_sentences(text, p.line, "item", p.section, quiz=p.section in quiz, keep=keep)
            )
            continue
        if paragraph and (p.line != paragraph[-1][0] + 1 or p.section != paragraph[-1][1]):
            flush()
        paragraph.append((p.line, p.section, p.text))
    flush()
    for i, h in enumerate(ex.headings):
        out.extend(split_sentences(h.text, h.line, "heading", i, quiz=i in quiz, keep=keep))
    for t in ex.tables:
        section = _section_of(ex.headings, t.line)
        for row, line in zip(t.rows, t.row_lines, strict=False):
            text = " | ".join(" ".join(c.split()) for c in row)
            if keep is None or keep(text, line):
                out.append(_row_sentence(text, line, section, quiz=section in quiz))
    out.sort(key=lambda s: (s.line, s.source != "heading"))
    return out


def _section_of(headings: Sequence[Heading], line: int) -> int:
    index = -1
    for i, h in enumerate(headings):
        if h.line > line:
            break
        index = i
    return index


def _row_sentence(text: str, line: int, section: int, *, quiz: bool) -> Sentence:
    """A table row is one sentence whose cells are clauses (its first cell is the topic)."""
    return Sentence(
        text=text,
        line=line,
        source="cell",
        section=section,
        question=quiz or is_question(text),
        conditional=_conditional(text),
        code=looks_like_code(text),
    )


__all__ = [
    "Keep",
    "Sentence",
    "Source",
    "clause_spans",
    "hedge_spans",
    "is_question",
    "is_quiz_heading",
    "lazy_items",
    "looks_like_code",
    "negation_spans",
    "note_sentences",
    "quiz_sections",
    "split_sentences",
]
