"""When notes and papers sit on the explorer's timeline, from what the atlas holds.

A note is placed by its own date when it has one: its front matter (``date``, ``created``, then
``year``), a daily-note file name (``2023-05-01.md``, ``20230501``, ``2023年5月1日``), a year or
date heading it is linked from (an index's ``## 2017年《...》``), a year at the start of its title
or file name (``2021 - LoRA.md``). Failing that it is placed where what it talks about is: the
year of the concept it defines, else the median year of the concepts it mentions and the papers
it cites; such a date is marked ``inferred``. A paper's month comes from its id; the day, when the
notes list it under a dated heading of the same month (a digest's ``## Top ML Papers of the Week
(Jan 2 - Jan 8, 2023)``).

Pure: nodes and edges in, dates out; nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from typing import Any, TypeVar

from noteatlas.schema import ConceptNode, EdgeKind, Heading, Node, NoteNode, PaperNode
from noteatlas.schema.edges import EdgeLike

T = TypeVar("T")

#: Front matter keys that give a note's own date, strongest first.
DATE_KEYS: tuple[str, ...] = ("date", "created", "created_at", "creation_date", "year")

_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_YEAR = r"(1[89]\d\d|20\d\d)"
_ISO = re.compile(_YEAR + r"[-_./](\d{1,2})[-_./](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)" + _YEAR + r"(\d\d)(\d\d)(?!\d)")
_CJK = re.compile(_YEAR + r"\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?)?")
_MONTH_DAY = re.compile(
    r"\b("
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?:,?\s+" + _YEAR + r")?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?,?\s+" + _YEAR + r"\b",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)")
# A year that opens a heading or a title: "2017年《...》", "2018  ELMo", "2021 - LoRA", "(2019)".
_LEADING_YEAR = re.compile(
    r"^[\W_]{0,3}" + _YEAR + r"(?!\d)(?:\s*年)?(?=$|[\s\-–—:：,，)）\]】年])"
)


@dataclass(frozen=True)
class When:
    """A place on the timeline and where it comes from."""

    year: int
    month: int | None = None
    day: int | None = None
    source: str = ""
    """What gave the date, for a person: ``front matter date``, ``file name`` ..."""
    inferred: bool = False
    """True when the note has no date of its own and sits where what it discusses is."""


def _valid(year: int, month: int | None = None, day: int | None = None) -> bool:
    if not 1000 <= year <= 2999:
        return False
    if month is None:
        return day is None
    if day is None:
        return 1 <= month <= 12
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _num(text: str | None) -> int | None:
    return int(text) if text else None


@lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> tuple[int, int | None, int | None] | None:
    """The first full or partial date a short text gives: ``(year, month or None, day or None)``.

    ISO-like dates (``2023-05-01``, ``2023/5/1``, ``20230501``), Chinese ones (``2023年5月1日``,
    ``2023年5月``), English ones (``May 1, 2023``, ``Jan 2 - Jan 8, 2023``: the range's start,
    and ``Dec 26 - Jan 1, 2024`` starts in 2023), ``May 2023``. A bare year only opens the text
    (``2017年《...》``, ``2018 BERT``): a year further in is as often a version as a date.
    """
    for pattern in (_ISO, _COMPACT):
        for full in pattern.finditer(text):
            y, mo, d = int(full[1]), int(full[2]), int(full[3])
            if _valid(y, mo, d):
                return y, mo, d
    for cjk in _CJK.finditer(text):
        year, month, day = int(cjk[1]), _num(cjk[2]), _num(cjk[3])
        if month is not None and _valid(year, month, day):
            return year, month, day
    english = _english(text)
    if english is not None:
        return english
    lead = _LEADING_YEAR.match(text.strip())
    if lead:
        return int(lead[1]), None, None
    return None


def _english(text: str) -> tuple[int, int | None, int | None] | None:
    pairs = list(_MONTH_DAY.finditer(text))
    if pairs:
        first = pairs[0]
        month, day = _MONTHS[first[1].lower()], int(first[2])
        year_at = first[3] or next((m[3] for m in pairs[1:] if m[3]), None)
        if year_at is None:
            later = _ANY_YEAR.search(text, first.end())
            year_at = later[1] if later else None
        if year_at is not None:
            year = int(year_at)
            # "Dec 26 - Jan 1, 2024": the year written is the range's end
            if not first[3] and len(pairs) > 1 and _MONTHS[pairs[1][1].lower()] < month:
                year -= 1
            if _valid(year, month, day):
                return year, month, day
    m = _MONTH_YEAR.search(text)
    if m:
        return int(m[2]), _MONTHS[m[1].lower()], None
    return None


def _front_matter_date(value: Any) -> tuple[int, int | None, int | None] | None:
    if isinstance(value, dt.datetime | dt.date):
        return value.year, value.month, value.day
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (value, None, None) if _valid(value) else None
    if isinstance(value, str):
        return parse_date(value.strip())
    return None


class Outlines:
    """The headings a line of a note sits under, nearest first (an outline per note path).

    A big corpus asks this of a hundred thousand lines: each heading's chain, and what is found
    in it, is worked out once.
    """

    def __init__(self, notes: Iterable[NoteNode]) -> None:
        self._outline: dict[str, list[Heading]] = {}
        self._lines: dict[str, list[int]] = {}
        self._chains: dict[tuple[str, int], tuple[Heading, ...]] = {}
        self._found: dict[tuple[str, str, int], Any] = {}
        self._holds: dict[tuple[str, str], bool] = {}
        for note in notes:
            heads = sorted(note.outline, key=lambda h: h.line)
            self._outline[note.path] = heads
            self._lines[note.path] = [h.line for h in heads]

    def _at(self, path: str | None, line: int | None) -> int:
        if path is None or line is None or path not in self._lines:
            return -1
        return bisect_right(self._lines[path], line) - 1

    def _chain(self, path: str, at: int) -> tuple[Heading, ...]:
        chain = self._chains.get((path, at))
        if chain is None:
            heads = self._outline[path]
            out: list[Heading] = []
            level = 7
            for head in reversed(heads[: at + 1]):
                if head.level < level:
                    out.append(head)
                    level = head.level
                    if level == 1:
                        break
            chain = self._chains[(path, at)] = tuple(out)
        return chain

    def above(self, path: str | None, line: int | None) -> tuple[Heading, ...]:
        """The nearest heading before ``line`` and each heading that contains it, nearest first."""
        at = self._at(path, line)
        return () if at < 0 or path is None else self._chain(path, at)

    def first(
        self, name: str, path: str | None, line: int | None, found: Callable[[Heading], T | None]
    ) -> tuple[T, Heading] | None:
        """What ``found`` gives of the nearest heading above a line that gives something, and
        that heading; remembered under ``name`` for every line under the same heading."""
        at = self._at(path, line)
        if at < 0 or path is None:
            return None
        holds = self._holds.get((name, path))
        if holds is None:  # most notes have no heading that gives anything: asked once each
            holds = self._holds[(name, path)] = any(
                found(h) is not None for h in self._outline[path]
            )
        if not holds:
            return None
        key = (name, path, at)
        if key not in self._found:
            hit = None
            for head in self._chain(path, at):
                value = found(head)
                if value is not None:
                    hit = (value, head)
                    break
            self._found[key] = hit
        result: tuple[T, Heading] | None = self._found[key]
        return result


def heading_date(outlines: Outlines, path: str | None, line: int | None) -> When | None:
    """The date of the nearest dated heading above a line, its source that heading."""
    hit = outlines.first("date", path, line, lambda h: parse_date(h.text))
    if hit is None:
        return None
    (y, mo, d), head = hit
    return When(y, mo, d, f"heading ‘{head.text}’ in {path}:{head.line}")


def _own_date(note: NoteNode, outlines: Outlines, linked: Sequence[tuple[str, int]]) -> When | None:
    fm = {str(k).lower(): v for k, v in note.front_matter.items()}
    for key in DATE_KEYS:
        found = _front_matter_date(fm.get(key))
        if found is not None:
            return When(*found, source=f"front matter {key}")
    stem = note.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    found = parse_date(stem)
    if found is not None and found[1] is not None:
        return When(*found, source="file name")
    votes: Counter[When] = Counter()
    for path, line in linked:
        dated = heading_date(outlines, path, line)
        if dated is not None:
            votes[dated] += 1
    if votes:
        return min(votes, key=lambda w: (-votes[w], w.source))
    for text, what in ((stem, "file name"), (note.title, "title")):
        lead = _LEADING_YEAR.match(text.strip())
        if lead:
            return When(int(lead[1]), source=what)
    return None


#: Edge indices by kind: the few kinds a reader here looks at, picked out once per export.
Picked = Mapping[EdgeKind, Sequence[int]]


def pick(edges: Sequence[EdgeLike], kinds: Iterable[EdgeKind]) -> dict[EdgeKind, list[int]]:
    """The indices of the edges of each of ``kinds``."""
    out: dict[EdgeKind, list[int]] = {k: [] for k in kinds}
    for j, kind in enumerate(map(attrgetter("kind"), edges)):
        if kind in out:
            out[kind].append(j)
    return out


def note_dates(
    nodes: Sequence[Node],
    edges: Sequence[EdgeLike],
    years: Mapping[str, int | None],
    outlines: Outlines | None = None,
    picked: Picked | None = None,
) -> dict[str, When]:
    """Each note's place on the timeline by id (notes with none are left out); ``years`` gives
    the year of every dated node, for the notes placed by what they discuss. ``outlines`` and
    ``picked`` (the edges of each kind) are made here when not given."""
    notes = [n for n in nodes if isinstance(n, NoteNode)]
    outlines = outlines if outlines is not None else Outlines(notes)
    kinds = (EdgeKind.LINKS_TO, EdgeKind.DEFINES, EdgeKind.MENTIONS, EdgeKind.CITES)
    picked = picked if picked is not None else pick(edges, kinds)
    linked: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    defined: defaultdict[str, list[str]] = defaultdict(list)
    for j in picked[EdgeKind.LINKS_TO]:
        e = edges[j]
        linked[e.target].extend((ev.file, ev.line) for ev in e.evidence if ev.file and ev.line)
    for j in picked[EdgeKind.DEFINES]:
        defined[edges[j].source].append(edges[j].target)
    out: dict[str, When] = {}
    for note in notes:
        own = _own_date(note, outlines, sorted(linked.get(note.id, [])))
        if own is not None:
            out[note.id] = own
    # The rest sit where what they discuss is: its years are gathered for them alone.
    rest = {n.id for n in notes if n.id not in out}
    discussed: defaultdict[str, set[str]] = defaultdict(set)
    for kind in (EdgeKind.MENTIONS, EdgeKind.CITES):
        sources = map(attrgetter("source"), map(edges.__getitem__, picked[kind]))
        for e in map(edges.__getitem__, compress(picked[kind], map(rest.__contains__, sources))):
            discussed[e.source].add(e.target)
    names = {n.id: n.name for n in nodes if isinstance(n, ConceptNode)}
    for note in notes:
        if note.id not in rest:
            continue
        about = sorted((years[c], c) for c in defined.get(note.id, []) if years.get(c))
        if about:
            year, cid = about[0]
            assert year is not None
            out[note.id] = When(
                year, source=f"year of {names.get(cid, cid)}, which it defines", inferred=True
            )
            continue
        seen = [y for t in sorted(discussed.get(note.id, ())) if (y := years.get(t)) is not None]
        if seen:
            median = int(statistics.median_low(seen))
            what = f"median year of the {len(seen)} concepts and papers it discusses"
            out[note.id] = When(median, source=what, inferred=True)
    return out


def paper_days(
    nodes: Sequence[Node],
    edges: Sequence[EdgeLike],
    outlines: Outlines | None = None,
    picked: Picked | None = None,
) -> dict[str, When]:
    """Papers the notes list under a dated heading of their own year and month (or year, when
    the id gives no month), by id: the day the heading gives, and the heading as the source."""
    outlines = (
        outlines if outlines is not None else Outlines(n for n in nodes if isinstance(n, NoteNode))
    )
    picked = picked if picked is not None else pick(edges, (EdgeKind.CITES,))
    papers = {n.id: n for n in nodes if isinstance(n, PaperNode) and n.year is not None}
    out: dict[str, When] = {}
    for j in picked[EdgeKind.CITES]:
        e = edges[j]
        paper = papers.get(e.target)
        if paper is None or e.target in out:
            continue
        for ev in e.evidence:
            when = heading_date(outlines, ev.file, ev.line)
            if when is None:
                continue
            same_month = paper.month is None or when.month == paper.month
            if when.year == paper.year and same_month and when.day is not None:
                out[e.target] = when
                break
    return out
