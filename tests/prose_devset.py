"""The prose dev sets: load annotated sentences, find their mention spans, score a reader.

Shared by the tests (which fail below the precision and recall reached) and by
``benchmarks/prose_bench.py`` (which prints the numbers for both halves).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from noteatlas.graph.prose.relations import Span, read_relations
from noteatlas.graph.prose.sentences import Sentence, is_quiz_heading, split_sentences
from noteatlas.schema import EdgeKind

FIXTURES = Path(__file__).parent / "fixtures" / "prose"


@dataclass(frozen=True)
class Item:
    """One annotated sentence (or a few) of a dev set."""

    id: str
    style: str
    text: str
    heading: str | None
    names: dict[str, str]  # surface -> concept id
    expected: frozenset[tuple[str, str, str]]
    extra: dict[str, Any] = field(default_factory=dict)


_KINDS = "|".join(k.value for k in EdgeKind)
_RELATION = re.compile(rf"^(.+?) ({_KINDS}) (.+)$")


def parse_relation(text: str) -> tuple[str, str, str]:
    """``"双向 RNN addresses 一词多义"`` -> (``双向 RNN``, ``addresses``, ``一词多义``)."""
    m = _RELATION.match(text)
    assert m is not None, f"not 'source kind target': {text!r}"
    return m.group(1), m.group(2), m.group(3)


def load(name: str) -> list[Item]:
    """The items of ``tests/fixtures/prose/<name>.yaml``."""
    raw = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    items = []
    for entry in raw:
        names: dict[str, str] = {}
        for mention in entry.get("mentions") or []:
            surfaces = str(mention).split("|")
            for s in surfaces:
                names[s] = surfaces[0]
        expected = frozenset(parse_relation(r) for r in entry.get("relations") or [])
        extra = {k: v for k, v in entry.items() if k not in {"id", "style", "text", "heading"}}
        items.append(
            Item(
                entry["id"],
                entry.get("style", ""),
                entry["text"],
                entry.get("heading"),
                names,
                expected,
                extra,
            )
        )
    return items


def spans(text: str, names: dict[str, str]) -> list[Span]:
    """Every occurrence of every surface (case-insensitive), longest first, not overlapping.

    Latin surfaces are word-bounded (a plural ``s`` allowed), like the project's matcher.
    """
    folded = text.casefold()
    found: list[Span] = []
    taken = [False] * len(text)
    for surface in sorted(names, key=len, reverse=True):
        key = surface.casefold()
        start = folded.find(key)
        while start >= 0:
            end = start + len(key)
            if end < len(text) and text[end] == "s" and key[-1].isascii() and key[-1].isalnum():
                end += 1
            bounded = not (
                key[0].isascii()
                and key[0].isalnum()
                and start > 0
                and text[start - 1].isascii()
                and text[start - 1].isalnum()
            )
            bounded = bounded and not (
                end < len(text)
                and key[-1].isascii()
                and key[-1].isalnum()
                and text[end].isascii()
                and text[end].isalnum()
            )
            if bounded and not any(taken[start:end]):
                found.append((start, end, names[surface]))
                taken[start:end] = [True] * (end - start)
            start = folded.find(key, start + 1)
    return sorted(found)


def sentences_of(item: Item) -> list[Sentence]:
    """The item's sentences, as the reader would see them in a note."""
    quiz = item.heading is not None and is_quiz_heading(item.heading)
    source = {"list": "item", "table": "cell"}.get(item.style, "prose")
    if source == "cell":
        return [Sentence(item.text, 1, "cell")] if not quiz else [
            Sentence(item.text, 1, "cell", question=True)]  # fmt: skip
    return split_sentences(item.text, 1, source, quiz=quiz)  # type: ignore[arg-type]


def predicted(item: Item) -> set[tuple[str, str, str]]:
    """The relations the reader gives for an item."""
    out: set[tuple[str, str, str]] = set()
    for s in sentences_of(item):
        for rel in read_relations(s, spans(s.text, item.names)):
            out.add((rel.source, rel.kind.value, rel.target))
    return out


@dataclass
class Score:
    """Counts of a reader on a dev set."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    silent_ok: int = 0  # items that must give nothing and gave nothing
    silent_all: int = 0
    errors: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """tp / (tp + fp), 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn), 1.0 when nothing was expected."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def line(self) -> str:
        """One line for a report."""
        return (f"P={self.precision:.3f} R={self.recall:.3f} tp={self.tp} fp={self.fp} "
                f"fn={self.fn} silent={self.silent_ok}/{self.silent_all}")  # fmt: skip


