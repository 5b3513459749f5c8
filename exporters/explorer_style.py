"""How the explorer looks: eras, lanes, colours and shapes, edge styles, label length.

Fixed tables, never derived from note text: they become vis-network options and the page's legend.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from noteatlas.schema import RELATION_KINDS, WEAK_KINDS, ConceptKind, EdgeKind, NodeKind

#: Labels longer than this (in display columns, CJK counting two) are shortened on the canvas.
LABEL_COLUMNS = 24

#: Eras drawn as bands behind the timeline: (first year or None, last year or None, label).
ERAS: tuple[tuple[int | None, int | None, str], ...] = (
    (None, 2012, "statistical & early neural"),
    (2013, 2016, "embeddings & sequence models"),
    (2017, 2019, "Transformers & pre-training"),
    (2020, None, "large models"),
)

#: Timeline lanes, top to bottom: (key, label).
LANES: tuple[tuple[str, str], ...] = (
    ("model", "models"),
    ("concept", "concepts"),
    ("problem", "problems"),
    ("paper", "papers"),
    ("note", "notes"),
    ("other", "links, files, tags"),
)

#: Colour and vis-network shape of each node group (a concept kind or a node kind).
GROUP_STYLES: dict[str, tuple[str, str]] = {
    ConceptKind.MODEL.value: ("#6d28d9", "dot"),
    ConceptKind.ARCHITECTURE.value: ("#a855f7", "dot"),
    ConceptKind.CONCEPT.value: ("#2563eb", "dot"),
    ConceptKind.TECHNIQUE.value: ("#0d9488", "dot"),
    ConceptKind.PROBLEM.value: ("#dc2626", "diamond"),
    ConceptKind.TASK.value: ("#ea580c", "dot"),
    ConceptKind.DATASET.value: ("#b45309", "dot"),
    ConceptKind.METRIC.value: ("#65a30d", "dot"),
    NodeKind.PAPER.value: ("#334155", "square"),
    NodeKind.NOTE.value: ("#64748b", "dot"),
    NodeKind.RESOURCE.value: ("#0284c7", "triangle"),
    NodeKind.ASSET.value: ("#a8a29e", "triangleDown"),
    NodeKind.TAG.value: ("#db2777", "hexagon"),
}

_DOCUMENT_COLOUR = "#cbd5e1"
_WEAK_COLOUR = "#94a3b8"
_RELATION_COLOURS: dict[EdgeKind, str] = {
    EdgeKind.IS_A: "#6366f1",
    EdgeKind.PART_OF: "#6366f1",
    EdgeKind.VARIANT_OF: "#6366f1",
    EdgeKind.BASED_ON: "#0f766e",
    EdgeKind.IMPROVES_ON: "#0f766e",
    EdgeKind.USES: "#0f766e",
    EdgeKind.ADDRESSES: "#16a34a",
    EdgeKind.HAS_PROBLEM: "#dc2626",
    EdgeKind.PRECEDES: "#2563eb",
    EdgeKind.PREREQUISITE_OF: "#2563eb",
    EdgeKind.RELATED_TO: "#9ca3af",
}
#: Colour of an edge that goes backwards in time.
BACKWARDS_COLOUR = "#f97316"


def edge_family(kind: EdgeKind) -> str:
    """``relation`` (typed), ``derived`` (weak) or ``document``: what the filters group by."""
    if kind in RELATION_KINDS:
        return "relation"
    if kind in WEAK_KINDS:
        return "derived"
    return "document"


def edge_style(kind: EdgeKind) -> dict[str, Any]:
    """vis-network styling of an edge kind: colour, dashes for weak kinds, arrows."""
    family = edge_family(kind)
    if family == "relation":
        colour, width = _RELATION_COLOURS[kind], 1.6
    elif family == "derived":
        colour, width = _WEAK_COLOUR, 1.0
    else:
        colour, width = _DOCUMENT_COLOUR, 0.8
    return {
        "color": colour,
        "width": width,
        "dashes": family == "derived",
        "arrows": "" if kind == EdgeKind.RELATED_TO else "to",
    }


def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """Columns the text takes: East Asian wide and full-width characters count two."""
    if text.isascii():  # every ASCII character is narrow
        return len(text)
    return sum(map(_char_width, text))


def short_label(text: str, columns: int = LABEL_COLUMNS) -> str:
    """One line of at most ``columns`` display columns, with ``…`` when shortened."""
    text = " ".join(text.split())
    if 2 * len(text) <= columns or display_width(text) <= columns:
        return text
    if text.isascii():
        return text[: columns - 1].rstrip() + "…"
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


#: Timeline lane of each node group.
LANE_OF_GROUP: dict[str, str] = {
    **{k.value: "concept" for k in ConceptKind},
    ConceptKind.MODEL.value: "model",
    ConceptKind.ARCHITECTURE.value: "model",
    ConceptKind.PROBLEM.value: "problem",
    NodeKind.PAPER.value: "paper",
    NodeKind.NOTE.value: "note",
    NodeKind.RESOURCE.value: "other",
    NodeKind.ASSET.value: "other",
    NodeKind.TAG.value: "other",
}
