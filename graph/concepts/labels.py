"""Relations that a labelled line states about the concept it sits under.

Notes, Obsidian vaults especially, write a concept's relations as a label and its values rather
than as a sentence: ``Followed by: [[LLaMA 2]]``, ``Variants: [[Vision Transformer]], [[Sparse
Transformer]]``, ``Based on: [[GPT-3]]``, ``Used in [[PaLM]] and [[LLaMA 2]]``, ``前身：RNN``.
The label decides the relation and its direction; every concept named after the colon (or, when
nothing follows it, in the list items right below) is the other end; the concept the line is
about (its section's heading's, or the note's) is this end. A label only names a relation from a
closed lexicon, so ``Significance: [[Meta AI Research]] is …`` and ``Abstract:`` give nothing.

A heading can label its section's items the same way: under ``### Transformer 的变体`` or
``## Variants of BERT`` each item whose head (the item whole, or before its colon) is a
concept's name is a variant of the heading's concept (``…的改进``: an improvement on it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from noteatlas.graph.concepts.names import Matcher
from noteatlas.schema import EdgeKind, NoteExtract

#: Confidence of a relation a label states (as sure as a cue; the values are the writer's).
LABEL_CONFIDENCE = 0.75

# label (folded, spaces single) -> (kind, the values are the source)
_EN: dict[str, tuple[EdgeKind, bool]] = {}
for _words, _rel in (
    ("variant variants variation variations", (EdgeKind.VARIANT_OF, True)),
    ("example examples instances types kinds subtypes family members", (EdgeKind.IS_A, True)),
    ("based on|builds on|built on|backbone|base model", (EdgeKind.BASED_ON, False)),
    ("uses|use|using|employs|relies on|components used", (EdgeKind.USES, False)),
    ("used in|used by|adopted by|applied in", (EdgeKind.USES, True)),
    ("components|parts|consists of|made of|building blocks", (EdgeKind.PART_OF, True)),
    ("part of|component of", (EdgeKind.PART_OF, False)),
    ("followed by|successor|successors|succeeded by|next|later", (EdgeKind.PRECEDES, False)),
    ("preceded by|predecessor|predecessors|previous|prior work", (EdgeKind.PRECEDES, True)),
    ("improves on|improves upon|improvement over|better than", (EdgeKind.IMPROVES_ON, False)),
    ("addresses|solves|fixes|mitigates", (EdgeKind.ADDRESSES, False)),
    (
        "problem|problems|issues|drawbacks|limitations|cons|suffers from",
        (EdgeKind.HAS_PROBLEM, False),
    ),
):
    for _name in _words.split("|") if "|" in _words else _words.split():
        _EN[_name] = _rel
_ZH: dict[str, tuple[EdgeKind, bool]] = {
    "变体": (EdgeKind.VARIANT_OF, True),
    "变种": (EdgeKind.VARIANT_OF, True),
    "基于": (EdgeKind.BASED_ON, False),
    "前身": (EdgeKind.PRECEDES, True),
    "后续": (EdgeKind.PRECEDES, False),
    "后继": (EdgeKind.PRECEDES, False),
    "后继者": (EdgeKind.PRECEDES, False),
    "改进自": (EdgeKind.IMPROVES_ON, False),
    "组成": (EdgeKind.PART_OF, True),
    "组成部分": (EdgeKind.PART_OF, True),
    "解决": (EdgeKind.ADDRESSES, False),
    "解决的问题": (EdgeKind.ADDRESSES, False),
}
#: ``Label: values`` (bold or not), or ``Used in values`` with no colon.
_LINE = re.compile(
    r"^[\s>*_]*(?P<label>[A-Za-z][A-Za-z ]{1,24}?|[\u4e00-\u9fff]{2,5})[*_]*\s*(?:[:：]|(?<=used in)\s)"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_MAYBE = re.compile(r"[:：]|used in", re.IGNORECASE)


@dataclass(frozen=True)
class Labelled:
    """A relation a labelled line states."""

    source: str
    kind: EdgeKind
    target: str
    line: int
    snippet: str


def _label(text: str) -> tuple[tuple[EdgeKind, bool], int] | None:
    """The relation a line's label names and where its values start."""
    if not _MAYBE.search(text):
        return None
    m = _LINE.match(text)
    if m is None:
        return None
    label = " ".join(m.group("label").split()).casefold()
    rel = _EN.get(label) or _ZH.get(label)
    return (rel, m.start("rest")) if rel else None


_CONTRAST = re.compile(
    r"\b(?:instead of|rather than|unlike|as opposed to)\b|而不是|而非|不同于", re.I
)
_WORD = re.compile(r"[A-Za-z]+|[\u4e00-\u9fff]{1,2}")
#: Words (or pairs of Chinese characters) a list of problems may hold besides their names.
_LIST_WORDS = 4
#: Labels whose values are a list of names (problems, types, variants, parts), never a sentence.
_LISTS = frozenset({EdgeKind.HAS_PROBLEM, EdgeKind.IS_A, EdgeKind.VARIANT_OF, EdgeKind.PART_OF})


def _clause(value: str, find: Callable[[str], list[tuple[int, int, str]]]) -> bool:
    """Whether a label's value is a sentence rather than a list of names: more than a few words
    left once its names and brackets are taken out."""
    rest = value
    for a, b, _ in sorted(find(value), reverse=True):
        rest = rest[:a] + " " + rest[b:]
    rest = re.sub(r"\([^()]*\)|（[^（）]*）|\[\[|\]\]", " ", rest)
    return len(_WORD.findall(rest)) > _LIST_WORDS


