"""Finding concept names in text: one Aho-Corasick automaton over every name and alias.

Matching happens on folded text (NFKC, casefolded, whitespace runs as one space), so ``ＢＥＲＴ``,
``Bert`` and ``BERT`` are the same name; every folded character remembers the original one it came
from, so mentions report columns of the text as written. Latin-script names are word-bounded: the
characters around a match must not be ASCII letters or digits (``RNN`` is not found in ``BiRNNs``
or ``RNNT``), except that one plural ``s`` is accepted and included (``RNNs`` mentions RNN). CJK
names match as substrings, and CJK neighbours never break a Latin match (``BERT模型`` mentions
BERT). When matches overlap the longest wins (``双向RNN`` is BiRNN, not RNN), then the leftmost.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import attrgetter, itemgetter
from typing import NamedTuple

import ahocorasick

#: Shortest folded name the automaton looks for; one-letter names would match everywhere.
MIN_PATTERN = 2

_PARENS = re.compile(r"[（(][^（()）]*[)）]")
_MARKUP = re.compile(r"[*_`~#>]+|\[\[|\]\]|!\[")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}[.、)）]|[一二三四五六七八九十]+[、.]|[-+*•·])\s*")
_EDGE_PUNCT = " \t\u3000.,;:!?。，、；：！？…\"'“”‘’<>-—–|/\\"
_PAIRS = {
    "(": ")",
    "（": "）",
    "[": "]",
    "【": "】",
    "《": "》",
    "〈": "〉",
    "「": "」",
    "『": "』",
}
_CLOSERS = frozenset(_PAIRS.values())
_OPENERS = {close: open_ for open_, close in _PAIRS.items()}
_SEPARATORS = re.compile(r"\s*(?:[:：|｜]|\s[-–—]\s|——|—)\s*")
# Words that say what sort of thing a name is, or join two names: "LSTM模型结构" is LSTM,
# "Pre-training和Fine-tuning" is two concepts, "一词多义问题" is polysemy.
_FILLER_WORDS = (
    "模型 结构 机制 问题 算法 方法 网络 原理 技术 架构 思想 概念 基础 理论 框架 模块 "
    "详解 简介 介绍 入门 总结 笔记 面试题 面试 习题 层 的 和 与 及 以及 或 等 跟 同 "
    "model models structure mechanism problem algorithm method network networks "
    "architecture basics intro introduction overview notes layer and or the of vs"
)
_FILLERS = tuple(sorted(set(_FILLER_WORDS.split()), key=lambda w: (-len(w), w)))
_CHUNK = re.compile(r"[^\s,，、;；:：/|&+&＋\-–—()（）\[\]【】.。!！?？\"'“”‘’]+")


class _Folds(dict[int, str]):
    """Per-character folds, learnt as characters are met (``str.translate`` asks for a
    character it does not know yet): ``translate`` then folds whole lines in C."""

    expanding = re.compile("(?!)")
    """Finds the characters that fold to several (ß -> ss) or none: none yet."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).casefold()
        folded = self[code] = "".join(" " if c.isspace() else c for c in folded)
        if len(folded) != 1:
            _EXPANDING.add(char)
            _Folds.expanding = re.compile("[" + "".join(map(re.escape, sorted(_EXPANDING))) + "]")
        return folded


_TABLE = _Folds()
_RUNS = re.compile(" {2,}")
_EXPANDING: set[str] = set()  # characters that fold to several (ß -> ss) or none


def fold(text: str) -> tuple[str, Sequence[int]]:
    """Text folded for matching, and for each folded character the index of its original one."""
    folded = text.translate(_TABLE)  # learns the characters it had not met
    if _Folds.expanding.search(text) is None:  # one folded character each: only space runs move
        if "  " not in folded:
            return folded, range(len(text))
        pieces: list[str] = []
        spans: list[range] = []
        pos = 0
        for run in _RUNS.finditer(folded):
            pieces.append(folded[pos : run.start() + 1])
            spans.append(range(pos, run.start() + 1))
            pos = run.end()
        pieces.append(folded[pos:])
        spans.append(range(pos, len(folded)))
        return "".join(pieces), list(chain.from_iterable(spans))
    out: list[str] = []
    origin: list[int] = []
    space = False
    for i, char in enumerate(text):
        for c in _TABLE[ord(char)]:
            if c == " ":
                if space:
                    continue
                space = True
            else:
                space = False
            out.append(c)
            origin.append(i)
    return "".join(out), origin


