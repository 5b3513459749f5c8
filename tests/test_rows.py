"""Edges kept as rows (``schema.rows``): the same JSON and the same models as pydantic's edges."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.atlas import Atlas, load
from noteatlas.config import Config
from noteatlas.schema import AtlasDocument, Edge, EdgeKind, Evidence, Method, NoteNode
from noteatlas.schema.atlas import iter_json_bytes
from noteatlas.schema.rows import EdgeRow, EvidenceRow

FIXTURES = Path(__file__).parent / "fixtures"

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12
)  # any character (quotes, backslashes, controls, CJK, emoji) but lone surrogates
odd_floats = st.one_of(
    st.floats(),  # nan and the infinities too (pydantic writes null)
    st.sampled_from([0.0, -0.0, 1.0, 0.1, 1 / 3, 1e-300, 5e-324, 1e300, 2.0**53 + 1, 1e16]),
    st.integers(-(2**60), 2**60),
)
evidence = st.builds(
    Evidence,
    file=st.none() | text,
    line=st.none() | st.integers(0, 2**40),
    method=st.sampled_from(Method),
    snippet=text,
    confidence=st.none() | st.floats(0.0, 1.0) | st.sampled_from([0.0, 1.0, 0.35, 1 / 7]),
)
ids = st.sampled_from(["note:a.md", "note:b.md", "concept:x", "concept:ü", 'tag:"q"\\'])


@st.composite
def edges(draw: st.DrawFn) -> list[Edge]:
    """Edges as the validating constructor makes them, one per (source, kind, target)."""
    out: dict[tuple[str, str, str], Edge] = {}
    for _ in range(draw(st.integers(0, 6))):
        edge = Edge(
            source=draw(ids),
            target=draw(ids),
            kind=draw(st.sampled_from(EdgeKind)),
            weight=draw(odd_floats),
            evidence=draw(st.lists(evidence, max_size=4)),
        )
        out[edge.sort_key()] = edge
    return sorted(out.values(), key=Edge.sort_key)


@settings(max_examples=150, deadline=None)
@given(models=edges(), root=text, batch=st.integers(1, 3))
def test_json_of_rows_is_the_json_of_models(models: list[Edge], root: str, batch: int) -> None:
    nodes = [NoteNode(id="note:a.md", label="a", path="a.md", title="a")]
    rows = [EdgeRow.of(e) for e in models]
    document = AtlasDocument(root=root, nodes=nodes, edges=models)
    from_rows = Atlas.from_parts(nodes, rows, [], root=root)
    expected = document.model_dump_json(indent=2).encode("utf-8") + b"\n"
    assert b"".join(iter_json_bytes(from_rows.parts, batch)) == expected
    assert from_rows.to_json().encode("utf-8") == expected
    mixed = [r if i % 2 else m for i, (r, m) in enumerate(zip(rows, models, strict=True))]
    assert b"".join(
        iter_json_bytes(Atlas.from_parts(nodes, mixed, [], root=root).parts, batch)
    ) == (expected)
    for row, model in zip(rows, models, strict=True):
        made = row.as_model()
        assert type(made) is Edge and made.model_dump_json() == model.model_dump_json()
        if not math.isnan(model.weight):
            assert made == model and row == EdgeRow.of(made)
        assert made.confidence == model.confidence
        assert row.sort_key() == model.sort_key() and row.from_notes() == model.from_notes()
        for r, m in zip(row.evidence, model.evidence, strict=True):
            assert (r.strength, r.sort_key(), r.where(), r.in_notes()) == (
                m.strength,
                m.sort_key(),
                m.where(),
                m.in_notes(),
            )


def test_rows_have_every_field_of_the_models_and_no_dict() -> None:
    """A field added to ``Edge`` or ``Evidence`` must be added to its row (the writer makes
    models of rows field by field)."""
    assert set(EdgeRow.__slots__) == set(Edge.model_fields)
    assert set(EvidenceRow.__slots__) == set(Evidence.model_fields)
    row = EdgeRow("a", EdgeKind.MENTIONS, "b", (EvidenceRow("f.md", 1, Method.MENTION, "s"),), 2.0)
    assert not hasattr(row, "__dict__") and not hasattr(row.evidence[0], "__dict__")


def test_a_built_atlas_keeps_rows_and_hands_out_the_models_of_its_json(tmp_path: Path) -> None:
    atlas = noteatlas.build(FIXTURES / "vault", Config(cache=False, jobs=1))
    assert atlas.parts.edges and all(type(e) is EdgeRow for e in atlas.parts.edges)
    validated = AtlasDocument.model_validate_json(atlas.to_json())  # what the models were
    assert atlas.edges() == validated.edges
    assert all(type(e) is Edge for e in atlas.edges())
    assert atlas.edges(EdgeKind.MENTIONS) == [e for e in validated.edges if e.kind == "mentions"]
    note = "note:02-NLP/词向量.md"
    concept = next(e.target for e in validated.edges if e.source == note and e.kind == "mentions")
    out = [e for e in validated.edges if e.source == note]
    assert out and sorted(atlas.out_edges(note), key=Edge.sort_key) == out
    into = [e for e in validated.edges if e.target == concept]
    assert into and sorted(atlas.in_edges(concept), key=Edge.sort_key) == into
    assert atlas.document == validated
    graph: nx.MultiDiGraph = atlas.graph
    data = [d for _, _, d in graph.edges(data="data")]
    assert len(data) == len(validated.edges) and all(type(d) is Edge for d in data)

    atlas.dump(tmp_path / "atlas.json")
    loaded = load(tmp_path / "atlas.json")
    assert all(type(e) is EdgeRow for e in loaded.parts.edges)
    assert loaded.edges() == validated.edges and loaded.document == validated
    assert list(loaded.out_edges(note)) == list(atlas.out_edges(note))
    assert loaded == atlas


def test_an_edges_evidence_order_does_not_follow_the_hash_seed() -> None:
    """Evidence ``sort_key`` leaves tied (file "" or None, line 0 or None, the confidence) is
    still in one order, whatever order a set gave it (hypothesis found the two orders)."""
    script = (
        "from noteatlas.schema import Edge, Evidence, EdgeKind, Method\n"
        "ev = [Evidence(file=f, line=l, method=Method.FRONT_MATTER, snippet='', confidence=c)"
        " for f in (None, '') for l in (None, 0) for c in (None, 0.0, 1.0)]\n"
        "for order in (ev, ev[::-1]):\n"
        "    edge = Edge(source='note:a.md', target='note:b.md', kind=EdgeKind.IS_A, evidence=order)\n"
        "    print(edge.model_dump_json())\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env=env, check=True)  # fmt: skip
        outputs.add(done.stdout)
    (out,) = outputs
    first, second = out.splitlines()
    assert first == second
