"""Years of concepts: claims from several sources, the one that wins, and the disagreements.

Precedence: a year stated in the concept's own note > the vocabulary > the defining paper > a
year written in a heading or file name (``2018年 BERT``, ``2017 - Attention Is All You Need.md``).
Every claim keeps where it came from, which becomes ``ConceptNode.year_source``; claims that
disagree are reported, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from noteatlas.schema import Diagnostic, Severity

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
    VOCABULARY = 1
    PAPER = 2
    HEADING = 3


@dataclass(frozen=True)
class YearClaim:
    """One source saying when a concept appeared."""

    year: int
    """The year claimed."""
    rank: YearRank
    """Trust of the source."""
    source: str
    """``note:<path>``, ``vocabulary``, ``paper:<id>``, ``heading:<path>`` or ``file_name:<path>``."""
    file: str | None = None
    """File to point at in a diagnostic, when there is one."""
    line: int | None = None
    """1-based line in that file."""

    def sort_key(self) -> tuple[int, str, int, str]:
        """Strongest first, then in file order."""
        return (self.rank, self.file or "", self.line or 0, self.source)


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


def settle_year(
    name: str, claims: Sequence[YearClaim]
) -> tuple[YearClaim | None, list[Diagnostic]]:
    """The winning claim and a diagnostic when the claims disagree.

    Disagreement between the note and the vocabulary is a warning; one that involves only a
    paper, heading or file name year (a preprint year against a venue year, say) is info.
    """
    if not claims:
        return None, []
    ordered = sorted(set(claims), key=YearClaim.sort_key)
    chosen = ordered[0]
    years = {c.year for c in ordered}
    if len(years) == 1:
        return chosen, []
    strong = {c.year for c in ordered if c.rank <= YearRank.VOCABULARY}
    severity = Severity.WARNING if len(strong) > 1 else Severity.INFO
    seen: dict[tuple[int, str], YearClaim] = {}
    for c in ordered:
        seen.setdefault((c.year, c.source), c)
    listed = ", ".join(f"{year} ({source})" for year, source in seen)
    where = chosen if chosen.file else next((c for c in ordered if c.file), chosen)
    return chosen, [
        Diagnostic(
            severity=severity,
            code="year-conflict",
            file=where.file,
            line=where.line if where.file else None,
            message=f"Sources disagree on the year of {name!r}: {listed}; "
            f"using {chosen.year} from {chosen.source}.",
            hint="Fix the year where it is wrong, or state `year:` in the concept's note.",
        )
    ]


__all__ = ["YEAR_RANGE", "YearClaim", "YearRank", "parse_year", "settle_year", "split_year"]
