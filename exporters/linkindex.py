"""The curated link index: every external reference once, with where it is cited and its status.

``to_link_index`` gathers plain entries; ``links_markdown``, ``links_json`` and ``links_csv`` render
them; ``write_links`` writes ``links.md``, ``links.json`` and ``links.csv``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from noteatlas.atlas import Atlas
from noteatlas.files import write_text_atomic
from noteatlas.schema import Category, Edge, EdgeKind, PaperNode
from noteatlas.textsafe import md_text, printable

UNCHECKED = "unchecked"
"""Status shown for a URL no link check has seen."""

_CATEGORY_ORDER = {c.value: i for i, c in enumerate(Category)}


@dataclass(frozen=True)
class Citation:
    """A place in the corpus that cites a URL."""

    file: str
    """Corpus-relative path of the note."""
    line: int | None = None
    """1-based line, when known."""

    def where(self) -> str:
        """``file:line`` or ``file``."""
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class PaperRef:
    """A paper a URL reaches."""

    paper_id: str
    """Scheme-qualified id such as ``arxiv:1810.04805``."""
    year: int | None
    """Publication year, when known."""
    title: str | None
    """Paper title, when known."""


@dataclass(frozen=True)
class LinkEntry:
    """One external reference of the index."""

    url: str
    """Normalised URL (the deduplication key)."""
    host: str
    """Lower-case host."""
    category: str
    """Category value (paper, code, docs ...)."""
    title: str
    """Best title: the link text seen, else the paper's title, else empty."""
    status: str
    """Last check result, or ``unchecked``."""
    papers: tuple[PaperRef, ...]
    """Papers this URL reaches."""
    cited_in: tuple[Citation, ...]
    """Where notes cite it, sorted."""


def _citations(edges: list[Edge], atlas: Atlas) -> set[Citation]:
    out: set[Citation] = set()
    for edge in edges:
        located = [e for e in edge.evidence if e.file]
        if located:
            out.update(Citation(str(e.file), e.line) for e in located)
        elif edge.source in atlas:
            out.add(Citation(getattr(atlas.get(edge.source), "path", edge.source)))
    return out


def _paper_ref(paper: PaperNode) -> PaperRef:
    return PaperRef(paper.paper_id, paper.year, paper.title)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@dataclass
class _Pending:
    """A URL being gathered, before it becomes a frozen LinkEntry."""

    host: str
    category: str
    title: str = ""
    status: str | None = None
    papers: set[PaperRef] = field(default_factory=set)
    cited: set[Citation] = field(default_factory=set)


def to_link_index(atlas: Atlas, link_status: Mapping[str, str] | None = None) -> list[LinkEntry]:
    """Every external URL once, sorted by category, host and URL.

    URLs come from resource nodes and from paper nodes' ``urls`` (a paper URL without a resource
    node is still listed, cited where the paper is cited). ``link_status`` overrides the status
    stored on the resource.
    """
    statuses = link_status or {}
    pending: dict[str, _Pending] = {}
    papers = {p.id: p for p in atlas.papers()}
    for res in atlas.resources():
        item = pending.setdefault(res.url, _Pending(res.host or _host(res.url), res.category.value))
        item.title = item.title or (res.title or "")
        item.status = item.status or res.status
        item.cited |= _citations(list(atlas.in_edges(res.id, EdgeKind.CITES)), atlas)
        for edge in atlas.out_edges(res.id, EdgeKind.IDENTIFIES):
            if edge.target in papers:
                item.papers.add(_paper_ref(papers[edge.target]))
    for paper in papers.values():
        for url in paper.urls:
            if url not in pending:
                item = pending[url] = _Pending(_host(url), Category.PAPER.value)
                item.papers.add(_paper_ref(paper))
                item.cited |= _citations(list(atlas.in_edges(paper.id, EdgeKind.CITES)), atlas)

    entries: list[LinkEntry] = []
    for url, item in pending.items():
        refs = tuple(sorted(item.papers, key=lambda p: p.paper_id))
        title = item.title or next((p.title for p in refs if p.title), "")
        entries.append(
            LinkEntry(
                url=url,
                host=item.host,
                category=item.category,
                title=title,
                status=statuses.get(url) or item.status or UNCHECKED,
                papers=refs,
                cited_in=tuple(sorted(item.cited, key=lambda c: (c.file, c.line or 0))),
            )
        )
    entries.sort(key=lambda e: (_CATEGORY_ORDER.get(e.category, 99), e.category, e.host, e.url))
    return entries


