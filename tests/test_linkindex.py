"""The link index: links.md, links.json, links.csv."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import noteatlas
from noteatlas.atlas import Atlas, load
from noteatlas.config import Config
from noteatlas.errors import ConfigError
from noteatlas.exporters.linkcontext import equation_source, is_placeholder
from noteatlas.exporters.linkentries import UNCHECKED, LinkEntry, to_link_index
from noteatlas.exporters.linkindex import (
    CSV_COLUMNS,
    links_csv,
    links_json,
    links_markdown,
    write_links,
)
from noteatlas.exporters.options import ExportOptions
from noteatlas.schema import Category, Edge, EdgeKind, Evidence, Method, NoteNode, ResourceNode
from noteatlas.textsafe import printable

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "exporters" / "nlp_atlas.json"
BERT = "https://arxiv.org/abs/1810.04805"


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return load(FIXTURE)


def test_every_url_once_resources_and_paper_urls(atlas: Atlas) -> None:
    entries = to_link_index(atlas)
    urls = [e.url for e in entries]
    assert len(urls) == len(set(urls))
    expected = {r.url for r in atlas.resources()} | {u for p in atlas.papers() for u in p.urls}
    assert set(urls) == expected


def test_sorted_by_category_then_host_then_url(atlas: Atlas) -> None:
    entries = to_link_index(atlas)
    order = [c.value for c in Category]
    keys = [(order.index(e.category), e.host, e.url) for e in entries]
    assert keys == sorted(keys)


def test_citations_come_from_cites_evidence(atlas: Atlas) -> None:
    entry = next(e for e in to_link_index(atlas) if e.url == BERT)
    assert [c.where() for c in entry.cited_in] == [
        "README.md:12",
        "concepts/BERT.md:7",
        "concepts/BERT.md:30",
    ]
    assert entry.cited_in[0].heading == "2018年  ELMo：动态词向量"
    assert [p.paper_id for p in entry.papers] == ["arxiv:1810.04805"]
    assert entry.papers[0].year == 2018


def test_paper_url_without_a_resource_is_cited_where_the_paper_is(atlas: Atlas) -> None:
    entry = next(e for e in to_link_index(atlas) if "aclanthology" in e.url)
    assert entry.category == "paper" and entry.host == "aclanthology.org"
    assert [c.where() for c in entry.cited_in] == ["02-NLP/词向量.md:25"]


def test_best_title_falls_back_to_the_paper_title(atlas: Atlas) -> None:
    entry = next(e for e in to_link_index(atlas) if e.url == "https://arxiv.org/abs/1301.3781")
    assert entry.title == "Efficient Estimation of Word Representations in Vector Space"


def test_status_from_check_results_overrides_the_stored_one(atlas: Atlas) -> None:
    checked = {"https://arxiv.org/abs/1301.3781": "broken", BERT: "redirected"}
    entries = {e.url: e for e in to_link_index(atlas, checked)}
    assert entries["https://arxiv.org/abs/1301.3781"].status == "broken"
    assert entries[BERT].status == "redirected"
    assert entries["https://github.com/google-research/bert"].status == "ok"  # stored
    assert entries["https://aclanthology.org/D14-1181"].status == UNCHECKED


def table_rows(markdown: str) -> list[list[str]]:
    """Rows of every GFM table, split on unescaped pipes."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            rows.append([c.strip() for c in cells])
    return rows


def test_markdown_groups_by_category_and_host(atlas: Atlas) -> None:
    text = links_markdown(to_link_index(atlas))
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# Link index"
    assert "## paper (6)" in headings and "### arxiv.org" in headings
    assert headings.index("## paper (6)") < headings.index("## code (1)")
    rows = table_rows(text)
    assert all(len(r) == 4 for r in rows)
    header_rows = [r for r in rows if r[0] == "Title"]
    assert len(rows) - len(header_rows) == len(to_link_index(atlas))


