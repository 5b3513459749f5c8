"""The cue lexicon compiled: each cue's pattern, the words it needs, and which cues a sentence
may match.

A cue (``cues.CUES``) becomes one pattern over a sentence's skeleton (``relations``): its
tokens with short gaps between them that never cross a clause mark, a mention or a word that
starts a new statement (``cues.BREAKERS``). Matching every cue over every sentence is costly, so
each cue also has triggers (its fragments without the slots, tried first), and the triggers'
literal words go into one automaton (``prefilter``): only the cues whose words a sentence holds,
in a script it writes, are tried. Patterns are compiled when first needed, or all at once by
``prepare`` before a process pool is forked.
"""

from __future__ import annotations

import re
from functools import cache

from noteatlas.graph.prose.cues import BREAKERS, CUES, Cue
from noteatlas.graph.prose.prefilter import WordIndex, literals

# A gap never crosses a clause mark, another mention or a bracket (``BERT 使用）和 X``).
_GAP_CHARS = r"[^⟨⟩，,；;。!?！？:：|｜→\n()（）—]"
_SHORT, _LONG = 14, 32
_CJK = re.compile(r"[\u3400-\u9fff]")


#: What in a pattern is syntax, not a character to match: escapes and group names; and what
#: ignores case on its own (``(?i:…)``, one level of groups inside).
_SYNTAX = re.compile(
    r"\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\.|\(\?P<\w+>|\(\?P=\w+\)|\(\?i:(?:\\.|[^()\\]|\((?:\\.|[^()\\])*\))*\)"
)


def _case(pattern: str) -> re.RegexFlag:
    """IGNORECASE for a pattern that matches a letter with a case: a Chinese cue matches
    the same without it, and a third faster (its gaps' classes need no case folding)."""
    bare = _SYNTAX.sub("", pattern)
    cased = any(c.lower() != c or c.upper() != c for c in bare)
    return re.IGNORECASE if cased else re.NOFLAG


