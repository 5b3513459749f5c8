"""The explorer page as text: offline, escaped, deterministic, and faithful to the atlas."""

from __future__ import annotations

import copy
import json
import math
import random
import re
from itertools import accumulate, groupby
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
    deltas,
    is_backwards,
    positions,
    run_lengths,
    standing_of,
    timeline_dates,
)
from noteatlas.exporters.explorer_style import short_label
from noteatlas.exporters.notelinks import NoteLinks, safe_href
from noteatlas.exporters.options import ExportOptions
from noteatlas.schema import (
    RELATION_KINDS,
    WEAK_KINDS,
    AtlasDocument,
    ConceptNode,
    Edge,
    EdgeKind,
    Evidence,
    Method,
    NoteNode,
    PaperNode,
    TagNode,
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


def unrun(encoded: list[Any], length: int) -> list[Any]:
    """``[value, count, ...]`` back into one value per item."""
    out = [v for v, n in zip(encoded[::2], encoded[1::2], strict=True) for _ in range(n)]
    assert len(out) == length
    return out


def own_id(rec: dict[str, Any], files: list[str]) -> str:
    """The id the page rebuilds from a node's fields when the id column says 0."""
    group = rec["group"]
    if group in ("note", "asset"):
        return f"{group}:{files[rec['file']]}"
    rebuilt = {
        "resource": lambda: "url:" + rec["links"][0][0],
        "paper": lambda: "paper:" + rec["paperId"],
    }
    return rebuilt.get(group, lambda: "tag:" + rec["canonicalName"])()


def label_of(name: str, code: int | str) -> str:
    """The canvas label: the name, a prefix of it (in UTF-16 units) and "…", or the label itself."""
    if code == 0:
        return name
    if isinstance(code, int):
        units = name.encode("utf-16-le")[: 2 * code]
        return units.decode("utf-16-le") + "…"
    return code


def nodes_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per node, decoded from the columns as explorer_data.js decodes them."""
    cols, config = data["nodes"], data["config"]
    out = [
        {"group": config["groupKeys"][g], "name": n, "year": y, "label": label_of(n, lb)}
        for g, n, y, lb in zip(
            cols["group"], cols["name"], cols["year"], cols["label"], strict=True
        )
    ]
    for key, column in cols["fields"].items():
        at = -1
        for gap, value in zip(column[::2], column[1::2], strict=True):
            at += gap
            out[at][key] = value
    for rec, node_id in zip(out, cols["id"], strict=True):
        rec["links"] = [
            [u, u, None] if isinstance(u, str) else [u[0], u[0] if u[1] == 1 else u[1], u[2]]
            for u in rec.get("links", [])
        ]
        if rec.get("title") == 1:
            rec["title"] = rec["name"]
        if "category" in rec:
            rec["category"] = config["categories"][rec["category"]]
        rec["id"] = own_id(rec, data["files"]) if node_id == 0 else node_id
    return out


def edges_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per edge (from, to, k, w, c, bk, ev), decoded as explorer_data.js does."""
    cols, config = data["edges"], data["config"]
    ids, files = [n["id"] for n in nodes_of(data)], data["files"]
    count = len(cols["target"])
    kinds = [config["edgeKinds"][k] for k in unrun(cols["kind"], count)]
    ev_counts = unrun(cols["evidenceCount"], count)
    weights = [n + w for n, w in zip(ev_counts, unrun(cols["weight"], count), strict=True)]
    concept = [j for j in range(count) if kinds[j]["family"] != "document"]
    confidence = dict(zip(concept, unrun(cols["confidence"], len(concept)), strict=True))
    ends = [unrun(cols["source"], count), list(accumulate(cols["target"]))]
    starts = [0, *accumulate(ev_counts)]
    ev_files = unrun(cols["evidenceFile"], starts[-1])
    extras: dict[int, list[list[str]]] = {}
    at = 0
    rich = cols["conceptEvidence"]
    for j in concept:
        n = rich[at]
        pairs = rich[at + 1 : at + 1 + 2 * n]
        extras[j] = [
            [config["methods"][m], data["snippets"][t]]
            for m, t in zip(pairs[::2], pairs[1::2], strict=True)
        ]
        at += 1 + 2 * n
    assert at == len(rich)
    out = []
    for j in range(count):
        evidence = [
            [files[ev_files[p]] if ev_files[p] >= 0 else None, cols["evidenceLine"][p]]
            for p in range(starts[j], starts[j + 1])
        ]
        for ev, extra in zip(evidence, extras.get(j, []), strict=False):
            ev.extend(extra)
        out.append(
            {
                "from": ids[ends[0][j]] if ends[0][j] >= 0 else None,
                "to": ids[ends[1][j]] if ends[1][j] >= 0 else None,
                "k": kinds[j]["kind"],
                "w": weights[j],
                "c": confidence.get(j),
                "bk": j in cols["backwards"],
                "ev": evidence,
            }
        )
    return out


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return lineage_atlas()


@pytest.fixture(scope="module")
def page(atlas: Atlas) -> str:
    return to_explorer(
        atlas, link_status=LINK_STATUS, title="Notes <&> 笔记", note_base="../content"
    )


def info_of(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in nodes_of(data) if n["id"] == node_id)


def test_page_is_self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I) is None
    assert re.search(r"<link\b", page, re.I) is None
    assert re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.I) is None
    assert "vis-network" in page  # the library is inlined, licence header included
    assert "bootstrap" not in page.lower()
    # Our four scripts (contract, data, vis-network, ours), each closed once: nothing closes one
    # early.
    assert len(re.findall(r"</script", page, re.I)) == 4
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
    assert info_of(data, "note:特殊/xss.md")["title"] == SCRIPT_TITLE
    assert info_of(data, "concept:static-embedding")["summary"] == IMG_SUMMARY
    snippets = [ev[3] for rec in edges_of(data) for ev in rec["ev"] if len(ev) == 4]
    assert SNIPPET in snippets


