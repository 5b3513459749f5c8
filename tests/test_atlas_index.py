"""atlas.json read through its index: the same answers as the atlas it was written from, and
never an answer from bytes the index was not written with."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.atlas import Atlas, StoredAtlas, load
from noteatlas.atlasfile import index_path, read_index
from noteatlas.config import Config
from noteatlas.query.format import format_concept
from noteatlas.schema import (
    ConceptNode,
    Edge,
    EdgeKind,
    Evidence,
    Method,
    NodeKind,
    NoteNode,
)
from noteatlas.schema.errors import InputError, NotFoundError

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def built() -> Atlas:
    return noteatlas.build(FIXTURES / "vault", Config(cache=False, jobs=1))


@pytest.fixture
def written(built: Atlas, tmp_path: Path) -> Path:
    path = tmp_path / "site" / "atlas.json"
    built.dump(path)
    return path


def same_answers(stored: Atlas, built: Atlas) -> None:
    """Every question the API answers gets the same answer from both."""
    assert stored.counts() == built.counts()
    assert stored.edge_counts() == built.edge_counts()
    assert stored.root == built.root
    assert stored.diagnostics == built.diagnostics
    for kind in NodeKind:
        assert stored.nodes(kind) == built.nodes(kind)
    for edge_kind in EdgeKind:
        assert stored.edges(edge_kind) == built.edges(edge_kind)
    for node in built.nodes():
        assert stored.get(node.id) == node
        assert stored.index.label(node.id) == built.index.label(node.id)
        for kind in (None, EdgeKind.MENTIONS, EdgeKind.LINKS_TO, EdgeKind.CITES):
            assert list(stored.out_edges(node.id, kind)) == list(built.out_edges(node.id, kind))
            assert list(stored.in_edges(node.id, kind)) == list(built.in_edges(node.id, kind))
    for concept in built.concepts():
        assert stored.concept(concept.name) == built.concept(concept.name)
        assert format_concept(stored.index, concept) == format_concept(built.index, concept)
        assert stored.neighbors(concept.id, 2) == built.neighbors(concept.id, 2)
    assert stored.path("word2vec", "BERT") == built.path("word2vec", "BERT")
    assert stored.timeline() == built.timeline()
    assert stored.search("bert") == built.search("bert")
    assert stored.nodes() == built.nodes() and stored.edges() == built.edges()


def test_load_reads_through_the_index_and_answers_alike(built: Atlas, written: Path) -> None:
    assert index_path(written).is_file()
    stored = load(written)
    assert isinstance(stored, StoredAtlas)
    same_answers(stored, built)
    assert stored == built  # the whole document, read and validated
    with pytest.raises(NotFoundError):
        stored.get("concept:no-such-thing")
    assert list(stored.out_edges("concept:no-such-thing")) == []


def test_a_question_reads_only_what_it_needs(built: Atlas, written: Path) -> None:
    stored = load(written)
    assert isinstance(stored, StoredAtlas)
    stored.concept("BERT")
    index = stored.index
    read = len(index._node_cache), len(index._edge_cache)  # type: ignore[attr-defined]
    assert read[0] < len(built.nodes()) and read[1] == 0


def test_a_copy_with_its_index_is_trusted_by_its_digest(built: Atlas, written: Path) -> None:
    """A copy has a new inode and ctime: the stamp differs, the SHA-256 still matches."""
    other = written.parent.parent / "copy"
    other.mkdir()
    shutil.copy(written, other / "atlas.json")
    shutil.copy(index_path(written), other / "atlas.index")
    stored = load(other / "atlas.json")
    assert isinstance(stored, StoredAtlas)
    assert stored == built


def test_a_same_size_edit_with_its_mtime_put_back_is_not_trusted(
    built: Atlas, written: Path
) -> None:
    before = written.stat()
    data = written.read_bytes()
    bert = b'"id": "concept:bert",\n      "label": "BERT"'
    assert data.count(bert) == 1
    edited = data.replace(bert, bert.replace(b'"BERT"', b'"PERT"'))
    assert len(edited) == len(data)
    with open(written, "r+b") as fh:  # in place: same inode, same size
        fh.write(edited)
    os.utime(written, ns=(before.st_atime_ns, before.st_mtime_ns))
    loaded = load(written)
    assert not isinstance(loaded, StoredAtlas)
    assert loaded.get("concept:bert").label == "PERT"


def test_wrong_types_are_refused(written: Path) -> None:
    text = written.read_text(encoding="utf-8")
    assert '"line": 1,' in text
    written.write_text(text.replace('"line": 1,', '"line": "one",', 1), encoding="utf-8")
    with pytest.raises(InputError, match="not a valid atlas document"):
        load(written)


def test_a_dangling_edge_is_never_trusted(built: Atlas, written: Path) -> None:
    """Whatever the full load says of an edge to no node (issue 16 refuses it), the index is
    not used for it."""
    text = written.read_text(encoding="utf-8")
    target = '"target": "concept:bert"'
    assert target in text
    written.write_text(text.replace(target, '"target": "concept:nowhere"', 1), encoding="utf-8")
    try:
        loaded = load(written)
    except InputError:
        return
    assert not isinstance(loaded, StoredAtlas)
    assert any(e.target == "concept:nowhere" for e in loaded.edges())


def test_a_damaged_or_foreign_index_is_ignored(built: Atlas, written: Path, tmp_path: Path) -> None:
    index = index_path(written)
    data = bytearray(index.read_bytes())
    data[-1] ^= 0xFF
    index.write_bytes(bytes(data))
    assert read_index(index) is None
    loaded = load(written)
    assert not isinstance(loaded, StoredAtlas) and loaded == built

    other = Atlas.from_parts(built.nodes()[:3], [], [], root="other")
    other.dump(tmp_path / "other.json")
    shutil.copy(tmp_path / "other.index", index)
    loaded = load(written)
    assert not isinstance(loaded, StoredAtlas) and loaded == built


def test_an_atlas_with_an_edge_to_no_node_gets_no_index(written: Path) -> None:
    node = ConceptNode(id="concept:a", label="A", name="A")
    edge = Edge(source="concept:a", target="concept:gone", kind=EdgeKind.USES)
    assert index_path(written).is_file()
    Atlas.from_parts([node], [edge], []).dump(written)  # also removes the stale index
    assert not index_path(written).exists()
    with pytest.raises(InputError, match="no node 'concept:gone'"):  # issue 16: refused, said
        load(written)
    assert not index_path(written).exists()


def test_a_loaded_atlas_keeps_reading_the_file_it_opened(built: Atlas, written: Path) -> None:
    """A rebuild replaces atlas.json (``serve`` does, every save): an atlas loaded before keeps
    answering from the file it was loaded from."""
    stored = load(written)
    assert isinstance(stored, StoredAtlas)
    Atlas.from_parts(built.nodes()[:3], [], [], root="other").dump(written)
    same_answers(stored, built)


text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=30, deadline=None)
@given(
    titles=st.lists(text, min_size=1, max_size=5),
    links=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), text), max_size=8),
)
def test_any_small_atlas_reads_back_alike(
    tmp_path_factory: pytest.TempPathFactory, titles: list[str], links: list[tuple[int, int, str]]
) -> None:
    nodes = [
        NoteNode(id=f"note:{i}.md", label=t, path=f"{i}.md", title=t) for i, t in enumerate(titles)
    ]
    edges = {
        (a, b): Edge(
            source=f"note:{a}.md",
            target=f"note:{b}.md",
            kind=EdgeKind.LINKS_TO,
            evidence=[Evidence(file=f"{a}.md", line=1, method=Method.REFERENCE, snippet=s)],
        )
        for a, b, s in links
        if a < len(titles) and b < len(titles)
    }
    atlas = Atlas.from_parts(nodes, edges.values(), [])
    path = tmp_path_factory.mktemp("atlas") / "atlas.json"
    atlas.dump(path)
    stored = load(path)
    assert isinstance(stored, StoredAtlas)
    for node in nodes:
        assert stored.get(node.id) == node
        assert list(stored.out_edges(node.id)) == list(atlas.out_edges(node.id))
        assert list(stored.in_edges(node.id)) == list(atlas.in_edges(node.id))
    assert stored == atlas


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.sampled_from([EdgeKind.MENTIONS, EdgeKind.LINKS_TO, EdgeKind.CITES]),
            st.integers(0, 4),
        ),
        unique=True,
        max_size=30,
    )
)
def test_edges_at_a_node_come_in_networkx_order(triples: list[tuple[int, EdgeKind, int]]) -> None:
    """The index's adjacency (positions sorted by node) gives a node's edges in the order a
    networkx MultiDiGraph of the same edge list does, sorted or not."""
    import networkx as nx

    from noteatlas.query.index import AtlasIndex

    edges = [Edge.sorted_parts(f"n{s}", kind, f"n{t}", []) for s, kind, t in triples]
    index = AtlasIndex([], edges)
    graph = nx.MultiDiGraph()
    for edge in edges:
        graph.add_edge(edge.source, edge.target, key=edge.kind, data=edge)
    for n in range(5):
        node = f"n{n}"
        present = node in graph
        out = [d["data"] for *_, d in graph.out_edges(node, data=True)] if present else []
        into = [d["data"] for *_, d in graph.in_edges(node, data=True)] if present else []
        assert list(index.out_edges(node)) == out
        assert list(index.in_edges(node)) == into
        assert list(index.out_edges(node, EdgeKind.CITES)) == [
            e for e in out if e.kind is EdgeKind.CITES
        ]
