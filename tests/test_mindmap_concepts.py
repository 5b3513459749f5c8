"""The concept map (the default mind map): eras, kinds, taxonomy, relations, and its fallbacks."""

from __future__ import annotations

import io
import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import noteatlas
from noteatlas.atlas import Atlas, load
from noteatlas.cli import main
from noteatlas.config import Config
from noteatlas.exporters import EXPORTERS, ExportOptions
from noteatlas.exporters.mindmap import page_maps, to_mindmap, write_mindmap
from noteatlas.exporters.mindmap_concepts import (
    KIND_GROUPS_OVER,
    MAX_ERAS,
    concept_tree,
    eras,
)
from noteatlas.exporters.mindmap_nodes import MindNode
from noteatlas.exporters.mindmap_render import (
    FIRST_VIEW_HEIGHT,
    count_nodes,
    first_view_level,
    markmap_options,
)
from noteatlas.exporters.mindmap_tree import DEFAULT_MODE, MODES, build_map
from noteatlas.schema import ConceptKind, ConceptNode, Edge, EdgeKind, NoteNode

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "exporters" / "nlp_atlas.json"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load(FIXTURE)


def child(node: MindNode, text: str) -> MindNode:
    return next(c for c in node.children if c.text == text)


def texts(node: MindNode) -> list[str]:
    return [c.text for c in node.children]


def walk(node: MindNode) -> list[MindNode]:
    return [node, *(n for c in node.children for n in walk(c))]


def concept(
    cid: str, kind: ConceptKind = ConceptKind.CONCEPT, year: int | None = None
) -> ConceptNode:
    return ConceptNode(id=f"concept:{cid}", label=cid, name=cid, concept_kind=kind, year=year)


def rel(a: str, kind: EdgeKind, b: str) -> Edge:
    return Edge(source=f"concept:{a}", target=f"concept:{b}", kind=kind)


# -- the default -----------------------------------------------------------------------------------


def test_the_concept_map_is_the_default_everywhere() -> None:
    assert DEFAULT_MODE == MODES[0] == "concepts"
    assert ExportOptions().mindmap_mode == "concepts"
    assert to_mindmap.__defaults__ == ("concepts", None)
    assert write_mindmap.__defaults__ == (ExportOptions(),)
    assert "mindmap" in EXPORTERS


def test_build_draws_the_concept_map_first_with_the_outline_a_click_away(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["build", str(FIXTURES / "vault"), "-o", str(out), "-q", "--no-build-cache"]) == 0
    page = (out / "mindmap.html").read_text(encoding="utf-8")
    raw = re.search(r'id="mindmap-data">(.*?)</script>', page, re.S)
    assert raw is not None
    maps = json.loads(raw.group(1))["maps"]
    assert [m["mode"] for m in maps] == ["concepts", "outline"]
    assert maps[0]["root"]["content"].endswith('<span class="na-meta">concepts</span>')
    markdown = (out / "mindmap.mm.md").read_text(encoding="utf-8")
    assert "# vault · concepts" in markdown


def test_cli_help_says_which_map_is_the_default() -> None:
    for command in ("build", "export"):
        out = io.StringIO()
        assert main([command, "--help"], out=out) == 0
        help_text = " ".join(out.getvalue().split())
        assert "{concepts,outline,lineage,year}" in help_text
        assert "default: concepts" in help_text


def test_outline_mode_keeps_working_and_offers_the_concepts(atlas: Atlas) -> None:
    maps = page_maps(atlas, "outline")
    assert [m.mode for m in maps] == ["outline", "concepts"]
    lineage = page_maps(atlas, "lineage", "BERT")
    assert [m.mode for m in lineage] == ["lineage", "concepts", "outline"]
    assert [m.mode for m in page_maps(atlas, "year")] == ["year", "concepts", "outline"]


# -- the tree --------------------------------------------------------------------------------------


def test_concepts_are_grouped_by_era_with_the_undated_last(atlas: Atlas) -> None:
    tree = to_mindmap(atlas, "concepts")
    assert (tree.text, tree.detail) == ("nlp-notes", "concepts")
    assert texts(tree) == ["1997–2019", "undated"]
    era = child(tree, "1997–2019")
    assert era.detail.startswith("10 concepts · ")
    names = texts(era)
    assert names.index("BiRNN") < names.index("word2vec") < names.index("BERT")  # by year
    assert texts(child(tree, "undated")) == ["one-hot", "polysemy", "static embedding"]