def test_markdown_escapes_titles_and_never_links_unsafe_urls(atlas: Atlas) -> None:
    text = links_markdown(to_link_index(atlas))
    assert "google-research/bert \\| 官方代码" in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert "javascript:alert(1)" in html  # shown as text


def test_csv_is_rfc4180_one_row_per_url_and_formula_safe(atlas: Atlas) -> None:
    entries = to_link_index(atlas)
    text = links_csv(entries)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[2] for r in rows[1:]] == [e.url for e in entries]
    zhihu = next(r for r in rows if "zhihu" in r[2])
    assert zhihu[3].startswith("'=HYPERLINK(")
    for row in rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    bert = next(r for r in rows if r[2] == BERT)
    assert bert[6] == "README.md:12; concepts/BERT.md:7; concepts/BERT.md:30"
    assert bert[5] == "arxiv:1810.04805 (2018)"


def test_json_is_sorted_and_complete(atlas: Atlas) -> None:
    text = links_json(to_link_index(atlas))
    data = json.loads(text)
    assert data["counts"]["links"] == len(data["links"]) == len(to_link_index(atlas))
    bert = next(x for x in data["links"] if x["url"] == BERT)
    assert bert["cited_in"][0] == {
        "file": "README.md",
        "line": 12,
        "heading": "2018年  ELMo：动态词向量",
    }
    lines = text.splitlines()
    assert lines[1] == '  "counts": ' + json.dumps(data["counts"], sort_keys=True) + ","
    entries = lines[3:-2]  # one link per line, keys sorted
    assert len(entries) == len(data["links"])
    for line, entry in zip(entries, data["links"], strict=True):
        assert line.strip().rstrip(",") == json.dumps(entry, ensure_ascii=False, sort_keys=True)


