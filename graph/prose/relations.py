"""Typed relations between the concept mentions of one sentence, read with the cue lexicon.

The cues of ``cues.CUES`` are matched over the sentence's ``skeleton`` (each group of coordinated
mentions one slot ``⟨k⟩``). A clause with no subject of its own takes the sentence's topic, the
mention it starts with (``Word2Vec 是…，包括 CBOW 和 Skip-gram``), or the mention before a
relative (``InstructGPT, which adds …``). A relation whose clause holds a negation is dropped; one
whose clause holds a hedge keeps a lower confidence. Questions, interview sections, conditionals
and code give nothing (``sentences.Sentence``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from noteatlas.graph.prose.cuematch import (
    candidates,
    compares_x,
    compiled,
    may_state,
    prepared,
    slot_first,
)
from noteatlas.graph.prose.cues import RELATIVES, Cue
from noteatlas.graph.prose.sentences import Sentence
from noteatlas.graph.prose.skeleton import TOKEN, Skeleton, build
from noteatlas.graph.prose.unlink import GONE, Span, unlinked
from noteatlas.schema import EdgeKind

#: Confidence kept by a relation whose clause is hedged, and by one whose subject is carried.
HEDGE_FACTOR = 0.7
CARRY_FACTOR = 0.9
SNIPPET = 160

_CLAUSE_MARK = re.compile(r"[，,；;：:|｜→\n—]")
_TOPIC_START = re.compile(r"^[\s*_>#\-•·\d.、)）]*⟨0⟩")
_CJK = re.compile(r"[\u3400-\u9fff]")
_RELATIVE = re.compile(RELATIVES, re.IGNORECASE)
#: Right before a mention, what makes it the thing compared with, never a clause's subject:
#: "A 比 X 更容易 Y", "对比 X 和 Z", "A suffers more than X from Y".
_COMPARED = re.compile(r"(?:比|\bthan)\s*$", re.I)
#: Right before a cue's opening mention, what makes it a preposition's object, never the
#: subject: "Mistral is based on the LLaMA architecture and uses GQA" (Mistral uses it).
_OBJECT = re.compile(
    r"\b(?:on|upon|of|from|with|by|to|into|over)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?$", re.I
)
_FROM = re.compile(r"从(?!而|来|不|未|此|中|头)")


def _in_range(sk: str, at: int, x_end: int, end: int) -> bool:
    """Whether the mention at ``at`` starts a range: a 从 before it in its clause, a 到 after
    it within the cue's words."""
    return "到" in sk[x_end:end] and _FROM.search(sk, _clause_start(sk, at), at) is not None


