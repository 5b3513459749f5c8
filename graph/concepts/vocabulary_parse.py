"""Parse one vocabulary file into entries that remember their lines (see graph.vocabulary).

The YAML is composed, not loaded, so every value keeps its node mark: each diagnostic names the
file, the line and the key. Nothing here resolves names across files; merging does that.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from noteatlas.schema import RELATION_KINDS, ConceptKind, Diagnostic, EdgeKind
from noteatlas.schema.codes import diagnostic

#: Keys an entry may have.
ENTRY_KEYS = ("name", "id", "kind", "year", "year_note", "paper", "aliases", "summary", "relations")
#: Years a vocabulary accepts: four digits, nothing from the future's far side.
YEAR_RANGE = (1000, 2100)

_RELATION_KEYS = sorted(kind.value for kind in RELATION_KINDS)
_KINDS = [kind.value for kind in ConceptKind]
_CJK = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
_PAPER = re.compile(
    r"arxiv:(\d{4}\.\d{4,5}|[a-z-]+(\.[a-z]{2})?/\d{7})$|doi:10\.\d{4,9}/\S+$"
    r"|(acl|jmlr|neurips|pmlr|openreview):\S+$|https?://\S+$",
    re.IGNORECASE,
)
_Node = yaml.Node


def normalize_key(text: str) -> str:
    """Lookup key: NFKC (full- and half-width agree), casefolded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def concept_id(name: str) -> str:
    """Slug used for concept ids: lower-case ``[a-z0-9-]``, CJK kept, accents dropped.

    ``BERT`` -> ``bert``, ``GPT-3`` -> ``gpt-3``, ``Pre-training和Fine-tuning`` ->
    ``pre-training和fine-tuning``; ``""`` when nothing usable is left.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", name).casefold():
        if ("a" <= char <= "z") or ("0" <= char <= "9") or _CJK.match(char):
            out.append(char)
        else:
            plain = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii())
            out.append(plain.lower() if plain.isalnum() else "-")
    return re.sub(r"-{2,}", "-", "".join(out)).strip("-")


@dataclass(frozen=True)
class RawRelation:
    """A relation as written: the target is still a name, id or alias."""

    kind: EdgeKind
    """Relation kind (a key of ``relations:``)."""
    target: str
    """Target as written."""
    line: int
    """1-based line of the target in its file."""


@dataclass(frozen=True)
class RawEntry:
    """One parsed entry of one file, before merging; fields not given are None or empty."""

    id: str
    """Explicit ``id`` or ``concept_id(name)``."""
    name: str
    """Canonical name."""
    kind: ConceptKind | None
    """Kind; None when not given or invalid."""
    year: int | None
    """Year; None when not given or invalid."""
    year_note: str | None
    """Caveat on the year."""
    paper: str | None
    """Defining paper id or URL."""
    aliases: tuple[tuple[str, int], ...]
    """Other names, each with the line it is written on."""
    summary: str | None
    """One or two sentences."""
    relations: tuple[RawRelation, ...]
    """Relations with unresolved targets."""
    source: str
    """File the entry comes from."""
    line: int
    """1-based line where the entry starts."""


def _line(node: _Node) -> int:
    return node.start_mark.line + 1


class _File:
    """Diagnostics of one file being parsed."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.diagnostics: list[Diagnostic] = []

    def report(self, found: Diagnostic) -> None:
        """Keep a diagnostic of this file."""
        self.diagnostics.append(found)

    def text(self, node: _Node, key: str) -> str | None:
        """A scalar's text; None (reported) for lists and mappings, None for null."""
        if not isinstance(node, yaml.ScalarNode):
            found = _what(node)
            self.report(
                diagnostic("vocab-bad-value", self.source, _line(node), key=key, found=found)
            )
            return None
        value = str(node.value).strip()
        return None if node.tag.endswith(":null") or not value else value

    def texts(self, node: _Node, key: str) -> list[tuple[str, int]]:
        """A list of scalars (or one scalar) as (text, line) pairs."""
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = [(self.text(item, key), item.start_mark.line + 1) for item in items]
        return [(text, line) for text, line in out if text]

    def mapping(self, node: _Node, what: str, valid: Sequence[str]) -> dict[str, _Node]:
        """A mapping's values by key; unknown and repeated keys are reported and skipped."""
        out: dict[str, _Node] = {}
        if not isinstance(node, yaml.MappingNode):
            found = _what(node)
            self.report(
                diagnostic("vocab-bad-structure", self.source, _line(node), what=what, found=found)
            )
            return out
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = _line(key_node)
            if key not in valid:
                close = difflib.get_close_matches(key, valid, n=1)
                self.report(
                    diagnostic(
                        "vocab-unknown-key",
                        self.source,
                        line,
                        variant="close" if close else "",
                        what=what,
                        key=key,
                        close=close[0] if close else "",
                        valid=", ".join(valid),
                    )
                )
            elif key in out:
                self.report(
                    diagnostic("vocab-duplicate-key", self.source, line, what=what, key=key)
                )
                out[key] = value
            else:
                out[key] = value
        return out