def test_each_concept_lists_its_paper_and_related_concepts(atlas: Atlas) -> None:
    bert = child(child(to_mindmap(atlas, "concepts"), "1997–2019"), "BERT")
    assert bert.detail == "model · 2018"
    assert bert.children[0].text.startswith("BERT: Pre-training")
    assert bert.children[0].href == "https://arxiv.org/abs/1810.04805"
    related = {c.text: c.detail for c in bert.children[1:]}
    assert related["Transformer"] == "based on · 2017"
    assert related["LSTM"] == "needs · 1997"  # LSTM prerequisite_of BERT
    assert related["RoBERTa"] == "improved by · 2019"
    assert related["ELMo"].startswith("improves on")


def test_concepts_link_to_the_note_that_defines_them(atlas: Atlas) -> None:
    tree = to_mindmap(atlas, "concepts", note_base="../notes/")
    hrefs = {n.text: n.href for n in walk(tree) if n.href and not n.href.startswith("http")}
    assert hrefs == {"BERT": "../notes/concepts/BERT.md"}
    assert all(n.href is None or n.href.startswith("http") for n in walk(to_mindmap(atlas)))


def test_taxonomy_nests_concepts_of_one_group_under_their_parent() -> None:
    concepts = [
        concept("network", ConceptKind.ARCHITECTURE, 1990),
        concept("cnn", ConceptKind.ARCHITECTURE, 1995),
        concept("lenet", ConceptKind.ARCHITECTURE, 1998),
        concept("pooling", ConceptKind.TECHNIQUE, 1995),
        concept("later", ConceptKind.ARCHITECTURE, None),
    ]
    edges = [
        rel("cnn", EdgeKind.IS_A, "network"),
        rel("lenet", EdgeKind.IS_A, "cnn"),
        rel("pooling", EdgeKind.PART_OF, "cnn"),
        rel("later", EdgeKind.IS_A, "cnn"),  # another group (undated): a relation, not nested
    ]
    tree = concept_tree(Atlas.from_parts(concepts, edges, []))
    assert tree is not None
    era = tree.children[0]
    assert texts(era) == ["network"]  # cnn, lenet and pooling hang under it
    cnn = child(child(era, "network"), "cnn")
    assert texts(cnn)[:2] == ["pooling", "lenet"]  # by year
    assert ("later", "kind") in [(c.text, c.detail) for c in cnn.children]
    lenet = child(cnn, "lenet")
    assert "cnn" not in texts(lenet)  # its parent is not repeated as a relation


def test_a_taxonomy_cycle_never_loops() -> None:
    concepts = [concept(x, year=2000) for x in "abc"]
    edges = [
        rel("a", EdgeKind.IS_A, "b"),
        rel("b", EdgeKind.IS_A, "c"),
        rel("c", EdgeKind.IS_A, "a"),
        rel("a", EdgeKind.PART_OF, "a"),
    ]
    tree = concept_tree(Atlas.from_parts(concepts, edges, []))
    assert tree is not None
    names = [n.text for n in walk(tree)]
    assert sorted(set(names) & {"a", "b", "c"}) == ["a", "b", "c"]
    assert count_nodes(tree) < 15


def test_a_big_era_is_split_by_kind() -> None:
    kinds = [ConceptKind.MODEL, ConceptKind.PROBLEM, ConceptKind.TECHNIQUE]
    concepts = [concept(f"c{i}", kinds[i % 3], 2015) for i in range(KIND_GROUPS_OVER + 3)]
    tree = concept_tree(Atlas.from_parts(concepts, [], []))
    assert tree is not None
    era = tree.children[0]
    assert texts(era) == ["models", "techniques", "problems"]
    assert child(era, "models").detail == "5"
    assert all(c.detail == "2015" for c in child(era, "models").children)  # kind said above


def test_few_dated_concepts_group_by_kind_alone() -> None:
    concepts = [concept("a", ConceptKind.MODEL, 2018)] + [
        concept(x, ConceptKind.PROBLEM if x in "bc" else ConceptKind.TECHNIQUE) for x in "bcdef"
    ]
    tree = concept_tree(Atlas.from_parts(concepts, [], []))
    assert tree is not None
    assert tree.detail == "concepts by kind"
    assert texts(tree) == ["models", "techniques", "problems"]


def test_without_concepts_the_outline_stands_in_and_says_why() -> None:
    note = NoteNode(id="note:a.md", label="a", path="a.md", title="A note")
    atlas = Atlas.from_parts([note, concept("x")], [], [])
    chosen = build_map(atlas, "concepts")
    assert chosen.mode == "outline" and "fewer than 3 concepts" in chosen.notice
    assert chosen.tree.text == atlas.document.root or chosen.tree.detail == "outline"
    assert [m.mode for m in page_maps(atlas, "concepts")] == ["outline"]


