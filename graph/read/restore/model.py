"""The language model ``restore`` scores candidate characters with.

Words come from jieba's ``dict.txt`` (349,046 words, each with a count from a large general corpus
and a part-of-speech tag; it ships in jieba's wheel, nothing is downloaded) and from the built-in
vocabulary's Chinese names (词向量, 一词多义 ...: the notes' own field, which a general corpus
barely knows). Context between words comes from jieba's part-of-speech HMM (``posseg``): how
likely a word of tag ``b`` follows one of tag ``a`` (the 中 of ``中的`` is a locative, 不 an
adverb that rarely comes before 的). Character pairs of the bundled notes (``Bigrams``) say what
follows what in the notes' own field. Characters that are not Han (full-width punctuation,
quotes, brackets, arrows, Greek, emoji ...) get a prior per character from ``_PRIORS``, and one
per Unicode category below that.

Scores are natural logarithms. The model loads once per process on first use, so only a text
that holds damaged mojibake pays for it.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter

from noteatlas.graph.read.restore.data import (
    Words,
    domain_texts,
    jieba_file,
    read_emissions,
    read_states,
    read_words,
    vocabulary_terms,
)

__all__ = [
    "HEADING",
    "NEUTRAL",
    "START",
    "Bigrams",
    "LanguageModel",
    "char_class",
    "is_emoji",
    "is_han",
    "language_model",
]

_LAST = "\U0010ffff"

# Occurrences per million characters of Chinese study notes, rounded; the order of magnitude is
# what matters. Characters the damage can erase (、 ” ！ ＝ 【 』 ...) compete with the others
# of their byte pattern, so their ranks decide most restorations outside Han text.
_PRIORS: tuple[tuple[float, str], ...] = (
    (60000, "，"),
    (35000, "。"),
    (10000, "、：（）"),
    (5000, "“”"),
    (2000, "；！？"),
    (1000, "《》—…→"),
    (500, "·‘’•"),
    (300, "「」【】×～％"),
    (200, "『』＝＋／－＞＜≈≤≥①②③④⑤"),
    (100, "〈〉〔〕［］｛｝≠∈∑√∞←↑↓⇒↔αβγδεθλμπρστφω✓✔✅❌⭐★☆●○■□▲△◆"),
    (60, "０１２３４５６７８９＃＆＊＠＿｜＼＄︰∂∇∏∫∆ΣΩΔΘΛΠΦΨ∀∃⊂⊆∩∪⊕⊗∥⊥≡⟨⟩℃°±÷"),
    (30, "éèüöäàçñíóúáêâîôûëïœß✨❤⚠✏❗❓⏰⏳☀☁➡⬆⬇⬅↩↪⌘"),
    (20, "😀😂😊😍😉😎🤔😅🙂👍👉👇👆👋👏🙏💪🔥🚀💡📌📝📚📖📊📈🎉🎯✌🌟💯🔑🔍🧠🤖💻⚡"),
    (10, "\u00ad\u200b\u200d\ufe0f"),
)

# Weight of the part-of-speech context against the word counts, and the floor of a transition the
# HMM never saw (log 1e-6: rare, not impossible).
_CONTEXT_WEIGHT = 1.0
_FLOOR = -14.0
_MIN_RATIO, _MAX_RATIO = -8.0, 4.0

# Context states besides the HMM's: after punctuation or at a line start (the HMM's sentence
# start), and "no information" (neither side constrains the other).
START, NEUTRAL = 0, 1


def is_han(ch: str) -> bool:
    """A CJK unified or compatibility ideograph."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def is_emoji(ch: str) -> bool:
    """A pictograph from the emoji blocks (no variation selector needed to look like one)."""
    o = ord(ch)
    return 0x1F300 <= o <= 0x1FAFF or 0x2600 <= o <= 0x27BF