@functools.lru_cache(maxsize=1 << 16)
def fold_key(name: str) -> str:
    """The lookup key of a name: folded, with no space at either end. Remembered: discovery
    and the registry fold the same few thousand names again for every note that writes them."""
    return fold(name)[0].strip()


def _word(char: str) -> bool:
    return char.isascii() and char.isalnum()


_LONGEST_FIRST = itemgetter(0, 1)
_START = attrgetter("start")


def clean_term(text: str) -> str:
    """A term without markup, list numbering and surrounding punctuation or brackets."""
    text = _MARKUP.sub("", text)
    text = _NUMBERING.sub("", text)
    text = " ".join(text.split()).strip(_EDGE_PUNCT)
    while text:
        first, last = text[0], text[-1]
        if _PAIRS.get(first) == last and len(text) > 1:
            text = text[1:-1]
        elif first in _PAIRS and _PAIRS[first] not in text:
            text = text[1:]
        elif last in _CLOSERS and _OPENERS[last] not in text:
            text = text[:-1]
        else:
            break
        text = text.strip(_EDGE_PUNCT)
    return text


class Mention(NamedTuple):
    """One concept name found in a text. A named tuple: a note has hundreds, and a frozen
    dataclass took three times longer to make."""

    start: int
    """Index of the first character in the text as written."""
    end: int
    """Index after the last character (a plural ``s`` included)."""
    concept: str
    """Id of the concept named (whatever ids the matcher was built with)."""
    text: str
    """The name as written in the text."""


