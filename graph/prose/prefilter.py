"""Which cue words a sentence may hold, found with one automaton instead of a regex per cue.

Reading a sentence tried each cue's trigger regexes in turn (about 70 searches a sentence, most
of the time the relation reader took). Each trigger starts with one of a few literal words
(``(?:基于|建立在|…)了?`` with 基于 or 建立在; ``\\b(?:builds?|built)\\b`` with build or built):
one Aho-Corasick pass over the folded sentence finds which of those words it holds, and only
the triggers whose words are there are searched. A trigger whose words cannot be read off its
pattern is always searched, so the answer is the same as without the filter; one that is only
Chinese words (``(?:也|还)?被``, ``(?:基于|建立在)``: a third of them) is not searched at all
where the automaton finds one of the words it needs (``sure_words``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import ahocorasick

_META = set("()[]{}?*+|.^$\\")


def _group_end(pattern: str, start: int) -> int:
    """Index of the ``)`` closing the group opened at ``start``, or -1."""
    depth = 0
    i = start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: skip to its end
            i = pattern.find("]", i + 1)
            if i < 0:
                return -1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_top(body: str) -> list[str]:
    """The alternatives of a group's body, split at its top-level ``|``."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = body.find("]", i + 1)
            if i < 0:
                return [body]
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return parts


