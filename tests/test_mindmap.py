"""Mind maps: the trees (outline, lineage, year), markmap Markdown and JSON, assets, the HTML page."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from noteatlas.atlas import Atlas, load
from noteatlas.errors import ConfigError, NotFoundError
from noteatlas.exporters.mindmap import (
    CDN_SCRIPTS,
    D3_VERSION,
    MARKMAP_VIEW_VERSION,
    find_assets,
    to_mindmap,
    to_mindmap_html,
    write_mindmap_output,
)
from noteatlas.exporters.mindmap_nodes import MindNode
from noteatlas.exporters.mindmap_render import (
    count_nodes,
    markdown_text,
    to_markmap_json,
    to_markmap_markdown,
)
from noteatlas.exporters.notelinks import safe_href
from noteatlas.exporters.options import ExportOptions
from noteatlas.schema import ConceptNode, Edge, EdgeKind, Evidence, Heading, Method, NoteNode

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "exporters" / "nlp_atlas.json"
EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load(FIXTURE)


def child(node: MindNode, text: str) -> MindNode:
    return next(c for c in node.children if c.text == text)


def texts(node: MindNode) -> list[str]:
    return [c.text for c in node.children]


def walk(node: MindNode) -> list[MindNode]:
    return [node, *(n for c in node.children for n in walk(c))]


# -- outline --------------------------------------------------------------------------------------


def test_outline_is_folders_notes_headings(atlas: Atlas) -> None:
    tree = to_mindmap(atlas, "outline")
    assert tree.text == "nlp-notes"
    assert texts(tree) == ["02-NLP/", "03-LLM/", "bad/", "concepts/", "NLP 学习路线"]
    transformer = child(child(child(tree, "03-LLM/"), "Transformer/"), "Transformer 核心解析")
    assert texts(transformer)[:2] == ["多头注意力", EVIL]
    assert transformer.fold  # notes start folded, folders open


def test_outline_hoists_an_h1_that_repeats_the_title(atlas: Atlas) -> None:
    words = child(child(to_mindmap(atlas, "outline"), "02-NLP/"), "词向量")
    assert texts(words)[:3] == ["one-hot", "word2vec", "静态词向量的问题"]
    assert texts(child(words, "word2vec"))[0] == "Skip-gram"


def test_outline_hangs_concepts_and_papers_under_their_section(atlas: Atlas) -> None:
    words = child(child(to_mindmap(atlas, "outline"), "02-NLP/"), "词向量")
    w2v = child(words, "word2vec")  # line 10; mention at 11, paper cited at 12
    assert texts(w2v) == [
        "Skip-gram",
        "word2vec",
        "Efficient Estimation of Word Representations in Vector Space",
    ]
    paper = w2v.children[2]
    assert paper.href == "https://arxiv.org/abs/1301.3781"
    assert paper.detail == "arxiv:1301.3781 · 2013"
    assert texts(child(words, "静态词向量的问题"))[:2] == ["polysemy", "static embedding"]


def test_note_links_need_a_note_base(atlas: Atlas) -> None:
    plain = to_mindmap(atlas, "outline")
    assert all(n.href is None or n.href.startswith("https://") for n in walk(plain))
    linked = to_mindmap(atlas, "outline", note_base="../notes/")
    readme = child(linked, "NLP 学习路线")
    assert readme.href == "../notes/README.md"
    assert readme.children[0].href == "../notes/README.md#2013%E5%B9%B4-word2vec"


# -- lineage --------------------------------------------------------------------------------------


def test_lineage_follows_typed_relations_and_chains_both_ways(atlas: Atlas) -> None:
    tree = to_mindmap(atlas, "lineage", "BERT")
    assert tree.text == "BERT" and tree.detail == "model · 2018"
    builds_on, leads_to = tree.children
    assert (builds_on.text, leads_to.text) == ("builds on", "leads to")
    assert re.fullmatch(r"\d+ directly, \d+ in all", builds_on.detail)
    assert leads_to.detail == "1 directly"
    elmo = child(builds_on, "ELMo")
    assert elmo.detail == "comes from, improves on, preceded by · 2018"
    chain = [n.text for n in walk(elmo)]
    for earlier in ("BiRNN", "polysemy", "static embedding", "word2vec", "one-hot"):
        assert earlier in chain
    assert texts(leads_to) == ["RoBERTa"]
    assert "GPT" not in [n.text for n in walk(tree)]  # related_to is not lineage


def test_lineage_shows_each_concept_once_and_marks_repeats(atlas: Atlas) -> None:
    tree = to_mindmap(atlas, "lineage", "BERT")
    lstm = [n for n in walk(tree) if n.text == "LSTM"]
    assert len(lstm) == 2
    assert sum("see above" in n.detail for n in lstm) == 1
    assert all(not n.children for n in lstm if "see above" in n.detail)


def test_lineage_root_by_alias_or_id(atlas: Atlas) -> None:
    for name in ("bert", "BERT模型", "concept:bert", "  Bert "):
        assert to_mindmap(atlas, "lineage", name).text == "BERT"
    assert to_mindmap(atlas, "lineage", "static-embedding").text == "static embedding"
    assert to_mindmap(atlas, "lineage", "一词多义问题").text == "polysemy"


@pytest.mark.parametrize("name", ["ＢＥＲＴ", "BERT模型结构", "Bert ", "bert面试题"])
def test_lineage_root_is_found_as_every_query_finds_it(atlas: Atlas, name: str) -> None:
    """One lookup for `show` and the mind map: full width and a name plus generic words too."""
    assert atlas.concept(name).name == "BERT"
    assert to_mindmap(atlas, "lineage", name).text == "BERT"


def test_lineage_terminates_on_cycles() -> None:
    concepts = [ConceptNode(id=f"concept:{x}", label=x, name=x) for x in "abc"]
    edges = [
        Edge(source="concept:a", target="concept:b", kind=EdgeKind.BASED_ON),
        Edge(source="concept:b", target="concept:c", kind=EdgeKind.BASED_ON),
        Edge(source="concept:c", target="concept:a", kind=EdgeKind.BASED_ON),
        Edge(source="concept:a", target="concept:a", kind=EdgeKind.LEADS_TO),
    ]
    tree = to_mindmap(Atlas.from_parts(concepts, edges, []), "lineage", "a")
    assert count_nodes(tree) < 12
    assert [n.text for n in walk(child(tree, "builds on"))] == ["builds on", "a", "b", "c", "a"]


def test_lineage_errors_name_the_problem(atlas: Atlas) -> None:
    with pytest.raises(NotFoundError) as err:
        to_mindmap(atlas, "lineage", "BERTT")
    assert "BERT" in err.value.candidates
    with pytest.raises(ConfigError, match="root concept"):
        to_mindmap(atlas, "lineage", None)
    with pytest.raises(ConfigError) as bad:
        to_mindmap(atlas, "tree")
    assert "outline, lineage, year" in bad.value.hint


LINEAGE_KINDS = [EdgeKind.BASED_ON, EdgeKind.LEADS_TO, EdgeKind.IS_A, EdgeKind.HAS_PROBLEM]


@st.composite
def small_atlases(draw: st.DrawFn) -> Atlas:
    """A note with any headings and a few concepts joined by any lineage edges."""
    names = draw(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=5, unique=True))
    concepts = [
        ConceptNode(
            id=f"concept:{i}", label=n, name=n, year=draw(st.none() | st.integers(1990, 2025))
        )
        for i, n in enumerate(names)
    ]
    heads = draw(st.lists(st.tuples(st.integers(1, 6), st.text(max_size=10)), max_size=6))
    outline = [
        Heading(level=lv, text=t, line=i + 1, slug=f"h{i}") for i, (lv, t) in enumerate(heads)
    ]
    title = draw(st.text(max_size=10))
    note = NoteNode(id="note:d/n.md", label=title, path="d/n.md", title=title, outline=outline)
    pairs = st.tuples(st.sampled_from(range(len(names))), st.sampled_from(range(len(names))))
    edges = [
        Edge(
            source=f"concept:{a}", target=f"concept:{b}", kind=draw(st.sampled_from(LINEAGE_KINDS))
        )
        for a, b in draw(st.lists(pairs, max_size=8))
    ]
    for i in draw(st.lists(st.sampled_from(range(len(names))), max_size=3, unique=True)):
        line = draw(st.integers(1, 8))
        evidence = Evidence(file="d/n.md", line=line, method=Method.MENTION)
        edges.append(
            Edge(source=note.id, target=f"concept:{i}", kind=EdgeKind.MENTIONS, evidence=[evidence])
        )
    return Atlas.from_parts([note, *concepts], edges, [])


@settings(max_examples=40, deadline=None)
@given(small_atlases())
def test_any_atlas_gives_consistent_maps_in_every_mode(atlas: Atlas) -> None:
    for mode, root in [("outline", None), ("lineage", "concept:0"), ("year", None)]:
        tree = to_mindmap(atlas, mode, root)
        markdown = to_markmap_markdown(tree).split("---\n", 2)[2]
        items = [t for t in MarkdownIt("commonmark").parse(markdown) if t.type == "list_item_open"]
        assert len(items) == count_nodes(tree) - 1
        check_content(tree, to_markmap_json(tree))


# -- year -----------------------------------------------------------------------------------------


def test_year_tree_orders_years_and_attaches_papers(atlas: Atlas) -> None:
    tree = to_mindmap(atlas, "year")
    assert texts(tree) == ["1997", "2013", "2014", "2017", "2018", "2019", "undated"]
    y2018 = child(tree, "2018")
    assert "BERT" in texts(y2018) and "ELMo" in texts(y2018)
    assert texts(child(y2018, "BERT"))[0].startswith("BERT: Pre-training")
    assert "acl:D14-1181" in texts(child(tree, "2014"))  # a paper no concept claims
    assert child(tree, "undated").fold


# -- rendering ------------------------------------------------------------------------------------


def front_matter(markdown: str) -> dict[str, Any]:
    _, block, _ = markdown.split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(block)
    return data


@pytest.mark.parametrize(("mode", "root"), [("outline", None), ("lineage", "BERT"), ("year", None)])
def test_markmap_markdown_is_valid_and_safe(atlas: Atlas, mode: str, root: str | None) -> None:
    tree = to_mindmap(atlas, mode, root, note_base="../notes/")
    text = to_markmap_markdown(tree)
    options = front_matter(text)["markmap"]
    assert options["colorFreezeLevel"] == 2 and options["initialExpandLevel"] == -1
    body = text.split("---\n", 2)[2]
    md = MarkdownIt("commonmark")
    tokens = md.parse(body)
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == count_nodes(tree) - 1
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    html = [c.content for c in inline if c.type == "html_inline"]
    assert set(html) <= {"<!-- markmap: fold -->"}
    hrefs = [str(c.attrs["href"]) for c in inline if c.type == "link_open"]
    assert all(safe_href(h, notes=True) == h for h in hrefs)
    assert "<script" not in md.render(body)


class ContentParser(HTMLParser):
    """Collects tags, attributes and text of a markmap ``content`` string."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