class Matcher:
    """Names to concepts: exact lookups and mention finding, built once per corpus."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        """Index (name, concept id) pairs; the first concept to claim a folded name keeps it."""
        self.names = list(names)
        """The (name, concept id) pairs given: another process rebuilds the same matcher."""
        self._keys: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []
        """(name, owner kept, concept refused) for every name claimed by two concepts."""
        for name, concept in self.names:
            key = fold_key(name)
            if not key:
                continue
            owner = self._keys.setdefault(key, concept)
            if owner != concept:
                self.conflicts.append((name, owner, concept))
        self._resolved: dict[str, tuple[str, ...]] = {}
        self._named: dict[tuple[str, bool], str | None] = {}
        self._automaton: ahocorasick.Automaton | None = None
        patterns = [k for k in self._keys if len(k) >= MIN_PATTERN]
        if patterns:
            automaton = ahocorasick.Automaton()
            for key in patterns:  # what ``find`` asks of a key, worked out once
                payload = (self._keys[key], len(key), _word(key[0]), _word(key[-1]))
                automaton.add_word(key, payload)
            automaton.make_automaton()
            self._automaton = automaton

    def __len__(self) -> int:
        return len(self._keys)

    def keys(self) -> dict[str, str]:
        """Every folded name and the concept it finds."""
        return dict(self._keys)

    def lookup(self, name: str) -> str | None:
        """The concept whose name or alias this is (case-, width- and space-insensitive)."""
        return self._keys.get(fold_key(name))

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions in ``text``, in order; longest first, then leftmost."""
        if self._automaton is None or not text:
            return []
        folded, origin = fold(text)
        size = len(folded)
        candidates: list[tuple[int, int, int, str]] = []  # (-length, start, end, concept)
        for last, (concept, length, word_first, word_last) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if word_first and start > 0 and _word(folded[start - 1]):
                continue
            if word_last and end < size and _word(folded[end]):
                plural = folded[end] == "s" and folded[end - 1] != "s"
                if not plural or (end + 1 < size and _word(folded[end + 1])):
                    continue
                end += 1
            candidates.append((start - end, start, end, concept))
        candidates.sort(key=_LONGEST_FIRST)  # stable: the automaton's order on a tie
        taken = bytearray(size)
        chosen: list[Mention] = []
        for _, start, end, concept in candidates:
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            first, after = origin[start], origin[end - 1] + 1
            chosen.append(Mention(first, after, concept, text[first:after]))
        chosen.sort(key=_START)
        return chosen

    def resolve(self, term: str) -> list[str]:
        """Concepts a short term names: an exact name, or names joined by fillers.

        ``LSTM模型结构`` -> [lstm], ``Pre-training和Fine-tuning`` -> [pre-training, fine-tuning],
        ``维度灾难、语义鸿沟`` -> [] (unless those are names). Prose never resolves, because
        every word left after taking out the names must be a filler or punctuation.
        """
        found = self._resolved.get(term)
        if found is None:
            found = self._resolved[term] = tuple(self._resolve(term))
        return list(found)

    def named(self, text: str, *, strict: bool = True) -> str | None:
        """The one concept a heading, title or file name is about, or None.

        Strict: the whole text, the text without parentheses, its head before a separator
        (``BERT: Pre-training of ...``), or a leading name followed by non-Latin words
        (``word2vec 的提出``, ``BERT面试题``). Not strict also accepts any one part between
        separators (``机器学习方向-05：BERT（面试直通车）``) and ``resolve`` giving one concept.
        """
        key = (text, strict)
        if key not in self._named:
            self._named[key] = self._name(text, strict)
        return self._named[key]

    def _resolve(self, term: str) -> list[str]:
        cleaned = clean_term(term)
        if not cleaned:
            return []
        for candidate in (cleaned, clean_term(_PARENS.sub("", cleaned))):
            found = self.lookup(candidate)
            if found is not None:
                return [found]
        bare = clean_term(_PARENS.sub(" ", cleaned)) or cleaned
        mentions = self.find(bare)
        if not mentions:
            return []
        rest = list(bare)
        for m in mentions:
            rest[m.start : m.end] = " " * (m.end - m.start)
        for chunk in _CHUNK.findall("".join(rest)):
            if not _only_fillers(chunk.casefold()):
                return []
        return list(dict.fromkeys(m.concept for m in mentions))

    def _name(self, text: str, strict: bool) -> str | None:
        cleaned = clean_term(text)
        if not cleaned:
            return None
        bare = clean_term(_PARENS.sub(" ", cleaned))
        for candidate in (cleaned, bare):
            found = self.lookup(candidate)
            if found is not None:
                return found
        parts = [clean_term(p) for p in _SEPARATORS.split(bare or cleaned)]
        parts = [p for p in parts if p]
        if len(parts) > 1:
            if (head := self.lookup(parts[0])) is not None:
                return head
            if not strict:
                found_parts = {c for p in parts if (c := self.lookup(p)) is not None}
                if len(found_parts) == 1:
                    return found_parts.pop()
        lead = self._leading(bare or cleaned)
        if lead is not None or strict:
            return lead
        concepts = set(self.resolve(bare or cleaned))
        return concepts.pop() if len(concepts) == 1 else None

    def _leading(self, text: str) -> str | None:
        mentions = self.find(text)
        if not mentions or mentions[0].start != 0:
            return None
        if len({m.concept for m in mentions}) != 1:
            return None
        rest = text[mentions[0].end :]
        if rest and rest[0].isascii() and not rest[0].isspace():
            return None  # "CNN-rand", "BERT.base": another name that starts with this one
        after = rest.lstrip()
        return mentions[0].concept if not after or not _word(after[0]) else None


def _only_fillers(chunk: str) -> bool:
    while chunk:
        for word in _FILLERS:
            if chunk.startswith(word):
                chunk = chunk[len(word) :]
                break
        else:
            return False
    return True


__all__ = ["MIN_PATTERN", "Matcher", "Mention", "clean_term", "fold", "fold_key"]
