"""The explorer in a real browser (Debian's chromium through Playwright), offline."""

from __future__ import annotations

import math
import random
import shutil
from itertools import pairwise
from pathlib import Path
from typing import Any

import browser
import networkx as nx
import pytest
from browser import PageWatch
from fixtures.explorer.make_atlas import (
    BERT_NOTE,
    IMG_SUMMARY,
    LINK_STATUS,
    SCRIPT_TITLE,
    lineage_atlas,
)

from noteatlas import build
from noteatlas.atlas import Atlas
from noteatlas.errors import NotFoundError
from noteatlas.exporters.explorer import write_explorer
from noteatlas.exporters.explorer_data import (
    default_visible,
    default_visible_edges,
    standing_of,
    timeline_dates,
)
from noteatlas.exporters.options import ExportOptions
from noteatlas.schema import (
    RELATION_KINDS,
    AtlasDocument,
    ConceptNode,
    Edge,
    EdgeKind,
    Evidence,
    Method,
    PaperNode,
)

PATH_COLOUR = "#f59e0b"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return lineage_atlas()


@pytest.fixture(scope="module")
def explorer_file(atlas: Atlas, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "explorer.html"
    write_explorer(
        atlas, out.parent, ExportOptions(link_status=LINK_STATUS, note_base="../content")
    )
    return out


def open_explorer(watch: PageWatch, path: Path) -> Any:
    watch.goto(path)
    watch.page.wait_for_function("window.noteatlasReady === true", timeout=30_000)
    return watch.page


def drawn(page: Any) -> int:
    return int(page.text_content("#count-nodes"))


def test_loads_offline_and_draws_the_default_view(
    chromium_page: PageWatch, explorer_file: Path, atlas: Atlas
) -> None:
    page = open_explorer(chromium_page, explorer_file)
    expected = set(default_visible(atlas.document))
    assert drawn(page) == len(expected)
    # few enough to be drawn one by one: no bins
    assert page.evaluate("noteatlas.network.body.nodeIndices.length") == len(expected)
    assert set(page.evaluate("noteatlas.drawnNodes()")) == expected
    assert page.evaluate("noteatlas.bins()") == []
    assert int(page.text_content("#total-nodes")) == len(atlas.nodes())
    assert set(page.evaluate("noteatlas.visibleNodes()")) == expected
    assert page.evaluate("noteatlas.layout()") == "timeline"
    chromium_page.assert_clean()


def test_search_focuses_bert(chromium_page: PageWatch, explorer_file: Path) -> None:
    page = open_explorer(chromium_page, explorer_file)
    page.click("#search")
    page.keyboard.type("Bert")
    first = page.locator("#suggestions li").first
    assert first.locator(".name").text_content() == "BERT"
    page.keyboard.press("Enter")
    assert page.evaluate("noteatlas.selected()") == "concept:bert"
    assert page.evaluate("noteatlas.network.getSelectedNodes()") == ["concept:bert"]
    assert page.text_content("#details-body h2") == "BERT"
    # Chinese aliases find it too.
    page.fill("#search", "BERT模型")
    assert page.locator("#suggestions li .name").first.text_content() == "BERT"
    chromium_page.assert_clean()


def test_clicking_bert_shows_year_and_paper(chromium_page: PageWatch, explorer_file: Path) -> None:
    page = open_explorer(chromium_page, explorer_file)
    page.evaluate(
        "noteatlas.network.moveTo({position: noteatlas.network.getPositions(['concept:bert'])['concept:bert'], scale: 1})"
    )
    page.wait_for_timeout(100)
    spot = page.evaluate(
        "(() => { const p = noteatlas.network.getPositions(['concept:bert'])['concept:bert'];"
        " return noteatlas.network.canvasToDOM(p); })()"
    )
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    assert page.evaluate("noteatlas.selected()") == "concept:bert"
    details = page.locator("#details-body")
    assert details.locator(".badge.year").text_content() == "2018"
    assert "year from paper:arxiv:1810.04805" in details.text_content()
    assert "BERT: Pre-training of Deep Bidirectional Transformers" in details.text_content()
    links = details.locator("a[href='https://arxiv.org/abs/1810.04805']")
    assert links.count() == 1
    assert "ok" in links.first.locator("xpath=..").text_content()
    note = details.locator("a", has_text="03-LLM/BERT 核心#解析.md")
    assert note.get_attribute("href") == "../content/03-LLM/BERT%20核心%23解析.md"
    assert ":5" in note.locator("xpath=..").text_content()
    external = details.locator("a[href='https://github.com/google-research/bert']")
    assert external.count() == 0  # cited by a note, not by BERT itself
    chromium_page.assert_clean()


def test_the_details_card_links_notes_through_the_link_base(
    chromium_page: PageWatch, atlas: Atlas, tmp_path: Path
) -> None:
    """``--link-base`` reaches the card: the note's link is the published one (an obsidian: URI
    whose vault name holds ``&`` and ``<``, percent-encoded), an attribute, never markup."""
    from urllib.parse import quote

    base = "obsidian://open?vault=A%26B%3Cnotes%3E&file="
    write_explorer(atlas, tmp_path, ExportOptions(note_base="../content", link_base=base))
    page = open_explorer(chromium_page, tmp_path / "explorer.html")
    page.evaluate("noteatlas.select('concept:bert')")
    note = page.locator("#details-body a", has_text="03-LLM/BERT 核心#解析.md")
    assert note.get_attribute("href") == base + quote("03-LLM/BERT 核心#解析.md", safe="")
    chromium_page.assert_clean()


def test_filters_hide(chromium_page: PageWatch, explorer_file: Path, atlas: Atlas) -> None:
    page = open_explorer(chromium_page, explorer_file)
    before = drawn(page)
    papers = len(atlas.papers())
    page.uncheck("#kind-paper")
    assert drawn(page) == before - papers
    assert not any(i.startswith("paper:") for i in page.evaluate("noteatlas.visibleNodes()"))
    page.check("#kind-paper")
    assert drawn(page) == before

    # weak edges are off until ticked
    leads_to = [
        e
        for e in page.evaluate("noteatlas.visibleEdges().map(noteatlas.edge)")
        if e["kind"] == "leads_to"
    ]
    assert leads_to == []
    page.check("#edge-leads_to")
    kinds = {e["kind"] for e in page.evaluate("noteatlas.visibleEdges().map(noteatlas.edge)")}
    assert "leads_to" in kinds
    page.uncheck("#edge-leads_to")

    # orphans: one-hot has only a weak edge, so it goes
    page.check("#hide-orphans")
    assert "concept:one-hot" not in page.evaluate("noteatlas.visibleNodes()")
    page.uncheck("#hide-orphans")

    # tags: BERT is defined by a note tagged nlp, and its paper introduces it
    page.check("#filter-tags input >> nth=0")
    assert set(page.evaluate("noteatlas.visibleNodes()")) == {
        "concept:bert",
        "paper:arxiv:1810.04805",
        "note:02-NLP/词向量.md",
        "note:" + BERT_NOTE,
    }
    page.uncheck("#filter-tags input >> nth=0")
    assert drawn(page) == before

    # year range: from 2017 on, and then without the undated (notes sit where they are dated)
    page.eval_on_selector(
        "#year-from", "el => { el.value = '2017'; el.dispatchEvent(new Event('input')); }"
    )
    years = timeline_years(atlas)
    shown = page.evaluate("noteatlas.visibleNodes()")
    assert all(years[i] is None or years[i] >= 2017 for i in shown)
    assert "concept:polysemy" in shown
    page.uncheck("#show-undated")
    shown = page.evaluate("noteatlas.visibleNodes()")
    assert shown and all(years[i] is not None and years[i] >= 2017 for i in shown)
    chromium_page.assert_clean()


def timeline_years(atlas: Atlas) -> dict[str, int | None]:
    """Each node's year on the timeline: its own, or its date (notes, papers) as exported."""
    nodes, _ = standing_of(atlas.document)
    dates = timeline_dates(nodes, atlas.document.edges)
    return {n.id: dates[n.id].year if n.id in dates else getattr(n, "year", None) for n in nodes}


def test_neighbourhood_depth(chromium_page: PageWatch, explorer_file: Path) -> None:
    page = open_explorer(chromium_page, explorer_file)
    page.evaluate("noteatlas.select('concept:polysemy')")
    page.select_option("#depth", "1")
    # the notes say the static embedding has it and ELMo addresses it; only the vocabulary
    # knows BiRNN, and that it addresses it
    notes_only = set(page.evaluate("noteatlas.visibleNodes()"))
    assert notes_only == {"concept:polysemy", "concept:static-embedding", "concept:elmo"}
    page.check("#show-vocabulary")
    page.check("#show-unmentioned")
    one = set(page.evaluate("noteatlas.visibleNodes()"))
    assert one == {"concept:polysemy", "concept:static-embedding", "concept:birnn", "concept:elmo"}
    page.select_option("#depth", "2")
    two = set(page.evaluate("noteatlas.visibleNodes()"))
    assert one < two and "concept:word2vec" in two and "concept:gpt-3" not in two
    chromium_page.assert_clean()


def test_path_word2vec_to_bert(chromium_page: PageWatch, explorer_file: Path, atlas: Atlas) -> None:
    page = open_explorer(chromium_page, explorer_file)
    page.fill("#path-from", "word2vec")
    page.fill("#path-to", "BERT")
    page.click("#path-go")
    marked = page.evaluate("noteatlas.highlighted()")
    steps = [page.evaluate("id => noteatlas.edge(id)", e) for e in marked["edges"]]
    # typed steps only, although a weak co_mentioned edge joins the two directly
    assert all(s["kind"] in {k.value for k in RELATION_KINDS} for s in steps)
    typed = nx.Graph()
    typed.add_edges_from((e.source, e.target) for e in atlas.edges() if e.kind in RELATION_KINDS)
    assert len(steps) == nx.shortest_path_length(typed, "concept:word2vec", "concept:bert")
    # the steps chain word2vec to BERT
    at = "concept:word2vec"
    for s in steps:
        assert at in (s["from"], s["to"])
        at = s["to"] if s["from"] == at else s["from"]
    assert at == "concept:bert"
    assert marked["nodes"][0] == "concept:word2vec" and marked["nodes"][-1] == "concept:bert"
    # marked on the canvas and listed in the panel
    for e in marked["edges"]:
        assert page.evaluate("id => noteatlas.edgeItem(id).color.color", e) == PATH_COLOUR
    assert set(marked["edges"]) <= set(page.evaluate("noteatlas.visibleEdges()"))
    listed = page.eval_on_selector_all(
        "#path-steps li[data-edge]", "els => els.map(e => e.dataset.edge)"
    )
    assert listed == marked["edges"]
    # clearing restores the edges
    page.click("#path-clear")
    assert page.evaluate("noteatlas.highlighted()") == {"nodes": [], "edges": []}
    assert (
        page.evaluate("id => noteatlas.edgeItem(id).color.color", marked["edges"][0]) != PATH_COLOUR
    )
    chromium_page.assert_clean()


def test_path_falls_back_to_derived_edges(chromium_page: PageWatch, explorer_file: Path) -> None:
    page = open_explorer(chromium_page, explorer_file)
    steps = page.evaluate("noteatlas.path('one-hot', 'word2vec')")
    assert [s["kind"] for s in steps] == ["leads_to"]
    assert steps[0]["edge"] in page.evaluate("noteatlas.visibleEdges()")  # shown although weak
    assert page.evaluate("noteatlas.path('word2vec', 'no such thing')") is None
    assert "No concept named no such thing" in page.text_content("#details-body")
    chromium_page.assert_clean()


def test_hostile_text_renders_as_text(chromium_page: PageWatch, explorer_file: Path) -> None:
    page = open_explorer(chromium_page, explorer_file)
    page.evaluate("noteatlas.select('note:特殊/xss.md')")
    assert page.text_content("#details-body h2") == SCRIPT_TITLE
    assert page.locator("#details-body a", has_text="click me").count() == 0
    assert page.locator("#details-body span.unsafe", has_text="click me").count() == 1
    page.evaluate("noteatlas.select('concept:static-embedding')")
    assert IMG_SUMMARY in page.text_content("#details-body")
    page.fill("#search", "<script>")
    assert page.locator("#suggestions li .name").first.text_content() == SCRIPT_TITLE
    page.evaluate("noteatlas.select('url:javascript:alert(1)')")
    page.evaluate("noteatlas.select('url:data:text/html,<script>alert(2)</script>')")
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("script:not([type])").count() == 2
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs and not [
        h for h in hrefs if h.lower().lstrip().startswith(("javascript:", "data:"))
    ]
    page.wait_for_timeout(200)
    assert chromium_page.dialogs == []
    chromium_page.assert_clean()


def test_timeline_spreads_nodes(
    chromium_page: PageWatch, explorer_file: Path, atlas: Atlas
) -> None:
    page = open_explorer(chromium_page, explorer_file)
    for kind in ("note", "resource", "asset", "tag"):
        page.check(f"#kind-{kind}")
    page.check("#show-unmentioned")
    positions = page.evaluate("noteatlas.network.getPositions()")
    assert len(positions) == len(atlas.nodes())
    sizes = page.evaluate(
        "Object.fromEntries(noteatlas.visibleNodes().map("
        "id => [id, noteatlas.network.body.nodes[id].options.size]))"
    )
    points = [(positions[i]["x"], positions[i]["y"], sizes[i]) for i in positions]
    # no two nodes overlap
    for n, (x1, y1, r1) in enumerate(points):
        for x2, y2, r2 in points[n + 1 :]:
            assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2 + 4
    # x follows the year; the axis knows the years and the undated lane
    dated = sorted((n.year, positions[n.id]["x"]) for n in atlas.concepts() if n.year is not None)
    assert all(x1 < x2 for (y1, x1), (y2, x2) in pairwise(dated) if y1 < y2)
    geo = page.evaluate("noteatlas.timeline()")
    years = timeline_years(atlas)
    assert [c["year"] for c in geo["cols"]] == sorted({y for y in years.values() if y})
    assert geo["undated"] is not None
    assert [lane["key"] for lane in geo["lanes"]] == [
        "model",
        "concept",
        "problem",
        "paper",
        "note",
        "other",
    ]
    page.click("#layout-free")
    assert page.evaluate("noteatlas.layout()") == "free"
    assert drawn(page) == len(atlas.nodes())
    page.click("#layout-timeline")
    chromium_page.assert_clean()


def test_default_edges_are_typed_relations_between_drawn_nodes(
    chromium_page: PageWatch, explorer_file: Path, atlas: Atlas
) -> None:
    page = open_explorer(chromium_page, explorer_file)
    expected = {f"e{i}" for i in default_visible_edges(atlas.document)}
    assert set(page.evaluate("noteatlas.visibleEdges()")) == expected
    assert int(page.text_content("#count-edges")) == len(expected)
    page.check("#kind-note")
    page.check("#edge-mentions")  # document kinds are one tick away
    kinds = {e["kind"] for e in page.evaluate("noteatlas.visibleEdges().map(noteatlas.edge)")}
    assert "mentions" in kinds
    chromium_page.assert_clean()


def screen_box(page: Any) -> dict[str, float]:
    """The fitted timeline's corners on screen, and the canvas size."""
    return dict(
        page.evaluate(
            "(() => { const g = noteatlas.timeline(); const n = noteatlas.network;"
            " const a = n.canvasToDOM({x: g.x0, y: g.y0}); const b = n.canvasToDOM({x: g.x1, y: g.y1});"
            " const el = document.getElementById('network');"
            " return {x0: a.x, y0: a.y, x1: b.x, y1: b.y, w: el.clientWidth, h: el.clientHeight}; })()"
        )
    )


@pytest.mark.parametrize("viewport", [(1600, 1000), (1280, 800), (1000, 1100)])
def test_first_view_fits_the_timeline_to_the_canvas(
    chromium_page: PageWatch, explorer_file: Path, viewport: tuple[int, int]
) -> None:
    page = chromium_page.page
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page = open_explorer(chromium_page, explorer_file)
    box = screen_box(page)
    # all of it on screen, below the year axis ...
    assert box["x0"] >= 0 and box["x1"] <= box["w"]
    assert box["y0"] >= 52 and box["y1"] <= box["h"]
    # ... and filling the canvas, whatever its shape: lanes stretch to use the height
    assert (box["x1"] - box["x0"]) / box["w"] > 0.75
    assert (box["y1"] - box["y0"]) / box["h"] > 0.6
    page.click("#fit")
    assert screen_box(page) == pytest.approx(box)
    chromium_page.assert_clean()


def test_axis_labels_every_populated_year(
    chromium_page: PageWatch, explorer_file: Path, atlas: Atlas
) -> None:
    page = open_explorer(chromium_page, explorer_file)
    at = timeline_years(atlas)
    years = sorted({y for i in default_visible(atlas.document) if (y := at[i]) is not None})
    axis = page.evaluate("noteatlas.axis()")
    assert [a["year"] for a in axis] == [*years, None]  # None: the undated column
    assert axis[-1]["text"] == "undated"
    for a in axis[:-1]:
        assert a["text"] in (str(a["year"]), "’" + str(a["year"])[-2:])
    chromium_page.assert_clean()


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for n, a in enumerate(boxes)
        for b in boxes[n + 1 :]
        if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
    ]