def labelled_relations(
    lines: Iterable[tuple[int, int, str, bool]],
    find: Callable[[str], list[tuple[int, int, str]]],
    subjects: Mapping[int, str],
    topic: str | None,
) -> list[Labelled]:
    """The relations of labelled lines. ``lines``: (line, section, text, is_item) in line
    order; ``find``: the concept mentions of a text as (start, end, concept id);
    ``subjects``: section -> the concept its heading names."""
    out: list[Labelled] = []
    open_label: tuple[tuple[EdgeKind, bool], int, str] | None = None  # an empty label's
    for line, section, text, is_item in lines:
        subject = subjects.get(section, topic)
        if open_label is not None and not (is_item and line == open_label[1] + 1):
            open_label = None
        found = _label(text)
        if found is not None:
            rel, start = found
            # "Used in [[PaLM]] instead of [[GeLU]] activation functions": not what follows a contrast
            stop = m.start() if (m := _CONTRAST.search(text, start)) else len(text)
            values = [c for a, _, c in find(text) if start <= a < stop]
            if rel[0] in _LISTS and _clause(text[start:stop], find):
                values = []  # "Limitations: Use of GPT-4 as an evaluator for …", "Types:
                # Suitable for tasks like translation …": a sentence, not a list of names
            if not text[start:].strip():
                open_label = (rel, line, text.strip())
                continue
            snippet = text.strip()
        elif open_label is not None:  # "Variants:" then "- [[Vision Transformer]]"
            rel, values = open_label[0], [c for _, _, c in find(text)[:1]]
            if _clause(text, find):
                values = []  # an item that says something ("Suitable for tasks like …")
            snippet = f"{open_label[2]} {text.strip()}"
            open_label = (rel, line, open_label[2])
        else:
            continue
        if subject is None:
            continue
        kind, reverse = rel
        for value in dict.fromkeys(values):
            if value != subject:
                source, target = (value, subject) if reverse else (subject, value)
                out.append(Labelled(source, kind, target, line, snippet[:160]))
    return out


#: A heading that labels its section's items: ``### Transformer 的变体``, ``## Variants of BERT``.
_HEADED = (
    (re.compile(r"^(?P<name>.+?)\s*的\s*(?:各种|主要|常见)?(?:变体|变种)$"), EdgeKind.VARIANT_OF),
    (
        re.compile(r"^(?P<name>.+?)\s*的\s*(?:各种|主要)?(?:改进|改进版本?|改进模型)$"),
        EdgeKind.IMPROVES_ON,
    ),
    (re.compile(r"^(?:variants|variations) of (?P<name>.+)$", re.I), EdgeKind.VARIANT_OF),
    (re.compile(r"^(?P<name>.+?) (?:variants|variations)$", re.I), EdgeKind.VARIANT_OF),
    (re.compile(r"^improvements (?:on|over|to) (?P<name>.+)$", re.I), EdgeKind.IMPROVES_ON),
)
_HEADED_WORDS = re.compile(r"变体|变种|改进|variant|variation|improvement", re.I)
#: Where the head of an item ends: ``Reformer: The Efficient Transformer``, ``ALBERT —…``.
_ITEM_HEAD = re.compile(r"\s*(?:[:：]|——|—|\s-\s|\s–\s|（|\()")


def headed_relations(
    ex: NoteExtract, named: Callable[[str], str | None], quiz: set[int]
) -> list[Labelled]:
    """The relations a heading that labels its items states: each item's concept (the item
    whole, or its head before a colon) is a variant (an improvement) of the heading's.
    ``named``: the one concept a text is, strictly (``Matcher.named``); ``quiz``: sections
    whose items are questions."""
    labelled: dict[int, tuple[EdgeKind, str, str]] = {}
    for i, h in enumerate(ex.headings):
        if not _HEADED_WORDS.search(h.text):
            continue  # the cheap test: most headings hold none of the words
        for pattern, kind in _HEADED:
            if (m := pattern.match(h.text.strip())) and (cid := named(m.group("name").strip())):
                labelled[i] = (kind, cid, h.text.strip())
                break
    out: list[Labelled] = []
    for item in ex.list_items if labelled else ():
        if item.section not in labelled or item.depth or item.section in quiz:
            continue
        kind, cid, heading = labelled[item.section]
        head = _ITEM_HEAD.split(item.text.strip(), maxsplit=1)[0]
        value = named(head.strip(" *_`"))
        if value is not None and value != cid:
            snippet = f"{heading}: {item.text.strip()}"[:160]
            out.append(Labelled(value, kind, cid, item.line, snippet))
    return out


def note_labels(
    ex: NoteExtract,
    matcher: Matcher,
    sections: Mapping[int, str],
    topic: str | None,
    items: set[int],
    quiz: set[int],
) -> list[Labelled]:
    """Relations of a note's labelled lines (prose lines and list items, quizzes aside; ``items``:
    the lines read as items) and of its headings that label their items."""
    lines = {p.line: (p.line, p.section, p.text, p.line in items) for p in ex.prose}
    for it in ex.list_items:
        lines[it.line] = (it.line, it.section, it.text, True)
    ordered = [lines[n] for n in sorted(lines) if lines[n][1] not in quiz]

    def find(text: str) -> list[tuple[int, int, str]]:
        return [(m.start, m.end, m.concept) for m in matcher.find(text)]

    found = labelled_relations(ordered, find, sections, topic)
    return found + headed_relations(ex, matcher.named, quiz)


__all__ = [
    "LABEL_CONFIDENCE",
    "Labelled",
    "headed_relations",
    "labelled_relations",
    "note_labels",
]
