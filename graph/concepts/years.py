"""Years of concepts: claims from several sources, the one that wins, and the disagreements.

Precedence: the front matter of the concept's own note > the defining paper > what the notes
state (year headings, ``2018年…提出``, ``X (2018)``, table year columns, file names: the majority
of the notes, the first of them in path order on a tie) > the vocabulary. Every claim keeps where
it came from, which becomes ``ConceptNode.year_source``; claims that disagree are reported, never
silently dropped, and a year a note states is never overridden by the vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from noteatlas.schema import Diagnostic
from noteatlas.schema.codes import diagnostic

#: Years accepted when written explicitly (front matter, inline fields).
YEAR_RANGE = (1000, 2100)

_HEAD = re.compile(
    r"^\s*((?:19|20)\d{2})(?:[-./](?:0?[1-9]|1[0-2]))?\s*(?:年|[-–—.:：、,，_]|\s)\s*"
    r"(?:(?:0?[1-9]|1[0-2])\s*月\s*)?(?P<rest>.+)$"
)
_TAIL = re.compile(r"^(?P<rest>.+?)[\s,，]*[（(]((?:19|20)\d{2})[)）]\s*$")
_EXPLICIT = re.compile(r"^\s*(\d{4})(?:\s*年|[-./]\d{1,2}(?:[-./]\d{1,2})?)?\s*$")


class YearRank(IntEnum):
    """How much a year claim is trusted; lower wins."""

    NOTE = 0
    PAPER = 1
    STATED = 2
    VOCABULARY = 3


@dataclass(frozen=True)
class YearClaim:
    """One source saying when a concept appeared."""

    year: int
    """The year claimed."""
    rank: YearRank
    """Trust of the source."""
    source: str
    """``note:<path>``, ``paper:<id>``, ``heading:<path>``, ``prose:<path>``, ``table:<path>``,
    ``file_name:<path>`` or ``vocabulary``."""
    file: str | None = None
    """File to point at in a diagnostic, when there is one."""
    line: int | None = None
    """1-based line in that file."""

    def sort_key(self) -> tuple[int, str, int, str, int]:
        """Strongest first, then in file order; two years on one line, earliest first (a set
        of claims must not give its hash order to the diagnostic)."""
        return (self.rank, self.file or "", self.line or 0, self.source, self.year)


def parse_year(value: object) -> int | None:
    """A year written explicitly: ``2018``, ``"2018"``, ``"2018年"``, ``"2018-10"``; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        year = value
    elif isinstance(value, str) and (m := _EXPLICIT.match(value)):
        year = int(m.group(1))
    else:
        return None
    return year if YEAR_RANGE[0] <= year <= YEAR_RANGE[1] else None


def split_year(text: str) -> tuple[int | None, str]:
    """A year that starts (``2018年 BERT``) or ends (``BERT (2018)``) a heading or file name.

    Returns the year and the rest of the text, or (None, text) when there is no such year.
    """
    if m := _HEAD.match(text):
        return int(m.group(1)), m.group("rest").strip()
    if m := _TAIL.match(text):
        return int(m.group(2)), m.group("rest").strip()
    return None, text


def _winner(ordered: Sequence[YearClaim]) -> YearClaim:
    """The strongest claim; among the years the notes state, the one most notes state."""
    best = ordered[0]
    if best.rank is not YearRank.STATED:
        return best
    stated = [c for c in ordered if c.rank is YearRank.STATED]
    votes = Counter(c.year for c in {(c.year, c.file or c.source): c for c in stated}.values())
    top = max(votes.values())
    return next(c for c in stated if votes[c.year] == top)


def settle_year(
    name: str, claims: Sequence[YearClaim]
) -> tuple[YearClaim | None, list[Diagnostic]]:
    """The winning claim and a ``year-conflict`` diagnostic when the claims disagree.

    A warning when the notes disagree among themselves, or with the concept's front matter;
    info when only a paper or the vocabulary differs from the year the notes give.
    """
    if not claims:
        return None, []
    ordered = sorted(set(claims), key=YearClaim.sort_key)
    chosen = _winner(ordered)
    years = {c.year for c in ordered}
    if len(years) == 1:
        return chosen, []
    noted = {c.year for c in ordered if c.rank in (YearRank.NOTE, YearRank.STATED)}
    warn = len(noted) > 1 or (chosen.rank is YearRank.NOTE and len(years) > 1)
    seen: dict[tuple[int, str], YearClaim] = {}
    for c in ordered:
        seen.setdefault((c.year, c.source), c)
    listed = ", ".join(f"{year} ({source})" for year, source in seen)
    where = chosen if chosen.file else next((c for c in ordered if c.file), chosen)
    found = diagnostic(
        "year-conflict",
        where.file,
        where.line if where.file else None,
        variant="" if warn else "minor",
        name=name,
        listed=listed,
        year=chosen.year,
        source=chosen.source,
    )
    return chosen, [found]  # a minor disagreement (the variant) is info


__all__ = ["YEAR_RANGE", "YearClaim", "YearRank", "parse_year", "settle_year", "split_year"]
