"""Vocabularies: canonical concept names, kinds, years, aliases and typed relations, from YAML.

A vocabulary file looks like this (the built-in one is ``content/concepts.yaml``)::

    version: 1
    concepts:
      - name: BERT                  # canonical name (required)
        id: bert                    # optional; default: concept_id(name)
        kind: model                 # concept|model|technique|architecture|problem|task|dataset|metric
        year: 2018                  # year of the defining paper's first public version
        year_note: "..."            # optional caveat, e.g. when the year is a convention
        paper: arxiv:1810.04805     # optional: arxiv:, acl:, doi:, jmlr:, neurips:, pmlr:,
                                    #   openreview: id, or an http(s) URL
        aliases: [BERT模型]          # other names, English and Chinese
        summary: "一两句话"
        relations:                  # targets by name, id or alias of any concept in any file
          based_on: [Transformer]
          uses: [masked language model, WordPiece]

Loading has two pure steps: ``load_vocabulary`` parses one file into ``RawEntry`` values that
remember their lines, and ``merge_vocabularies`` lets later files extend or override earlier ones
by id, resolves relation targets and builds the alias index. Bad input is a ``Diagnostic`` naming
the file, line and key; an entry is kept whenever something useful is left of it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from noteatlas.graph.concepts.builtin import builtin_vocabulary_text
from noteatlas.graph.concepts.vocabulary_parse import (
    ENTRY_KEYS,
    YEAR_RANGE,
    RawEntry,
    RawRelation,
    concept_id,
    load_vocabulary,
    normalize_key,
)
from noteatlas.schema import ConceptKind, Diagnostic, EdgeKind
from noteatlas.schema.codes import diagnostic

__all__ = [
    "BUILTIN_SOURCE",
    "ENTRY_KEYS",
    "YEAR_RANGE",
    "RawEntry",
    "RawRelation",
    "VocabEntry",
    "Vocabulary",
    "builtin_vocabulary",
    "builtin_vocabulary_text",
    "concept_id",
    "load_vocabulary",
    "merge_vocabularies",
    "normalize_key",
]

#: The ``source`` that entries and diagnostics of the built-in vocabulary carry.
BUILTIN_SOURCE = "<builtin>/concepts.yaml"


@dataclass(frozen=True)
class VocabEntry:
    """A merged concept whose relation targets are resolved to ids."""

    id: str
    """Concept id, the part after ``concept:`` in the atlas."""
    name: str
    """Canonical name."""
    kind: ConceptKind
    """Kind; ``concept`` when no file said."""
    year: int | None
    """Year of the defining paper's first public version, or a convention (see year_note)."""
    year_note: str | None
    """Caveat on the year."""
    paper: str | None
    """Defining paper id (``arxiv:1810.04805``) or URL."""
    aliases: tuple[str, ...]
    """Other names, English and Chinese, never shared with another concept."""
    summary: str
    """One or two sentences."""
    relations: tuple[tuple[EdgeKind, str], ...]
    """Typed relations as (kind, target id)."""
    source: str
    """File of the entry that defined or last extended it."""
    line: int
    """1-based line of that entry."""
    relation_lines: tuple[tuple[str, int], ...] = ()
    """(file, line) where each relation is written, parallel to ``relations``: its evidence."""


@dataclass(frozen=True)
class Vocabulary:
    """Concepts by id, with an index to find them by any of their names."""

    entries: dict[str, VocabEntry]
    """Entries by id, in file order."""
    index: dict[str, str] = field(default_factory=dict, repr=False)
    """``normalize_key(id, name or alias)`` -> id; built from the entries when left empty."""

    def __post_init__(self) -> None:
        if not self.index and self.entries:
            object.__setattr__(self, "index", _build_index(self.entries.values()))

    def lookup(self, name: str) -> VocabEntry | None:
        """The concept called ``name`` (id, name or alias; case- and width-insensitive), or None."""
        owner = self.index.get(normalize_key(name))
        return None if owner is None else self.entries.get(owner)

    def surface_forms(self) -> list[tuple[str, str]]:
        """Every (name or alias, id) pair in file order: the patterns for finding mentions."""
        return [(text, e.id) for e in self.entries.values() for text in (e.name, *e.aliases)]

    def __len__(self) -> int:
        return len(self.entries)


def builtin_vocabulary() -> tuple[Vocabulary, list[Diagnostic]]:
    """The built-in vocabulary, loaded and merged; no diagnostics unless it is broken."""
    raw, diagnostics = load_vocabulary(builtin_vocabulary_text(), BUILTIN_SOURCE)
    vocabulary, more = merge_vocabularies([raw])
    return vocabulary, diagnostics + more


# --- merging -------------------------------------------------------------------------------------


