"""Evidence ``restore`` adds to its lattice beyond the language model, and its second pass.

Before the search: the partner of a quotation mark or bracket on the same line (a lost ” after an
intact “), digits beside digits, the rarity of Han characters outside GB2312, and pruning the
candidates nobody writes. After it: the document's own choices, a cache model (a note that says
词 wherever the choice was clear says 词 where it was not).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable

from noteatlas.graph.read.restore.model import LanguageModel, char_class, is_emoji, is_han
from noteatlas.graph.read.restore.search import Lattice, solve

__all__ = [
    "add_bonuses",
    "heading_prior",
    "name_cache",
    "name_runs",
    "plausible",
    "prune",
    "second_pass",
    "spell_names",
]

# Closing and opening marks whose partner on the same line is strong evidence: log-odds for a
# mark whose partner waits, against one with none waiting.
_OPENER_OF = dict(zip("”’」』】）》〉〕］｝", "“‘「『【（《〈〔［｛", strict=True))
_CLOSER_OF = {o: c for c, o in _OPENER_OF.items()}
_PAIR_BONUS, _PAIR_PENALTY = 8.0, 3.0
_ZWJ = "\u200d"

#: The longest word of a file name the cache looks at.
WORD_SIZE = 4
#: Weight of the cache of what the document's headings say (headings only).
HEAD_CACHE_WEIGHT = 1.0
#: The bonus of a dictionary word of the note's file name, and of each character of a place
#: that spells a run of it.
NAME_WEIGHT, NAME_MATCH = 2.0, 4.0
_HAN_RUN = re.compile("[\u3400-\u9fff\uf900-\ufaff]{2,}")
#: Weight of the heading prior (``heading_prior``).
HEADING_WEIGHT = 1.0
#: Log-odds against a Han candidate outside GB2312.
RARE_HAN_PENALTY = 3.0
#: Candidates kept per position, the likeliest alone: the right one is among 6 for 99.45 % of the
#: damaged characters of the dev set (64 candidates at most); 8 changed no result and cost 20 %
#: more time. Others stay when they make a dictionary word or a pair seen ``PAIR_SEEN`` times in
#: the bundled notes with a neighbour, unless rarer than ``RARE``.
KEEP, PAIR_SEEN, RARE = 6, 2, math.log(1e-7)
#: The cache: its weight; the margin (log-odds) that makes a choice count as confident; the
#: pseudo-count given to the model's own rates; the margin above which a choice stays as it is.
CACHE_WEIGHT, CACHE_CONFIDENT, CACHE_ALPHA, CACHE_RETRY = 1.0, 2.0, 5.0, 6.0


@functools.lru_cache(maxsize=8192)
def plausible(ch: str) -> bool:
    """A character notes are made of: GB2312 (common Han, kana, Greek, Cyrillic, full-width
    forms), Latin letters, punctuation, arrows, maths, emoji."""
    o = ord(ch)
    if 0xA0 <= o <= 0x24F or 0x2000 <= o <= 0x2BFF or 0xFF00 <= o <= 0xFFEF or is_emoji(ch):
        return True
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def add_bonuses(lattice: Lattice) -> None:
    """Context evidence, in place: a closing mark for the nearest opener left open before it on
    the line (a lost ” after an intact “), an opening mark for the nearest closer waiting after
    it, a digit next to a digit, a zero-width joiner between two emoji."""
    _pair_marks(lattice, range(len(lattice)), _OPENER_OF)
    _pair_marks(lattice, range(len(lattice) - 1, -1, -1), _CLOSER_OF)
    for p, candidates in enumerate(lattice):
        if len(candidates) == 1:
            continue
        for i, (ch, bonus) in enumerate(candidates):
            if ch == _ZWJ:
                joins = (
                    0 < p < len(lattice) - 1
                    and any(is_emoji(c) for c, _ in lattice[p - 1])
                    and any(is_emoji(c) for c, _ in lattice[p + 1])
                )
                candidates[i] = (ch, bonus + (4.0 if joins else -8.0))
            elif is_han(ch) and not plausible(ch):
                # Outside GB2312: rare in simplified Chinese, yet jieba's counts rate some of
                # them highly (鍚 2,300 times: its corpus held GBK mojibake).
                candidates[i] = (ch, bonus - RARE_HAN_PENALTY)
            elif ch.isdigit():  # full-width ０ against ！: the neighbours are digits or not
                near = [
                    lattice[q][0][0]
                    for q in (p - 1, p + 1)
                    if 0 <= q < len(lattice) and len(lattice[q]) == 1
                ]
                candidates[i] = (ch, bonus + (4.0 if any(c.isdigit() for c in near) else -1.0))


def heading_prior(lattice: Lattice, lm: LanguageModel) -> None:
    """In place, for the positions of a heading line: how much likelier each candidate is in the
    headings of the bundled notes than in their text. A heading is short, so its words have
    little context; the notes' headings say what headings are made of (noun phrases joined by
    与, rarely a clause with 不)."""
    for p, candidates in enumerate(lattice):
        if len(candidates) > 1:
            lattice[p] = [
                (ch, bonus + HEADING_WEIGHT * lm.bigrams.heading(ch)) for ch, bonus in candidates
            ]


def _pair_marks(lattice: Lattice, order: range, partner_of: dict[str, str]) -> None:
    """Scanning in ``order``: a candidate mark whose partner (``partner_of``) was met, fixed and
    still unmatched, gets a bonus and takes that partner; one whose partner is not waiting gets a
    penalty. Greedy: of several doubtful marks only the nearest gets the partner."""
    waiting: dict[str, int] = {}
    for p in order:
        candidates = lattice[p]
        if len(candidates) == 1:
            ch = candidates[0][0]
            if ch in partner_of:  # a fixed mark closes (or, backwards, opens) its partner
                partner = partner_of[ch]
                waiting[partner] = max(0, waiting.get(partner, 0) - 1)
            elif ch in partner_of.values():
                waiting[ch] = waiting.get(ch, 0) + 1
            continue
        took = None
        for i, (ch, bonus) in enumerate(candidates):
            if ch in partner_of:
                partner = partner_of[ch]
                if waiting.get(partner, 0) > 0:
                    candidates[i] = (ch, bonus + _PAIR_BONUS)
                    took = partner
                else:
                    candidates[i] = (ch, bonus - _PAIR_PENALTY)
        if took is not None:
            waiting[took] -= 1


def prune(lattice: Lattice, lm: LanguageModel) -> None:
    """Keep, of each position's candidates, the likeliest alone and those that make a word or
    a known pair with a neighbour: a bare lead byte has 64 candidates, most of them characters
    nobody writes, and the search's cost grows with their number."""

    def ranked(candidates: list[tuple[str, float]]) -> list[tuple[str, float]]:
        return sorted(candidates, key=lambda c: -(lm.char(c[0])[0] + c[1]))

    pairs = lm.bigrams.pairs
    for p, candidates in enumerate(lattice):
        if len(candidates) <= KEEP:
            continue
        order = ranked(candidates)
        left = [c for c, _ in lattice[p - 1][:KEEP]] if p else []
        right = [c for c, _ in ranked(lattice[p + 1])[:KEEP]] if p + 1 < len(lattice) else []
        kept = order[:KEEP]
        for ch, bonus in order[KEEP:]:
            if lm.char(ch)[0] < RARE:
                break  # the rest are rarer still: no word worth finding
            for a in left:
                if lm.is_word(a + ch) or pairs.get((char_class(a), ch), 0) >= PAIR_SEEN:
                    kept.append((ch, bonus))
                    break
            else:
                for b in right:
                    if lm.is_word(ch + b) or pairs.get((ch, char_class(b)), 0) >= PAIR_SEEN:
                        kept.append((ch, bonus))
                        break
        lattice[p] = kept