_LOCATIVE = re.compile(r"⟩\d+⟨\s*在")  # reversed: a slot right after 在
_PLACE = re.compile(
    r"\s*(?:之)?(?:上|中|里|下|内)|\s*的基础(?:之)?上"
)  # "在 X 的基础上加入 …": not X's doing
#: What may open a clause before its subject: markup, list marks, a connective.
_OPENER = re.compile(
    r"[\s*_>#\-•·\d.、)）“”\"']|而且|而|但|所以|因此|因而|于是|其中|那么|其实|"
    r"\b(?:and|but|so|thus|hence|then|here|also)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ProseRelation:
    """A typed relation one sentence states between two concepts."""

    source: str
    """Concept id of the source."""
    kind: EdgeKind
    """The relation."""
    target: str
    """Concept id of the target."""
    confidence: float
    """From the cue, lowered by a hedge or a carried subject."""
    cue: str
    """The words that state it, as written."""
    snippet: str
    """The sentence, shortened to ``SNIPPET`` characters."""
    line: int
    """1-based line of the sentence."""
    hedged: bool = False
    """The clause hedges (``在一定程度上``, ``may``)."""


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
#: Before a Chinese clause's verb, "A 的 B": a noun phrase, the clause's own subject.
#: (Not 的 inside a word: 目的, 有的, 别的, 的确.)
_NOUN_LEAD = re.compile(r"(?<![目有别])的(?!确)[\u4e00-\u9fff]{2,}")
#: What may stand before an English clause's verb when the clause has no subject of its own
#: (``- Uses …``, ``Also used …``, ``It then uses …``): marks, adverbs, auxiliaries, a relative
#: or a pronoun. Any other word is the clause's own subject (``Embeddings are trained with``).
_EN_LEAD = re.compile(
    r"(?:[\s*_>#\-•·\d.)(,'\"]|\b(?:also|mainly|mostly|often|usually|typically|generally|then|"
    r"now|still|only|further|additionally|first|second|third|finally|thus|so|hence|therefore|"
    r"and|but|it|they|is|are|was|were|can|could|may|might|will|would|should|be|been|has|have|"
    r"had|does|do|did|just|primarily|largely|commonly|frequently|successfully|effectively|"
    r"basically|essentially|simply|directly|later|originally|initially|which|who|that|whose|"
    r"instead|in\s+turn)\b)*",
    re.IGNORECASE,
)


def _opens_clause(sk: str, pos: int) -> bool:
    """Whether only markup and a connective stand between the clause's start and ``pos``."""
    return not _OPENER.sub("", sk[_clause_start(sk, pos) : pos])


def _clause_start(sk: str, pos: int) -> int:
    marks = [m.end() for m in _CLAUSE_MARK.finditer(sk, 0, pos)]
    return marks[-1] if marks else 0


def _topic(sk: Skeleton, topic: str | None) -> tuple[str, ...] | None:
    if _TOPIC_START.match(sk.text) and not _WHEN.match(sk.text, sk.text.find("⟩") + 1):
        return sk.groups[0]
    return (topic,) if topic is not None else None


# A clause that introduces a concept makes it the subject of the clauses after it.
_INTRODUCED = re.compile(
    r"(?:提出|推出|发布|设计|发明|introduc\w*|propos\w*|present\w*)了?\s*(?:the\s+|a\s+|an\s+)?⟨(\d+)⟩",
    re.IGNORECASE,
)
# "预训练完成后，…", "训练时，…": the first name says when, it is not the subject.
_WHEN = re.compile(r"\s*(?:完成|结束|训练)?(?:之后|以后|后|时|的时候|期间|之前|前)\s*[，,]")
_OTHERS = re.compile(r"其他|其它|\bother\b", re.IGNORECASE)
_PERSONAL = re.compile(r"\b(?:we|i|you|they|our|the authors)\b|我们|作者|他们|你们", re.IGNORECASE)


#: Negations a has_problem cue may hold: 无法解决 / cannot handle contain their own.
_PROBLEM_NEGATIONS = frozenset({"无法", "不能", "cannot", "can't", "n't", "not"})


def _allowed_negations(kind: EdgeKind) -> frozenset[str]:
    return _PROBLEM_NEGATIONS if kind is EdgeKind.HAS_PROBLEM else frozenset()


def read_relations(
    sentence: Sentence, mentions: Sequence[Span], topic: str | None = None
) -> list[ProseRelation]:
    """The relations ``sentence`` states between the concepts of ``mentions``.

    ``topic`` is the concept a subjectless sentence is about when it does not start with a
    mention itself (the note's concept, for a list item under it). Relations are sorted, one per
    (source, kind, target), the most confident kept.
    """
    if not sentence.asserts or not mentions or (len(mentions) < 2 and topic is None):
        return []
    cues = prepared()
    text, mentions = unlinked(sentence.text, mentions)
    text = _undated(text, mentions)
    sk = build(text, mentions)
    if len(sk.groups) < (1 if topic is not None else 2):
        return []
    subject = _topic(sk, topic)
    external = not _TOPIC_START.match(sk.text)  # the subject is the caller's, not a mention
    # Only the cues whose words the sentence holds (``prefilter``), in a script it writes
    # (names aside): most sentences are in one language.
    ranks = candidates(sk.text)
    if not ranks:
        return []
    chosen: dict[tuple[str, str], tuple[int, ProseRelation]] = {}
    slots = [m.start() for m in TOKEN.finditer(sk.text)]
    for rank in sorted(ranks):
        _, cue, triggers = cues[rank]
        if not all(t.search(sk.text) for t in triggers[1:]):  # the first matched already
            continue
        pattern, carried, lead = compiled(rank)
        found = _at(pattern, sk.text, slots) if slot_first(rank) else pattern.finditer(sk.text)
        for m in found:
            if cue.subject_first and not _opens_clause(sk.text, m.start("x")):
                continue
            if _not_subject(sk.text, m, rank):
                continue
            x, y = sk.groups[_slot(m.group("x"))], sk.groups[_slot(m.group("y"))]
            if _generic_head(sk, m.group("x"), cue):  # "提出 BERT 模型，基于 Transformer 的编码器"
                made = _INTRODUCED.findall(sk.text[: m.start("m")])
                if not made:
                    continue  # "基于 Transformer 的编码器": some encoder, not encoders
                x = sk.groups[int(made[-1])]  # BERT, the one just introduced
            _add(chosen, rank, cue, sk, sentence, m, x, y, 1.0)
        if carried is None or subject is None or not cue.carry:
            continue
        for m in carried.finditer(sk.text):
            start = m.start("m")
            if start == 0 and _TOPIC_START.match(sk.text):
                continue  # the topic is this clause's own subject
            lead_ids = subject
            if _RELATIVE.search(m.group("lead")):
                before = TOKEN.findall(sk.text[:start])
                if not before:
                    continue
                lead_ids = sk.groups[int(before[-1])]
            elif external and (made := _INTRODUCED.findall(sk.text[:start])):
                lead_ids = sk.groups[int(made[-1])]  # "提出 ResNet 模型，引入残差连接": ResNet's
            if _own_subject(m.group("lead"), _chinese(rank)):
                continue
            other = "y" if lead == "X" else "x"
            ids = sk.groups[_slot(m.group(other))]
            x, y = (lead_ids, ids) if lead == "X" else (ids, lead_ids)
            _add(chosen, rank, cue, sk, sentence, m, x, y, CARRY_FACTOR)
    out = [rel for _, rel in chosen.values()]
    return sorted(out, key=lambda r: (r.source, r.kind, r.target))


#: A class of things rather than one thing: what a noun phrase "基于 Y 的 X" describes is one
#: such thing (the model the sentence is about), not the whole class.
_GENERIC = re.compile(
    r"(?:编码器|解码器|模型|方法|网络|架构|框架|结构|算法|系统|encoders?|decoders?|models?|methods?|"
    r"networks?|architectures?|frameworks?|systems?)",
    re.IGNORECASE,
)


def _generic_head(sk: Skeleton, token: str, cue: Cue) -> bool:
    """Whether ``X`` of a noun-phrase cue ("基于 Y 的 X") is written as a class word."""
    if not cue.phrase:
        return False
    start, end, _ = sk.slots[_slot(token)]
    return _GENERIC.fullmatch(sk.sentence[start:end].strip()) is not None


def _not_subject(sk: str, m: re.Match[str], rank: int) -> bool:
    """Whether the mention a cue's match takes as ``X`` cannot be the subject where it stands:
    the thing compared with, a preposition's object, the start of a range, a place."""
    at, x_end = m.start("x"), m.end("x")
    if _COMPARED.search(sk, max(0, at - 8), at) and not compares_x(rank):
        return True  # "RNN 比 LSTM 更容易梯度消失": LSTM is what RNN is compared with
    if at == m.start("m") and (
        _OBJECT.search(sk, max(0, at - 14), at) or _in_range(sk, at, x_end, m.end("m"))
    ):
        return True  # "… based on the ⟨LLaMA⟩ architecture and uses …", "从…的 ⟨LSTM⟩ 模型到…"
    # "在 GPU 上使用 …": a place
    return bool(_LOCATIVE.match(sk[:x_end][::-1]) and _PLACE.match(sk, x_end))


def _own_subject(lead: str, chinese: bool) -> bool:
    """Whether the words before a subjectless-looking clause's verb say its subject is not the
    topic: the writer (``we use``, ``我们使用``), a word that is no name (a Latin word or ``A 的 B``
    before a Chinese verb, a noun before an English one), other things (``其他基于 GPT3 的…``)."""
    if _PERSONAL.search(lead) or _OTHERS.search(lead):
        return True
    if chinese:  # "之后，decoder再利用Attention机制", "多条路径的梯度传递能够缓解…"
        return _LATIN_WORD.search(lead) is not None or _NOUN_LEAD.search(lead) is not None
    return _EN_LEAD.fullmatch(lead) is None  # "Embeddings are trained with …", "This was …"


@cache
def _chinese(rank: int) -> bool:
    """Whether the cue of this rank is written in Chinese."""
    return _CJK.search(prepared()[rank][1].template) is not None


#: A year in brackets right after a name: ``BERT（2018）用 …``, ``ELMo (2018) uses …``.
_YEAR_AFTER = re.compile(r"\s*[（(]\s*(?:19|20)\d\d\s*年?\s*[）)]")


def _undated(text: str, mentions: Sequence[Span]) -> str:
    """``text`` with the year in brackets after each mention marked for the skeleton to drop:
    it dates the name, it does not stand between the name and its verb. Offsets do not move."""
    if "(" not in text and "（" not in text:
        return text
    for _, end, _ in mentions:
        if m := _YEAR_AFTER.match(text, end):
            text = text[: m.start()] + GONE * (m.end() - m.start()) + text[m.end() :]
    return text


def _at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` gives for a look-ahead pattern that can only match at
    ``starts`` (the slots, for a cue that starts with one): tried there alone, not at every
    character (the cues' patterns were most of this reader's time)."""
    for start in starts:
        m = pattern.match(text, start)
        if m is not None:
            yield m


def _slot(token: str) -> int:
    return int(token[1:-1])


def _add(
    chosen: dict[tuple[str, str], tuple[int, ProseRelation]],
    rank: int,
    cue: Cue,
    sk: Skeleton,
    sentence: Sentence,
    m: re.Match[str],
    xs: tuple[str, ...],
    ys: tuple[str, ...],
    factor: float,
) -> None:
    start, end = m.start("m"), m.end("m")
    if start == end:
        return
    scope = _clause_start(sk.text, start)
    allowed = _allowed_negations(cue.kind)
    if any(scope <= a < end and sk.text[a:b].casefold() not in allowed for a, b in sk.negations):
        return
    hedged = any(scope <= a < end for a, _ in sk.hedges) or any(
        _clause_start(sk.text, a) == scope for a, _ in sk.hedges
    )
    confidence = round(cue.confidence * factor * (HEDGE_FACTOR if hedged else 1.0), 3)
    at = sk.origin[start]
    words = sentence.text[at : sk.origin[end - 1] + 1]
    # a sentence may run over soft line breaks: the line and the words from where the cue is
    # (a paragraph of lines without a full stop is one "sentence")
    line = sentence.line + sentence.text.count("\n", 0, at)
    snippet = " ".join(sentence.text[sentence.text.rfind("\n", 0, at) + 1 :].split())
    if len(snippet) > SNIPPET:
        snippet = snippet[: SNIPPET - 1] + "…"
    for x in xs:
        for y in ys:
            if x == y:
                continue
            key = (x, y)
            if key in chosen and chosen[key][0] <= rank:
                continue
            chosen[key] = (
                rank,
                ProseRelation(x, cue.kind, y, confidence, words, snippet, line, hedged),
            )


__all__ = [
    "CARRY_FACTOR",
    "HEDGE_FACTOR",
    "ProseRelation",
    "Span",
    "may_state",
    "read_relations",
]
