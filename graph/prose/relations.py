"""Typed relations between the concept mentions of one sentence, read with the cue lexicon.

The sentence becomes a skeleton: each group of coordinated mentions (``CBOW 和 Skip-gram``) is
one slot ``⟨k⟩``, markup and parentheses that only repeat a name (``独热编码（one-hot）``, a year)
are dropped, and the cues of ``cues.CUES`` are matched over it. A clause with no subject of its
own takes the sentence's topic, the mention it starts with (``Word2Vec 是…，包括 CBOW 和
Skip-gram``), or the mention before a relative (``InstructGPT, which adds …``). A relation whose
clause holds a negation is dropped; one whose clause holds a hedge keeps a lower confidence.
Questions, interview sections, conditionals and code give nothing (``sentences.Sentence``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from noteatlas.graph.prose.cuematch import candidates, compiled, may_state, prepared
from noteatlas.graph.prose.cues import RELATIVES, Cue
from noteatlas.graph.prose.sentences import Sentence, hedge_spans, negation_spans
from noteatlas.graph.prose.unlink import GONE, Span, unlinked
from noteatlas.schema import EdgeKind

#: Confidence kept by a relation whose clause is hedged, and by one whose subject is carried.
HEDGE_FACTOR = 0.7
CARRY_FACTOR = 0.9
SNIPPET = 160

_CLAUSE_MARK = re.compile(r"[，,；;：:|｜→\n—]")
_COORDINATION = re.compile(
    r"^(?:\s|\*|_|`)*(?:和|与|及|以及|、|跟|或|或者|及其|/|&|\+|,|，|\band\b|\bor\b|,\s*and\b|,\s*or\b)"
    r"(?:\s|\*|_|`)*$",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"\*\*|__|`|~~")
_MARKUP_CHARS = re.compile(r"[*_`~]")
_PAREN = re.compile(r"\s*(?:（[^（）]*）|\([^()]*\))")
_TOKEN = re.compile(r"⟨(\d+)⟩")
_GONE_RUN = re.compile(f"{GONE}+")
_TOPIC_START = re.compile(r"^[\s*_>#\-•·\d.、)）]*⟨0⟩")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LOCATIVE = re.compile(r"⟩\d+⟨\s*在")  # reversed: a slot right after 在
_PLACE = re.compile(r"\s*(?:之)?(?:上|中|里|下|内)")
_SPACES = re.compile(r"[ \t\u3000]{2,}")
#: What may open a clause before its subject: markup, list marks, a connective.
_RELATIVE = re.compile(RELATIVES, re.IGNORECASE)
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


@dataclass(frozen=True)
class _Skeleton:
    text: str
    groups: list[tuple[str, ...]]  # concept ids of each slot
    sentence: str  # the sentence it was made from (links unmarked)
    slots: list[tuple[int, int, tuple[str, ...]]]  # (start, end, ids) of each slot in it
    kept: list[tuple[int, int]]  # runs of the slotted sentence that ``text`` keeps

    @cached_property
    def origin(self) -> list[int]:
        """Index in the sentence of each character of ``text``: asked only of a sentence that
        states something."""
        slotted: list[int] = []
        pos = 0
        for k, (start, end, _) in enumerate(self.slots):
            slotted.extend(range(pos, start))
            slotted.extend([start] * (len(f"⟨{k}⟩") - 1) + [end - 1])
            pos = end
        slotted.extend(range(pos, len(self.sentence)))
        return [i for a, b in self.kept for i in slotted[a:b]]

    @cached_property
    def negations(self) -> list[tuple[int, int]]:
        """Found when a cue first matches: most sentences read match none."""
        return negation_spans(self.text)

    @cached_property
    def hedges(self) -> list[tuple[int, int]]:
        return hedge_spans(self.text)


def _groups(text: str, mentions: Sequence[Span]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Mentions merged into coordinated groups; overlaps resolved longest first."""
    taken = sorted(mentions)
    if any(b[0] < a[1] for a, b in itertools.pairwise(taken)):  # overlaps: longest first
        taken = []
        for m in sorted(mentions, key=lambda s: (s[0] - s[1], s[0])):
            if all(m[1] <= t[0] or m[0] >= t[1] for t in taken):
                taken.append(m)
        taken.sort()
    # How each mention joins the one before: "and" (和, 、, or), "comma", or not at all (None).
    # A comma joins only in a list that an "and" closes ("A, B and C"): "为了解决 A，B 引入…"
    # and "To mitigate A, B adds …" are two clauses, not a list.
    joins: list[str | None] = [None] if taken else []
    for (_, prev_end, prev), (start, _, cid) in itertools.pairwise(taken):
        between = text[prev_end:start]
        if not between.strip() and cid == prev:
            joins.append("and")
        elif _COORDINATION.match(between):
            joins.append("comma" if between.strip(" *_`") in (",", "，") else "and")
        else:
            joins.append(None)
    closed = False
    for i in range(len(joins) - 1, -1, -1):
        if joins[i] == "and":
            closed = True
        elif joins[i] is None:
            closed = False
        elif not closed:
            joins[i] = None
    groups: list[tuple[int, int, tuple[str, ...]]] = []
    for (start, end, cid), join in zip(taken, joins, strict=True):
        if groups and join is not None:
            g_start, _, ids = groups[-1]
            groups[-1] = (g_start, end, ids if cid in ids else (*ids, cid))
            continue
        groups.append((start, end, (cid,)))
    return groups