def second_pass(
    lattices: dict[int, Lattice],
    solved: dict[int, tuple[str, list[tuple[float, str]]]],
    lm: LanguageModel,
    seed: dict[str, float] | None = None,
    headings: frozenset[int] = frozenset(),
) -> None:
    """A document uses its words again: characters restored with confidence make their
    candidates likelier wherever the same damage recurs (a cache model), and the windows where
    that evidence could change a choice are solved again (with ``seed``, what the file name
    says, too). Its ``headings`` (line numbers) share a style too: what they say with
    confidence counts once more for each other (several "A与B" headings)."""
    counts: dict[str, int] = {}
    heads: dict[str, int] = {}
    for line, (chars, margins) in solved.items():
        for p, (margin, _) in enumerate(margins):
            if len(lattices[line][p]) > 1 and margin >= CACHE_CONFIDENT:
                counts[chars[p]] = counts.get(chars[p], 0) + 1
                if line in headings:
                    heads[chars[p]] = heads.get(chars[p], 0) + 1
    if not counts:
        return
    # A cache of the words restored with confidence made 2 fewer errors in 87,730 characters
    # (the essay proxy), 2 more on the bench note, and cost a quarter of the time: only the
    # file name's words are cached.
    words = seed or {}
    fits: dict[str, list[tuple[str, int]]] = {}  # character -> (cached word, its place there)
    for word in words:
        for k, ch in enumerate(word):
            fits.setdefault(ch, []).append((word, k))
    for line, (chars, margins) in solved.items():
        lattice = lattices[line]
        retry = set()
        for p, candidates in enumerate(lattice):
            if len(candidates) == 1 or margins[p][0] >= CACHE_RETRY:
                continue
            if any(_spells(lattice, p, fits.get(ch, ())) for ch, _ in candidates):
                retry.add(p)
            extra = _cache_bonus(candidates, counts, lm, CACHE_WEIGHT)
            if line in headings:
                more = _cache_bonus(candidates, heads, lm, HEAD_CACHE_WEIGHT)
                extra = {ch: extra.get(ch, 0.0) + more.get(ch, 0.0) for ch, _ in candidates}
            if not extra:
                continue
            lattice[p] = [(ch, bonus + extra[ch]) for ch, bonus in candidates]
            if max(extra.values()) - extra[chars[p]] > margins[p][0]:
                retry.add(p)
        if retry:
            solved[line] = solve(lattice, lm, retry, (chars, margins), words)