def test_write_links_is_deterministic(atlas: Atlas, tmp_path: Path) -> None:
    first = write_links(atlas, tmp_path / "a")
    second = write_links(load(FIXTURE), tmp_path / "b")
    assert [p.name for p in first] == ["links.md", "links.json", "links.csv"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_empty_atlas_writes_empty_index(tmp_path: Path) -> None:
    paths = write_links(Atlas.from_parts([], [], []), tmp_path)
    assert "0 links on 0 hosts" in paths[0].read_text(encoding="utf-8")
    assert json.loads(paths[1].read_text(encoding="utf-8"))["links"] == []
    assert paths[2].read_bytes() == (",".join(CSV_COLUMNS) + "\r\n").encode()


@settings(max_examples=60, deadline=None)
@given(title=st.text(max_size=40), file=st.text(min_size=1, max_size=20))
def test_any_title_keeps_tables_and_csv_intact(title: str, file: str) -> None:
    note = NoteNode(id=f"note:{file}", label=file, path=file, title=file)
    url = "https://example.org/x"
    res = ResourceNode(id=f"url:{url}", label=url, url=url, host="example.org", title=title)
    evidence = Evidence(file=file, line=2, method=Method.REFERENCE)
    edge = Edge(source=note.id, target=res.id, kind=EdgeKind.CITES, evidence=[evidence])
    entries = to_link_index(Atlas.from_parts([note, res], [edge], []))
    rows = table_rows(links_markdown(entries))
    assert [len(r) for r in rows] == [4, 4]
    html = MarkdownIt("commonmark").enable("table").render(links_markdown(entries))
    assert "<script" not in html.lower()
    parsed = list(csv.reader(io.StringIO(links_csv(entries), newline="")))
    linked = not is_placeholder(title)  # not "shown == title": a note may be titled ")" too
    shown = title if linked else entries[0].title
    assert shown.strip()
    assert entries[0].title_source in (("link",) if linked else ("note", "url"))
    cell, shown = parsed[1][3], printable(shown)  # control characters are written out
    assert cell == shown or (cell == "'" + shown and shown.startswith(("=", "+", "-", "@")))


# -- real notes: images, formula renders, embeds, titles from the context -------------------------

ZHIHU_ATTENTION = (
    "https://www.zhihu.com/equation?tex=%5Ctext%7BAttention%7D%28Q%2CK%2CV%29%3D%5Ctext%7Bsoftmax"
    "%7D%28%5Cfrac%7BQK%5ET%7D%7B%5Csqrt%7Bd_k%7D%7D%29V"
)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    """Notes as copied from Zhihu and Typora: formula images, pictures, links without text."""
    return noteatlas.build(FIXTURES / "linkindex", Config(cache=False, jobs=1))


def by_url(entries: list[LinkEntry]) -> dict[str, LinkEntry]:
    return {e.url: e for e in entries}


def test_formula_renders_and_images_are_told_apart_from_links(real: Atlas) -> None:
    entries = to_link_index(real)
    kinds = {e.url: e.kind for e in entries}
    assert kinds[ZHIHU_ATTENTION] == "equation"
    assert kinds["https://www.zhihu.com/equation?tex=d_k"] == "equation"
    assert kinds["https://latex.codecogs.com/svg.image?%5Csqrt%7Bd_k%7D"] == "equation"
    assert kinds["https://pic4.zhimg.com/v2-3a1b2c3d4e5f.jpg"] == "image"
    assert kinds["https://example.org/fig/encoder.png"] == "image"  # <img src>
    assert kinds["https://arxiv.org/abs/1706.03762"] == "link"
    assert kinds["https://jalammar.github.io/illustrated-transformer/"] == "link"
    # Links first, then images, then formula renders.
    order = [e.kind for e in entries]
    assert order == sorted(order, key=["link", "image", "equation"].index)


def test_every_entry_says_where_it_is_cited_embeds_too(real: Atlas) -> None:
    entries = by_url(to_link_index(real))
    assert all(e.cited_in for e in entries.values())
    d_k = entries["https://www.zhihu.com/equation?tex=d_k"]
    assert [c.where() for c in d_k.cited_in] == ["README.md:5", "数学/注意力公式.md:9"]
    assert d_k.cited_in[1].heading == "缩放点积"
    assert [c.where() for c in entries["https://example.org/fig/encoder.png"].cited_in] == [
        "数学/注意力公式.md:17"
    ]


def test_titles_are_never_empty_and_say_where_they_come_from(real: Atlas) -> None:
    entries = by_url(to_link_index(real))
    assert all(e.title.strip() for e in entries.values())
    formula = entries[ZHIHU_ATTENTION]
    assert (formula.title, formula.title_source) == (
        "\\text{Attention}(Q,K,V)=\\text{softmax}(\\frac{QK^T}{\\sqrt{d_k}})V",
        "formula",
    )
    assert entries["https://www.zhihu.com/equation?tex=d_k"].title == "d_k"
    picture = entries["https://pic4.zhimg.com/v2-3a1b2c3d4e5f.jpg"]
    assert (picture.title, picture.title_source) == ("结构图", "heading")
    blank = entries["https://example.com/empty-text"]  # [](url) under "## 参考"
    assert (blank.title, blank.title_source) == ("参考", "heading")
    intro = entries["https://example.net/intro"]  # before any heading but the title's H1
    assert (intro.title, intro.title_source) == ("笔记首页", "note")
    paper = entries["https://arxiv.org/abs/1706.03762"]
    assert (paper.title, paper.title_source) == ("Attention Is All You Need", "link")


@pytest.mark.parametrize(
    ("url", "formula"),
    [
        ("https://www.zhihu.com/equation?tex=x%5E2", "x^2"),
        ("https://latex.codecogs.com/gif.latex?%5Calpha+%5Cbeta", "\\alpha+\\beta"),
        ("https://latex.csdn.net/eq?a%3Db", "a=b"),
        ("https://chart.googleapis.com/chart?cht=tx&chl=E%3Dmc%5E2", "E=mc^2"),
        ("https://render.githubusercontent.com/render/math?math=x_1", "x_1"),
        ("https://i.upmath.me/svg/%5Cfrac%7B1%7D%7B2%7D", "\\frac{1}{2}"),
        ("https://juejin.cn/equation?tex=y", "y"),
        ("https://example.org/latex?tex=z", "z"),
    ],
)
def test_formula_renders_give_their_tex(url: str, formula: str) -> None:
    assert equation_source(url) == formula


@pytest.mark.parametrize(
    "url",
    [
        "https://www.zhihu.com/question/123",
        "https://chart.googleapis.com/chart?cht=p3&chd=t:60,40",
        "https://example.org/tex/guide.html",
        "https://arxiv.org/abs/1706.03762",
    ],
)
def test_pages_about_formulas_are_not_formula_renders(url: str) -> None:
    assert equation_source(url) is None


def test_placeholder_titles(real: Atlas) -> None:
    for text in (
        "",
        "  ",
        "[公式]",
        "公式",
        "image",
        "在这里插入图片描述",
        "image-20230512175321123",
    ):
        assert is_placeholder(text), text
    for text in ("BERT 论文", "Image Transformer", "公式推导详解"):
        assert not is_placeholder(text), text


def test_markdown_lists_images_and_formulas_apart_folded(real: Atlas) -> None:
    entries = to_link_index(real)
    text = links_markdown(entries)
    head, _, media = text.partition("## Images and formula renders (5)")
    assert media, text
    assert "4 links on 4 hosts, cited 4 times." in head
    assert "2 images and 3 formula renders: listed apart" in head
    assert "zhihu.com/equation" not in head and "zhimg" not in head
    assert media.lstrip().startswith("<details>") and media.rstrip().endswith("</details>")
    assert "### Images (2)" in media and "### Formula renders (3)" in media
    html = MarkdownIt("commonmark").enable("table").render(text)
    details = html[html.index("<details>") :]
    assert details.count("<tr>") == 2 + 2 + 3  # two header rows, five entries
    rows = table_rows(text)
    assert sum(r[0] != "Title" for r in rows) == len(entries)
    assert all(r[2] for r in rows)  # every row has a "Cited in"
    assert "§ 结构图" in text  # a title from the heading is marked as such


def test_media_can_be_left_out_in_all_three_files(real: Atlas, tmp_path: Path) -> None:
    md, js, csv_path = write_links(real, tmp_path, ExportOptions(links_media="omit"))
    text = md.read_text(encoding="utf-8")
    assert "Images and formula renders" not in text and "zhimg" not in text
    assert "5 images and formula renders are left out." in text
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["counts"]["omitted"] == 5 and data["counts"]["kinds"]["equation"] == 0
    assert {x["kind"] for x in data["links"]} == {"link"}
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 4 and {r["kind"] for r in rows} == {"link"}
    with pytest.raises(ConfigError) as bad:
        write_links(real, tmp_path, ExportOptions(links_media="hide"))
    assert "'hide'" in str(bad.value) and "section, omit" in bad.value.hint


def test_json_and_csv_carry_kind_title_source_and_headings(real: Atlas, tmp_path: Path) -> None:
    _, js, csv_path = write_links(real, tmp_path)
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["counts"]["kinds"] == {"equation": 3, "image": 2, "link": 4}
    picture = next(x for x in data["links"] if "zhimg" in x["url"])
    assert picture["kind"] == "image" and picture["title_source"] == "heading"
    assert picture["cited_in"] == [{"file": "数学/注意力公式.md", "line": 15, "heading": "结构图"}]
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
    assert [r["url"] for r in rows] == [x["url"] for x in data["links"]]
    assert all(r["title"] and r["cited_in"] for r in rows)
    formula = next(r for r in rows if r["url"] == ZHIHU_ATTENTION)
    assert (formula["kind"], formula["title_source"]) == ("equation", "formula")
