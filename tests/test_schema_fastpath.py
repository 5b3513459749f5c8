"""The builders' fast constructors give models equal to validated ones, safe to copy and change."""

from __future__ import annotations

import enum
import json
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

import noteatlas
from noteatlas.config import Config
from noteatlas.schema import Edge, EdgeKind, Evidence, Heading, Method, NodeKind
from noteatlas.schema.trusted import CONVERTED, trusted_edge, trusted_node


def _validated_evidence(line: int, confidence: float | None = None) -> Evidence:
    return Evidence(
        file="a.md", line=line, method=Method.MENTION, snippet="BERT", confidence=confidence
    )


@pytest.mark.parametrize("confidence", [None, 0.56])
def test_trusted_evidence_equals_validated(confidence: float | None) -> None:
    fast = Evidence.trusted("a.md", 3, Method.MENTION, "BERT", confidence)
    slow = _validated_evidence(3, confidence)
    assert fast == slow and hash(fast) == hash(slow)
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    assert ('"confidence"' in fast.model_dump_json()) is (confidence is not None)
    assert fast.strength == (0.5 if confidence is None else confidence)


def test_copies_and_assignments_do_not_leak_between_fast_models() -> None:
    a = Evidence.trusted("a.md", 3, Method.MENTION, "BERT")
    b = Evidence.trusted("b.md", 4, Method.MENTION, "ELMo")
    moved = a.model_copy(update={"line": 9})
    assert (moved.line, a.line, b.line) == (9, 3, 4)
    assert a.model_fields_set == b.model_fields_set == set(Evidence.model_fields)

    one = Edge.settled("note:a.md", EdgeKind.MENTIONS, "concept:bert", [a, a], 2.0)
    two = Edge.sorted_parts("note:b.md", EdgeKind.MENTIONS, "concept:elmo", [b])
    assert one.evidence == [a] and one.confidence == two.confidence > 0
    one.weight = 5.0
    assert (one.weight, two.weight) == (5.0, 1.0)
    assert one.model_fields_set == two.model_fields_set == set(Edge.model_fields)
    validated = Edge(
        source="note:a.md", target="concept:bert", kind=EdgeKind.MENTIONS, weight=5.0, evidence=[a]
    )
    assert one == validated


def _needs_converting(annotation: object) -> bool:
    """Whether a field's values are enumerations or models somewhere inside."""
    if isinstance(annotation, enum.Enum):  # Literal[NodeKind.NOTE]
        return True
    if isinstance(annotation, type):
        return issubclass(annotation, (enum.Enum, BaseModel))
    return any(_needs_converting(a) for a in typing.get_args(annotation))


def test_every_field_json_cannot_carry_has_a_converter() -> None:
    """A field added to a node model with an enumeration or a model inside must be converted by
    ``schema.trusted`` (else a loaded atlas would hold a str where the API promises a model)."""
    for kind, (model, converters) in CONVERTED.items():
        assert model.model_fields["kind"].default.value == kind
        needing = {n for n, f in model.model_fields.items() if _needs_converting(f.annotation)}
        assert needing == set(converters), model.__name__
    for model in (Edge, Evidence):  # trusted_edge converts kind, method and evidence by hand
        needing = {n for n, f in model.model_fields.items() if _needs_converting(f.annotation)}
        assert needing <= {"kind", "method", "evidence"}, model.__name__


def test_trusted_models_equal_validated_ones() -> None:
    atlas = noteatlas.build(Path(__file__).parent / "fixtures" / "vault", Config(cache=False))
    kinds = set()
    for node in atlas.nodes():
        data = json.loads(node.model_dump_json())
        fast = trusted_node(data)
        assert fast == node and type(fast) is type(node)
        assert fast.model_dump_json() == node.model_dump_json()
        kinds.add(node.kind)
    assert kinds == set(NodeKind)
    for edge in atlas.edges():
        fast_edge = trusted_edge(json.loads(edge.model_dump_json()))
        assert fast_edge == edge and fast_edge.model_dump_json() == edge.model_dump_json()
    note = next(n for n in atlas.notes() if n.outline)
    assert isinstance(trusted_node(json.loads(note.model_dump_json())).outline[0], Heading)