def literals(pattern: str) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` starts with (folded), or None when they
    cannot be read off it (the caller then always searches)."""
    alternatives = _split_top(pattern)
    if len(alternatives) > 1:  # ``a|b`` at the top: the words of every alternative
        found = [literals(alt) for alt in alternatives]
        return None if any(f is None for f in found) else frozenset().union(*found)  # type: ignore[arg-type]
    p = pattern
    while True:  # what matches no character: \b, look-behinds, ^
        if p.startswith("\\b") or p.startswith("^"):
            p = p[2:] if p.startswith("\\b") else p[1:]
        elif p.startswith("(?<!") or p.startswith("(?<="):
            end = _group_end(p, 0)
            if end < 0:
                return None
            p = p[end + 1 :]
        else:
            break
    if not p:
        return None
    first, end = _atom(p)
    if first is None:
        return None
    if end < len(p) and p[end] in "?*":  # optional: its words, or those of what follows
        rest = literals(p[end + 1 :])
        return None if rest is None else first | rest
    if end < len(p) and p[end] in "+{":
        return first
    if len(first) == 1 and end < len(p) and not (p[end] in _META and p[end] != "\\"):
        # a run of literal characters: as long as it goes
        word = [next(iter(first))]
        k = end
        while k < len(p) and p[k] not in _META and not (k + 1 < len(p) and p[k + 1] in "?*{"):
            word.append(p[k])
            k += 1
        return frozenset({"".join(word).casefold()})
    return first


def _atom(p: str) -> tuple[frozenset[str] | None, int]:
    """The words the first atom of ``p`` starts with, and where the atom ends."""
    if p.startswith("(?:") or (p.startswith("(") and not p.startswith("(?")):
        end = _group_end(p, 0)
        if end < 0:
            return None, len(p)
        inner = p[3:end] if p.startswith("(?:") else p[1:end]
        out: set[str] = set()
        for alt in _split_top(inner):
            found = literals(alt)
            if found is None:
                return None, end + 1
            out |= found
        return frozenset(out), end + 1
    if p.startswith("["):
        end = p.find("]", 1)
        body = p[1:end] if end > 0 else ""
        if not body or any(c in body for c in "\\^-"):
            return None, len(p)
        return frozenset(c.casefold() for c in body), end + 1
    if p[0] in _META:
        return None, len(p)
    return frozenset({p[0].casefold()}), 1


_PLAIN = re.compile(r"[^()\[\]{}?*+|.^$\\]+")
_HAN = re.compile(r"[\u3400-\u9fff]+")


def _plain_words(atom: str) -> list[str] | None:
    """The words of an atom that is literal words only (``(?:基于|建立在)``, ``为了``)."""
    alternatives = _split_top(atom[3:-1]) if atom.startswith("(?:") else [atom]
    return alternatives if all(_PLAIN.fullmatch(a) for a in alternatives) else None


def _atoms(pattern: str) -> list[tuple[str, bool]] | None:
    """``pattern`` as (atom, optional) when it is a row of literal words and groups of them, each
    maybe followed by ``?`` or ``*``; None when it holds anything else."""
    atoms: list[tuple[str, bool]] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("(?:", i):
            end = _group_end(pattern, i)
            if end < 0:
                return None
            atom, i = pattern[i : end + 1], end + 1
        else:
            m = _PLAIN.match(pattern, i)
            if m is None:
                return None
            atom, i = m.group(), m.end()
            if i < len(pattern) and pattern[i] in "?*" and len(atom) > 1:
                atoms.append((atom[:-1], False))  # "更?": the mark is the last character's
                atom = atom[-1]
        optional = i < len(pattern) and pattern[i] in "?*"
        i += optional
        if i < len(pattern) and pattern[i] in "?*+{":
            return None  # lazy, possessive or counted: not read here
        if _plain_words(atom) is None:
            return None
        atoms.append((atom, optional))
    return atoms


def sure_words(pattern: str) -> frozenset[str]:
    """Words whose presence alone makes ``pattern`` match: the Chinese words of its one required
    group when everything else in it is optional literal words (``(?:也|还)?被`` -> 被). Chinese
    only: no case, and casefolding a text never makes or unmakes one. Empty when none."""
    atoms = _atoms(pattern)
    required = [atom for atom, optional in atoms or () if not optional]
    if len(required) != 1:
        return frozenset()
    words = _plain_words(required[0]) or []
    return frozenset(words) if all(_HAN.fullmatch(w) for w in words) else frozenset()


class WordIndex:
    """The literal words of a list of trigger patterns, and which patterns a text may match."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.always: frozenset[int] = frozenset()
        """Patterns whose words are unknown: always possible."""
        by_word: dict[str, set[int]] = {}
        sure: dict[str, set[int]] = {}
        always = set()
        for i, pattern in enumerate(patterns):
            words = literals(pattern)
            if words is None:
                always.add(i)
                continue
            for w in words:
                by_word.setdefault(w, set()).add(i)
            for w in sure_words(pattern):
                sure.setdefault(w, set()).add(i)
                by_word.setdefault(w, set()).add(i)
        self.always = frozenset(always)
        self._automaton = ahocorasick.Automaton()
        for word, ids in by_word.items():  # (patterns it may start, patterns it makes match)
            self._automaton.add_word(word, (frozenset(ids), frozenset(sure.get(word, ()))))
        if by_word:
            self._automaton.make_automaton()
        self._empty = not by_word

    def possible(self, text: str) -> set[int]:
        """Indexes of the patterns that may match ``text``."""
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[set[int], set[int]]:
        """Indexes of the patterns that may match ``text``, and of those that do (their sure
        words are there: ``sure_words``)."""
        found = set(self.always)
        matched: set[int] = set()
        if not self._empty:  # the same few words come back: each word's set joined once
            hits = {payload for _, payload in self._automaton.iter(text.casefold())}
            for ids, sure in hits:
                found |= ids
                matched |= sure
        return found, matched

    def any_search(self, text: str, patterns: Sequence[re.Pattern[str]]) -> bool:
        """Whether any of ``patterns`` (compiled, in the order this index was made from) is
        found in ``text``: only those whose words it holds are searched, each once, and the
        first found ends the search (``possible`` builds the whole set first)."""
        if any(patterns[i].search(text) for i in self.always):
            return True
        if self._empty:
            return False
        tried: set[int] = set()
        for _, (ids, sure) in self._automaton.iter(text.casefold()):
            if sure:
                return True
            for i in ids:
                if i not in tried:
                    tried.add(i)
                    if patterns[i].search(text):
                        return True
        return False


__all__ = ["WordIndex", "literals", "sure_words"]
