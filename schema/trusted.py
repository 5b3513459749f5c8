"""Models from JSON that noteatlas wrote itself, made without validating it again.

``noteatlas.load`` reads nodes and edges of an atlas.json whose SHA-256 its index vouches for:
the bytes are the ones ``Atlas.dump`` wrote from a built atlas. Validating them again costs
30 us an edge and 150 us a note (their outlines are lists of models); these constructors make
the same models from the parsed JSON in a tenth of that, converting only what JSON cannot carry:
enumerations and nested models (``CONVERTED`` lists them; a test checks that every such field
of every model is there, so a new one cannot be forgotten).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from noteatlas.schema.document import Heading
from noteatlas.schema.edges import Edge, Evidence, _unvalidated
from noteatlas.schema.kinds import Category, ConceptKind, EdgeKind, Method, NodeKind
from noteatlas.schema.nodes import (
    AssetNode,
    ConceptNode,
    Node,
    NoteNode,
    PaperNode,
    ResourceNode,
    TagNode,
)
from noteatlas.schema.rows import EdgeRow, EvidenceRow

_METHODS = {m.value: m for m in Method}
_EDGE_KINDS = {k.value: k for k in EdgeKind}
_HEADING_FIELDS = set(Heading.model_fields)


def _headings(values: list[dict[str, Any]]) -> list[Heading]:
    return [_unvalidated(Heading, dict(h), _HEADING_FIELDS) for h in values]


def _evidence(values: list[dict[str, Any]]) -> list[Evidence]:
    return [Evidence.trusted(e["file"], e["line"], _METHODS[e["method"]], e["snippet"])
            for e in values]  # fmt: skip


#: Per node kind: its model, and a converter for each field JSON cannot carry as it is.
CONVERTED: dict[str, tuple[type[BaseModel], dict[str, Callable[[Any], Any]]]] = {
    "note": (NoteNode, {"kind": NodeKind, "outline": _headings}),
    "concept": (
        ConceptNode,
        {"kind": NodeKind, "concept_kind": ConceptKind, "found_in": _evidence},
    ),
    "paper": (PaperNode, {"kind": NodeKind}),
    "resource": (ResourceNode, {"kind": NodeKind, "category": Category}),
    "asset": (AssetNode, {"kind": NodeKind}),
    "tag": (TagNode, {"kind": NodeKind}),
}
_FIELDS = {kind: set(model.model_fields) for kind, (model, _) in CONVERTED.items()}


def trusted_node(values: dict[str, Any]) -> Node:
    """A node from the JSON object ``Atlas.dump`` wrote for it. KeyError or ValueError when it
    is not one (an unknown kind or enumeration value, a missing field)."""
    kind = values["kind"]
    model, converters = CONVERTED[kind]
    fields = _FIELDS[kind]
    if values.keys() != fields:
        raise KeyError(f"fields of a {kind} node: {sorted(values.keys() ^ fields)}")
    for name, convert in converters.items():
        values[name] = convert(values[name])
    node: Node = _unvalidated(model, values, fields)  # type: ignore[assignment]
    return node


def trusted_edge_row(values: dict[str, Any]) -> EdgeRow:
    """An edge row from the JSON object ``Atlas.dump`` wrote for it (evidence sorted and without
    repeats, confidence that of the strongest evidence, as the builders make them)."""
    evidence = tuple(
        EvidenceRow(e["file"], e["line"], _METHODS[e["method"]], e["snippet"], e.get("confidence"))
        for e in values["evidence"]
    )
    kind = _EDGE_KINDS[values["kind"]]
    return EdgeRow(values["source"], kind, values["target"], evidence, values["weight"])


def trusted_edge(values: dict[str, Any]) -> Edge:
    """``trusted_edge_row`` as a model."""
    return trusted_edge_row(values).as_model()


__all__ = ["CONVERTED", "trusted_edge", "trusted_edge_row", "trusted_node"]