def test_unsafe_urls_never_get_an_href(page: str) -> None:
    data = payload(page)
    links = {u: href for rec in nodes_of(data) for u, href, _ in rec["links"]}
    assert links[JS_URL] is None
    assert links[DATA_URL] is None
    assert (
        links["https://github.com/google-research/bert"]
        == "https://github.com/google-research/bert"
    )


def test_link_status_from_cache_then_node(page: str) -> None:
    data = payload(page)
    status = {u: st for rec in nodes_of(data) for u, _, st in rec["links"]}
    assert status["https://github.com/google-research/bert"] == "ok"
    assert status["https://arxiv.org/pdf/1810.04805"] == "redirected"
    assert status["https://example.com/gone"] == "broken"  # no cache entry: the node's own status
    assert status[JS_URL] is None


def test_note_links_are_relative_to_the_corpus(page: str) -> None:
    data = payload(page)
    hrefs = {
        f: data["hrefPrefix"] + f if h == 1 else h
        for f, h in zip(data["files"], data["fileHrefs"], strict=True)
    }
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
        ("https://a.example\\@b.example/", None),  # a browser reads the backslash as "/"
        ("http://user@/x", None),
        ("../notes/a.md", None),  # links to notes are safe_href(..., notes=True)
        ("obsidian://open?vault=V&file=a.md", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_href(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected
    if expected:  # what is safe on the web is safe among links to notes too
        assert safe_href(url, notes=True) == expected


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
    """The explorer's links to notes: relative, readable, only URL syntax encoded."""
    assert NoteLinks.choose(base or ".", readable=True).note(path) == expected


def test_default_view_is_the_collections_concepts_papers_and_notes(atlas: Atlas, page: str) -> None:
    """Concepts no note mentions, defines or states a relation of stay out; notes are in."""
    mentioned = {
        e.target
        for e in atlas.edges()
        if e.kind in (EdgeKind.MENTIONS, EdgeKind.DEFINES) and e.source.startswith("note:")
    }
    stated = {
        x
        for e in atlas.edges()
        if e.source.startswith("concept:")
        and e.target.startswith("concept:")
        and any(ev.file and ev.method != Method.VOCABULARY for ev in e.evidence)
        for x in (e.source, e.target)
    }
    expected = [
        n.id
        for n in atlas.nodes()
        if n.kind.value in ("paper", "note")
        or (n.kind.value == "concept" and n.id in mentioned | stated)
    ]
    assert default_visible(atlas.document) == expected
    assert "concept:nnlm" not in expected  # the vocabulary's word only
    assert {"concept:polysemy", "concept:gpt-3"} <= set(expected)  # stated in a note
    kinds = {k["kind"]: k["shown"] for k in payload(page)["config"]["nodeKinds"]}
    assert {k for k, on in kinds.items() if on} == {"concept", "paper", "note"}
    unmentioned = {n["id"] for n in nodes_of(payload(page)) if n.get("unmentioned")}
    assert unmentioned == {n.id for n in atlas.concepts()} - set(expected)


def test_only_typed_relations_start_shown(page: str) -> None:
    on = {k["kind"]: k["shown"] for k in payload(page)["config"]["edgeKinds"]}
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
        noted = any(ev.file and ev.method != Method.VOCABULARY for ev in edge.evidence)
        expected = (
            edge.kind in RELATION_KINDS and noted and edge.source in shown and edge.target in shown
        )
        assert (i in picked) is expected


def test_edges_only_the_vocabulary_states_are_listed(atlas: Atlas, page: str) -> None:
    """The rule: an edge is the notes' when one evidence has a file and a method other than
    the vocabulary's."""
    listed = set(payload(page)["edges"]["vocabularyOnly"])
    expected = {
        i
        for i, e in enumerate(atlas.document.edges)
        if not any(ev.file is not None and ev.method != Method.VOCABULARY for ev in e.evidence)
    }
    assert listed == expected and expected
    both = Edge(
        source="concept:a",
        target="concept:b",
        kind=EdgeKind.USES,
        evidence=[
            Evidence(method=Method.VOCABULARY),
            Evidence(file="a.md", line=3, method=Method.TABLE),
        ],
    )
    only = Edge(
        source="concept:a",
        target="concept:b",
        kind=EdgeKind.IS_A,
        evidence=[Evidence(file="a.md", line=3, method=Method.VOCABULARY)],
    )
    small = Atlas.from_parts(
        [ConceptNode(id=f"concept:{x}", label=x, name=x) for x in "ab"], [both, only], []
    )
    data = payload(to_explorer(small))
    assert [small.document.edges[j].kind for j in data["edges"]["vocabularyOnly"]] == [
        EdgeKind.IS_A
    ]


def test_backwards_edges_are_flagged(page: str) -> None:
    data = payload(page)
    flagged = [(e["from"], e["k"], e["to"]) for e in edges_of(data) if e["bk"]]
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
    assert "title" not in data["nodes"]  # no tooltip HTML from notes
    bert = info_of(data, "concept:bert")
    assert bert["label"] == "BERT" and bert["group"] == "model"


@pytest.mark.parametrize("large", [False, True])
def test_written_out_options_are_what_pyvis_makes(large: bool) -> None:
    """A build never imports pyvis (0.3 s of IPython, jinja2 and networkx): its options are
    written out, and must stay what a pyvis ``Network`` makes for the same settings."""
    from pyvis.network import Network

    net = Network(directed=True)
    net.force_atlas_2based(**explorer.FORCE_ATLAS)
    net.toggle_physics(False)
    net.toggle_stabilization(False)
    curve, roundness = explorer.EDGE_CURVE
    net.set_edge_smooth(curve)
    net.options.edges.smooth.enabled = not large
    net.options.edges.smooth.roundness = roundness
    net.options.edges.inherit_colors(False)
    net.toggle_hide_edges_on_drag(large)
    made = json.loads(net.options.to_json())
    made.pop("configure")
    assert explorer.pyvis_options(large) == made


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
    write_explorer(atlas, out.parent, ExportOptions(note_base=".."))
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


def test_empty_atlas() -> None:
    data = payload(to_explorer(Atlas.from_parts([], [], [])))
    assert data["nodes"]["id"] == [] and edges_of(data) == []


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
    weights = {rec["k"]: rec["w"] for rec in edges_of(data)}
    assert weights == {"co_mentioned": 0.0, "mentions": 0.0, "uses": 1.0}


def test_repeated_node_ids_are_drawn_once() -> None:
    twice = [ConceptNode(id="concept:a", label="a", name="a", year=y) for y in (2001, 2002)]
    document = AtlasDocument(nodes=twice)
    data = payload(to_explorer(Atlas(document)))
    assert data["nodes"]["id"] == ["concept:a"]


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
    assert len(re.findall(r"</script", page, re.I)) == 4
    rec = nodes_of(payload(page))[0]
    got = (rec.get("canonicalName"), rec.get("summary", ""), rec.get("aliases", [""])[0])
    assert got == (name, summary, alias)


def test_missing_vis_network_is_an_error_with_a_hint(
    atlas: Atlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(explorer, "VIS_DIR", "lib/vis-0.0.0")
    with pytest.raises(OutputError, match="vis-network") as info:
        to_explorer(atlas)
    assert "pyvis" in info.value.hint


# ---------------------------------------------------------------- the compact data, decoded

_KINDS = list(EdgeKind)
_FILES = ["a.md", "笔记/b.md", "pics/c.png", None]


def expected_edges(atlas: Atlas) -> list[dict[str, Any]]:
    """What the page's edge records must decode to, straight from the atlas."""
    nodes: dict[str, Any] = {}
    for node in atlas.document.nodes:
        nodes.setdefault(node.id, node)

    def number(x: float) -> float:
        return x if math.isfinite(x) else 0

    out = []
    for e in atlas.document.edges:
        concept = e.kind in RELATION_KINDS or e.kind in WEAK_KINDS
        kept = e.evidence[:1] if e.kind == EdgeKind.CO_MENTIONED else e.evidence
        evidence: list[list[Any]] = [[ev.file, ev.line or 0] for ev in e.evidence]
        if concept:
            for ev, rich in zip(evidence, kept, strict=False):
                ev.extend([rich.method.value, rich.snippet])
        ends = [nodes.get(e.source), nodes.get(e.target)]
        years = [getattr(n, "year", None) if n else None for n in ends]
        out.append(
            {
                "from": e.source if ends[0] else None,
                "to": e.target if ends[1] else None,
                "k": e.kind.value,
                "w": number(e.weight),
                "c": number(e.confidence) if concept else None,
                "bk": bool(all(ends) and is_backwards(e.kind, *years)),
                "ev": evidence,
            }
        )
    return out


def random_document(seed: int) -> AtlasDocument:
    """Odd but valid input: repeated ids, edges to missing nodes, unsorted edges, repeated edges,
    evidence without a file or line, non-finite weights, hostile snippets."""
    rng = random.Random(seed)
    nodes: list[Any] = []
    for n in range(rng.randint(0, 9)):
        year = rng.choice([None, 1997, 2013, 2018])
        nodes.append(
            rng.choice(
                [
                    ConceptNode(id=f"concept:c{n % 7}", label=f"c {n}", name=f"c{n}", year=year),
                    PaperNode(id=f"paper:p{n}", label=f"P {n}", paper_id=f"p{n}", year=year),
                    NoteNode(id=f"note:n{n}.md", label=f"笔记{n}", path=f"n{n}.md", title="t"),
                    TagNode(id=f"tag:t{n % 2}", label="t", name=f"t{n % 2}"),
                ]
            )
        )
    ids = [n.id for n in nodes] + ["concept:missing"]
    edges = []
    for _ in range(rng.randint(0, 30)):
        evidence = [
            Evidence(
                file=rng.choice(_FILES),
                line=rng.choice([None, 1, 7, 300]),
                method=rng.choice(list(Method)),
                snippet=rng.choice(["", "a → b", "</script><b>&", SNIPPET]),
            )
            for _ in range(rng.randint(0, 3))
        ]
        edges.append(
            Edge(
                source=rng.choice(ids),
                target=rng.choice(ids),
                kind=rng.choice(_KINDS),
                weight=rng.choice([1.0, 2.0, 0.5, float("inf"), float("nan")]),
                evidence=evidence,
            )
        )
    if edges and rng.random() < 0.3:
        edges.append(edges[0])
    return AtlasDocument(nodes=nodes, edges=edges)


@pytest.mark.parametrize("make", [lineage_atlas, lambda: Atlas(random_document(1))])
def test_compact_edges_decode_to_the_atlas_edges(make: Any) -> None:
    atlas = make()
    assert edges_of(payload(to_explorer(atlas))) == expected_edges(atlas)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6))
def test_any_atlas_round_trips_through_the_columns(seed: int) -> None:
    atlas = Atlas(random_document(seed))
    data = payload(to_explorer(atlas))
    assert edges_of(data) == expected_edges(atlas)
    first: dict[str, Any] = {}
    for node in atlas.document.nodes:
        first.setdefault(node.id, node)
    decoded = nodes_of(data)
    assert [n["id"] for n in decoded] == list(first)
    nodes, stand = standing_of(atlas.document)
    dates = timeline_dates(nodes, atlas.document.edges)
    assert [n["year"] for n in decoded] == [
        dates[n.id].year if n.id in dates else getattr(n, "year", None) for n in first.values()
    ]
    assert [n["name"] for n in decoded] == [
        stand.names[i][0] if i in stand.names else " ".join(n.label.split()) or n.id
        for i, n in enumerate(first.values())
    ]


def test_edges_are_columns_of_numbers(page: str) -> None:
    """No per-edge records and no id strings per edge: what keeps a big atlas's page small."""
    edges = payload(page)["edges"]
    assert all(isinstance(column, list) for column in edges.values())
    assert all(
        isinstance(v, int | float) and not isinstance(v, bool)
        for column in edges.values()
        for v in column
    )
    # A note's path is written once (in the file table), however many edges it has, and its id
    # not at all: the page makes it from the path.
    data = DATA_BLOCK.search(page)
    assert data is not None
    assert data.group(1).count(json.dumps("02-NLP/词向量.md")) == 1
    assert json.dumps("note:02-NLP/词向量.md") not in data.group(1)


def test_data_block_is_ascii(page: str) -> None:
    """Non-ASCII text is escaped in the data: the browser reads an ASCII block twice as fast."""
    data = DATA_BLOCK.search(page)
    assert data is not None and data.group(1).isascii()
    assert info_of(payload(page), "note:" + BERT_NOTE)["title"] == "BERT 核心解析"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-2, 3), max_size=40), st.sets(st.integers(-2, 3)))