def _gap(n: int, latin: bool = False) -> str:
    if latin:  # English gaps count words: "uses a standard encoder-decoder Transformer"
        words = max(2, n // 7)
        return rf"(?:\s*(?!{BREAKERS})[^\s⟨⟩，,；;。!?！？:：|｜→()（）—]+){{0,{words}}}?\s*"
    return rf"(?:(?!{BREAKERS}){_GAP_CHARS}){{0,{n}}}?"


def _is_slot(token: str) -> bool:
    """``X`` or ``Y``, maybe with a lookaround (``X(?!…)``)."""
    return token[:1] in ("X", "Y") and (len(token) == 1 or token[1:3] == "(?")


def _fragment(token: str, latin: bool) -> str:
    if _is_slot(token):
        return rf"(?P<{token[0].lower()}>⟨\d+⟩){token[1:]}"  # a slot, maybe with a lookaround
    if token == ",":
        return r"\s*[，,]?\s*"
    if token == "…":
        return _gap(_LONG, latin)
    if token == "MOD":
        return r"[^，,；;。!?！？:：|｜→\n]{0,24}?"
    body = token.replace("_", r"\s+")
    if latin and "⟨" in body:  # a mention in the words ("more than ⟨n⟩"): no boundary at ⟨ ⟩
        return rf"\b(?:{body})" if body[0].isalpha() else body
    return rf"\b(?:{body})\b" if latin else body


_SPECIAL = frozenset({"X", "Y", ",", "…", "MOD"})


def _optional(token: str) -> bool:
    """Whether a token is one group made optional: ``(?:都|均)?``, not ``(?:基于|…)了?``."""
    if not (token.startswith("(") and token.endswith(")?")):
        return token in (",?",)
    depth = 0
    for i, c in enumerate(token[:-1]):
        depth += {"(": 1, ")": -1}.get(c, 0) if (i == 0 or token[i - 1] != "\\") else 0
        if depth == 0 and i < len(token) - 2:
            return False
    return True


@cache
def _triggers(cue: Cue) -> tuple[re.Pattern[str], ...]:
    """The fragments a sentence must hold for the cue to match: a cheap test run first.

    Matching every cue over every sentence costs ~8 ms a sentence; most cues have a word
    (``基于``, ``suffers``) that most sentences lack, and testing that word alone is ~50x cheaper.
    """
    latin = not _CJK.search(cue.template)
    out = []
    for token in cue.template.split():
        token = token.lstrip("·")
        if token in _SPECIAL or token[:1] in ("X", "Y") or _optional(token):
            continue
        fragment = _fragment(token, latin)
        out.append(re.compile(fragment, _case(fragment)))
    # A bracket is in many sentences: a trigger of punctuation alone is not the first, the one
    # ``may_state`` and ``candidates`` look for ("RNN（LSTM 等）" is found by 等).
    return tuple(sorted(out, key=_punctuation))


def _punctuation(trigger: re.Pattern[str]) -> bool:
    """Whether every word a trigger starts with is punctuation (unknown words: no)."""
    words = literals(trigger.pattern)
    return words is not None and all(not c.isalnum() for w in words for c in w)


@cache
def compiled(rank: int) -> tuple[re.Pattern[str], re.Pattern[str] | None, str | None]:
    """The pattern of the cue of this rank, and the one for a clause whose leading slot is
    carried (and which)."""
    cue = CUES[rank]
    tokens = cue.template.split()
    latin = not _CJK.search(cue.template)
    gap, tight = _gap(_SHORT, latin), _gap(2)
    parts: list[str] = []
    for i, token in enumerate(tokens):
        glued = token.startswith("·")
        if i:
            parts.append(tight if glued else gap)
        parts.append(_fragment(token.lstrip("·"), latin))
    body = "".join(parts)
    pattern = re.compile(rf"(?=(?P<m>{body}))", _case(body))
    carried = None
    lead = tokens[0] if tokens[0] in ("X", "Y") else None
    if lead is not None and len(tokens) > 1:
        rest = "".join(parts[2:])
        carried = re.compile(
            rf"(?:^|(?<=[，,；;：:|｜—]))(?=(?P<m>(?P<lead>{_gap(_SHORT, latin)}){rest}))",
            _case(body),
        )
    return pattern, carried, lead


@cache
def compares_x(rank: int) -> bool:
    """Whether the cue of this rank puts its source right after 比 or "than" (``Y 比 X 弱``,
    ``Y is worse than X``): elsewhere a mention there is the thing compared with."""
    return re.search(r"(?:比|than)\s+X\b", CUES[rank].template) is not None


@cache
def slot_first(rank: int) -> bool:
    """Whether the cue of this rank starts with a slot (most do): its pattern can match only
    where a slot ``⟨k⟩`` starts, so the reader tries it there instead of at every character."""
    return _is_slot(CUES[rank].template.split()[0].lstrip("·"))


@cache
def prepared() -> tuple[tuple[int, Cue, tuple[re.Pattern[str], ...]], ...]:
    """Every cue with its triggers; its own patterns are compiled when first tried
    (``compiled``: half a second for all of them, and a corpus in one language needs half)."""
    return tuple((rank, cue, _triggers(cue)) for rank, cue in enumerate(CUES))


@cache
def _words() -> tuple[
    WordIndex, tuple[tuple[int, ...], ...], frozenset[int], dict[int, re.Pattern[str]]
]:
    """The literal words of every trigger (``prefilter``): per cue the indexes of its triggers,
    and the cues' first triggers by index (what ``may_state`` looks for)."""
    cues = prepared()
    compiled = {t.pattern: t for _, _, triggers in cues for t in triggers}
    patterns = sorted(compiled)
    at = {p: i for i, p in enumerate(patterns)}
    per_cue = tuple(tuple(at[t.pattern] for t in triggers) for _, _, triggers in cues)
    firsts = {ids[0]: compiled[patterns[ids[0]]] for ids in per_cue if ids}
    return WordIndex(patterns), per_cue, frozenset(firsts), firsts


_LATIN = re.compile(r"[A-Za-z]")
#: Per cue (by rank): 1 when written in Latin script, 0 in CJK (``candidates``: the scripts a sentence writes).
_LATIN_CUE = tuple(0 if _CJK.search(cue.template) else 1 for cue in CUES)


@cache
def _cues_by_first() -> dict[int, tuple[tuple[int, int, tuple[int, ...]], ...]]:
    """First trigger index -> (rank, script, trigger indexes) of each cue it starts: what
    ``candidates`` asks of a cue, looked up once."""
    out: dict[int, list[tuple[int, int, tuple[int, ...]]]] = {}
    for rank, ids in enumerate(_words()[1]):
        if ids:
            out.setdefault(ids[0], []).append((rank, _LATIN_CUE[rank], ids))
    return {i: tuple(cues) for i, cues in out.items()}


@cache
def _first_words() -> tuple[WordIndex, tuple[re.Pattern[str], ...]]:
    """The words of the cues' first triggers alone, and those triggers (``may_state``)."""
    first_patterns = _words()[3]
    triggers = tuple(first_patterns[i] for i in sorted(first_patterns))
    return WordIndex([t.pattern for t in triggers]), triggers


def prepare() -> None:
    """Compile every cue now (half a second; each is otherwise compiled when first tried): a
    process pool forked after this shares them instead of compiling them in every worker."""
    for rank in range(len(CUES)):
        compiled(rank)
    _cues_by_first()
    _first_words()


def may_state(text: str) -> bool:
    """Whether ``text`` holds the words of any cue: a sentence without them states nothing."""
    index, triggers = _first_words()
    return index.any_search(text, triggers)


def candidates(sk: str) -> list[int]:
    """Ranks of the cues a skeleton may match: their words are there (``prefilter``), in a
    script it writes (slots aside: most sentences are in one language), and their first
    trigger matches; each first trigger is searched once, and only for cues that pass the rest."""
    index, _, firsts, first_patterns = _words()
    by_first = _cues_by_first()
    possible, matched = index.scan(sk)
    scripts = (_CJK.search(sk) is not None, _LATIN.search(sk) is not None)
    ranks: list[int] = []
    for i in firsts & possible:
        fit = [r for r, latin, ids in by_first[i] if scripts[latin] and possible.issuperset(ids)]
        if fit and (i in matched or first_patterns[i].search(sk)):
            ranks += fit
    return ranks


__all__ = ["candidates", "compiled", "may_state", "prepare", "prepared", "slot_first"]
