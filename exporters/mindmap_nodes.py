"""The nodes of every mind map: ``MindNode``, the links it may carry, and the leaves that stand for a
concept or a paper wherever they appear."""

from __future__ import annotations

from dataclasses import dataclass

from noteatlas.exporters.notelinks import safe_href
from noteatlas.schema import ConceptNode, PaperNode


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


def paper_href(paper: PaperNode) -> str | None:
    """The first of the paper's URLs that may become a link."""
    return next((u for u in paper.urls if safe_href(u, notes=True)), None)


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
