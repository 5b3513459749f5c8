"""The nodes of every mind map: ``MindNode``, the links it may carry, and the leaves that stand for a
concept or a paper wherever they appear."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from noteatlas.schema import ConceptNode, PaperNode

# Schemes a link may use besides relative .md paths; obsidian: links come only from --link-base.
_SCHEMES = ("http", "https", "obsidian")


@dataclass(frozen=True)
class MindNode:
    """One node of a mind map: plain text, an optional safe link, and children."""

    text: str
    """What the node says (plain text; renderers escape it)."""
    detail: str = ""
    """Secondary text shown smaller: kind, year, relation."""
    href: str | None = None
    """Link target, only ever http(s), ``obsidian:`` or a relative ``.md`` path (``safe_href``)."""
    fold: bool = False
    """Start folded (the children are one click away)."""
    children: tuple[MindNode, ...] = ()
    """Child nodes, in display order."""


# Whitespace (as str.isspace counts it: re's \s is the same test) or a backslash.
_SPACE_OR_BACKSLASH = re.compile(r"[\s\\]")
_NETLOC = re.compile(r"[^/?#]*")


def safe_href(url: str | None) -> str | None:
    """The URL when it may become a link (http(s), ``obsidian://``, or a relative ``.md`` path),
    else None."""
    if not url or not url.isprintable() or _SPACE_OR_BACKSLASH.search(url):
        return None
    # The two common shapes, answered as urlsplit would answer them, without its cost.
    if ":" not in url and not url.startswith("//"):
        return url if url.split("#", 1)[0].split("?", 1)[0].lower().endswith(".md") else None
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in _SCHEMES:
        match = _NETLOC.match(rest)
        host = match.group() if match else ""
        if host and host.isascii() and "[" not in host and "]" not in host:
            return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme.lower() in _SCHEMES and parts.netloc else None
    if url.startswith("//") or parts.netloc:
        return None
    return url if parts.path.lower().endswith(".md") else None


def paper_href(paper: PaperNode) -> str | None:
    """The first of the paper's URLs that may become a link."""
    return next((u for u in map(safe_href, paper.urls) if u), None)


def year_text(year: int | None) -> str:
    """The year, or "" when unknown."""
    return str(year) if year is not None else ""


def join(*parts: str) -> str:
    """The non-empty parts joined by `` · `` (a node's detail)."""
    return " · ".join(p for p in parts if p)


def concept_leaf(concept: ConceptNode, detail: str = "") -> MindNode:
    """A concept as a leaf: its name, with ``detail`` (default: its kind) and year."""
    return MindNode(
        concept.name, join(detail or concept.concept_kind.value, year_text(concept.year))
    )


def paper_leaf(paper: PaperNode) -> MindNode:
    """A paper as a leaf: its title (or id), id and year, linked to its first safe URL."""
    return MindNode(
        paper.title or paper.paper_id,
        join(paper.paper_id if paper.title else "paper", year_text(paper.year)),
        paper_href(paper),
    )