def test_column_codecs_invert(values: list[int], wanted: set[int]) -> None:
    runs = run_lengths(values)
    assert unrun(runs, len(values)) == values
    assert all(n > 0 for n in runs[1::2]) and runs[::2] == [v for v, _ in groupby(values)]
    assert positions(runs, wanted) == [i for i, v in enumerate(values) if v in wanted]
    assert list(accumulate(deltas(values))) == values


def test_key_papers_are_what_the_notes_stress() -> None:
    """A paper that defines a concept or that two notes cite is key, with its reasons, and more
    prominent than those a single note cites; every paper is on."""
    from fixtures.explorer.make_atlas import many_papers_atlas

    atlas, key = many_papers_atlas(1100)
    shown = default_visible(atlas.document)
    assert {p.id for p in atlas.papers()} <= set(shown)
    nodes = {n["id"]: n for n in nodes_of(payload(to_explorer(atlas)))}
    assert {i for i, n in nodes.items() if n.get("keyReasons")} == key
    least_key = min(nodes[p]["prominence"] for p in key)
    assert all(
        nodes[p.id].get("prominence", 0) < least_key for p in atlas.papers() if p.id not in key
    )
    reasons = {r for p in key for r in nodes[p]["keyReasons"]}
    assert "cited by 2 notes" in reasons and any(r.startswith("defines Concept") for r in reasons)


@settings(max_examples=80, deadline=None)
@given(
    value=st.recursive(
        st.text(alphabet='ab<>&\u2028"\\中') | st.integers() | st.floats() | st.none(),
        lambda c: (
            st.lists(c, max_size=4)
            | st.dictionaries(st.text(max_size=3) | st.integers(), c, max_size=4)
        ),
        max_leaves=20,
    ),
    depth=st.integers(0, 4),
)
def test_page_data_in_pieces_is_the_whole_json(value: Any, depth: int) -> None:
    """The page's data is written a piece at a time (20 MB of JSON at 10,000 notes): the pieces
    join to exactly ``script_json`` of the whole, keys in their order (numbers too)."""
    from noteatlas.exporters.jsonpieces import json_pieces

    assert "".join(json_pieces(value, script_json, depth)) == script_json(value)