def test_labels_are_legible_and_never_collide(
    chromium_page: PageWatch, explorer_file: Path
) -> None:
    page = open_explorer(chromium_page, explorer_file)
    labels = page.evaluate("noteatlas.labels()")
    assert labels, "the first view labels its nodes"
    assert all(label["px"] >= 11 for label in labels)
    assert overlapping(labels) == []
    assert all(label["y0"] >= 52 for label in labels)  # never under the year axis
    # zoomed in on BERT, BERT and its neighbours are labelled
    page.evaluate("noteatlas.select('concept:bert')")
    page.wait_for_timeout(400)
    labelled = {label["id"] for label in page.evaluate("noteatlas.labels()")}
    assert "concept:bert" in labelled
    assert overlapping(page.evaluate("noteatlas.labels()")) == []
    chromium_page.assert_clean()


def test_selection_focuses_its_neighbourhood(
    chromium_page: PageWatch, explorer_file: Path, atlas: Atlas
) -> None:
    page = open_explorer(chromium_page, explorer_file)
    assert page.evaluate("noteatlas.focus()") == {"nodes": [], "edges": []}
    assert page.locator("#details").is_hidden()
    page.evaluate("noteatlas.select('concept:elmo')")
    focus = page.evaluate("noteatlas.focus()")
    shown = set(page.evaluate("noteatlas.visibleEdges()"))
    expected_edges = {
        f"e{i}"
        for i, e in enumerate(atlas.edges())
        if "concept:elmo" in (e.source, e.target) and f"e{i}" in shown
    }
    assert set(focus["edges"]) == expected_edges and expected_edges
    ends = {
        x
        for i, e in enumerate(atlas.edges())
        if f"e{i}" in expected_edges
        for x in (e.source, e.target)
    }
    assert set(focus["nodes"]) == ends | {"concept:elmo"}
    assert page.locator("#details").is_visible()
    # a click on empty canvas lets go
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + box["height"] - 12)
    assert page.evaluate("noteatlas.selected()") is None
    assert page.evaluate("noteatlas.focus()") == {"nodes": [], "edges": []}
    assert page.locator("#details").is_hidden()
    chromium_page.assert_clean()


