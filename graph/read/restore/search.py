"""The search ``restore`` runs: the most likely text through a lattice of candidate characters.

A word-level Viterbi. Tokens are dictionary words whose characters are candidates at consecutive
positions, single candidates, ASCII words and spaces; a token's score is its log-probability
(``model``) plus its characters' context bonuses. Between two tokens come the part-of-speech
context (the tag of the last word against the next one's) and the domain pair score of the last
character against the next one, so the search's state is (tag, last character).
"""

from __future__ import annotations

import math

from noteatlas.graph.read.restore.model import NEUTRAL, START, LanguageModel, char_class, is_han

__all__ = ["Lattice", "best_path", "solve"]

Lattice = list[list[tuple[str, float]]]
"""Per position, its candidate characters with a context bonus (log-odds) each; one candidate
for a character that is not in doubt."""

#: Weight of the domain pair score (log-odds of a character after the previous one); 0.5 and 1.0
#: restored fewer characters of the dev set.
PAIR_WEIGHT = 0.75
#: Fixed positions on each side of a run of doubtful ones: as far as a word holding them reaches
#: (3 lost a little accuracy, the whole line gained none and cost 4x the time).
WINDOW = 4
#: States scoring this far below the best at a position are dropped (log-odds).
BEAM = 12.0

_State = tuple[int, str]
# A token: end position, characters, log P, start tag, state after it (None: a space, which
# keeps the state: "BERT 中的" reads as if the space were not there), class of its first char.
_Token = tuple[int, str, float, int, "_State | None", str]


def solve(
    lattice: Lattice,
    lm: LanguageModel,
    only: set[int] | None = None,
    before: tuple[str, list[tuple[float, str]]] | None = None,
    cache: dict[str, float] | None = None,
) -> tuple[str, list[tuple[float, str]]]:
    """The text through ``lattice`` and each position's margin (see ``best_path``).

    Each run of doubtful positions is solved in its own window, ``WINDOW`` fixed positions on
    each side. ``only`` limits the work to the windows holding one of these positions; the rest
    keep what ``before`` (an earlier ``solve`` of the same lattice) found. ``cache``: a bonus
    per word (the words the document was seen to use).
    """
    doubtful = [p for p, candidates in enumerate(lattice) if len(candidates) > 1]
    if before is None:
        chars = [candidates[0][0] for candidates in lattice]
        margins = [(math.inf, "")] * len(lattice)
    else:
        chars, margins = list(before[0]), list(before[1])
    i = 0
    while i < len(doubtful):
        j = i
        while j + 1 < len(doubtful) and doubtful[j + 1] - doubtful[j] <= 2 * WINDOW:
            j += 1
        if only is None or any(doubtful[x] in only for x in range(i, j + 1)):
            lo, hi = max(0, doubtful[i] - WINDOW), min(len(lattice), doubtful[j] + WINDOW + 1)
            first = (START, "\n") if lo == 0 else None
            text, found = best_path(lattice[lo:hi], lm, first, hi == len(lattice), cache)
            chars[lo:hi] = text
            margins[lo:hi] = found
        i = j + 1
    return "".join(chars), margins


def best_path(
    lattice: Lattice,
    lm: LanguageModel,
    first: _State | None = None,
    line_end: bool = False,
    cache: dict[str, float] | None = None,
) -> tuple[str, list[tuple[float, str]]]:
    """The most likely text through ``lattice``, and per position the margin to the runner-up.

    A forward and a backward pass give the best path through every token; a position's margin
    is the best path's score minus that of the best path putting another character there
    (``inf`` and ``""`` where there is no other). ``first`` is the state before the lattice
    (default: nothing known); ``line_end``: the lattice ends its line, and what ends a line is
    scored like what comes before a line break (与 or 不 rarely do, 中 often); ``cache``: a
    bonus per dictionary word.
    """
    n = len(lattice)
    context = lm.context
    pair = _PairScorer(lm)
    memo = pair.memo
    tokens = [_tokens_from(lattice, j, lm, cache or {}) for j in range(n)]
    fwd: list[dict[_State, float]] = [{} for _ in range(n + 1)]
    back: list[dict[_State, tuple[int, _State, str]]] = [{} for _ in range(n + 1)]
    fwd[0][first or (NEUTRAL, "")] = 0.0
    entry: dict[tuple[int, int], float] = {}  # (j, token index) -> best score before the token
    for j in range(n):
        here = fwd[j]
        if not here:
            continue
        if len(here) > 1:  # a beam: states far below the best never win and cost time
            floor = max(here.values()) - BEAM
            here = fwd[j] = {state: value for state, value in here.items() if value >= floor}
        for t, (k, chars, score, start, new, head) in enumerate(tokens[j]):
            ahead, links = fwd[k], back[k]
            if new is None:
                for state, value in here.items():
                    if value > ahead.get(state, -math.inf):
                        ahead[state] = value
                        links[state] = (j, state, chars)
                continue
            best, came = -math.inf, None
            for state, value in here.items():
                bonus = memo.get((state[1], head))
                if bonus is None:
                    bonus = pair(state[1], head)
                value += context[state[0]][start] + bonus
                if value > best:
                    best, came = value, state
            entry[j, t] = best
            if came is not None and best + score > ahead.get(new, -math.inf):
                ahead[new] = best + score
                links[new] = (j, came, chars)
    last = {state: pair(state[1], "\n") if line_end else 0.0 for state in fwd[n]}
    end = max(fwd[n], key=lambda state: fwd[n][state] + last[state])
    total = fwd[n][end] + last[end]
    pieces: list[str] = []
    k, state = n, end
    while k > 0:
        k, state, chars = back[k][state]
        pieces.append(chars)
    text = "".join(reversed(pieces))
    bwd = _backward(tokens, fwd, context, pair, last)
    rival = [(-math.inf, "")] * n
    for (j, t), before in entry.items():
        k, chars, score, _, new, _ = tokens[j][t]
        if len(chars) == 1 and len(lattice[j]) == 1:
            continue
        through = before + score + bwd[k].get(new, -math.inf)  # type: ignore[arg-type]
        for p in range(j, k):
            ch = chars[p - j]
            if ch != text[p] and through > rival[p][0]:
                rival[p] = (through, ch)
    return text, [(total - score, ch) for score, ch in rival]