class ScriptParser(HTMLParser):
    """Collects the text of every ``<script>`` element."""

    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.bodies.append("")
            self._inside = True

    def handle_endtag(self, tag: str) -> None:
        self._inside = self._inside and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.bodies[-1] += data


def check_content(node: MindNode, data: dict[str, Any]) -> None:
    parser = ContentParser()
    parser.feed(data["content"])
    parser.close()
    assert [t for t, _ in parser.tags] in (["a", "span"], ["a"], ["span"], [])
    for tag, attrs in parser.tags:
        if tag == "a":
            assert (
                attrs["href"] == node.href and safe_href(attrs["href"], notes=True) == attrs["href"]
            )
    assert parser.text == (node.text or "(untitled)") + node.detail
    assert ("payload" in data) == (node.fold and bool(node.children))
    for sub, sub_data in zip(node.children, data["children"], strict=True):
        check_content(sub, sub_data)


@pytest.mark.parametrize(("mode", "root"), [("outline", None), ("lineage", "BERT"), ("year", None)])
def test_markmap_json_escapes_every_text(atlas: Atlas, mode: str, root: str | None) -> None:
    tree = to_mindmap(atlas, mode, root, note_base="../notes/")
    data = to_markmap_json(tree)
    check_content(tree, data)
    assert "<script" not in json.dumps(data)


