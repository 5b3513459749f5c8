"""atlas.json written in pieces is byte for byte the document's one-shot JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.atlas import Atlas, load
from noteatlas.config import Config
from noteatlas.schema import (
    AtlasDocument,
    Diagnostic,
    Edge,
    EdgeKind,
    Evidence,
    Method,
    NoteNode,
    Severity,
)

FIXTURES = Path(__file__).parent / "fixtures"


def one_shot(document: AtlasDocument) -> bytes:
    return document.model_dump_json(indent=2).encode("utf-8") + b"\n"


@pytest.mark.parametrize("batch", [1, 2, 7, 500])
def test_pieces_join_into_the_one_shot_json(batch: int) -> None:
    atlas = noteatlas.build(FIXTURES / "vault", Config(cache=False, jobs=1))
    document = atlas.document
    assert len(document.edges) > batch
    assert b"".join(document.iter_json_bytes(batch=batch)) == one_shot(document)
    assert document.to_json().encode("utf-8") == one_shot(document)


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20
)  # any character but lone surrogates, which UTF-8 cannot hold


@settings(max_examples=40, deadline=None)
@given(
    root=text,
    titles=st.lists(text, max_size=4),
    snippets=st.lists(text, max_size=4),
    messages=st.lists(text, max_size=3),
    batch=st.integers(1, 3),
)
def test_any_strings_give_the_same_bytes(
    root: str, titles: list[str], snippets: list[str], messages: list[str], batch: int
) -> None:
    nodes = [
        NoteNode(id=f"note:{i}.md", label=t, path=f"{i}.md", title=t) for i, t in enumerate(titles)
    ]
    edges = [
        Edge(
            source="note:0.md",
            target=f"note:{i}.md",
            kind=EdgeKind.LINKS_TO,
            evidence=[Evidence(file="0.md", line=i + 1, method=Method.REFERENCE, snippet=s)],
        )
        for i, s in enumerate(snippets)
    ]
    diagnostics = [
        Diagnostic(severity=Severity.INFO, code="x", file="0.md", line=1, message=m, hint=m)
        for m in messages
    ]
    document = Atlas.from_parts(nodes, edges, diagnostics, root=root).document
    assert b"".join(document.iter_json_bytes(batch=batch)) == one_shot(document)


def test_dump_and_load_round_trip(tmp_path: Path) -> None:
    atlas = noteatlas.build(FIXTURES / "vault", Config(cache=False, jobs=1))
    atlas.dump(tmp_path / "atlas.json")
    assert (tmp_path / "atlas.json").read_bytes() == one_shot(atlas.document)
    assert load(tmp_path / "atlas.json") == atlas
