"""The explorer page as text: offline, escaped, deterministic, and faithful to the atlas."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fixtures.explorer.make_atlas import (
    BERT_NOTE,
    DATA_URL,
    IMG_SUMMARY,
    JS_URL,
    LINK_STATUS,
    SCRIPT_TITLE,
    SNIPPET,
    lineage_atlas,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from noteatlas.atlas import Atlas
from noteatlas.errors import OutputError
from noteatlas.exporters import explorer
from noteatlas.exporters.explorer import script_json, to_explorer, write_explorer
from noteatlas.exporters.explorer_data import (
    default_visible,
    default_visible_edges,
    is_backwards,
    note_href,
    safe_href,
)
from noteatlas.exporters.explorer_style import short_label
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

DATA_BLOCK = re.compile(r'<script type="application/json" id="atlas-data">(.*?)</script>', re.S)


def _reject(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def payload(page: str) -> dict[str, Any]:
    """The data block, parsed strictly (NaN and Infinity are not JSON)."""
    match = DATA_BLOCK.search(page)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1), parse_constant=_reject)
    return data


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return lineage_atlas()


@pytest.fixture(scope="module")
def page(atlas: Atlas) -> str:
    return to_explorer(
        atlas, link_status=LINK_STATUS, title="Notes <&> 笔记", note_base="../content"
    )


def info_of(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    ids = [n["id"] for n in data["nodes"]]
    rec: dict[str, Any] = data["info"][ids.index(node_id)]
    return rec


def test_page_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I) is None
    assert re.search(r"<link\b", page, re.I) is None
    assert re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I) is None
    assert "vis-network" in page  # the library is inlined, licence header included
    assert "bootstrap" not in page.lower()
    # Our three scripts (data, vis-network, ours), each closed once: nothing closes one early.
    assert len(re.findall(r"</script", page, re.I)) == 3
    assert len(re.findall(r"</style", page, re.I)) == 2


def test_hostile_strings_only_escaped(page: str) -> None:
    for raw in (SCRIPT_TITLE, "<img src=x onerror=alert(1)>", "<script>alert(2)</script>", SNIPPET):
        assert raw not in page
    assert "\\u003cscript\\u003ealert('x')\\u003c/script\\u003e" in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert re.search(r"href\s*=\s*['\"]?\s*(javascript|data):", page, re.I) is None
    assert "<title>Notes &lt;&amp;&gt; 笔记</title>" in page


def test_data_block_round_trips_note_text(page: str) -> None:
    data = payload(page)
    assert info_of(data, "note:特殊/xss.md")["ti"] == SCRIPT_TITLE
    assert info_of(data, "concept:static-embedding")["su"] == IMG_SUMMARY
    snippets = [ev[3] for rec in data["einfo"] for ev in rec["ev"] if len(ev) == 4]
    assert SNIPPET in snippets


def test_unsafe_urls_never_get_an_href(page: str) -> None:
    data = payload(page)
    links = {u: href for rec in data["info"] for u, href, _ in rec.get("u", [])}
    assert links[JS_URL] is None
    assert links[DATA_URL] is None
    assert (
        links["https://github.com/google-research/bert"]
        == "https://github.com/google-research/bert"
    )


def test_link_status_from_cache_then_node(page: str) -> None:
    data = payload(page)
    status = {u: st for rec in data["info"] for u, _, st in rec.get("u", [])}
    assert status["https://github.com/google-research/bert"] == "ok"
    assert status["https://arxiv.org/pdf/1810.04805"] == "redirected"
    assert status["https://example.com/gone"] == "broken"  # no cache entry: the node's own status
    assert status[JS_URL] is None


def test_note_links_are_relative_to_the_corpus(page: str) -> None:
    data = payload(page)
    hrefs = dict(zip(data["files"], data["fileHrefs"], strict=True))
    assert hrefs["02-NLP/词向量.md"] == "../content/02-NLP/词向量.md"
    assert hrefs[BERT_NOTE] == "../content/03-LLM/BERT%20核心%23解析.md"
    assert hrefs["pics/bert.png"] is None  # only Markdown files are linked


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/1810.04805", "https://arxiv.org/abs/1810.04805"),
        ("http://example.com/a?b=1#c", "http://example.com/a?b=1#c"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("//evil.example/x", None),
        ("https://", None),
        ("https://exa mple.com/", None),
        ("java\tscript:alert(1)", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_href(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("../content", "02-NLP/词向量.md", "../content/02-NLP/词向量.md"),
        ("", "a b/c?d.md", "a%20b/c%3Fd.md"),
        ("", "javascript:alert(1).md", "javascript%3Aalert(1).md"),
        ("..\\notes", "x.MD", "../notes/x.MD"),
        ("/srv/notes/", "x.markdown", "/srv/notes/x.markdown"),
        ("../content", "pics/a.png", None),
        ("../content", "", None),
    ],
)
def test_note_href(base: str, path: str, expected: str | None) -> None:
    assert note_href(base, path) == expected


def test_default_view_is_concepts_and_papers(atlas: Atlas, page: str) -> None:
    expected = [n.id for n in atlas.nodes() if n.kind.value in ("concept", "paper")]
    assert default_visible(atlas.document) == expected
    kinds = {k: on for k, _, on in payload(page)["config"]["nodeKinds"]}
    assert {k for k, on in kinds.items() if on} == {"concept", "paper"}


def test_only_typed_relations_start_shown(page: str) -> None:
    on = {k: default for k, _, _, default, *_ in payload(page)["config"]["edgeKinds"]}
    assert not on["leads_to"] and not on["co_mentioned"] and not on["subtopic_of"]
    assert not on["mentions"] and not on["cites"] and not on["links_to"]
    assert on["is_a"] and on["addresses"]
    assert {k for k, shown in on.items() if shown} == {k.value for k in RELATION_KINDS}


def test_default_visible_edges_join_default_nodes(atlas: Atlas) -> None:
    document = atlas.document
    shown = set(default_visible(document))
    picked = default_visible_edges(document)
    assert picked, "the fixture has typed relations between concepts"
    for i, edge in enumerate(document.edges):
        expected = edge.kind in RELATION_KINDS and edge.source in shown and edge.target in shown
        assert (i in picked) is expected


def test_backwards_edges_are_flagged(page: str) -> None:
    data = payload(page)
    flagged = [
        (e["from"], rec["k"], e["to"])
        for e, rec in zip(data["edges"], data["einfo"], strict=True)
        if rec.get("bk")
    ]
    assert flagged == [("concept:transformer", "based_on", "concept:gpt-3")]


@pytest.mark.parametrize(
    ("kind", "years", "expected"),
    [
        (EdgeKind.PRECEDES, (2018, 2013), True),
        (EdgeKind.PRECEDES, (2013, 2018), False),
        (EdgeKind.BASED_ON, (2017, 2020), True),
        (EdgeKind.BASED_ON, (2020, 2017), False),
        (EdgeKind.ADDRESSES, (1997, 2018), False),
        (EdgeKind.LEADS_TO, (2018, None), False),
    ],
)
def test_is_backwards(kind: EdgeKind, years: tuple[int, int | None], expected: bool) -> None:
    assert is_backwards(kind, *years) is expected


def test_pyvis_options_are_ours(page: str) -> None:
    data = payload(page)
    options = data["options"]
    assert options["physics"]["enabled"] is False  # the timeline comes first
    assert options["layout"]["improvedLayout"] is False
    assert "configure" not in options
    assert all("title" not in n for n in data["nodes"])  # no tooltip HTML from notes
    bert = data["nodes"][[n["id"] for n in data["nodes"]].index("concept:bert")]
    assert bert["label"] == "BERT" and bert["group"] == "model"


def test_does_not_mutate_the_atlas(atlas: Atlas) -> None:
    before_doc = atlas.document.model_dump()
    before_nodes = copy.deepcopy(dict(atlas.graph.nodes(data=True)))
    before_edges = sorted(
        (u, v, k, repr(d)) for u, v, k, d in atlas.graph.edges(keys=True, data=True)
    )
    to_explorer(atlas, link_status=LINK_STATUS)
    assert atlas.document.model_dump() == before_doc
    assert dict(atlas.graph.nodes(data=True)) == before_nodes
    assert (
        sorted((u, v, k, repr(d)) for u, v, k, d in atlas.graph.edges(keys=True, data=True))
        == before_edges
    )


def test_deterministic(atlas: Atlas) -> None:
    assert to_explorer(atlas) == to_explorer(lineage_atlas())


def test_write_explorer_utf8_atomic(atlas: Atlas, tmp_path: Path) -> None:
    out = tmp_path / "site" / "explorer.html"
    write_explorer(atlas, out, note_base="..")
    assert out.read_bytes().decode("utf-8") == to_explorer(atlas, note_base="..")
    assert [p.name for p in out.parent.iterdir()] == ["explorer.html"]


def test_large_graphs_start_still_and_straight() -> None:
    nodes = [
        ConceptNode(id=f"concept:c{i}", label=f"c{i}", name=f"c{i}", year=1990 + i % 30)
        for i in range(1001)
    ]
    edges = [
        Edge(source=f"concept:c{i}", target=f"concept:c{i + 1}", kind=EdgeKind.USES)
        for i in range(1000)
    ]
    data = payload(to_explorer(Atlas.from_parts(nodes, edges, [])))
    assert data["config"]["large"] is True
    assert data["options"]["physics"]["enabled"] is False
    assert data["options"]["edges"]["smooth"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_empty_atlas() -> None:
    data = payload(to_explorer(Atlas.from_parts([], [], [])))
    assert data["nodes"] == [] and data["edges"] == []


def test_non_finite_weights_stay_json() -> None:
    nodes = [
        ConceptNode(id="concept:a", label="a", name="a"),
        PaperNode(id="paper:x", label="x", paper_id="x"),
    ]
    ev = Evidence(file="n.md", line=1, method=Method.CO_MENTION)
    edges = [
        Edge(
            source="concept:a",
            target="paper:x",
            kind=EdgeKind.CO_MENTIONED,
            weight=float("inf"),
            evidence=[ev],
        ),
        Edge(source="paper:x", target="concept:a", kind=EdgeKind.MENTIONS, weight=float("nan")),
        Edge(source="concept:a", target="concept:missing", kind=EdgeKind.USES),
    ]
    data = payload(to_explorer(Atlas.from_parts(nodes, edges, [])))
    weights = {rec["k"]: rec.get("w", 1.0) for rec in data["einfo"]}
    assert weights == {"co_mentioned": 0.0, "mentions": 0.0, "uses": 1.0}


def test_repeated_node_ids_are_drawn_once() -> None:
    twice = [ConceptNode(id="concept:a", label="a", name="a", year=y) for y in (2001, 2002)]
    document = AtlasDocument(nodes=twice)
    data = payload(to_explorer(Atlas(document)))
    assert [n["id"] for n in data["nodes"]] == ["concept:a"]


def test_short_label_counts_wide_characters() -> None:
    assert short_label("BERT") == "BERT"
    assert short_label("为什么需要Transformer：从“词”到“序列”", 16) == "为什么需要Trans…"
    assert short_label("a  b\n c") == "a b c"


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.text() | st.integers() | st.none(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=8,
    )
)
def test_script_json_is_inert_and_exact(value: Any) -> None:
    text = script_json(value)
    assert not any(c in text for c in "<>&\u2028\u2029")
    assert json.loads(text) == value


@settings(max_examples=15, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40), summary=st.text(max_size=60), alias=st.text(max_size=20)
)
def test_any_note_text_stays_data(name: str, summary: str, alias: str) -> None:
    node = ConceptNode(id="concept:x", label=name, name=name, summary=summary, aliases=[alias])
    page = to_explorer(Atlas.from_parts([node], [], []), title=name)
    assert len(re.findall(r"</script", page, re.I)) == 3
    rec = payload(page)["info"][0]
    assert (rec.get("nm"), rec.get("su", ""), rec.get("al", [""])[0]) == (name, summary, alias)


def test_missing_vis_network_is_an_error_with_a_hint(
    atlas: Atlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(explorer, "VIS_DIR", "lib/vis-0.0.0")
    with pytest.raises(OutputError, match="vis-network") as info:
        to_explorer(atlas)
    assert "pyvis" in info.value.hint
