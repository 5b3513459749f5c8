"""A sentence as a skeleton: its concept mentions as slots ``⟨k⟩``, what only repeats a name gone.

Each group of coordinated mentions (``CBOW 和 Skip-gram``) is one slot; markup, blanked links and
parentheses that hold no mention or only repeat the name before them (``独热编码（one-hot）``, a
year) are dropped. The cues of ``relations`` are matched over the skeleton, and ``origin`` maps a
match back to the words of the sentence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from noteatlas.graph.prose.sentences import hedge_spans, negation_spans
from noteatlas.graph.prose.unlink import GONE, Span

_COORDINATION = re.compile(
    r"^(?:\s|\*|_|`)*(?:和|与|及|以及|、|跟|或|或者|及其|/|&|\+|,|，|\band\b|\bor\b|,\s*and\b|,\s*or\b)"
    r"(?:\s|\*|_|`)*$",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"\*\*|__|`|~~")
_MARKUP_CHARS = re.compile(r"[*_`~]")
_PAREN = re.compile(r"\s*(?:（[^（）]*）|\([^()]*\))")
_SPACES = re.compile(r"[ \t\u3000]{2,}")
_GONE_RUN = re.compile(f"{GONE}+")
#: A slot in the skeleton; its number is the group's index.
TOKEN = re.compile(r"⟨(\d+)⟩")


@dataclass(frozen=True)
class Skeleton:
    """The skeleton of one sentence."""

    text: str
    """The sentence with each mention group as ``⟨k⟩``."""
    groups: list[tuple[str, ...]]
    """Concept ids of each slot."""
    sentence: str
    """The sentence it was made from (links unmarked)."""
    slots: list[tuple[int, int, tuple[str, ...]]]
    """(start, end, ids) of each slot in the sentence."""
    kept: list[tuple[int, int]]
    """Runs of the slotted sentence that ``text`` keeps."""

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
    sk = build(text, mentions)
    return sk.text, sk.groups


def build(text: str, mentions: Sequence[Span]) -> Skeleton:
    """The skeleton of ``text`` (see ``skeleton``), with each character's place in ``text``."""
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
        inner = [int(t) for t in TOKEN.findall(m.group())]
        before = TOKEN.search(sk[: m.start()].rstrip()[-6:])
        repeats = (
            bool(inner)
            and before is not None
            and all(set(ids[k]) <= set(ids[int(before.group(1))]) for k in inner)
        )
        if not inner or repeats:
            drops.append(m.span())
    kept = _complement(drops, len(sk))
    return Skeleton("".join(sk[a:b] for a, b in kept), ids, text, groups, kept)


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


__all__ = ["TOKEN", "Skeleton", "build", "skeleton"]
