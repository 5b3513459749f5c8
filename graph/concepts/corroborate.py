"""Sentences that corroborate a known relation: both its concepts and a word of its kind.

The cue lexicon (``prose.cues``) reads a relation only where its template fits; many sentences
state a relation more loosely (``GPT-2的结构类似于GPT模型，仍然使用单向的Transformer模型``).
When the vocabulary already knows the relation (its kind and direction), a sentence that names
both concepts and holds a word of that kind (``使用`` for ``uses``, ``based on`` for
``based_on``) is the user's own line for it. The per-note pass proposes such pairs for every
kind whose words the sentence holds; ``stage.assemble`` keeps only those the vocabulary states,
as evidence with the lower confidence ``CONFIDENCE``. Questions, code and negated sentences
propose nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import permutations

import ahocorasick

from noteatlas.graph.prose.prefilter import WordIndex, literals
from noteatlas.schema import EdgeKind

#: Confidence of a relation a sentence corroborates (below every cue's).
CONFIDENCE = 0.45
#: Sentences naming more concepts than this are lists: they corroborate nothing.
MAX_CONCEPTS = 4

#: Per kind its Chinese words and its English ones: the Chinese (literal words) are found by one
#: automaton for all kinds, the English search skips to where one of their first letters stands
#: (``_english``).
_WORDS: dict[EdgeKind, tuple[str, str]] = {
    EdgeKind.IS_A: (
        "是一种|是一类|是一个|属于|之一",
        r"\bis an?\b|\bare\b|type of|kind of|class of",
    ),
    EdgeKind.PART_OF: (
        "组成|一部分|包含|包括|模块|组件|子层",
        r"part of|consists? of|components?|contains?|includes?|made of",
    ),
    EdgeKind.BASED_ON: (
        "基于|建立在|基础上|源于|沿用|借鉴|继承",
        r"based on|built on|builds? on|extends?|derived from|on top of|inspired by",
    ),
    EdgeKind.USES: (
        "使用|采用|利用|引入|用了|借助|依赖|加入",
        r"\buses?\b|\bused\b|\busing\b|employs?|adopts?|relies on|applies|incorporates?",
    ),
    EdgeKind.IMPROVES_ON: (
        "改进|优于|超过|更好|提升|胜过|强于",
        r"improves?|better than|outperforms?|surpass|\bbeats?\b",
    ),
    EdgeKind.VARIANT_OF: ("变体|变种|版本|简化", r"variant|version|variation"),
    EdgeKind.ADDRESSES: (
        "解决|缓解|克服|避免|防止|减轻|改善",
        r"address|solves?|mitigat|alleviat|overcome|avoids?|prevents?|reduces?|tackles?|fix",
    ),
    EdgeKind.HAS_PROBLEM: (
        "问题|缺点|缺陷|局限|无法|不能|难以|瓶颈",
        r"suffers?|problem|issue|drawback|limitation|cannot|can't|fails? to|struggles?",
    ),
    EdgeKind.PRECEDES: ("之后|随后|接着|后来|此后|→|->", r"\bafter\b|followed|successor"),
}


def _english(words: str) -> re.Pattern[str]:
    """An IGNORECASE alternation of English words, led by a look-ahead class of the letters
    they start with: the search skips to where one may start instead of trying every word at
    every character (half of this reader's time)."""
    starts = literals(words)
    assert starts is not None, words  # plain words: their first letters can be read off
    first = "".join(sorted({w[0] for w in starts}))
    return re.compile(rf"(?=[{re.escape(first)}])(?:{words})", re.IGNORECASE)


def _chinese() -> ahocorasick.Automaton:
    """The Chinese words of every kind in one automaton: word -> the indexes of its kinds."""
    by_word: dict[str, set[int]] = {}
    for i, (zh, _) in enumerate(_WORDS.values()):
        for word in zh.split("|"):
            assert not set(word) & set("\\.^$*+?{}[]()|"), word  # literal words only
            by_word.setdefault(word, set()).add(i)
    automaton = ahocorasick.Automaton()
    for word, kinds in by_word.items():
        automaton.add_word(word, frozenset(kinds))
    automaton.make_automaton()
    return automaton


_KINDS = tuple((kind, _english(en)) for kind, (_, en) in _WORDS.items())
#: The English words of every kind in one automaton (``prefilter``): most sentences hold none,
#: and only the kinds whose words a sentence holds are searched (nine searches a sentence were
#: a third of this reader).
_ENGLISH = WordIndex([en for _, en in _WORDS.values()])
_CHINESE = _chinese()
_NEGATED = re.compile(r"不是|并非|并不")
_NEGATED_EN = _english(r"\bnot\b|n't\b")


def proposals(
    text: str, concepts: Sequence[str], stated: set[tuple[str, str]]
) -> list[tuple[str, EdgeKind, str]]:
    """(source, kind, target) a sentence may corroborate: every ordered pair of the concepts it
    names (``stated``: pairs a cue already related, left out) and every kind whose words it
    holds. ``text`` asserts (no question, conditional or code: the caller checked)."""
    unique = list(dict.fromkeys(concepts))
    if not 2 <= len(unique) <= MAX_CONCEPTS or _NEGATED.search(text) or _NEGATED_EN.search(text):
        return []
    chinese: set[int] = set()
    for _, found in _CHINESE.iter(text):
        chinese |= found
    english = _ENGLISH.possible(text)
    kinds = [
        kind
        for i, (kind, en) in enumerate(_KINDS)
        if i in chinese or (i in english and en.search(text) is not None)
    ]
    return [
        (a, kind, b)
        for a, b in permutations(unique, 2)
        if (a, b) not in stated and (b, a) not in stated
        for kind in kinds
    ]


__all__ = ["CONFIDENCE", "MAX_CONCEPTS", "proposals"]