def merge_vocabularies(parts: Sequence[Sequence[RawEntry]]) -> tuple[Vocabulary, list[Diagnostic]]:
    """Merge files in order, later ones extending or overriding earlier ones by id.

    A later entry overrides the scalar fields it sets and adds aliases and relations; a renamed
    concept keeps its old name as an alias. Names and ids own their keys before aliases do, and the
    first owner of an alias keeps it. Relation targets resolve through the merged index.
    """
    diagnostics: list[Diagnostic] = []
    groups: dict[str, list[RawEntry]] = {}
    for part in parts:
        first: dict[str, int] = {}
        for raw in part:
            if raw.id in first:
                diagnostics.append(
                    diagnostic(
                        "vocab-duplicate-id",
                        raw.source,
                        raw.line,
                        id=raw.id,
                        name=raw.name,
                        first=first[raw.id],
                    )
                )
            first.setdefault(raw.id, raw.line)
            groups.setdefault(raw.id, []).append(raw)
    index = {cid: cid for cid in groups}  # ids, then names, then aliases own their keys
    for cid, group in groups.items():
        for raw in group:
            if index.setdefault(key := normalize_key(raw.name), cid) != cid:
                diagnostics.append(
                    diagnostic(
                        "vocab-duplicate-alias",
                        raw.source,
                        raw.line,
                        name=raw.name,
                        owner=index[key],
                    )
                )
    aliases: dict[str, list[str]] = {}
    for cid, group in groups.items():
        names = {normalize_key(raw.name) for raw in group}
        final = normalize_key(group[-1].name)
        aliases[cid] = [raw.name for raw in group[:-1] if normalize_key(raw.name) != final]
        for raw in group:
            for alias, line in raw.aliases:
                key = normalize_key(alias)
                owner = index.setdefault(key, cid)
                if owner != cid:
                    diagnostics.append(
                        diagnostic(
                            "vocab-duplicate-alias",
                            raw.source,
                            line,
                            variant="alias",
                            alias=alias,
                            name=raw.name,
                            owner=owner,
                        )
                    )
                elif key not in names:
                    aliases[cid].append(alias)
    known = [group[-1].name for group in groups.values()]
    entries = {
        cid: _merge(group, aliases[cid], index, known, diagnostics) for cid, group in groups.items()
    }
    return Vocabulary(entries, index), diagnostics


def _merge(
    group: list[RawEntry],
    aliases: list[str],
    index: dict[str, str],
    known: list[str],
    diagnostics: list[Diagnostic],
) -> VocabEntry:
    last, cid = group[-1], group[-1].id
    relations: dict[tuple[EdgeKind, str], tuple[str, int]] = {}
    for raw in group:
        for rel in raw.relations:
            target = index.get(normalize_key(rel.target))
            where = f"relations.{rel.kind.value} of '{raw.name}'"
            if target is None:
                close = difflib.get_close_matches(rel.target, known, n=3)
                diagnostics.append(
                    diagnostic(
                        "vocab-unknown-target",
                        raw.source,
                        rel.line,
                        variant="close" if close else "",
                        where=where,
                        target=rel.target,
                        close=", ".join(close),
                    )
                )
            elif target == cid:
                diagnostics.append(
                    diagnostic(
                        "vocab-self-relation", raw.source, rel.line, where=where, target=rel.target
                    )
                )
            else:
                relations.setdefault((rel.kind, target), (raw.source, rel.line))

    def latest(values: Iterable[object]) -> object:
        given = [value for value in values if value is not None]
        return given[-1] if given else None

    kind = latest(raw.kind for raw in group)
    year = latest(raw.year for raw in group)
    return VocabEntry(
        id=cid,
        name=last.name,
        kind=kind if isinstance(kind, ConceptKind) else ConceptKind.CONCEPT,
        year=year if isinstance(year, int) else None,
        year_note=_str(latest(raw.year_note for raw in group)),
        paper=_str(latest(raw.paper for raw in group)),
        aliases=_unique(aliases),
        summary=_str(latest(raw.summary for raw in group)) or "",
        relations=tuple(relations),
        source=last.source,
        line=last.line,
        relation_lines=tuple(relations.values()),
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _unique(texts: Iterable[str]) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for text in texts:
        out.setdefault(normalize_key(text), text)
    return tuple(out.values())


def _build_index(entries: Iterable[VocabEntry]) -> dict[str, str]:
    """Key -> id over ids and names first, then aliases; the first owner of a key keeps it."""
    ordered = list(entries)
    index: dict[str, str] = {}
    for text, owner in (
        [(e.id, e.id) for e in ordered]
        + [(e.name, e.id) for e in ordered]
        + [(alias, e.id) for e in ordered for alias in e.aliases]
    ):
        index.setdefault(normalize_key(text), owner)
    return index
