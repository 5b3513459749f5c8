"""Fuzz every text output with hostile file names, front matter values and URLs (issue 16).

Each example is a small corpus in a fresh folder: notes whose names, front matter and links come
from hypothesis, each with a broken local link, a broken wikilink and an external URL, so that
every name and target reaches report.md, links.md, links.csv and the check reports (text,
GitHub annotations, Markdown, JUnit). Whatever was generated:

- no control character reaches an output (line ends of the format itself aside);
- no line starts with ``::`` (a GitHub workflow command) except the annotations the GitHub
  format means to write, each with exactly the properties it sets;
- the Markdown outputs hold no raw HTML: markdown-it (CommonMark, with HTML on as viewers have
  it) finds no ``html_inline`` or ``html_block`` token, and table rows keep their columns;
- the JUnit report is well-formed XML made of its own elements only; the CSV keeps its rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import noteatlas
from noteatlas.config import Config
from noteatlas.exporters.linkindex import CSV_COLUMNS, links_csv, links_markdown, to_link_index
from noteatlas.exporters.report import to_report
from noteatlas.linkcheck.render import render

# Control characters as noteatlas.textsafe defines them, checked here independently.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ANNOTATION = re.compile(r"::(error|warning) ((?:[a-z]+=[^:,\n]*,?)+)::[^\n]*")
JUNIT_TAGS = {"testsuites", "testsuite", "testcase", "failure", "skipped", "system-out"}

# Pieces that broke outputs before: HTML, workflow commands, Markdown that escapes a code span
# or a table cell, line breaks and other control characters, bidirectional overrides.
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "`<b>`", "``", "|", "\\",
    "\n::error file=README.md,line=1::INJECTED\n", "::warning::x", "%0A", "\r\n", "\x1b[31m",
    "\x00", "\x7f", "\u2028", "\u202e", "*", "_", "[x](javascript:alert(1))", "&lt;i&gt;", "$",
    "~~", "#", "<!--", "]]", "[[", "\t", "\x85", "中文", " ",
]  # fmt: skip
_PIECES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=4),
)
PIECES = st.lists(_PIECES, min_size=1, max_size=4).map("".join)


def file_names() -> st.SearchStrategy[str]:
    """Names a file system takes: no ``/`` or NUL, not hidden, short, ending in ``.md``."""
    return PIECES.map(lambda s: s.replace("/", "_").replace("\x00", "_").lstrip(".")[:40]).map(
        lambda s: f"{s or 'n'}.md"
    )


def _md_link_target(text: str) -> str:
    # A destination in <...> may hold anything but line breaks and < >.
    return re.sub(r"[\n\r<>]", "_", text)


@st.composite
def notes(draw: st.DrawFn) -> dict[str, str]:
    names = draw(st.lists(file_names(), min_size=1, max_size=3, unique_by=str.lower))
    corpus = {}
    for name in names:
        values = {key: draw(PIECES) for key in ("title", "kind", "year", "alias")}
        front = "\n".join(
            [f"title: {json.dumps(values['title'])}", f"kind: {json.dumps(values['kind'])}",
             f"year: {json.dumps(values['year'])}", f"aliases: [{json.dumps(values['alias'])}]"]
        )  # fmt: skip
        target, url, wiki = (draw(PIECES) for _ in range(3))
        body = (
            f"# {draw(PIECES)}\n\n"
            f"[broken](<missing/{_md_link_target(target)}.md>) and [[{wiki.replace(']', '')}]]\n\n"
            f"[a link](<https://example.org/{_md_link_target(url)}>) "
            f"https://example.org/bare/{url.split()[0] if url.split() else 'x'}\n"
        )
        corpus[name] = f"---\n{front}\n---\n{body}"
    return corpus


def _no_control(text: str, allowed: str = "\n") -> None:
    found = {c for c in CONTROL.findall(text) if c not in allowed}
    assert not found, f"control characters {sorted(map(repr, found))} in output"


_OWN_HTML = re.compile(r"<details>\n<summary>[^<>&\n]*</summary>\n|</details>\n")


def _markdown_is_inert(text: str) -> None:
    _no_control(text)
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    # links.md folds its images in a <details> block of its own making: those exact lines only
    ours = [t for t in tokens if t.type == "html_block" and _OWN_HTML.fullmatch(t.content)]
    kinds = {t.type for t in tokens if t not in ours}
    kinds |= {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "html_block"}, "raw HTML in Markdown output"
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line


def _table_widths(text: str) -> set[int]:
    widths = set()
    for line in text.splitlines():
        if line.startswith("|"):
            widths.add(len(re.findall(r"(?<!\\)\|", line)))
    return widths


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(corpus=notes())
@example(
    corpus={"a.md": "![<b>x</b>](https://example.org/a.png) ![y](https://example.org/<i>.png)\n"}
)  # images: links.md folds them in its own <details>
def test_no_hostile_input_survives_into_a_text_output(corpus: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "notes"
        root.mkdir()
        for name, text in corpus.items():
            (root / name).write_text(text, encoding="utf-8")
        config = Config(cache=False, jobs=1)
        atlas = noteatlas.build(root, config)
        entries = to_link_index(atlas)
        report_md, links_md = to_report(atlas), links_markdown(entries)
        checked = noteatlas.check(root, config, offline=True, link_cache=False)
        outputs = {fmt: render(checked, fmt) for fmt in ("text", "github", "markdown", "junit")}

    for text in (report_md, links_md, outputs["markdown"]):
        _markdown_is_inert(text)
    assert len(_table_widths(links_md)) <= 1, "a links.md row has more or fewer cells"

    _no_control(outputs["text"])
    for line in outputs["text"].splitlines():
        assert not line.lstrip().startswith("::"), line

    _no_control(outputs["github"])
    for line in outputs["github"].splitlines():
        if line.startswith("::"):
            found = ANNOTATION.fullmatch(line)
            assert found, f"a workflow command noteatlas did not mean: {line!r}"
            keys = [p.split("=", 1)[0] for p in found.group(2).rstrip(",").split(",")]
            assert keys in (["file", "line", "col", "title"], ["title"]), line
        else:
            assert not line.lstrip().startswith("::"), line

    _no_control(outputs["junit"])
    root_element = ET.fromstring(outputs["junit"])
    assert {e.tag for e in root_element.iter()} <= JUNIT_TAGS

    table = links_csv(entries)
    _no_control(table, allowed="\r\n")
    rows = list(csv.reader(io.StringIO(table, newline="")))
    assert len(rows) == len(entries) + 1 and {len(r) for r in rows} == {len(CSV_COLUMNS)}
    assert table.count("\r\n") == len(rows), "a cell holds a line break"
