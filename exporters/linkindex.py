"""The curated link index: every external reference once, with where it is cited and its status.

``to_link_index`` (in ``linkentries``) gathers plain entries; ``links_markdown``, ``links_json`` and ``links_csv`` render
them; ``write_links`` writes ``links.md``, ``links.json`` and ``links.csv``. Images and formula
renders (``kind`` ``image`` and ``equation``) come after the links, folded in ``links.md``, or are
left out with ``media="omit"``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

from noteatlas.atlas import Atlas
from noteatlas.exporters.linkcontext import EQUATION, IMAGE, KINDS, LINK
from noteatlas.exporters.linkentries import UNCHECKED, Citation, LinkEntry, PaperRef, to_link_index
from noteatlas.exporters.options import DEFAULT_OPTIONS, ExportOptions
from noteatlas.files import write_text_atomic
from noteatlas.graph.identify.paper_pages import URL_SCHEME
from noteatlas.schema.errors import ConfigError
from noteatlas.textsafe import md_text, printable

MEDIA_MODES = ("section", "omit")
"""What the index does with images and formula renders: list them in their own folded section, or
leave them out."""


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


def _paper_text(ref: PaperRef, shown: str | None = None) -> str:
    # in a row shown to people (``shown``: its title), a paper known by its URL is named by its
    # title, or "paper" when the row's title is it: its id would repeat the URL beside it
    name = ref.paper_id
    if shown is not None and ref.paper_id.startswith(f"{URL_SCHEME}:") and ref.title:
        name = "paper" if ref.title.casefold() in shown.casefold() else ref.title
    return f"{name} ({ref.year})" if ref.year else name


def _row(e: LinkEntry) -> str:
    papers = ", ".join(_md(_paper_text(p, e.title)) for p in e.papers)
    title = _md(e.title)
    if e.title_source in ("heading", "note"):
        title = "§ " + title  # the section it sits in, not a title of its own
    title_cell = " · ".join(t for t in (title, papers) if t)
    cited = ", ".join(_md(c.where()) for c in e.cited_in)
    return f"| {title_cell} | {_md_url(e.url)} | {cited} | {_md(e.status)} |"


_TABLE_HEAD = ["| Title | URL | Cited in | Status |", "| --- | --- | --- | --- |"]
_MEDIA_HEADINGS = {IMAGE: "Images", EQUATION: "Formula renders"}


def _media_summary(images: int, equations: int) -> str:
    parts = [(images, "image", "images"), (equations, "formula render", "formula renders")]
    said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    return " and ".join(said)


def links_markdown(entries: list[LinkEntry], title: str = "Link index", omitted: int = 0) -> str:
    """``links.md``: a section per category and a table per host for the links; images and formula
    renders after them, in one folded ``<details>`` section. ``omitted`` counts the images and
    formula renders left out, to say so."""
    links = [e for e in entries if e.kind == LINK]
    media = [e for e in entries if e.kind != LINK]
    hosts = {e.host for e in links}
    citations = sum(len(e.cited_in) for e in links)
    statuses: dict[str, int] = {}
    for e in entries:
        statuses[e.status] = statuses.get(e.status, 0) + 1
    summary = " · ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
    out = [f"# {_md(title)}", ""]
    out.append(f"{len(links)} links on {len(hosts)} hosts, cited {citations} times.")
    images = sum(1 for e in media if e.kind == IMAGE)
    if media:
        out.append(
            f"{_media_summary(images, len(media) - images)}: listed apart, at the end (folded)."
        )
    if omitted:
        out.append(f"{omitted} images and formula renders are left out.")
    if summary:
        out.append(f"Status: {_md(summary)}.")
    category = host = None
    for e in links:
        if e.category != category:
            category, host = e.category, None
            count = sum(1 for x in links if x.category == category)
            out += ["", f"## {_md(category)} ({count})"]
        if e.host != host:
            host = e.host
            out += ["", f"### {_md(host) or '(no host)'}", "", *_TABLE_HEAD]
        out.append(_row(e))
    if media:
        out += ["", f"## Images and formula renders ({len(media)})", "", "<details>"]
        out += [f"<summary>{_media_summary(images, len(media) - images)}</summary>"]
        for kind in (IMAGE, EQUATION):
            rows = [_row(e) for e in media if e.kind == kind]
            if rows:
                out += ["", f"### {_MEDIA_HEADINGS[kind]} ({len(rows)})", "", *_TABLE_HEAD, *rows]
        out += ["", "</details>"]
    return "\n".join(out) + "\n"


def links_json(entries: list[LinkEntry], omitted: int = 0) -> str:
    """``links.json``: counts, then one link per line (sorted keys), deterministic.

    One line per link keeps the file readable and its diffs small, and lets the C encoder write
    each entry (an indented dump goes through Python's slow encoder: 4 s for 37,000 links).
    """
    counts = {
        "citations": sum(len(e.cited_in) for e in entries),
        "hosts": len({e.host for e in entries}),
        "links": len(entries),
        "kinds": {k: sum(1 for e in entries if e.kind == k) for k in KINDS},
        "omitted": omitted,
    }
    lines = [
        json.dumps(
            {
                "url": e.url,
                "host": e.host,
                "category": e.category,
                "kind": e.kind,
                "title": e.title,
                "title_source": e.title_source,
                "status": e.status,
                "papers": [
                    {"paper_id": p.paper_id, "year": p.year, "title": p.title} for p in e.papers
                ],
                "cited_in": [
                    {"file": c.file, "line": c.line, "heading": c.heading} for c in e.cited_in
                ],
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


CSV_COLUMNS = (
    "category",
    "host",
    "url",
    "title",
    "status",
    "papers",
    "cited_in",
    "kind",
    "title_source",
)
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
            e.kind,
            e.title_source,
        )
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue()


def write_links(atlas: Atlas, out: Path, options: ExportOptions = DEFAULT_OPTIONS) -> list[Path]:
    """Write ``links.md``, ``links.json`` and ``links.csv`` into ``out``; return their paths.

    ``options.links_media`` is ``section`` (images and formula renders listed apart) or ``omit``
    (left out); ``options.link_status`` gives each URL its last check result.
    """
    media = options.links_media
    if media not in MEDIA_MODES:
        raise ConfigError(
            f"Unknown link index media setting {media!r}.",
            f"It must be one of {{{', '.join(MEDIA_MODES)}}}.",
        )
    entries = to_link_index(atlas, options.link_status)
    omitted = 0
    if media == "omit":
        kept = [e for e in entries if e.kind == LINK]
        omitted, entries = len(entries) - len(kept), kept
    out = Path(out)
    files = {
        "links.md": links_markdown(entries, omitted=omitted),
        "links.json": links_json(entries, omitted=omitted),
        "links.csv": links_csv(entries),
    }
    for name, text in files.items():
        write_text_atomic(out / name, text)
    return [out / name for name in files]


__all__ = [
    "CSV_COLUMNS",
    "MEDIA_MODES",
    "UNCHECKED",
    "Citation",
    "LinkEntry",
    "PaperRef",
    "links_csv",
    "links_json",
    "links_markdown",
    "to_link_index",
    "write_links",
]
