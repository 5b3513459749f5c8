"""The count of one note's terms (``terms.term_candidates``): how often and where each is written,
in which spellings, whether in a strong place, and the words after it that may say its kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter

from noteatlas.graph.prose.termkind import term_kind
from noteatlas.schema import ConceptKind

_SECOND = itemgetter(1)


@dataclass(frozen=True)
class TermCandidate:
    """A term a note seems to talk about."""

    term: str
    """The name as written (most frequent spelling)."""
    kind: ConceptKind
    """From ``term_kind``; ``concept`` when nothing says."""
    count: int
    """Times the note writes it."""
    lines: tuple[int, ...]
    """Lines it is written on, ascending, at most ten."""
    strong: bool
    """Written in a strong place: bold, a heading, an alias pair or a problem/solution slot."""


def _kind_after(follow: str) -> bool:
    """Whether the words after a term say a kind other than a problem: a later ``问题`` is as
    often "questions on it" as a problem (``Elmo 问题``)."""
    kind = term_kind("", follow)
    return kind is not None and kind is not ConceptKind.PROBLEM


def most_written(spellings: dict[str, int]) -> str:
    """The spelling written most often, the first written on a tie (``Counter.most_common``)."""
    return max(spellings.items(), key=_SECOND)[0]


@dataclass
class Tally:
    """Terms as a note writes them, by folded key. Plain dicts, not Counters: a Counter's
    missing key and ``most_common(1)`` are Python calls, and this runs for every word."""

    count: dict[str, int] = field(default_factory=dict)
    spelled: dict[str, dict[str, int]] = field(default_factory=dict)
    lines: dict[str, set[int]] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)
    """The words after a term: the first place whose words say its kind, else the first
    place (``BERT 的…``, then ``BERT 模型``)."""
    kinded: set[str] = field(default_factory=set)
    strong: set[str] = field(default_factory=set)

    def seen(self, term: str, line: int, follow: str = "", is_strong: bool = False) -> None:
        """One place where the note writes ``term``, with the words after it."""
        key = term.casefold()
        self.count[key] = self.count.get(key, 0) + 1
        spellings = self.spelled.get(key)
        if spellings is None:
            spellings = self.spelled[key] = {}
            self.lines[key] = set()
        spellings[term] = spellings.get(term, 0) + 1
        self.lines[key].add(line)
        if follow and key not in self.kinded:
            if _kind_after(follow):
                self.after[key] = follow
                self.kinded.add(key)
            else:
                self.after.setdefault(key, follow)
        if is_strong:
            self.strong.add(key)

    def candidates(self, min_count: int, phrased: set[str]) -> list[TermCandidate]:
        """The terms written ``min_count`` times, once in a strong place, or (``phrased``) once
        in English text; by count (descending), then term."""
        out: list[TermCandidate] = []
        for key, n in self.count.items():
            is_strong = key in self.strong
            if n < min_count and not is_strong and key not in phrased:
                continue
            term = most_written(self.spelled[key])
            kind = term_kind(term, self.after.get(key, "")) or ConceptKind.CONCEPT
            lines = tuple(sorted(self.lines[key])[:10])
            out.append(TermCandidate(term, kind, n, lines, is_strong))
        return sorted(out, key=lambda c: (-c.count, c.term))


__all__ = ["Tally", "TermCandidate", "most_written"]
