"""The entries of the link index: every external URL once, what it is, where it is cited.

``to_link_index`` gathers them from an atlas; ``linkindex`` renders and writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from noteatlas.atlas import Atlas
from noteatlas.exporters.linkcontext import (
    EQUATION,
    KINDS,
    LINK,
    Sections,
    equation_source,
    is_placeholder,
    media_kind,
    url_title,
)
from noteatlas.schema import Category, EdgeKind, PaperNode
from noteatlas.schema.edges import EdgeLike

UNCHECKED = "unchecked"
"""Status shown for a URL no link check has seen."""
_CATEGORY_ORDER = {c.value: i for i, c in enumerate(Category)}
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
# Edges by which a note shows or cites a URL.
_CITING = (EdgeKind.CITES, EdgeKind.EMBEDS)


@dataclass(frozen=True)
class Citation:
    """A place in the corpus that cites a URL."""

    file: str
    """Corpus-relative path of the note."""
    line: int | None = None
    """1-based line, when known."""
    heading: str = ""
    """The heading the reference sits under ("" before the first heading)."""

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
    """Best title, never empty: see ``title_source``."""
    status: str
    """Last check result, or ``unchecked``."""
    papers: tuple[PaperRef, ...]
    """Papers this URL reaches."""
    cited_in: tuple[Citation, ...]
    """Where notes cite or show it, sorted."""
    kind: str = LINK
    """``link``, ``image`` or ``equation`` (a formula rendered as an image)."""
    title_source: str = "link"
    """Where the title comes from: ``link`` (its text), ``paper``, ``formula`` (the TeX of an
    equation), ``heading`` (the heading it sits under), ``note`` (the note's title) or ``url``."""


def _citations(edges: Iterable[EdgeLike], atlas: Atlas, sections: Sections) -> set[Citation]:
    out: set[Citation] = set()
    for edge in edges:
        located = [e for e in edge.evidence if e.file]
        if located:
            out.update(
                Citation(str(e.file), e.line, sections.heading(str(e.file), e.line))
                for e in located
            )
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
    embedded_only: bool = False


def _title(
    url: str,
    item: _Pending,
    kind: str,
    refs: tuple[PaperRef, ...],
    sections: Sections,
    cited: tuple[Citation, ...],
) -> tuple[str, str]:
    """The best title and where it comes from; never empty."""
    formula = equation_source(url) if kind == EQUATION else None
    if formula:
        return formula, "formula"
    if not is_placeholder(item.title):
        return item.title, "link"
    paper_title = next((p.title for p in refs if p.title), "")
    if paper_title:
        return paper_title, "paper"
    for citation in cited:
        if citation.heading.strip():
            return citation.heading, "heading"
    for citation in cited:
        note_title = sections.title(citation.file)
        if note_title.strip():
            return note_title, "note"
    return url_title(url), "url"


def to_link_index(atlas: Atlas, link_status: Mapping[str, str] | None = None) -> list[LinkEntry]:
    """Every external URL once: links first, then images, then formula renders, each sorted by
    category, host and URL.

    URLs come from resource nodes and from paper nodes' ``urls`` (a paper URL without a resource
    node is still listed, cited where the paper is cited). A URL is cited where a note links to it
    or shows it (an embedded image counts). ``link_status`` overrides the status stored on the
    resource.
    """
    statuses = link_status or {}
    sections = Sections(atlas.notes())
    pending: dict[str, _Pending] = {}
    papers = {p.id: p for p in atlas.papers()}
    for res in atlas.resources():
        item = pending.setdefault(res.url, _Pending(res.host or _host(res.url), res.category.value))
        item.title = item.title or (res.title or "")
        item.status = item.status or res.status
        edges = [e for kind in _CITING for e in atlas.index.in_edges(res.id, kind)]
        item.cited |= _citations(edges, atlas, sections)
        item.embedded_only = bool(edges) and all(e.kind == EdgeKind.EMBEDS for e in edges)
        for edge in atlas.index.out_edges(res.id, EdgeKind.IDENTIFIES):
            if edge.target in papers:
                item.papers.add(_paper_ref(papers[edge.target]))
    for paper in papers.values():
        for url in paper.urls:
            if url not in pending:
                item = pending[url] = _Pending(_host(url), Category.PAPER.value)
                item.papers.add(_paper_ref(paper))
                edges = list(atlas.index.in_edges(paper.id, EdgeKind.CITES))
                item.cited |= _citations(edges, atlas, sections)

    entries: list[LinkEntry] = []
    for url, item in pending.items():
        refs = tuple(sorted(item.papers, key=lambda p: p.paper_id))
        cited = tuple(sorted(item.cited, key=lambda c: (c.file, c.line or 0)))
        kind = media_kind(url, item.category, item.embedded_only)
        title, source = _title(url, item, kind, refs, sections, cited)
        entries.append(
            LinkEntry(
                url=url,
                host=item.host,
                category=item.category,
                title=title,
                status=statuses.get(url) or item.status or UNCHECKED,
                papers=refs,
                cited_in=cited,
                kind=kind,
                title_source=source,
            )
        )
    entries.sort(
        key=lambda e: (
            _KIND_ORDER[e.kind],
            _CATEGORY_ORDER.get(e.category, 99),
            e.category,
            e.host,
            e.url,
        )
    )
    return entries


__all__ = ["UNCHECKED", "Citation", "LinkEntry", "PaperRef", "to_link_index"]
