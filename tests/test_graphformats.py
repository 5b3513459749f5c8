"""GraphML, GEXF and atlas.json exports, and the exporter registry that writes them."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noteatlas.atlas import Atlas, load
from noteatlas.errors import ConfigError
from noteatlas.exporters import EXPORTERS, ExportOptions, export, export_warning
from noteatlas.exporters.graphformats import flatten_attrs, to_flat_graph, to_gexf, to_graphml
from noteatlas.schema import ConceptNode, Edge, EdgeKind, Evidence, Method, NoteNode
from noteatlas.schema.layout import OUTPUT_MARKER

FIXTURE = Path(__file__).parent / "fixtures" / "exporters" / "nlp_atlas.json"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load(FIXTURE)


def edge_kinds(graph: nx.MultiDiGraph) -> Counter[tuple[str, str, str]]:
    return Counter((u, v, d["kind"]) for u, v, d in graph.edges(data=True))


def atlas_kinds(atlas: Atlas) -> Counter[tuple[str, str, str]]:
    return Counter((e.source, e.target, e.kind.value) for e in atlas.edges())


def read_graphml(text: str) -> nx.MultiDiGraph:
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)


def read_gexf(text: str) -> nx.MultiDiGraph:
    return nx.read_gexf(io.BytesIO(text.encode("utf-8")))


def test_graphml_reads_back_with_every_node_and_typed_edge(atlas: Atlas) -> None:
    graph = read_graphml(to_graphml(atlas))
    assert isinstance(graph, nx.MultiDiGraph)
    assert set(graph.nodes) == {n.id for n in atlas.nodes()}
    assert graph.number_of_edges() == len(atlas.edges())
    assert edge_kinds(graph) == atlas_kinds(atlas)
    # Parallel edges of different kinds between one pair survive (defines + mentions).
    assert len(graph.get_edge_data("note:concepts/BERT.md", "concept:bert")) == 2


def test_graphml_edge_ids_are_unique_so_gephi_keeps_every_edge(atlas: Atlas) -> None:
    graph = read_graphml(to_graphml(atlas))
    keys = [k for _, _, k in graph.edges(keys=True)]
    assert len(keys) == len(set(keys)) == len(atlas.edges())


def test_gexf_reads_back_keyed_by_kind(atlas: Atlas) -> None:
    graph = read_gexf(to_gexf(atlas))
    assert graph.is_multigraph() and graph.is_directed()
    assert graph.number_of_nodes() == len(atlas.nodes())
    assert edge_kinds(graph) == atlas_kinds(atlas)
    assert set(graph["note:concepts/BERT.md"]["concept:bert"]) == {"defines", "mentions"}
    assert graph.nodes["concept:bert"]["label"] == "BERT"


def test_attributes_are_flat_scalars(atlas: Atlas) -> None:
    flat = to_flat_graph(atlas)
    for _, data in flat.nodes(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    for _, _, data in flat.edges(data=True):
        assert all(isinstance(v, str | int | float | bool) for v in data.values())
    bert = flat.nodes["concept:bert"]
    assert bert["aliases"] == "BERT模型; Bert"
    assert bert["year"] == 2018
    assert "title" not in flat.nodes["paper:acl:D14-1181"]  # None is dropped
    readme = flat.nodes["note:README.md"]
    assert readme["outline"].split("; ")[0] == "NLP 学习路线"
    chain = flat.get_edge_data("concept:one-hot", "concept:word2vec", "leads_to")
    assert chain["evidence"] == "02-NLP/词向量.md:22"
    assert chain["methods"] == "arrow_chain"


def test_flat_copy_leaves_the_atlas_graph_alone(atlas: Atlas) -> None:
    before = dict(atlas.graph.nodes["concept:bert"])
    to_graphml(atlas)
    to_gexf(atlas)
    assert atlas.graph.nodes["concept:bert"] == before
    assert isinstance(atlas.graph.nodes["concept:bert"]["data"], ConceptNode)
    assert all("edge_id" not in d for _, _, d in atlas.graph.edges(data=True))


def test_outputs_are_deterministic(atlas: Atlas) -> None:
    again = load(FIXTURE)
    assert to_graphml(atlas) == to_graphml(again)
    assert to_gexf(atlas) == to_gexf(again)
    assert "lastmodifieddate" not in to_gexf(atlas)


def test_flatten_joins_lists_and_drops_none() -> None:
    flat = flatten_attrs({"a": [1, "x", None], "b": None, "c": {"k": [1]}, "d": [], "e": True})
    assert flat == {"a": "1; x", "c": '{"k": [1]}', "e": True}


xml_hostile = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=xml_hostile, snippet=xml_hostile)
def test_any_text_survives_graphml_and_gexf(title: str, snippet: str) -> None:
    note = NoteNode(id="note:a.md", label=title, path="a.md", title=title)
    concept = ConceptNode(id="concept:x", label=title, name=title, aliases=[title, snippet])
    evidence = Evidence(file="a.md", line=3, method=Method.MENTION, snippet=snippet)
    edge = Edge(source=note.id, target=concept.id, kind=EdgeKind.MENTIONS, evidence=[evidence])
    small = Atlas.from_parts([note, concept], [edge], [], root=title)
    for graph in (read_graphml(to_graphml(small)), read_gexf(to_gexf(small))):
        assert graph.number_of_nodes() == 2
        assert edge_kinds(graph) == Counter({("note:a.md", "concept:x", "mentions"): 1})


# -- the registry ---------------------------------------------------------------------------------


def test_registry_names_and_files() -> None:
    assert list(EXPORTERS) == [
        "json", "explorer", "mindmap", "links", "report", "graphml", "gexf"
    ]  # fmt: skip
    assert EXPORTERS["links"].filenames == ("links.md", "links.json", "links.csv")
    assert EXPORTERS["mindmap"].filenames == ("mindmap.mm.md", "mindmap.html")


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_export_writes_the_files_it_names(atlas: Atlas, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "site" / "nested"
    written = export(atlas, fmt, out, ExportOptions(assets_dir=tmp_path / "no-assets"))
    assert [p.name for p in written] == list(EXPORTERS[fmt].filenames)
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    # ... and the marker that keeps an output folder out of any corpus it sits in.
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*EXPORTERS[fmt].filenames, OUTPUT_MARKER]
    )


def test_every_writer_has_one_shape() -> None:
    """``write_x(atlas, out, options) -> list[Path]``, each format module's own writer."""
    import inspect

    from noteatlas.exporters import explorer, graphformats, linkindex, mindmap, report

    writers = [
        graphformats.write_json, graphformats.write_graphml, graphformats.write_gexf,
        linkindex.write_links, mindmap.write_mindmap, explorer.write_explorer, report.write_report,
    ]  # fmt: skip
    for write in writers:
        sig = inspect.signature(write)
        assert list(sig.parameters) == ["atlas", "out", "options"], write.__name__
        assert sig.parameters["options"].default == ExportOptions(), write.__name__
        assert sig.return_annotation == "list[Path]", write.__name__
    registered = {e.write for e in EXPORTERS.values()}
    assert set(writers) - registered == {explorer.write_explorer}  # imported on first use