def test_a_corpus_without_the_builtin_vocabulary_still_gets_a_concept_map() -> None:
    plain = noteatlas.build(FIXTURES / "vault", Config(builtin_vocabulary=False, cache=False))
    chosen = build_map(plain, "concepts")
    assert chosen.mode == "concepts" and not chosen.notice
    shown = {n.text for n in walk(chosen.tree)}
    assert {"BERT", "ELMo", "word2vec"} <= shown


# -- eras ------------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1900, 2030), max_size=300))
def test_eras_cover_every_year_once_in_order(years: list[int]) -> None:
    spans = eras(years)
    assert len(spans) <= MAX_ERAS
    if not years:
        assert spans == []
        return
    assert spans[0][0] == min(years) and spans[-1][1] == max(years)
    for (a, b), (c, d) in pairwise(spans):
        assert a <= b < c <= d
    for year in years:
        assert sum(a <= year <= b for a, b in spans) == 1
    for a, b in spans:
        assert any(a <= y <= b for y in years)  # no empty era


def test_eras_hold_similar_numbers_of_concepts() -> None:
    years = [1950] * 5 + list(range(1980, 2012)) + [2013] * 20 + [2017] * 25 + [2020] * 10
    spans = eras(years)
    sizes = [sum(a <= y <= b for y in years) for a, b in spans]
    # Six wanted (92 / ERA_SIZE); a year is never split, so 25 concepts of 2017 make one era.
    assert 5 <= len(spans) <= 6
    assert max(sizes) == 25 and min(sizes) >= 10


# -- the first view --------------------------------------------------------------------------------


def test_first_view_opens_two_or_three_levels_that_fit(atlas: Atlas) -> None:
    wide = MindNode(
        "r", children=tuple(MindNode(str(i), children=(MindNode("x"),)) for i in range(40))
    )
    assert first_view_level(wide) == 2
    small = MindNode(
        "r", children=tuple(MindNode(str(i), children=(MindNode("x"),)) for i in range(5))
    )
    assert first_view_level(small) == 3
    deep = MindNode(
        "r", children=(MindNode("a", children=(MindNode("b", children=(MindNode("c"),)),)),)
    )
    assert first_view_level(deep) == 3  # never more than three
    # Texts that wrap take more room: 20 short rows fit, 20 rows of three lines do not.
    long = "很长的标题" * 8
    short = MindNode(
        "r", children=tuple(MindNode(f"{i}", children=(MindNode("x"),) * 4) for i in range(5))
    )
    assert first_view_level(short) == 3
    tall = MindNode(
        "r", children=tuple(MindNode(f"{i}", children=(MindNode(long),) * 4) for i in range(5))
    )
    assert first_view_level(tall) == 2
    # Two branches alone say little: a level more may take up to two windows, not three.
    two = MindNode("r", children=(MindNode("a", children=(MindNode(long),) * 10),) * 2)
    assert first_view_level(two) == 3
    three = MindNode("r", children=(MindNode("a", children=(MindNode(long),) * 20),) * 2)
    assert first_view_level(three) == 2
    for mode, root in (("concepts", None), ("outline", None), ("lineage", "BERT")):
        tree = to_mindmap(atlas, mode, root)
        options = markmap_options(mode, tree)
        level = options["initialExpandLevel"]
        assert level == first_view_level(tree, options) and 2 <= level <= 3
    assert FIRST_VIEW_HEIGHT >= 600


def test_the_written_map_opens_with_the_first_view_level(atlas: Atlas, tmp_path: Path) -> None:
    write_mindmap(atlas, tmp_path, ExportOptions(assets_dir=tmp_path))
    markdown = (tmp_path / "mindmap.mm.md").read_text(encoding="utf-8")
    level = first_view_level(to_mindmap(atlas))
    assert f"  initialExpandLevel: {level}\n" in markdown
    page = (tmp_path / "mindmap.html").read_text(encoding="utf-8")
    raw = re.search(r'id="mindmap-data">(.*?)</script>', page, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert [m["options"]["initialExpandLevel"] for m in data["maps"]] == [
        first_view_level(to_mindmap(atlas, m["mode"])) for m in data["maps"]
    ]
    assert data["view"]["minScale"] >= 1  # 15 px text is never drawn smaller
