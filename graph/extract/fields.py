"""Light conventions inside prose: arrow chains (``a → b → c``) and inline fields (``key:: value``).

Both work on a line of prose in which code spans, math, URLs and HTML are already blanked out,
so nothing inside code ever counts. The rules are deliberately simple; the concepts stage
decides which terms name concepts.

Arrow chains: separators are ``→ ⟶ ⇒ -> --> => ==>`` (not ``<->`` or ``<=>``). The first term
starts after the last clause break before the first arrow (``缺点：维度灾难 → ...`` starts at
``维度灾难``), the last term ends at the first clause break after the last arrow (so a
trailing ``。`` or a following clause is dropped). Clause breaks: ``： : ； ; 。 ， , ！ ! ？ ?``.
Terms lose emphasis, code and link brackets and surrounding punctuation; empty terms are
dropped and a chain needs two terms.

Inline fields: Dataview's ``key:: value`` as a whole line (also after a list marker) and
``[key:: value]`` / ``(key:: value)`` inside a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FieldMatch", "arrow_terms", "field_targets", "find_fields"]

_ARROW = re.compile(r"→|⟶|⇒|(?<![<=\-])(?:--?>|==?>)")
_CLAUSE_BREAK = re.compile(r"[：:；;。，,！!？?]")
_WIKILINK = re.compile(r"!?\[\[([^\[\]\n]+?)\]\]")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^)\n]*\)")
_MARKUP = re.compile(r"\*\*|__|~~|`")
_EDGE_PUNCT = " \t\u3000\u00a0*_~`\"'“”‘’「」『』<>《》.,;:!?。，；：！？、…—-=#"
_PAIRS = {"(": ")", "（": "）", "[": "]", "【": "】", "{": "}"}
_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}
_FIELD_LINE = re.compile(
    r"^\s*(?:\*\*|__)?(?P<key>[^\W_][\w\- /.]{0,63}?)(?:\*\*|__)?\s*::(?P<value>(?:\s.*)?)$"
)
_FIELD_BRACKET = re.compile(r"[\[(](?P<key>[^\W_][\w\- ]{0,63}?)::(?P<value>[^\[\]()\n]*)[\])]")
_ITEM_SPLIT = re.compile(r"[,，、;；]")


def _display(match: re.Match[str]) -> str:
    target, _, alias = match.group(1).partition("|")
    return (alias or target.rstrip("\\")).strip()


def _matching_close(term: str) -> int:
    opener, closer, depth = term[0], _PAIRS[term[0]], 0
    for index, char in enumerate(term):
        depth += (char == opener) - (char == closer)
        if depth == 0:
            return index
    return -1


def _strip_pairs(term: str) -> str:
    while True:
        before = term
        term = term.strip(_EDGE_PUNCT)
        if term and term[0] in _PAIRS:
            close = _matching_close(term)
            if close == -1:
                term = term[1:]
            elif close == len(term) - 1:
                term = term[1:-1]
        if term and term[-1] in _CLOSERS and _CLOSERS[term[-1]] not in term:
            term = term[:-1]
        if term == before:
            return term


def _clean_term(term: str) -> str:
    term = _WIKILINK.sub(_display, term)
    term = _MD_LINK.sub(lambda match: match.group(1), term)
    term = _MARKUP.sub("", term)
    term = re.sub(r"\s+", " ", term)
    return _strip_pairs(term.strip())


def arrow_terms(line: str) -> list[str]:
    """The terms of the arrow chain in a blanked prose line, or ``[]`` when there is none."""
    if not _ARROW.search(line):
        return []
    parts = _ARROW.split(line)
    first_breaks = list(_CLAUSE_BREAK.finditer(parts[0]))
    if first_breaks:
        parts[0] = parts[0][first_breaks[-1].end() :]
    last_break = _CLAUSE_BREAK.search(parts[-1])
    if last_break:
        parts[-1] = parts[-1][: last_break.start()]
    terms = [cleaned for part in parts if (cleaned := _clean_term(part))]
    return terms if len(terms) >= 2 else []


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """An inline field found in a line: key and the span of its value."""

    key: str
    """Lower-cased, stripped key."""
    value_start: int
    """Offset of the value in the line."""
    value_end: int
    """Offset just after the value."""


def find_fields(line: str) -> list[FieldMatch]:
    """Inline fields in a blanked prose line (offsets let the caller take the raw value)."""
    whole = _FIELD_LINE.match(line)
    if whole:
        start, end = whole.span("value")
        return [FieldMatch(whole.group("key").strip().lower(), start, end)]
    return [
        FieldMatch(match.group("key").strip().lower(), *match.span("value"))
        for match in _FIELD_BRACKET.finditer(line)
    ]


def field_targets(value: str) -> list[str]:
    """Wikilink targets in a field value, or else its comma-separated items."""
    links = [
        match.group(1).partition("|")[0].rstrip("\\").strip() for match in _WIKILINK.finditer(value)
    ]
    if links:
        return [link for link in links if link]
    text = _MD_LINK.sub(lambda match: match.group(1), value).strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    items = (item.strip().strip("\"'“”‘’`*_ ") for item in _ITEM_SPLIT.split(text))
    return [item for item in items if item]