def skeleton(text: str, mentions: Sequence[Span]) -> tuple[str, list[tuple[str, ...]]]:
    """The sentence with each mention group as ``⟨k⟩`` and the concept ids of each group.

    Markup is dropped, and so are parentheses that hold no mention or only the name of the group
    just before them (``双向循环神经网络（BiRNN）``, ``(2018)``).
    """
    sk = _build(text, mentions)
    return sk.text, sk.groups


def _build(text: str, mentions: Sequence[Span]) -> _Skeleton:
    groups = _groups(text, mentions)
    pieces: list[str] = []
    pos = 0
    ids: list[tuple[str, ...]] = []
    for start, end, group in groups:
        pieces.append(text[pos:start])
        pieces.append(f"⟨{len(ids)}⟩")
        ids.append(group)
        pos = end
    pieces.append(text[pos:])
    sk = "".join(pieces)
    # (a test for the characters each pattern needs spares most sentences the search)
    drops = [m.span() for m in _MARKUP.finditer(sk)] if _MARKUP_CHARS.search(sk) else []
    if "  " in sk or "\t" in sk or "\u3000" in sk:  # code, math and URLs blanked: one space
        drops += [(m.start() + 1, m.end()) for m in _SPACES.finditer(sk)]
    if GONE in sk:
        drops += [m.span() for m in _GONE_RUN.finditer(sk)]
    for m in _PAREN.finditer(sk) if "(" in sk or "（" in sk else ():
        inner = [int(t) for t in _TOKEN.findall(m.group())]
        before = _TOKEN.search(sk[: m.start()].rstrip()[-6:])
        repeats = (
            bool(inner)
            and before is not None
            and all(set(ids[k]) <= set(ids[int(before.group(1))]) for k in inner)
        )
        if not inner or repeats:
            drops.append(m.span())
    kept = _complement(drops, len(sk))
    return _Skeleton("".join(sk[a:b] for a, b in kept), ids, text, groups, kept)


def _complement(drops: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """The (start, end) runs of ``range(size)`` that no span of ``drops`` covers."""
    kept: list[tuple[int, int]] = []
    pos = 0
    for a, b in sorted(drops):
        if a > pos:
            kept.append((pos, a))
        pos = max(pos, b)
    if pos < size:
        kept.append((pos, size))
    return kept


def _opens_clause(sk: str, pos: int) -> bool:
    """Whether only markup and a connective stand between the clause's start and ``pos``."""
    return not _OPENER.sub("", sk[_clause_start(sk, pos) : pos])


def _clause_start(sk: str, pos: int) -> int:
    marks = [m.end() for m in _CLAUSE_MARK.finditer(sk, 0, pos)]
    return marks[-1] if marks else 0


def _topic(sk: _Skeleton, topic: str | None) -> tuple[str, ...] | None:
    if _TOPIC_START.match(sk.text):
        return sk.groups[0]
    return (topic,) if topic is not None else None


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
    sk = _build(text, mentions)
    if len(sk.groups) < (1 if topic is not None else 2):
        return []
    subject = _topic(sk, topic)
    ranks = candidates(sk.text)
    if not ranks:
        return []
    chosen: dict[tuple[str, str], tuple[int, ProseRelation]] = {}
    for rank in sorted(ranks):
        _, cue, triggers = cues[rank]
        # the first trigger matched already (``candidates``)
        if not all(t.search(sk.text) for t in triggers[1:]):
            continue
        pattern, carried, lead = compiled(rank)
        for m in pattern.finditer(sk.text):
            if cue.subject_first and not _opens_clause(sk.text, m.start("x")):
                continue
            if _LOCATIVE.match(sk.text[: m.end("x")][::-1]) and _PLACE.match(sk.text, m.end("x")):
                continue  # "在 GPU 上使用 …": a place, not the subject
            x, y = sk.groups[_slot(m.group("x"))], sk.groups[_slot(m.group("y"))]
            _add(chosen, rank, cue, sk, sentence, m, x, y, 1.0)
        if carried is None or subject is None or not cue.carry:
            continue
        for m in carried.finditer(sk.text):
            start = m.start("m")
            if start == 0 and _TOPIC_START.match(sk.text):
                continue  # the topic is this clause's own subject
            lead_ids = subject
            if _RELATIVE.search(m.group("lead")):
                before = _TOKEN.findall(sk.text[:start])
                if not before:
                    continue
                lead_ids = sk.groups[int(before[-1])]
            other = "y" if lead == "X" else "x"
            ids = sk.groups[_slot(m.group(other))]
            x, y = (lead_ids, ids) if lead == "X" else (ids, lead_ids)
            _add(chosen, rank, cue, sk, sentence, m, x, y, CARRY_FACTOR)
    out = [rel for _, rel in chosen.values()]
    return sorted(out, key=lambda r: (r.source, r.kind, r.target))


def _slot(token: str) -> int:
    return int(token[1:-1])


def _add(
    chosen: dict[tuple[str, str], tuple[int, ProseRelation]],
    rank: int,
    cue: Cue,
    sk: _Skeleton,
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
    words = sentence.text[sk.origin[start] : sk.origin[end - 1] + 1]
    snippet = " ".join(sentence.text.split())
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
                ProseRelation(x, cue.kind, y, confidence, words, snippet, sentence.line, hedged),
            )


__all__ = [
    "CARRY_FACTOR",
    "HEDGE_FACTOR",
    "ProseRelation",
    "Span",
    "may_state",
    "read_relations",
    "skeleton",
]