def test_report_is_written_through_the_registry(atlas: Atlas, tmp_path: Path) -> None:
    from noteatlas.exporters.report import to_report

    (path,) = export(atlas, "report", tmp_path, ExportOptions())
    assert path.read_text(encoding="utf-8") == to_report(atlas)


def test_json_export_loads_back_equal(atlas: Atlas, tmp_path: Path) -> None:
    path, index = export(atlas, "json", tmp_path, ExportOptions())
    assert index == path.with_suffix(".index")
    assert load(path) == atlas


def test_unknown_format_names_the_valid_ones(atlas: Atlas, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        export(atlas, "pdf", tmp_path, ExportOptions())
    assert "'pdf'" in err.value.message
    assert "graphml" in err.value.hint


def test_only_the_mindmap_warns_and_only_without_assets(tmp_path: Path) -> None:
    options = ExportOptions(assets_dir=tmp_path)
    assert export_warning("graphml", options) is None
    warning = export_warning("mindmap", options)
    assert warning is not None and "network" in warning and "make assets" in warning


def test_outputs_are_readable_like_any_file_the_user_writes(atlas: Atlas, tmp_path: Path) -> None:
    out = tmp_path / "site"
    for fmt in ("json", "graphml"):
        export(atlas, fmt, out, ExportOptions())
    for path in out.iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path
    kept = out / "atlas.json"
    kept.chmod(0o600)  # a mode the user chose stays
    export(atlas, "json", out, ExportOptions())
    assert kept.stat().st_mode & 0o777 == 0o600
    assert load(kept) == atlas
