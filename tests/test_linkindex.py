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

from noteatlas.atlas import Atlas, load
from noteatlas.exporters.linkindex import (
    CSV_COLUMNS,
    UNCHECKED,
    Citation,
    links_csv,
    links_json,
    links_markdown,
    to_link_index,
    write_links,
)
from noteatlas.schema import Category, Edge, EdgeKind, Evidence, Method, NoteNode, ResourceNode
from noteatlas.textsafe import printable

FIXTURE = Path(__file__).parent / "fixtures" / "exporters" / "nlp_atlas.json"
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
    assert entry.cited_in == (
        Citation("README.md", 12),
        Citation("concepts/BERT.md", 7),
        Citation("concepts/BERT.md", 30),
    )
    assert [p.paper_id for p in entry.papers] == ["arxiv:1810.04805"]
    assert entry.papers[0].year == 2018


def test_paper_url_without_a_resource_is_cited_where_the_paper_is(atlas: Atlas) -> None:
    entry = next(e for e in to_link_index(atlas) if "aclanthology" in e.url)
    assert entry.category == "paper" and entry.host == "aclanthology.org"
    assert entry.cited_in == (Citation("02-NLP/词向量.md", 25),)


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
    assert bert["cited_in"][0] == {"file": "README.md", "line": 12}
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
    cell, shown = parsed[1][3], printable(title)  # control characters are written out
    assert cell == shown or (cell == "'" + shown and shown.startswith(("=", "+", "-", "@")))
