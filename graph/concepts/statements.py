"""Typed relations that a note's own sentences state: the per-note half of reading prose.

It runs inside the mentions pass (``mentions.note_pass``: in the process pool, cached by note,
topic and names) with the corpus's matcher. Each sentence (``prose.sentences``) that asserts
something is matched for concept names and read with the cue lexicon (``prose.relations``):
questions, interview and self-test sections, conditionals and code give nothing, a negation
cancels its clause, a hedge lowers the confidence. The note's topic (the concept it is about)
is the subject of a list item's clause that has none (``- 无法解决一词多义`` in ``Word2Vec.md``);
a sentence that starts with a pronoun (``It …``, ``它…``) is about the one before it.

A section headed ``缺点``/``局限``/``Limitations`` (not ``优点``) lists problems of the concept it
is about (its heading's, a parent heading's, or the note's): an item that names a concept, whole
or before a colon (``- 梯度消失：…``), gives ``has_problem``. A table column headed so
(``主要问题``, ``解决的问题``) does the same for the concept of each row's first cell.

The result is plain data; ``stage.assemble`` makes it into edges (method ``sentence``), one per
relation whatever the number of notes and lines that state it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from noteatlas.graph.concepts.corroborate import CONFIDENCE, proposals
from noteatlas.graph.concepts.grouped import CONFIDENCE as GROUPED
from noteatlas.graph.concepts.grouped import grouped, item_heads
from noteatlas.graph.concepts.labels import LABEL_CONFIDENCE, note_labels
from noteatlas.graph.concepts.names import Matcher, clean_term
from noteatlas.graph.concepts.sectionitems import CONFIDENCE as LISTED
from noteatlas.graph.concepts.sectionitems import section_items
from noteatlas.graph.concepts.series import SERIES_CONFIDENCE, names_by_line, note_series
from noteatlas.graph.concepts.texts import section_of, stem
from noteatlas.graph.concepts.years import split_year
from noteatlas.graph.prose.relations import may_state, read_relations
from noteatlas.graph.prose.sentences import lazy_items, note_sentences, quiz_sections
from noteatlas.schema import EdgeKind, Heading, NoteExtract
from noteatlas.schema.edges import snippet

#: Confidence of a problem listed under a limitations heading.
SECTION_CONFIDENCE = 0.7

#: Headings of a section that lists a concept's problems. ``优点``/``Advantages`` are not.
_FLAWS = "缺点|缺陷|局限|不足|弊端|短板"
_FLAWS_EN = r"limitations?|drawbacks?|weakness(?:es)?|cons"
_LIMITS = re.compile(
    rf"{_FLAWS}|存在的问题|面临的问题|主要问题|(?:存在|有)(?:什么|哪些)?问题|"
    rf"\b(?:{_FLAWS_EN}|disadvantages?|shortcomings?|problems)\b",
    re.IGNORECASE,
)
#: What a limitations heading may hold besides its word and the concept's name: numbers,
#: joiners, a question mark (an interview sheet's ``### 1.4 RNN 存在什么问题？``, answered by
#: the items under it) and a bracketed tag (``【演变史】``).
_LIMITS_REST = re.compile(r"^[\s\d.、:：()（）\-—的与和及of&?？]*$", re.IGNORECASE)
_TAG = re.compile(r"【[^】\n]{0,12}】")
#: Where the head of an item ends: ``梯度消失：…``, ``**OOV** — …``, ``Polysemy: …``.
_HEAD_END = re.compile(r"\s*(?:[:：]|——|—|\s-\s|\s–\s)")
#: Table columns that relate each row's concept (its first cell) to the concepts of the cell:
#: ``| 方法 | … | 主要问题 |``. The first that matches a short header decides.
_SOLVES = r"解决|缓解|克服|\b(?:address(?:es)?|solves?|mitigates?)\b"
_PROBLEMS = rf"{_FLAWS}|问题|\b(?:{_FLAWS_EN}|problems?)\b"
_COLUMNS = (
    (re.compile(_SOLVES, re.I), EdgeKind.ADDRESSES),
    (re.compile(_PROBLEMS, re.I), EdgeKind.HAS_PROBLEM),
    (
        re.compile(
            r"^(?:基于|基础|骨架|主干|基座|基座模型|基础模型|底座|架构|模型架构|based on|backbone|"
            r"base model|architecture)$",
            re.I,
        ),
        EdgeKind.BASED_ON,
    ),
    (  # what each row's model is trained or built with: "| BERT | … | 预训练任务 | MLM、NSP |"
        re.compile(
            r"^(?:预训练任务|训练任务|训练目标|目标函数|激活函数|分词|分词器|分词方法|位置编码|归一化|"
            r"优化器|关键技术|pre-?training (?:tasks?|objectives?)|(?:training )?objectives?|"
            r"activation(?: function)?|tokeni[sz](?:er|ation)|positional encoding|normali[sz]ation|"
            r"optimi[sz]er)$",
            re.I,
        ),
        EdgeKind.USES,
    ),
)
_HEADER_MAX = 12
#: A sentence that starts with a pronoun is about the subject of the sentence before it.
#: A line that is one link and nothing else (a list of references, projects, talks): its text
#: with the URL blanked (``[基于注意力的机器翻译``) or written out; a run of blanks then words is
#: a sentence after its link (``[BERT](…) 基于 Transformer``).
_LINK_ONLY = re.compile(
    r"[\s*_>#\-+•·\d.、)）]*!?\[(?:[^\]\n\s]|\s(?!\s))*(?:\](?:\([^)\n]*\)?)?)?[\s*_。.]*"
)
_PRONOUN = re.compile(
    r"^[\s*_>]*(?:它们?|其|该(?:模型|方法|结构|网络|算法)|这(?:种|个|一)(?:模型|方法|结构|网络|算法)|"
    r"(?:it|they|this (?:model|method|architecture)|the model)\b)",
    re.IGNORECASE,
)
#: A label that is a link: its text, then the blanked address, then a colon. What follows is
#: about the linked page (a paper in a reading list), not about the note's concept.
_LINKED_LABEL = re.compile(r"[^\n]{0,80}?\[[^\]\n]+?\s{3,}[:：]")
#: An arrow between two names (``seq2seq → 注意力机制 → Transformer``): a lineage, which backs
#: the ``precedes`` a vocabulary knows between them (``corroborate``; no cue reads it).
_ARROW = re.compile(r"→|->|⟶|=>")
#: What may stand before the mention a sentence starts with: markup, list marks, brackets.
_LEAD = re.compile(r"[\s*_>#\-•·\d.、)）\[\]（(]")
_CELL_PARTS = re.compile(r"[、，,;；/]|\band\b|和|与")


@dataclass(frozen=True)
class Statement:
    """A typed relation one line of a note states between two concepts."""

    source: str
    """Concept id of the source."""
    kind: EdgeKind
    """The relation."""
    target: str
    """Concept id of the target."""
    line: int
    """1-based line of the sentence (or list item) that states it."""
    confidence: float
    """From its cue, lowered by a hedge or a subject carried from the topic."""
    snippet: str
    """The sentence, shortened."""


def note_statements(
    ex: NoteExtract,
    matcher: Matcher,
    topic: str | None,
    named: Mapping[int, Sequence[tuple[str, str]]] | None = None,
) -> list[Statement]:
    """The relations a note's sentences and limitations sections state, sorted, one per
    (source, kind, target, line), the most confident kept. ``topic``: the concept the note is
    about, the subject of a clause without one (None: such clauses give nothing). ``named``:
    line -> the names it holds as written and their concepts, when the caller matched them
    already (``mentions.find_note_mentions``): lines that name none are not read, and the
    others are not matched again."""
    limits = _limit_sections(ex.headings, matcher, topic)
    sections = _section_subjects(ex.headings, matcher)
    quiz = quiz_sections(ex.headings)
    found: dict[tuple[str, EdgeKind, str, int], Statement] = {}

    def keep(st: Statement) -> None:
        key = (st.source, st.kind, st.target, st.line)
        if st.source != st.target and (key not in found or found[key].confidence < st.confidence):
            found[key] = st

    items = {it.line for it in ex.list_items}
    parents = item_heads(ex, matcher.lookup)  # "- **ELMo**" over its sub-items
    lazy = lazy_items(ex)
    headed = {p.line for p in ex.prose if p.section in sections}  # a subject for one name
    previous = _Previous(named, items | lazy | headed)
    for s in note_sentences(ex, keep=previous):
        if not s.asserts or s.source == "heading":  # a title names ("从 one-hot 到大模型")
            continue
        if named is None:
            mentions = [(m.start, m.end, m.concept) for m in matcher.find(s.text)]
        else:
            mentions = previous.spans.get(s.text) or _spans(s.text, previous.names(s.text, s.line))
        # Whose clauses without a subject: a list item's, the note's concept (or the one a
        # limitations section is about); a table row's, its first cell's; a paragraph's, only
        # after a pronoun ("It …", "它…": the sentence before's). Paragraphs and rows that merely
        # sit in a concept's note gave more wrong relations than right ones (dev set (a)).
        subject = parents.get(s.line) or limits.get(s.section) or sections.get(s.section, topic)
        if s.source != "item":  # a paragraph's: only its own heading's ("## GRU" / "Is a …")
            subject = sections.get(s.section) if s.source == "prose" else None
            if len({c for _, _, c in mentions}) > 1:
                subject = None  # another concept it names may be its subject
        if _PRONOUN.match(s.text):
            subject = _leading(previous.before.get(s.text, ""), matcher) or subject
        titled = _LINK_ONLY.fullmatch(s.text) is not None
        if _LINKED_LABEL.match(s.text):  # "17 Aug 2015: [Title](…): using local attention"
            subject = None  # the clause after it is about the page the link names
        if titled:
            subject = None  # a link's text titles a page: "[基于注意力的机器翻译](…)" under seq2seq
        read = read_relations(s, mentions, subject)
        if titled and mentions:  # a title's relation is its first name's ("word2vec原理 基于 HS
            first = min(mentions)[2]  # 的模型"); "基于注意力的机器翻译" names a kind of MT
            read = [r for r in read if r.source == first]
        for r in read:
            keep(Statement(r.source, r.kind, r.target, r.line, r.confidence, r.snippet))
        pairs = {(r.source, r.target) for r in read}
        loose = proposals(s.text, [c for _, _, c in mentions], pairs)
        shown = snippet(s.text) if loose else ""  # once for the sentence's every pair and kind
        for a, kind, b in loose:
            keep(Statement(a, kind, b, s.line, CONFIDENCE, shown))
    for st in _limitation_items(ex, matcher, limits, quiz) + _table_statements(ex, matcher, quiz):
        keep(st)
    for line, value, head, text in grouped(ex, named, quiz, matcher.resolve):
        keep(Statement(value, EdgeKind.USES, head, line, GROUPED, snippet(text)))
    starts = partial(_leading, matcher=matcher)
    for line, subject, value, text in section_items(
        ex, sections, topic, quiz, matcher.named, starts
    ):
        keep(Statement(subject, EdgeKind.USES, value, line, LISTED, snippet(text)))
    for line, a, b, text in note_series(ex, named or names_by_line(ex, matcher), _spans, quiz):
        keep(Statement(a, EdgeKind.PRECEDES, b, line, SERIES_CONFIDENCE, snippet(text)))
    for lab in note_labels(ex, matcher, sections, topic, lazy | items, quiz):
        keep(Statement(lab.source, lab.kind, lab.target, lab.line, LABEL_CONFIDENCE, lab.snippet))
    return sorted(found.values(), key=lambda st: (st.line, st.source, st.kind, st.target))


def _limitation_items(
    ex: NoteExtract, matcher: Matcher, limits: Mapping[int, str], quiz: set[int]
) -> list[Statement]:
    """``has_problem`` for each problem a list item names under a limitations section."""
    out: list[Statement] = []
    for item in ex.list_items:
        concept = limits.get(item.section)
        if concept is None or item.section in quiz:
            continue
        where = snippet(f"{ex.headings[item.section].text}: {item.text}")
        out += [
            Statement(concept, EdgeKind.HAS_PROBLEM, p, item.line, SECTION_CONFIDENCE, where)
            for p in _listed_problems(item.text, matcher)
        ]
    return out


def note_topic(ex: NoteExtract, defined: Mapping[str, str], matcher: Matcher) -> str | None:
    """The concept a note is about, to be the subject of its clauses that have none: the one
    it defines, or the one its title or file name is (``about``)."""
    if ex.path in defined:
        return defined[ex.path]
    for text in (split_year(ex.title)[1], split_year(stem(ex.path))[1]):
        if (cid := _about(text, matcher)) is not None:
            return cid
    return None


def _about(text: str, matcher: Matcher) -> str | None:
    """The concept a title or heading is, with at most a few words of page or kind around it
    (``BERT面试题``, ``LSTM 的缺点``), not one it merely starts with (``BERT在美团搜索上的应用``)."""
    cid = matcher.named(text, strict=True)
    if cid is None:
        return None
    rest = list(text)
    for m in matcher.find(text):
        rest[m.start : m.end] = [" "] * (m.end - m.start)
    left = "".join(rest)
    if re.search(r"[A-Za-z]", left) or len(re.findall(r"[\u3400-\u9fff]", left)) > 4:
        return None
    return cid


def _table_statements(ex: NoteExtract, matcher: Matcher, quiz: set[int]) -> list[Statement]:
    """Relations of tables whose columns name one (``主要问题``, ``解决的问题``): each row's
    concept (its first cell) to each concept its cell in that column names."""
    out: list[Statement] = []
    for table in ex.tables:
        columns = [(i, kind) for i, h in enumerate(table.header) if i and (kind := _column_kind(h))]
        if not columns or section_of(ex, table.line) in quiz:
            continue
        for row, line in zip(table.rows, table.row_lines, strict=False):
            concept = matcher.named(row[0], strict=True) if row else None
            if concept is None:
                continue
            for i, kind in columns:
                cell = row[i] if i < len(row) else ""
                for other in _cell_concepts(cell, matcher):
                    text = snippet(f"{row[0]} | {table.header[i]}: {cell}")
                    out.append(Statement(concept, kind, other, line, SECTION_CONFIDENCE, text))
    return out


def _column_kind(header: str) -> EdgeKind | None:
    text = clean_term(header)
    if not text or len(text) > _HEADER_MAX:
        return None
    return next((kind for pattern, kind in _COLUMNS if pattern.search(text)), None)


def _cell_concepts(cell: str, matcher: Matcher) -> list[str]:
    """The concepts a cell names as a list (``维度灾难、语义鸿沟``): pieces that are names."""
    found = matcher.resolve(cell)
    if found:
        return found
    return list(dict.fromkeys(c for part in _CELL_PARTS.split(cell) for c in matcher.resolve(part)))


class _Previous:
    """The ``keep`` of ``note_sentences``: sentences on lines that name a concept and that hold
    a cue's words; it remembers, for each sentence kept, the one written before it."""

    def __init__(
        self, named: Mapping[int, Sequence[tuple[str, str]]] | None, items: set[int]
    ) -> None:
        self.last = ""
        self.before: dict[str, str] = {}
        self.named = named
        self.items = items
        self.spans: dict[str, list[tuple[int, int, str]]] = {}
        """The mentions of each sentence kept (when ``named`` gave them)."""
        self._names: dict[tuple[int, int], list[tuple[str, str]]] = {}

    def names(self, text: str, line: int) -> list[tuple[str, str]]:
        """The names the lines of a sentence hold, longest first: sorted once for all the
        sentences of a line."""
        if self.named is None:
            return []
        key = (line, line + text.count("\n"))
        found = self._names.get(key)
        if found is None:
            named = self.named
            held = {n for k in range(key[0], key[1] + 1) for n in named.get(k, ())}
            found = self._names[key] = sorted(held, key=lambda n: (-len(n[0]), n))
        return found

    def __call__(self, text: str, line: int) -> bool:
        last, self.last = self.last, text
        if self.named is not None:  # a relation joins two concepts, or a list item's topic
            lines = range(line, line + text.count("\n") + 1)
            if not any(n in self.named for n in lines):
                return False
            names = self.names(text, line)
            need = 1 if line in self.items or _PRONOUN.match(text) else 2
            if need > 1 and len({c for _, c in names}) < need:
                return False  # its lines do not name two concepts
            if not may_state(text) and not _ARROW.search(text):  # cheaper than finding
                return False  # the names; an arrow chain may back a known "precedes"
            spans = _spans(text, names)
            if len({c for _, _, c in spans}) < need:
                return False
            self.spans[text] = spans
        elif not may_state(text) and not _ARROW.search(text):
            return False
        self.before[text] = last
        return True