def score(items: Iterable[Item], reader: Callable[[Item], set[tuple[str, ...]]] | None = None,
          expected: Callable[[Item], Sequence[tuple[str, ...]]] | None = None) -> Score:  # fmt: skip
    """Precision and recall of ``reader`` (default: relations) against the annotations."""
    read = reader or predicted  # type: ignore[assignment]
    want_of = expected or (lambda it: sorted(it.expected))
    s = Score()
    for item in items:
        got = read(item)
        want = set(want_of(item))
        if not want:
            s.silent_all += 1
            s.silent_ok += not got
        s.tp += len(got & want)
        for extra in sorted(got - want):
            s.fp += 1
            s.errors.append((item.id, "fp", extra))
        for miss in sorted(want - got):
            s.fn += 1
            s.errors.append((item.id, "fn", miss))
    return s


def load_readers() -> dict[str, list[dict[str, Any]]]:
    """The annotated items of ``readers.yaml``, by reader."""
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(
        (FIXTURES / "readers.yaml").read_text(encoding="utf-8")
    )
    return data


def half(items: Iterable[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The items of one half: ``dev`` (tuned on) or ``heldout``."""
    return [it for it in items if it.get("half", "dev") == name]


def score_sets(pairs: Iterable[tuple[str, set[Any], set[Any]]]) -> Score:
    """A score from (id, predicted, expected) sets."""
    s = Score()
    for ident, got, want in pairs:
        if not want:
            s.silent_all += 1
            s.silent_ok += not got
        s.tp += len(got & want)
        s.fp += len(got - want)
        s.fn += len(want - got)
        s.errors.extend((ident, "fp", (str(x),)) for x in sorted(got - want, key=str))
        s.errors.extend((ident, "fn", (str(x),)) for x in sorted(want - got, key=str))
    return s


def score_aliases(items: Iterable[dict[str, Any]]) -> Score:
    """Alias pairs, unordered, compared case-insensitively."""
    from noteatlas.graph.prose.aliases import alias_pairs

    def key(a: str, b: str) -> frozenset[str]:
        return frozenset({a.casefold(), b.casefold()})

    return score_sets(
        (
            it["text"],
            {key(p.name, p.alias) for p in alias_pairs(it["text"])},
            {key(a, b) for a, b in it["pairs"]},
        )
        for it in items
    )


def score_definitions(items: Iterable[dict[str, Any]]) -> Score:
    """Defined terms, compared case-insensitively."""
    from noteatlas.graph.prose.definitions import definitions

    def got(text: str) -> set[str]:
        return {d.term.casefold() for s in split_sentences(text) for d in definitions(s)}

    return score_sets(
        (it["text"], got(it["text"]), {t.casefold() for t in it["terms"]}) for it in items
    )


def score_terms(items: Iterable[dict[str, Any]]) -> tuple[Score, float]:
    """Term candidates (anything not annotated is junk) and the share of kinds right."""
    from noteatlas.graph.prose.terms import term_candidates

    rows = []
    kinds_right = kinds_all = 0
    for it in items:
        found = {
            c.term.casefold(): c.kind.value for c in term_candidates([(1, it["text"])], min_count=2)
        }
        want = {t.casefold(): k for t, k in it["terms"].items()}
        for term, kind in want.items():
            if term in found and kind != "concept":
                kinds_all += 1
                kinds_right += found[term] == kind
        rows.append((it["text"][:20], set(found), set(want)))
    return score_sets(rows), (kinds_right / kinds_all if kinds_all else 1.0)


def score_years(items: Iterable[dict[str, Any]]) -> Score:
    """(concept, year) pairs stated in sentences, with the annotated mentions as spans."""
    from noteatlas.graph.prose.years import stated_years

    rows = []
    for it in items:
        names = {m: m for m in it["mentions"]}
        got = {
            (y.concept, y.year)
            for s in split_sentences(it["text"])
            for y in stated_years(s, spans(s.text, names))
        }
        rows.append((it["text"][:20], got, {(c, int(y)) for c, y in it["years"].items()}))
    return score_sets(rows)