def test_graph_layout_settles_and_fits(chromium_page: PageWatch, explorer_file: Path) -> None:
    page = open_explorer(chromium_page, explorer_file)
    page.click("#layout-free")
    page.wait_for_function("noteatlas.settled()", timeout=20_000)
    page.wait_for_timeout(100)
    spots = page.evaluate(
        "(() => { const n = noteatlas.network; const p = n.getPositions(noteatlas.visibleNodes());"
        " return Object.values(p).map(q => n.canvasToDOM(q)); })()"
    )
    width, height = page.evaluate(
        "[document.getElementById('network').clientWidth,"
        " document.getElementById('network').clientHeight]"
    )
    assert all(0 <= s["x"] <= width and 0 <= s["y"] <= height for s in spots)
    assert page.evaluate("noteatlas.axis()") == []  # no year axis over the free layout
    chromium_page.assert_clean()


def test_missing_browser_skips_unless_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTEATLAS_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception):
        browser.unavailable("no chromium")
    monkeypatch.setenv("NOTEATLAS_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception):
        browser.unavailable("no chromium")


def odd_atlas() -> Atlas:
    """Input the builder should never make, but a hand-edited atlas.json can hold."""
    nodes = [
        ConceptNode(id="concept:a", label="a", name="a", year=2001),
        ConceptNode(id="concept:a", label="a again", name="a again", year=2002),
        ConceptNode(id="concept:ancient", label=" ", name=" ", year=-50),
        ConceptNode(id="concept:future", label="future", name="future", year=3000),
        PaperNode(id="paper:x", label="x", paper_id="x", urls=["javascript:alert(3)"]),
    ]
    edges = [
        Edge(source="concept:a", target="concept:missing", kind=EdgeKind.USES),
        Edge(source="concept:a", target="concept:a", kind=EdgeKind.RELATED_TO),
        Edge(source="concept:future", target="concept:ancient", kind=EdgeKind.PRECEDES),
    ]
    return Atlas(AtlasDocument(nodes=nodes, edges=edges))


@pytest.mark.parametrize(
    ("make", "expected"), [(lambda: Atlas.from_parts([], [], []), 0), (odd_atlas, 4)]
)
def test_odd_atlases_load_clean(
    chromium_page: PageWatch, tmp_path: Path, make: Any, expected: int
) -> None:
    out = tmp_path / "explorer.html"
    write_explorer(make(), out.parent)
    page = open_explorer(chromium_page, out)
    page.check("#show-unmentioned")  # no note mentions any of these concepts
    assert drawn(page) == expected
    page.click("#layout-free")
    page.click("#layout-timeline")
    page.fill("#search", "a")
    page.keyboard.press("Enter")
    page.evaluate("noteatlas.path('future', 'ancient')")
    chromium_page.assert_clean()


# ---------------------------------------------------------------- paths, as `noteatlas path` finds them

VAULT = Path(__file__).parent / "fixtures" / "vault"

Hop = tuple[str, str, str, str]


def cli_path(atlas: Atlas, a: str, b: str) -> list[Hop] | None:
    """What ``noteatlas path a b`` finds: (source, kind, direction, target) per step, or None."""
    try:
        steps = atlas.path(a, b)
    except NotFoundError:
        return None
    return [(s.source, s.kind.value, s.direction, s.target) for s in steps]


def page_hops(steps: list[dict[str, str]] | None) -> list[Hop] | None:
    if steps is None:
        return None
    return [(s["from"], s["kind"], s["direction"], s["to"]) for s in steps]


@pytest.fixture(scope="module")
def vault_atlas(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    corpus = tmp_path_factory.mktemp("vault") / "vault"
    shutil.copytree(VAULT, corpus)
    return build(corpus)


@pytest.fixture(scope="module")
def vault_explorer(vault_atlas: Atlas, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vault-site") / "explorer.html"
    write_explorer(vault_atlas, out.parent)
    return out


def assert_highlights(page: Any, expected: list[Hop]) -> None:
    """The page marks exactly these steps: their edges, in order, drawn and listed in the panel."""
    marked = page.evaluate("noteatlas.highlighted()")
    edges = [page.evaluate("id => noteatlas.edge(id)", e) for e in marked["edges"]]
    walked = [
        (e["from"], e["kind"], "forward", e["to"])
        if e["from"] == source
        else (e["to"], e["kind"], "backward", e["from"])
        for e, (source, *_) in zip(edges, expected, strict=True)
    ]
    assert walked == expected
    assert marked["nodes"] == [expected[0][0], *(hop[3] for hop in expected)]
    assert set(marked["edges"]) <= set(page.evaluate("noteatlas.visibleEdges()"))
    for e in marked["edges"]:
        assert page.evaluate("id => noteatlas.edgeItem(id).color.color", e) == PATH_COLOUR
    listed = page.eval_on_selector_all(
        "#path-steps li[data-edge]", "els => els.map(e => e.dataset.edge)"
    )
    assert listed == marked["edges"]


def test_path_follows_the_stated_lineage_like_the_cli(
    chromium_page: PageWatch, vault_explorer: Path, vault_atlas: Atlas
) -> None:
    expected = cli_path(vault_atlas, "word2vec", "BERT")
    assert expected  # the vault's arrow chain word2vec → … → BERT
    page = open_explorer(chromium_page, vault_explorer)
    page.fill("#path-from", "word2vec")
    page.fill("#path-to", "BERT")
    page.click("#path-go")
    assert_highlights(page, expected)
    assert page_hops(page.evaluate("noteatlas.path('word2vec', 'BERT')")) == expected
    assert_highlights(page, expected)
    # the chain's line is shown under each typed hop that came from the vocabulary
    assert "02-NLP/词向量.md" in page.text_content("#path-steps")
    chromium_page.assert_clean()


def test_path_without_stated_lineage_is_the_cheapest_like_the_cli(
    chromium_page: PageWatch, vault_explorer: Path, vault_atlas: Atlas
) -> None:
    leads = nx.DiGraph()
    leads.add_edges_from((e.source, e.target) for e in vault_atlas.edges(EdgeKind.LEADS_TO))
    assert "concept:bert" in leads and not nx.has_path(leads, "concept:bert", "concept:word2vec")
    expected = cli_path(vault_atlas, "BERT", "word2vec")
    assert expected
    page = open_explorer(chromium_page, vault_explorer)
    assert page_hops(page.evaluate("noteatlas.path('BERT', 'word2vec')")) == expected
    assert_highlights(page, expected)
    chromium_page.assert_clean()


def test_every_vault_path_is_the_clis(
    chromium_page: PageWatch, vault_explorer: Path, vault_atlas: Atlas
) -> None:
    """From every concept an arrow chain leaves to every concept."""
    for a, b, shown in vault_paths(chromium_page, vault_explorer, vault_atlas):
        assert page_hops(shown) == cli_path(vault_atlas, a, b), (a, b)
    chromium_page.assert_clean()


ALL_PATHS = """([sources, targets]) => Object.fromEntries(sources.map(
  a => [a, Object.fromEntries(targets.map(b => [b, noteatlas.pathSteps(a, b)]))]))"""


def vault_paths(watch: PageWatch, path: Path, atlas: Atlas) -> list[tuple[str, str, Any]]:
    """The page's path steps (or None) from every concept an arrow chain leaves to every
    concept of the vault, as ``(from, to, steps)``."""
    concepts = sorted(c.id for c in atlas.concepts())
    sources = sorted({e.source for e in atlas.edges(EdgeKind.LEADS_TO)})
    got = open_explorer(watch, path).evaluate(ALL_PATHS, [sources, concepts])
    return [(a, b, got[a][b]) for a in sources for b in concepts]


_NAMES = ["a", "b", "c", "d", "e", "f", "g", "Z", "é", "词向量", "Ｚ词", "𝔸模型"]
_METHODS = [Method.FRONT_MATTER, Method.VOCABULARY, Method.TABLE, Method.HEADING, Method.MENTION]
_FILES = ["a.md", "笔记/b.md", None]


def random_atlas(seed: int) -> Atlas:
    """Concepts joined by random typed and weak edges and by arrow chains on a few lines, some
    chains sharing nodes, so lineages compete, branch and tie (and ids sort past the BMP)."""
    rng = random.Random(seed)
    ids = [f"concept:{n}" for n in _NAMES]
    nodes = [ConceptNode(id=i, label=n, name=n) for i, n in zip(ids, _NAMES, strict=True)]
    kinds = [
        *sorted(RELATION_KINDS),
        EdgeKind.SUBTOPIC_OF,
        EdgeKind.CO_MENTIONED,
        EdgeKind.MENTIONS,
    ]
    found: dict[tuple[str, EdgeKind, str], list[Evidence]] = {}
    for _ in range(rng.randint(8, 22)):
        s, t = rng.sample(ids, 2)
        ev = Evidence(file="c.md", line=rng.randint(1, 9), method=rng.choice(_METHODS))
        found.setdefault((s, rng.choice(kinds), t), []).append(ev)
    for _ in range(rng.randint(2, 5)):
        file = rng.choice(_FILES)
        line = rng.randint(1, 4) if file else None
        chain = rng.sample(ids, rng.randint(2, 6))
        for s, t in pairwise(chain):
            ev = Evidence(
                file=file, line=line, method=Method.ARROW_CHAIN, snippet=" → ".join(chain)
            )
            found.setdefault((s, EdgeKind.LEADS_TO, t), []).append(ev)
    edges = [Edge(source=s, kind=k, target=t, evidence=ev) for (s, k, t), ev in found.items()]
    return Atlas.from_parts(nodes, edges, [])


@pytest.mark.parametrize("seed", range(6))
def test_paths_match_the_cli_on_random_atlases(
    chromium_page: PageWatch, tmp_path: Path, seed: int
) -> None:
    atlas = random_atlas(seed)
    out = tmp_path / "explorer.html"
    write_explorer(atlas, out.parent)
    ids = sorted(n.id for n in atlas.nodes())
    page = open_explorer(chromium_page, out)
    got = page.evaluate(ALL_PATHS, [ids, ids])
    for a in ids:
        for b in ids:
            assert page_hops(got[a][b]) == cli_path(atlas, a, b), (seed, a, b)
    chromium_page.assert_clean()


# ---------------------------------------------------------------- the compact data, as the page reads it

NOTES_AND_LINES = """ids => ids.map(id => {
  noteatlas.select(id);
  const head = [...document.querySelectorAll('#details-body h3')]
    .find(h => h.textContent === 'notes and lines');
  return head ? [...head.nextElementSibling.children].map(li => li.textContent) : [];
})"""


def notes_and_lines(atlas: Atlas, node_id: str) -> list[str]:
    """The details panel's "notes and lines" of a node, from the atlas: every file its edges were
    seen in, by path, with the lines (at most 40 files, as the panel shows)."""
    known = {n.id for n in atlas.nodes()}
    lines: dict[str, set[int]] = {}
    for e in atlas.edges():
        if node_id in (e.source, e.target) and e.source in known and e.target in known:
            for ev in e.evidence:
                if ev.file is not None:
                    lines.setdefault(ev.file, set()).update([ev.line] if ev.line else [])
    return [path + ", ".join(f":{n}" for n in sorted(lines[path])) for path in sorted(lines)[:40]]


def test_notes_and_lines_decode_like_the_atlas(
    chromium_page: PageWatch, vault_explorer: Path, vault_atlas: Atlas
) -> None:
    """The panel's files and lines, for every node of the vault, are the atlas's evidence: the
    page decodes its columns (sources, targets, evidence files and lines) back into the graph."""
    ids = sorted(n.id for n in vault_atlas.nodes())
    page = open_explorer(chromium_page, vault_explorer)
    got = page.evaluate(NOTES_AND_LINES, ids)
    listed = 0
    for node_id, shown in zip(ids, got, strict=True):
        assert shown == notes_and_lines(vault_atlas, node_id), node_id
        listed += len(shown)
    assert listed > len(ids)  # the vault's notes mention, cite and link plenty
    chromium_page.assert_clean()


def test_path_evidence_is_the_clis(
    chromium_page: PageWatch, vault_explorer: Path, vault_atlas: Atlas
) -> None:
    """Each step's evidence (files and lines, and the snippet the panel shows) is the CLI's."""
    compared = snippets = 0
    for a, b, page_steps in vault_paths(chromium_page, vault_explorer, vault_atlas):
        try:
            steps = vault_atlas.path(a, b)
        except NotFoundError:
            assert page_steps is None, (a, b)
            continue
        for step, shown in zip(steps, page_steps, strict=True):
            assert [[f, line] for f, line, _ in shown["evidence"]] == [
                [ev.file, ev.line or 0] for ev in step.evidence
            ], (a, b)
            first = next((ev for ev in step.evidence if ev.file is not None), None)
            at = next((s for f, _, s in shown["evidence"] if f is not None), None)
            if first is not None and at is not None:
                assert at == first.snippet, (a, b)
                snippets += 1
            compared += 1
    assert compared > len(list(vault_atlas.concepts()))
    assert snippets > 0  # the snippet comparison above ran, not only the guard
    chromium_page.assert_clean()