def _spans(text: str, names: Sequence[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Where ``names`` (the names its lines hold, longest first: ``_Previous.names``) stand in
    a sentence: not overlapping, a Latin name not inside a longer word (as the matcher found
    them on the line)."""
    if not names:
        return []
    size = len(text)
    taken = bytearray(size)
    out: list[tuple[int, int, str]] = []
    for surface, concept in names:
        at = text.find(surface)
        if at < 0:  # most names of a line are not in each of its sentences
            continue
        n = len(surface)
        word_first, word_last = _word(surface[0]), _word(surface[-1])
        while at >= 0:
            end = at + n
            bounded = not (
                (word_first and at and _word(text[at - 1]))
                or (word_last and end < size and _word(text[end]))
            )
            if bounded and taken.find(1, at, end) < 0:
                taken[at:end] = b"\x01" * n
                out.append((at, end, concept))
            at = text.find(surface, at + 1)
    return sorted(out)


def _word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _leading(text: str, matcher: Matcher) -> str | None:
    """The concept a sentence starts with (after markup), if any."""
    mentions = matcher.find(text)
    if mentions and not _LEAD.sub("", text[: mentions[0].start]):
        return mentions[0].concept
    return None


def _limit_sections(
    headings: Sequence[Heading], matcher: Matcher, topic: str | None
) -> dict[int, str]:
    """Section index -> the concept whose limitations it lists (subsections included)."""
    out: dict[int, str] = {}
    stack: list[tuple[int, int]] = []  # (level, index) of the open ancestors
    open_level: int | None = None
    concept: str | None = None
    for i, h in enumerate(headings):
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        if open_level is not None and h.level <= open_level:
            open_level = None
        if open_level is None and (m := _LIMITS.search(h.text)) is not None:
            concept = _own_concept(h.text, m, matcher)
            if concept is None and _bare(h.text, m):  # "## 缺点" is its parent's, the note's
                concept = next(
                    (c for _, j in reversed(stack) if (c := _named(headings[j].text, matcher))),
                    topic,
                )
            open_level = h.level if concept is not None else None
        if open_level is not None and concept is not None:
            out[i] = concept
        stack.append((h.level, i))
    return out


def _section_subjects(headings: Sequence[Heading], matcher: Matcher) -> dict[int, str]:
    """Section index -> the concept its nearest heading (or an ancestor's) names: the
    subject of its list items' clauses before the note's topic (``## ELMo`` in a note on
    contextual embeddings; ``### 为什么LSTM可以缓解梯度消失？`` over its answers)."""
    out: dict[int, str] = {}
    stack: list[tuple[int, str | None]] = []  # (level, concept named) of the open ancestors
    for i, h in enumerate(headings):
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        stack.append((h.level, _about(split_year(h.text)[1], matcher)))
        concept = next((c for _, c in reversed(stack) if c is not None), None)
        if concept is not None:
            out[i] = concept
    return out


def _own_concept(text: str, m: re.Match[str], matcher: Matcher) -> str | None:
    """The concept a limitations heading names besides its word: ``Word2Vec 的缺点``."""
    rest = _TAG.sub(" ", text[: m.start()] + " " + text[m.end() :]).strip()
    mentions = matcher.find(rest)
    if len({x.concept for x in mentions}) != 1:
        return None
    left = list(rest)
    for x in mentions:
        left[x.start : x.end] = " " * (x.end - x.start)
    return mentions[0].concept if _LIMITS_REST.match("".join(left)) else None


def _bare(text: str, m: re.Match[str]) -> bool:
    """Whether a limitations heading holds nothing but its word (``### 缺点``, ``3. 存在的问题``):
    one with other words (``模型压缩存在问题？``) is about them, not about its parent."""
    return _LIMITS_REST.match(_TAG.sub(" ", text[: m.start()] + " " + text[m.end() :])) is not None


def _named(text: str, matcher: Matcher) -> str | None:
    return matcher.named(split_year(text)[1], strict=True)


def _listed_problems(text: str, matcher: Matcher) -> list[str]:
    """Concepts a limitations item names as its whole, or as its head before a colon or dash."""
    names = matcher.resolve(text)
    if names:
        return names
    head = _HEAD_END.split(clean_term(text), maxsplit=1)
    return matcher.resolve(head[0]) if len(head) == 2 else []


__all__ = ["SECTION_CONFIDENCE", "Statement", "note_statements", "note_topic"]