def _cache_bonus(
    candidates: list[tuple[str, float]], counts: dict[str, int], lm: LanguageModel, weight: float
) -> dict[str, float]:
    """Per candidate, the document's rate of it against the model's (empty when the document
    never chose any of them): a document that uses 不 and 与 as often as any text gets no push;
    one that says 词 where the model expects 话 does."""
    seen = sum(counts.get(ch, 0) for ch, _ in candidates)
    if not seen:
        return {}
    prior = [math.exp(lm.char(ch)[0]) for ch, _ in candidates]
    norm = sum(prior)
    extra = {}
    for (ch, _), p_lm in zip(candidates, prior, strict=True):
        expected = p_lm / norm
        doc = (counts.get(ch, 0) + CACHE_ALPHA * expected) / (seen + CACHE_ALPHA)
        extra[ch] = weight * math.log(doc / expected)
    return extra


def _spells(lattice: Lattice, p: int, words: Iterable[tuple[str, int]]) -> bool:
    """Whether the candidates around ``p`` can spell one of ``words`` (each with the place in
    it of the character at ``p``)."""
    for word, k in words:
        start = p - k
        if start < 0 or start + len(word) > len(lattice):
            continue
        if all(
            any(ch == word[j] for ch, _ in lattice[start + j]) for j in range(len(word)) if j != k
        ):
            return True
    return False


def name_cache(names: tuple[str, ...], lm: LanguageModel) -> dict[str, float]:
    """The dictionary words of a note's file name (see ``spell_names``), a bonus each."""
    words: dict[str, float] = {}
    for run in name_runs(names):
        for size in range(2, min(len(run), WORD_SIZE) + 1):
            for start in range(len(run) - size + 1):
                if lm.is_word(run[start : start + size]):
                    words[run[start : start + size]] = NAME_WEIGHT
    return words


def name_runs(names: tuple[str, ...]) -> list[str]:
    """The runs of two or more Han characters of ``names``."""
    return [run for name in names for run in _HAN_RUN.findall(name)]


def spell_names(lattice: Lattice, runs: list[str]) -> None:
    """In place: where the candidates of consecutive positions can spell a run of the note's
    file name, those characters get a bonus. A file system keeps a note's name as it is, and
    its title and terms are often that name (语序丢失.md holds ``# 语序丢失``); a match of two
    or more characters, one of them not in doubt or all of them doubtful, is rarely chance."""
    for run in runs:
        size = len(run)
        for start in range(len(lattice) - size + 1):
            span = lattice[start : start + size]
            if all(len(c) == 1 for c in span):
                continue
            if all(any(ch == run[k] for ch, _ in span[k]) for k in range(size)):
                for k, candidates in enumerate(span):
                    if len(candidates) > 1:
                        lattice[start + k] = [
                            (ch, bonus + NAME_MATCH if ch == run[k] else bonus)
                            for ch, bonus in candidates
                        ]