def test_unsafe_links_never_become_links() -> None:
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "JaVaScRiPt:x",
        "java\tscript:x.md",
        "//evil.example/a.md",
        "file:///etc/passwd",
        "notes/a.txt",
        " http://x",
    ):
        assert safe_href(bad, notes=True) is None
        data = to_markmap_json(MindNode("x", href=bad))
        assert "<a" not in data["content"]
    assert safe_href("../notes/a%20b.md#h", notes=True) == "../notes/a%20b.md#h"
    assert safe_href("https://arxiv.org/abs/1", notes=True) == "https://arxiv.org/abs/1"
    obsidian = "obsidian://open?vault=V&file=a%2Fb.md"
    assert safe_href(obsidian, notes=True) == obsidian and safe_href(obsidian) is None


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40))
def test_markdown_text_renders_back_to_the_same_text(text: str) -> None:
    flat = " ".join(text.replace("\x00", "\ufffd").split())
    tokens = MarkdownIt("commonmark").parse("- " + markdown_text(text) + "\n")
    if not flat:
        return
    assert [t.type for t in tokens[:3]] == ["bullet_list_open", "list_item_open", "paragraph_open"]
    inline = tokens[3]
    assert all(c.type == "text" for c in inline.children or [])
    assert "".join(c.content for c in inline.children or []) == flat


# -- assets and the page --------------------------------------------------------------------------


def fake_modules(root: Path, code: str = "window.d3 = {};") -> Path:
    for package, js in (("d3", "dist/d3.min.js"), ("markmap-view", "dist/browser/index.js")):
        base = root / "node_modules" / package
        (base / js).parent.mkdir(parents=True)
        (base / js).write_text(code, encoding="utf-8")
        (base / "LICENSE").write_text(f"{package} licence */ text", encoding="utf-8")
        (base / "package.json").write_text(json.dumps({"version": "1.2.3"}), encoding="utf-8")
    return root


