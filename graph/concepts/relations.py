"""Relations a note states between concepts: front matter keys, inline fields and arrow chains.

Front matter (``based_on: [BiLSTM]``) and inline fields (``addresses:: [[一词多义]]``) are
deliberate, so their targets may name concepts nobody defined yet: ``resolve_name`` creates them.
Arrow chains (``word2vec → 静态词向量 → 一词多义问题``) are prose, so their terms must name known
concepts; no edge crosses a term that does not, and a chain is read at all only when two of its
terms name concepts or look like names (``p->next`` and ``512→8头`` are not lineages).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from noteatlas.graph.concepts.names import Matcher
from noteatlas.graph.concepts.naming import is_name
from noteatlas.schema import (
    RELATION_KINDS,
    Diagnostic,
    EdgeKind,
    Evidence,
    Method,
    NoteExtract,
)
from noteatlas.schema.codes import diagnostic
from noteatlas.schema.edges import snippet

_PREREQUISITE_KEYS = frozenset({"prerequisites", "prerequisite", "prereqs", "requires", "前置知识"})
_ALIASES = {"related": EdgeKind.RELATED_TO, "see_also": EdgeKind.RELATED_TO}
_WIKILINK = re.compile(r"\[\[([^\[\]]+)\]\]")
_SPLIT = re.compile(r"[,，、;；]")

#: Resolves a name written in a relation (creating a concept if needed): (name, kind, line).
NameResolver = Callable[[str, EdgeKind, int], str | None]


@dataclass(frozen=True)
class Found:
    """One observation of an edge between two nodes."""

    source: str
    """Source node id."""
    kind: EdgeKind
    """Edge kind."""
    target: str
    """Target node id."""
    evidence: Evidence
    """Where it was seen."""


def relation_key(key: str) -> tuple[EdgeKind, bool] | None:
    """The edge kind a front matter or inline field key states, and whether it points back.

    ``based_on`` -> (based_on, False): the note's concept is the source. ``prerequisites`` ->
    (prerequisite_of, True): each listed item is a prerequisite of the note's concept.
    """
    k = key.strip().casefold().replace("-", "_").replace(" ", "_")
    if k in _PREREQUISITE_KEYS:
        return EdgeKind.PREREQUISITE_OF, True
    if k in _ALIASES:
        return _ALIASES[k], False
    if k in {kind.value for kind in RELATION_KINDS}:
        return EdgeKind(k), False
    return None


def wikilink_name(text: str) -> str:
    """The name a wikilink or plain item gives: ``[[a/b#h|alias]]`` -> ``a/b``, ``x.md`` -> ``x``."""
    m = _WIKILINK.search(text)
    name = m.group(1) if m else text
    name = name.split("|", 1)[0].split("#", 1)[0].strip()
    return name[:-3] if name.casefold().endswith(".md") else name


def value_items(value: object) -> list[str] | None:
    """Items of a front matter value: a list, wikilinks, or text split at commas; None if not text."""
    if value is None:
        return []
    if isinstance(value, str):
        links = _WIKILINK.findall(value)
        parts = links if links else _SPLIT.split(value)
        return [p.strip() for p in parts if p.strip()]
    if isinstance(value, bool) or not isinstance(value, (list, int, float)):
        return None
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        # ``based_on: [[BiLSTM]]`` unquoted is YAML for a nested list: read it as the wikilink.
        inner = item if isinstance(item, list) else [item]
        if any(isinstance(x, (dict, list)) or x is None for x in inner):
            return None
        for x in inner:
            out.extend(value_items(str(x)) or [])
    return out


def field_relations(
    ex: NoteExtract, subject: str | None, resolve_name: NameResolver
) -> tuple[list[Found], list[Diagnostic]]:
    """Edges from front matter relation keys and inline fields of a note about ``subject``."""
    found: list[Found] = []
    diagnostics: list[Diagnostic] = []
    stated: list[tuple[str, int, EdgeKind, bool, list[str], Method, str]] = []
    for key, value in ex.front_matter.items():
        rel = relation_key(key)
        if rel is None:
            continue
        line = ex.front_matter_lines.get(key, 1)
        items = value_items(value)
        if items is None:
            diagnostics.append(
                diagnostic("relation-value-invalid", ex.path, line, key=key, value=value)
            )
            continue
        stated.append((key, line, *rel, items, Method.FRONT_MATTER, f"{key}: "))
    for field in ex.inline_fields:
        rel = relation_key(field.key)
        if rel is not None:
            items = [wikilink_name(t) for t in field.targets] or value_items(field.value) or []
            stated.append(
                (field.key, field.line, *rel, items, Method.INLINE_FIELD, f"{field.key}:: ")
            )
    if stated and subject is None:
        keys = ", ".join(dict.fromkeys(s[0] for s in stated))
        line = min(s[1] for s in stated)
        diagnostics.append(diagnostic("relation-without-concept", ex.path, line, keys=keys))
        return found, diagnostics
    for _key, line, kind, backwards, items, method, prefix in stated:
        assert subject is not None
        for item in items:
            name = wikilink_name(item)
            target = resolve_name(name, kind, line) if name else None
            if target is None or target == subject:
                continue
            ev = Evidence(file=ex.path, line=line, method=method, snippet=snippet(prefix + item))
            source, target = (target, subject) if backwards else (subject, target)
            found.append(Found(source, kind, target, ev))
    return found, diagnostics


def _looks_like_names(terms: Iterable[str]) -> bool:
    return all(len(t) <= 24 and len(t.split()) <= 4 for t in terms)


def chain_relations(ex: NoteExtract, matcher: Matcher) -> tuple[list[Found], list[Diagnostic]]:
    """``leads_to`` edges between consecutive terms of every arrow chain that name concepts.

    A chain with terms that name nothing gives one info diagnostic (not one per term), and only
    when it looks like a chain of names: arrows in ordinary prose stay quiet.
    """
    found: list[Found] = []
    diagnostics: list[Diagnostic] = []
    for chain in ex.arrow_chains:
        groups = [matcher.resolve(term) for term in chain.terms]
        if sum(1 for t, g in zip(chain.terms, groups, strict=True) if g or is_name(t)) < 2:
            continue  # "p->next", "+15 -> 0 1111", "512→8头": arrows, not a lineage of names
        ev = Evidence(
            file=ex.path, line=chain.line, method=Method.ARROW_CHAIN, snippet=snippet(chain.raw)
        )
        for left, right in pairwise(groups):
            found.extend(Found(a, EdgeKind.LEADS_TO, b, ev) for a in left for b in right if a != b)
        unknown = [t for t, g in zip(chain.terms, groups, strict=True) if not g]
        if unknown and (any(groups) or _looks_like_names(chain.terms)):
            listed = ", ".join(repr(t) for t in unknown)
            diagnostics.append(diagnostic("chain-term-unknown", ex.path, chain.line, listed=listed))
    return found, diagnostics


__all__ = [
    "Found",
    "NameResolver",
    "chain_relations",
    "field_relations",
    "relation_key",
    "value_items",
    "wikilink_name",
]
