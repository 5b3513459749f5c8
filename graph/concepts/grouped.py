"""Models filed under what they use: a list item ``- LSTM: ELMo, ULMFiT``.

Notes that survey a field group its models by a technique or architecture they share, one item
per group: the head before the colon is one concept's name, and after it comes nothing but a
list of names (remarks in brackets aside: ``- MLM: BERT(Token-Level)``). Such an item states
that each model it lists uses the head. Whether it does depends on what the two are, which the
per-note pass does not know: ``- RNN: LSTM, GRU`` files kinds of a network, ``- 激活函数: ReLU``
examples of a function. So the pass proposes ``value uses head`` with ``CONFIDENCE``, and
``stage.assemble`` keeps a proposal only when the head is a technique or an architecture and the
value a model (``fits``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from noteatlas.schema import ConceptKind, NoteExtract

#: Confidence of a proposal (and its mark: no cue gives it, see ``tests/test_statements.py``).
CONFIDENCE = 0.55

_HEAD = re.compile(r"^[\s*_`]*(?P<head>[^:：,，、()（）]{1,40}?)[\s*_`]*[:：]\s*(?P<rest>\S.*)$")
_BRACKETS = re.compile(r"\s*(?:\([^()]*\)|（[^（）]*）)")
_PIECES = re.compile(r"\s*(?:[,，、/;；]|\band\b|和|与|及)\s*", re.IGNORECASE)
_MARKUP = re.compile(r"[*_`]")
#: A piece that is no concept here may still be a name (``Turing NLG``), never a phrase.
_NAME_LIKE = re.compile(r"^[A-Z0-9][\w.+\-]*(?: [A-Z0-9][\w.+\-]*){0,2}$")
_NAME_MAX = 40
_HEAD_KINDS = frozenset({ConceptKind.TECHNIQUE, ConceptKind.ARCHITECTURE})


def grouped(
    ex: NoteExtract,
    named: Mapping[int, Sequence[tuple[str, str]]] | None,
    quiz: set[int],
    resolve: Callable[[str], list[str]],
) -> list[tuple[int, str, str, str]]:
    """(line, value, head, item) for every model a list item files under a concept.
    ``named``: line -> the names it holds and their concepts (None: not known, every item with
    a colon is read); ``quiz``: sections whose items are questions; ``resolve``: the concepts a
    text is the name of, whole (``Matcher.resolve``)."""
    out: list[tuple[int, str, str, str]] = []
    for item in ex.list_items:
        text = item.text
        if (":" not in text and "：" not in text) or item.section in quiz:
            continue
        if named is not None and len({c for _, c in named.get(item.line, ())}) < 2:
            continue  # the cheap test: most items name fewer than two concepts
        m = _HEAD.match(text)
        if m is None:
            continue
        heads = resolve(m.group("head").strip())
        if len(heads) != 1:
            continue
        rest = _MARKUP.sub("", _BRACKETS.sub("", m.group("rest"))).strip(" 。.;；")
        values: list[str] = []
        for piece in _PIECES.split(rest):
            found = resolve(piece) if piece else []
            if len(found) == 1:
                values.append(found[0])
            elif found or not _NAME_LIKE.match(piece):
                values = []  # a phrase: the item says something else
                break
        line = item.line
        out.extend((line, v, heads[0], text) for v in dict.fromkeys(values) if v != heads[0])
    return out


def item_heads(ex: NoteExtract, lookup: Callable[[str], str | None]) -> dict[int, str]:
    """Line of a nested item -> the concept its parent item is, whole (``- **ELMo**:`` over
    ``  - 使用双向 LSTM``): the subject of its clauses that have none, as a heading's would be.
    ``lookup``: the concept a name is (``Matcher.lookup``)."""
    out: dict[int, str] = {}
    stack: list[tuple[int, str | None]] = []  # (depth, concept) of the open parent items
    for item in ex.list_items:
        while stack and stack[-1][0] >= item.depth:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if parent is not None:
            out[item.line] = parent
        name = _MARKUP.sub("", item.text).strip().rstrip(":：").strip()
        stack.append((item.depth, lookup(name) if 0 < len(name) <= _NAME_MAX else None))
    return out


def fits(kinds: Mapping[str, ConceptKind], value: str, head: str) -> bool:
    """Whether a proposal holds: a model filed under a technique or an architecture."""
    return kinds.get(value) is ConceptKind.MODEL and kinds.get(head) in _HEAD_KINDS


__all__ = ["CONFIDENCE", "fits", "grouped", "item_heads"]