class LanguageModel:
    """Word counts and tags, a sorted word list for prefix search, context between tags."""

    def __init__(
        self,
        words: Words,
        transitions: dict[tuple[str, str], dict[tuple[str, str], float]],
        starts: dict[tuple[str, str], float],
        bigrams: Bigrams | None = None,
        emissions: dict[tuple[str, str], dict[str, float]] | None = None,
    ) -> None:
        self.bigrams = bigrams or Bigrams([])
        """Character pairs of the notes' own field."""
        self._index, self._counts, self._tags = words
        self.words = sorted(self._index)
        """Every dictionary word, in code point order."""
        self._spans: dict[str, tuple[int, int]] = {}
        self._log_total = math.log(max(1, sum(map(int, self._counts))))
        self._chars: dict[str, tuple[float, int, int]] = {}
        for ppm, chars in _PRIORS:
            for ch in chars:
                self._chars.setdefault(ch, (math.log(ppm / 1e6), *_symbol_states(ch)))
        self._state: dict[tuple[str, str], int] = {}
        for key in sorted({*transitions, *starts}):
            self._state[key] = len(self._state) + 2
        self.context, marginal = _context(self._state, transitions, starts)
        self._roles = _roles(self._state, marginal, emissions or {})
        """``context[a][b]``: log-odds that a word starting in state ``b`` follows state ``a``."""

    def word(self, word: str) -> tuple[float, int, int] | None:
        """(log P, start state, end state) of a dictionary word, None for any other string."""
        i = self._index.get(word)
        if i is None:
            return None
        count, tag = self._counts[i], self._tags[i]
        if len(word) == 1:
            start = end = self._state.get(("S", tag), NEUTRAL)
        else:
            start, end = self._state.get(("B", tag), NEUTRAL), self._state.get(("E", tag), NEUTRAL)
        return math.log(int(count)) - self._log_total, start, end

    def char(self, ch: str) -> tuple[float, int, int]:
        """(log P, start state, end state) of one character standing alone as a token."""
        found = self._chars.get(ch)
        if found is None:
            found = self.word(ch)
            if found is None and is_han(ch):
                # jieba's tag for a character it does not know; a neutral state would let rare
                # characters escape the context every known one pays.
                state = self._state.get(("S", "x"), NEUTRAL)
                found = (_category_prior(ch), state, state)
            elif found is None:
                found = (_category_prior(ch), *_symbol_states(ch))
            self._chars[ch] = found
        return found

    def roles(self, ch: str) -> list[tuple[float, int]]:
        """(log P, state) of ``ch`` as a one-character word, one per part of speech it often
        takes (与 is a preposition and a conjunction): its count split by P(tag | ch)."""
        found = self._roles.get(ch)
        score, start, _ = self.char(ch)
        if found is None:
            return [(score, start)]
        return [(score + share, state) for share, state in found]

    def span(self, prefix: str, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
        """Indexes ``[lo, hi)`` of the words that start with ``prefix`` (empty when none);
        ``lo`` and ``hi`` narrow the search to the span of a prefix of ``prefix``."""
        found = self._spans.get(prefix)
        if found is None:
            hi = len(self.words) if hi is None else hi
            start = bisect_left(self.words, prefix, lo, hi)
            if start == hi or not self.words[start].startswith(prefix):
                found = (start, start)
            else:
                found = (start, bisect_left(self.words, prefix + _LAST, start, hi))
            self._spans[prefix] = found
        return found

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is in the dictionary."""
        return word in self._index

    def ascii_states(self, token: str) -> tuple[int, int]:
        """States of an ASCII token: a number (m) or a name (nz: BERT, word2vec)."""
        tag = "m" if token.isdigit() else "nz"
        if len(token) == 1:
            state = self._state.get(("S", tag), NEUTRAL)
            return state, state
        return self._state.get(("B", tag), NEUTRAL), self._state.get(("E", tag), NEUTRAL)


class Bigrams:
    """Character pair counts of a domain corpus: how often ``b`` follows ``a``."""

    def __init__(self, texts: list[str]) -> None:
        self.pairs: dict[tuple[str, str], int] = {}
        self.singles: dict[str, int] = {}
        self.heads: dict[str, int] = {}
        """Characters of heading lines."""
        self._cache: dict[tuple[str, str], float] = {}
        self.total = self.head_total = 0
        self.add("\n".join(texts), 1)

    def add(self, text: str, sign: int) -> None:
        """Count (``sign`` 1) or uncount (-1) the pairs of ``text``."""
        chars = text.translate(_CLASSES)
        for ch, n in Counter(chars).items():
            self.singles[ch] = self.singles.get(ch, 0) + sign * n
        for pair, n in Counter(itertools.pairwise(chars)).items():
            self.pairs[pair] = self.pairs.get(pair, 0) + sign * n
        heads = "".join(HEADING.findall(text)).translate(_CLASSES)
        for ch, n in Counter(heads).items():
            self.heads[ch] = self.heads.get(ch, 0) + sign * n
        self.total = sum(self.singles.values())
        self.head_total = sum(self.heads.values())
        self._cache = {}
        self._inner: dict[str, float] = {}
        self._heading: dict[str, float] = {}

    def heading(self, ch: str) -> float:
        """How much likelier ``ch`` is in a heading than anywhere (log-odds, shrunk to 0 for
        characters seen little): 与 of "A与B" is 7 times likelier in the notes' headings, 不
        half as likely, 中 as likely."""
        found = self._heading.get(ch)
        if found is None:
            seen = self.heads.get(ch, 0)
            expected = self.head_total * self.singles.get(ch, 0) / max(1, self.total)
            found = self._heading[ch] = math.log((seen + HEAD_BETA) / (expected + HEAD_BETA))
        return found

    def inner(self, word: str) -> float:
        """The pair scores summed over a word's consecutive characters."""
        found = self._inner.get(word)
        if found is None:
            found = self._inner[word] = sum(self.pmi(a, b) for a, b in itertools.pairwise(word))
        return found

    def pmi(self, a: str, b: str) -> float:
        """log P(b | a) - log P(b), smoothed: 0 when ``a`` was never seen, below 0 for a pair
        never seen after a frequent ``a``."""
        key = (a, b)
        found = self._cache.get(key)
        if found is None:
            n_a = self.singles.get(a, 0)
            if n_a <= 0:
                found = 0.0
            else:
                p_b = (self.singles.get(b, 0) + 0.5) / (self.total + 1.0)
                n_ab = self.pairs.get(key, 0)
                found = max(math.log((n_ab + BETA * p_b) / (n_a + BETA)) - math.log(p_b), PMI_FLOOR)
            self._cache[key] = found
        return found


BETA = 10.0
PMI_FLOOR = -2.0
#: Pseudo-count of the heading ratio: a character must be seen in a few headings to matter.
HEAD_BETA = 3.0

HEADING = re.compile(r"^ {0,3}#{1,6}[ \t](.*)$", re.M)
"""An ATX heading line; its group is the heading's text."""


# str.translate table: ASCII letters become "A", digits "0"; spaces and tabs go.
_CLASSES = {
    **{c: "A" for c in range(0x41, 0x5B)},
    **{c: "A" for c in range(0x61, 0x7B)},
    **{c: "0" for c in range(0x30, 0x3A)},
    **{ord(c): None for c in " \t\r"},
}


def char_class(ch: str) -> str:
    """ASCII letters and digits stand for their class: "BERT 中" and "GPT 中" are one pair."""
    if ch < "\x80":
        if ch.isalpha():
            return "A"
        if ch.isdigit():
            return "0"
    return ch


def _symbol_states(ch: str) -> tuple[int, int]:
    """Punctuation ends a clause (the next word starts as a sentence would); the rest says
    nothing about its neighbours."""
    if unicodedata.category(ch)[0] == "P":
        return NEUTRAL, START
    return NEUTRAL, NEUTRAL


def _context(
    state: dict[tuple[str, str], int],
    transitions: dict[tuple[str, str], dict[tuple[str, str], float]],
    starts: dict[tuple[str, str], float],
) -> tuple[list[list[float]], dict[tuple[str, str], float]]:
    """``log P(b | a) - log P(b)`` for word-end states ``a`` and word-start states ``b``, and
    log P(b).

    P(b), how often a word starts in ``b`` whatever came before, is the stationary distribution
    of the word-to-word chain, found by a few rounds of power iteration from the sentence start.
    """
    size = len(state) + 2
    table = [[0.0] * size for _ in range(size)]
    if not state:
        return table, {}
    ends = {key for key in state if key[0] in "ES"}
    begins = [key for key in state if key[0] in "BS"]
    follow = {
        a: {b: math.exp(p) for b, p in transitions.get(a, {}).items() if b in state} for a in ends
    }
    marginal = {b: math.exp(starts.get(b, -50.0)) for b in begins}
    for _ in range(12):
        nxt = dict.fromkeys(begins, 1e-12)
        for b, weight in marginal.items():
            end = ("S", b[1]) if b[0] == "S" else ("E", b[1])
            for c, p in follow.get(end, {}).items():
                if c in nxt:
                    nxt[c] += weight * p
        norm = sum(nxt.values())
        marginal = {b: v / norm for b, v in nxt.items()}
    log_marginal = {b: max(math.log(v), _FLOOR) for b, v in marginal.items()}
    for a in ends:
        row = table[state[a]]
        for b in begins:
            p = transitions.get(a, {}).get(b, _FLOOR)
            row[state[b]] = _ratio(p, log_marginal[b])
    row = table[START]
    for b in begins:
        row[state[b]] = _ratio(starts.get(b, _FLOOR), log_marginal[b])
    return table, log_marginal


#: Parts of speech kept per character, and the least share of them worth a token.
_ROLES, _MIN_ROLE = 2, math.log(0.1)


def _roles(
    state: dict[tuple[str, str], int],
    marginal: dict[tuple[str, str], float],
    emissions: dict[tuple[str, str], dict[str, float]],
) -> dict[str, list[tuple[float, int]]]:
    """Per character, log P(tag | ch) of its likeliest one-character tags (from the HMM's
    emissions P(ch | S, tag) and the tags' own frequency), above ``_MIN_ROLE``."""
    joint: dict[str, list[tuple[float, int]]] = {}
    for key, chars in emissions.items():
        if key[0] != "S" or key not in state or key not in marginal:
            continue
        for ch, log_p in chars.items():
            joint.setdefault(ch, []).append((log_p + marginal[key], state[key]))
    roles = {}
    for ch, found in joint.items():
        norm = math.log(sum(math.exp(v) for v, _ in found))
        kept = sorted(((v - norm, s) for v, s in found), reverse=True)[:_ROLES]
        roles[ch] = [(v, s) for v, s in kept if v >= _MIN_ROLE]
    return roles


def _ratio(log_p: float, log_marginal: float) -> float:
    """Weighted, clipped log-odds: a state the HMM rarely saw must not become a bonus."""
    return _CONTEXT_WEIGHT * min(max(max(log_p, _FLOOR) - log_marginal, _MIN_RATIO), _MAX_RATIO)


def _category_prior(ch: str) -> float:
    """log P of a character no table knows, from its kind (per million characters of notes)."""
    o = ord(ch)
    if 0x4E00 <= o <= 0x9FFF:
        ppm = 0.02  # a Han character jieba never saw alone: rare, but real
    elif is_han(ch):
        ppm = 0.002  # extension blocks and compatibility ideographs
    elif is_emoji(ch):
        ppm = 0.5
    else:
        category = unicodedata.category(ch)
        ppm = {"Ll": 0.3, "Lu": 0.2, "Lo": 0.05, "Po": 0.3, "Ps": 0.2, "Pe": 0.2, "Pd": 0.2,
               "Sm": 0.3, "So": 0.2, "Nd": 0.1, "No": 0.1, "Mn": 0.01, "Co": 1e-5,
               "Cf": 0.01}.get(category, 0.02)  # fmt: skip
        if 0x3040 <= o <= 0x30FF:
            ppm *= 5  # kana: Japanese words turn up in Chinese notes now and then
    return math.log(ppm / 1e6)


@functools.cache
def language_model() -> LanguageModel:
    """The model, loaded on first use (about 0.3 s, most of it one split of a 5 MB word list)."""
    words = read_words(jieba_file("dict.txt"), vocabulary_terms())
    transitions = read_states(jieba_file("posseg", "prob_trans.py"))
    starts = read_states(jieba_file("posseg", "prob_start.py"))
    return LanguageModel(
        words,
        {k: v for k, v in transitions.items() if isinstance(v, dict)},
        {k: v for k, v in starts.items() if isinstance(v, float)},
        Bigrams(domain_texts()),
        read_emissions(jieba_file("posseg", "prob_emit.py")),
    )