# -- rendering ------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no markup, no raw HTML, no cell breaks."""
    return md_text(text)


def _is_web(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and url.isprintable()


def _md_url(url: str) -> str:
    if not _is_web(url) or " " in url:
        return _md(url)  # shown, never clickable (javascript:, data:, mailto: ...)
    dest = url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    return f"[{_md(url)}](<{dest}>)"


def _paper_text(ref: PaperRef) -> str:
    return f"{ref.paper_id} ({ref.year})" if ref.year else ref.paper_id


def links_markdown(entries: list[LinkEntry], title: str = "Link index") -> str:
    """``links.md``: a section per category, a table per host."""
    hosts = {e.host for e in entries}
    citations = sum(len(e.cited_in) for e in entries)
    statuses: dict[str, int] = {}
    for e in entries:
        statuses[e.status] = statuses.get(e.status, 0) + 1
    summary = " · ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
    out = [f"# {_md(title)}", ""]
    out.append(f"{len(entries)} links on {len(hosts)} hosts, cited {citations} times.")
    if summary:
        out.append(f"Status: {_md(summary)}.")
    category = host = None
    for e in entries:
        if e.category != category:
            category, host = e.category, None
            count = sum(1 for x in entries if x.category == category)
            out += ["", f"## {_md(category)} ({count})"]
        if e.host != host:
            host = e.host
            out += ["", f"### {_md(host) or '(no host)'}", ""]
            out += ["| Title | URL | Cited in | Status |", "| --- | --- | --- | --- |"]
        papers = ", ".join(_md(_paper_text(p)) for p in e.papers)
        title_cell = " · ".join(t for t in (_md(e.title), papers) if t)
        cited = ", ".join(_md(c.where()) for c in e.cited_in)
        out.append(f"| {title_cell} | {_md_url(e.url)} | {cited} | {_md(e.status)} |")
    return "\n".join(out) + "\n"


def links_json(entries: list[LinkEntry]) -> str:
    """``links.json``: counts, then one link per line (sorted keys), deterministic.

    One line per link keeps the file readable and its diffs small, and lets the C encoder write
    each entry (an indented dump goes through Python's slow encoder: 4 s for 37,000 links).
    """
    counts = {
        "citations": sum(len(e.cited_in) for e in entries),
        "hosts": len({e.host for e in entries}),
        "links": len(entries),
    }
    lines = [
        json.dumps(
            {
                "url": e.url,
                "host": e.host,
                "category": e.category,
                "title": e.title,
                "status": e.status,
                "papers": [
                    {"paper_id": p.paper_id, "year": p.year, "title": p.title} for p in e.papers
                ],
                "cited_in": [{"file": c.file, "line": c.line} for c in e.cited_in],
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        for e in entries
    ]
    body = ",\n    ".join(lines)
    head = json.dumps(counts, ensure_ascii=False, sort_keys=True)
    links = f"[\n    {body}\n  ]" if lines else "[]"
    return f'{{\n  "counts": {head},\n  "links": {links}\n}}\n'


CSV_COLUMNS = ("category", "host", "url", "title", "status", "papers", "cited_in")
"""Header row of ``links.csv``."""


def _cell(text: str) -> str:
    # Spreadsheets run cells that start like a formula; a leading quote keeps them text. No
    # control character reaches a cell: a line break in a file name would split the row in
    # readers that ignore CSV quoting.
    text = printable(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def links_csv(entries: list[LinkEntry]) -> str:
    """``links.csv``: RFC 4180 (CRLF, minimal quoting), one row per URL, formula-safe cells."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        row = (
            e.category,
            e.host,
            e.url,
            e.title,
            e.status,
            "; ".join(_paper_text(p) for p in e.papers),
            "; ".join(c.where() for c in e.cited_in),
        )
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


def write_links(
    atlas: Atlas, out_dir: Path, *, link_status: Mapping[str, str] | None = None
) -> list[Path]:
    """Write ``links.md``, ``links.json`` and ``links.csv`` into ``out_dir``; return their paths."""
    entries = to_link_index(atlas, link_status)
    out = Path(out_dir)
    files = {
        "links.md": links_markdown(entries),
        "links.json": links_json(entries),
        "links.csv": links_csv(entries),
    }
    for name, text in files.items():
        write_text_atomic(out / name, text)
    return [out / name for name in files]