def load_vocabulary(text: str, source: str) -> tuple[list[RawEntry], list[Diagnostic]]:
    """Parse one vocabulary file; ``source`` names it in the entries and diagnostics."""
    file = _File(source)
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and exc.context_mark is not None and mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # "unexpected end of stream": point at what was left open
        line = None if mark is None else mark.line + 1
        problem = f"{exc.problem or exc.context}" + (
            f" ({exc.context})" if exc.problem and exc.context else ""
        )
        file.report(diagnostic("vocab-yaml-invalid", source, line, problem=problem))
        return [], file.diagnostics
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        file.report(diagnostic("vocab-yaml-invalid", source, None, problem=first))
        return [], file.diagnostics
    if root is None:
        file.report(diagnostic("vocab-empty", source))
        return [], file.diagnostics
    top = file.mapping(root, "vocabulary", ("version", "concepts"))
    if not isinstance(root, yaml.MappingNode):
        return [], file.diagnostics
    version = top.get("version")
    if version is not None and (number := file.text(version, "version")) not in (None, "1"):
        file.report(diagnostic("vocab-bad-version", source, _line(version), version=number))
    concepts = top.get("concepts")
    if not isinstance(concepts, yaml.SequenceNode):
        line = _line(concepts or root)
        file.report(diagnostic("vocab-bad-structure", source, line, variant="concepts"))
        return [], file.diagnostics
    entries = [entry for node in concepts.value if (entry := _entry(file, node)) is not None]
    return entries, file.diagnostics


def _entry(file: _File, node: _Node) -> RawEntry | None:
    fields = file.mapping(node, "concept", ENTRY_KEYS)
    name = file.text(fields["name"], "name") if "name" in fields else None
    if name is None:
        if isinstance(node, yaml.MappingNode):
            file.report(diagnostic("vocab-missing-name", file.source, _line(node)))
        return None
    what = f"concept '{name}'"
    given_id = file.text(fields["id"], "id") if "id" in fields else None
    slug = concept_id(given_id or name)
    if given_id is not None and slug != given_id:
        line = _line(fields["id"])
        file.report(
            diagnostic("vocab-bad-id", file.source, line, what=what, given=given_id, slug=slug)
        )
    if not slug:
        file.report(
            diagnostic("vocab-bad-id", file.source, _line(node), variant="unusable", what=what)
        )
        return None
    kind = None
    if "kind" in fields and (value := file.text(fields["kind"], "kind")) is not None:
        if value in _KINDS:
            kind = ConceptKind(value)
        else:
            line = _line(fields["kind"])
            file.report(diagnostic("vocab-bad-kind", file.source, line, what=what, kind=value))
    year = None
    if "year" in fields and (value := file.text(fields["year"], "year")) is not None:
        if value.isdigit() and YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]:
            year = int(value)
        else:
            low, high = YEAR_RANGE
            line = _line(fields["year"])
            file.report(
                diagnostic(
                    "vocab-bad-year", file.source, line, what=what, year=value, low=low, high=high
                )
            )
    paper = file.text(fields["paper"], "paper") if "paper" in fields else None
    if paper is not None and not _PAPER.match(paper):
        line = _line(fields["paper"])
        file.report(diagnostic("vocab-bad-paper", file.source, line, what=what, paper=paper))
        paper = None
    return RawEntry(
        id=slug,
        name=name,
        kind=kind,
        year=year,
        year_note=file.text(fields["year_note"], "year_note") if "year_note" in fields else None,
        paper=paper,
        aliases=tuple(file.texts(fields["aliases"], "aliases")) if "aliases" in fields else (),
        summary=file.text(fields["summary"], "summary") if "summary" in fields else None,
        relations=_relations(file, fields.get("relations"), what),
        source=file.source,
        line=node.start_mark.line + 1,
    )


def _relations(file: _File, node: _Node | None, what: str) -> tuple[RawRelation, ...]:
    if node is None:
        return ()
    out: list[RawRelation] = []
    for key, targets in file.mapping(node, f"{what} relations", _RELATION_KEYS).items():
        out.extend(
            RawRelation(EdgeKind(key), text, line) for text, line in file.texts(targets, key)
        )
    return tuple(out)


def _what(node: _Node) -> str:
    """A node's sort for messages: scalar, sequence or mapping."""
    return str(getattr(node, "id", "value"))