def test_find_assets_accepts_repo_or_node_modules(tmp_path: Path) -> None:
    assert find_assets(tmp_path) is None
    fake_modules(tmp_path)
    for where in (tmp_path, tmp_path / "node_modules"):
        assets = find_assets(where)
        assert assets is not None and assets.d3_version == "1.2.3"
        assert assets.markmap_js.name == "index.js" and assets.d3_license.name == "LICENSE"


def test_page_without_assets_loads_pinned_cdn_and_says_so(atlas: Atlas, tmp_path: Path) -> None:
    result = write_mindmap_output(atlas, tmp_path / "out", ExportOptions(assets_dir=tmp_path))
    assert not result.inlined and result.warning and "network" in result.warning
    page = (tmp_path / "out" / "mindmap.html").read_text(encoding="utf-8")
    for url, sri in CDN_SCRIPTS:
        assert f'<script src="{url}" integrity="{sri}" crossorigin="anonymous">' in page
    assert f"d3@{D3_VERSION}/" in page and f"markmap-view@{MARKMAP_VIEW_VERSION}/" in page
    assert 'id="notice"' in page and "needs the network" in page


def test_page_with_assets_inlines_them_with_licences(atlas: Atlas, tmp_path: Path) -> None:
    fake_modules(tmp_path, "var s = '</script><script>alert(1)</script>'; <!-- x")
    result = write_mindmap_output(atlas, tmp_path / "out", ExportOptions(assets_dir=tmp_path))
    assert result.inlined and result.warning is None
    page = (tmp_path / "out" / "mindmap.html").read_text(encoding="utf-8")
    assert 'src="https://cdn.jsdelivr' not in page and 'id="notice"' not in page
    assert "d3 licence * / text" in page and "markmap-view licence" in page
    # Nothing inlined ends its <script> element early: a browser-grade parser sees 4 scripts.
    scripts = ScriptParser()
    scripts.feed(page)
    assert len(scripts.bodies) == 4
    assert "var s = '<\\/script><script>alert(1)<\\/script>'; <\\!-- x" in scripts.bodies[1]


def test_page_data_is_the_escaped_tree(atlas: Atlas, tmp_path: Path) -> None:
    tree = to_mindmap(atlas, "outline")
    page = to_mindmap_html(tree, title=EVIL, assets=None)
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    raw = re.search(r'<script type="application/json" id="mindmap-data">(.*?)</script>', page, re.S)
    assert raw is not None and "<" not in raw.group(1)
    assert json.loads(raw.group(1))["maps"][0]["root"] == to_markmap_json(tree)


@pytest.mark.parametrize("mode", ["concepts", "outline", "year"])
def test_write_is_deterministic(atlas: Atlas, tmp_path: Path, mode: str) -> None:
    one = write_mindmap_output(
        atlas, tmp_path / "a", ExportOptions(mindmap_mode=mode, assets_dir=tmp_path)
    )
    two = write_mindmap_output(
        load(FIXTURE), tmp_path / "b", ExportOptions(mindmap_mode=mode, assets_dir=tmp_path)
    )
    for a, b in zip(one.paths, two.paths, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_pins_agree_with_package_json_and_lock() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["d3"] == D3_VERSION
    assert package["dependencies"]["markmap-view"] == MARKMAP_VIEW_VERSION
    assert lock["packages"]["node_modules/d3"]["version"] == D3_VERSION
    assert lock["packages"]["node_modules/markmap-view"]["version"] == MARKMAP_VIEW_VERSION


def test_cdn_integrity_matches_the_installed_files() -> None:
    assets = find_assets(REPO)
    if assets is None:
        pytest.skip("node_modules is missing (run `make assets`)")
    for path, (_, sri) in zip((assets.d3_js, assets.markmap_js), CDN_SCRIPTS, strict=True):
        digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
        assert sri == f"sha384-{digest}"


@settings(max_examples=80, deadline=None)
@given(
    value=st.recursive(
        st.text(alphabet='ab<>&\u2028"\\中') | st.integers() | st.floats() | st.none(),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=3), c, max_size=4),
        max_leaves=20,
    ),
    depth=st.integers(0, 7),
)
def test_page_data_in_pieces_is_the_whole_json(value: Any, depth: int) -> None:
    """The mind map page writes its data a piece at a time (the outline of a big corpus is tens
    of megabytes of JSON): the pieces join to exactly the JSON written whole."""
    from noteatlas.exporters.mindmap import _script_json, _script_json_pieces

    assert "".join(_script_json_pieces(value, depth)) == _script_json(value)