def _backward(
    tokens: list[list[_Token]],
    fwd: list[dict[_State, float]],
    context: list[list[float]],
    pair: _PairScorer,
    last: dict[_State, float],
) -> list[dict[_State, float]]:
    """The best score from each reachable (position, state) to the end (``last``: the score of
    ending in a state)."""
    n = len(tokens)
    bwd: list[dict[_State, float]] = [{} for _ in range(n + 1)]
    bwd[n] = dict(last)
    for j in range(n - 1, -1, -1):
        here = bwd[j]
        for k, _, score, start, new, head in tokens[j]:
            after = bwd[k]
            for state in fwd[j]:
                if new is None:
                    value = after.get(state, -math.inf)
                else:
                    rest = after.get(new)
                    if rest is None:
                        continue
                    bonus = pair.memo.get((state[1], head))
                    if bonus is None:
                        bonus = pair(state[1], head)
                    value = context[state[0]][start] + bonus + score + rest
                if value > here.get(state, -math.inf):
                    here[state] = value
    return bwd


class _PairScorer:
    """The weighted domain pair score, memoised for the search."""

    def __init__(self, lm: LanguageModel) -> None:
        self._pmi = lm.bigrams.pmi
        self.memo: dict[tuple[str, str], float] = {}
        """Scores computed so far (the search reads it first: a call costs more than a get)."""

    def __call__(self, a: str, b: str) -> float:
        found = self.memo[a, b] = PAIR_WEIGHT * self._pmi(a, b)
        return found


def _tokens_from(
    lattice: Lattice, j: int, lm: LanguageModel, cache: dict[str, float]
) -> list[_Token]:
    """Tokens starting at position ``j``."""
    first = lattice[j]
    if len(first) == 1 and first[0][0] < "\x80":
        return _ascii_token(lattice, j, lm)
    found: list[_Token] = []
    stack = []
    for ch, bonus in first:
        cls = char_class(ch)
        for score, state in lm.roles(ch):
            found.append((j + 1, ch, score + bonus, state, (state, cls), cls))
        if is_han(ch):
            lo, hi = lm.span(ch)
            if hi - lo > 1 or (hi > lo and lm.words[lo] != ch):
                stack.append((ch, bonus, lo, hi))
    # Depth-first through the sorted word list; a prefix no word has ends the branch.
    words = lm.words
    inner = lm.bigrams.inner
    while stack:
        prefix, bonus, lo, hi = stack.pop()
        k = j + len(prefix)
        if k == len(lattice):
            continue
        for ch, extra in lattice[k]:
            word = prefix + ch
            start_at, end_at = lm.span(word, lo, hi)
            if start_at == end_at:
                continue
            if words[start_at] == word:
                known = lm.word(word)
                if known is not None:
                    score = known[0] + bonus + extra + PAIR_WEIGHT * inner(word)
                    if cache:
                        score += cache.get(word, 0.0)
                    found.append((k + 1, word, score, known[1], (known[2], ch), word[0]))
            if end_at - start_at > 1 or words[start_at] != word:
                stack.append((word, bonus + extra, start_at, end_at))
    return found


def _ascii_token(lattice: Lattice, j: int, lm: LanguageModel) -> list[_Token]:
    """A space keeps the state; a letter or digit starts a word that runs to the last one; any
    other ASCII character is punctuation."""
    ch = lattice[j][0][0]
    if ch.isspace():
        return [(j + 1, ch, 0.0, NEUTRAL, None, "")]
    if not ch.isalnum():
        return [(j + 1, ch, 0.0, NEUTRAL, (START, ch), ch)]
    if j > 0 and _is_ascii_alnum(lattice[j - 1]):
        return []  # inside a word: only its first letter starts a token
    k = j + 1
    while k < len(lattice) and _is_ascii_alnum(lattice[k]):
        k += 1
    word = "".join(lattice[i][0][0] for i in range(j, k))
    start, end = lm.ascii_states(word)
    return [(k, word, 0.0, start, (end, char_class(word[-1])), char_class(word[0]))]


def _is_ascii_alnum(candidates: list[tuple[str, float]]) -> bool:
    ch = candidates[0][0]
    return len(candidates) == 1 and ch < "\x80" and ch.isalnum()
