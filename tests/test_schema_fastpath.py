"""The builders' fast constructors give models equal to validated ones, safe to copy and change."""

from __future__ import annotations

from noteatlas.schema import Edge, EdgeKind, Evidence, Method


def _validated_evidence(line: int) -> Evidence:
    return Evidence(file="a.md", line=line, method=Method.MENTION, snippet="BERT")


def test_trusted_evidence_equals_validated() -> None:
    fast = Evidence.trusted("a.md", 3, Method.MENTION, "BERT")
    slow = _validated_evidence(3)
    assert fast == slow and hash(fast) == hash(slow)
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set


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
