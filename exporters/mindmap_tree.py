"""Which tree a mind map mode draws: the concept map (default), the outline, a lineage, or years.

Plain data in, a ``MindMap`` out; the trees live in ``mindmap_concepts``, ``mindmap_outline`` and
``mindmap_lineage``, rendering in ``mindmap``.
"""

from __future__ import annotations

from dataclasses import dataclass

from noteatlas.atlas import Atlas
from noteatlas.exporters.mindmap_concepts import MIN_CONCEPTS, concept_tree, year_tree
from noteatlas.exporters.mindmap_lineage import lineage_tree
from noteatlas.exporters.mindmap_nodes import MindNode
from noteatlas.exporters.mindmap_outline import outline_tree
from noteatlas.exporters.notelinks import NoteLinks
from noteatlas.schema.errors import ConfigError

MODES = ("concepts", "outline", "lineage", "year")
"""Mind map layouts; the first is the default."""
DEFAULT_MODE = MODES[0]
"""What ``noteatlas build`` draws: the concept map."""
MODE_LABELS = {
    "concepts": "Concepts",
    "outline": "Folders & notes",
    "lineage": "Lineage",
    "year": "Years",
}
"""Button labels of the page's mode switch."""


@dataclass(frozen=True)
class MindMap:
    """One drawn map: the mode it shows, its tree, and what the page should say above it."""

    mode: str
    """The mode drawn (``outline`` when it stands in for a concept map)."""
    tree: MindNode
    """The tree."""
    notice: str = ""
    """Said above the map, e.g. why the outline stands in for the concept map."""


def check_mode(mode: str) -> None:
    """ConfigError naming the valid modes when ``mode`` is not one."""
    if mode not in MODES:
        raise ConfigError(
            f"Unknown mind map mode {mode!r}.", f"Modes must be one of {{{', '.join(MODES)}}}."
        )


def build_map(
    atlas: Atlas, mode: str, root: str | None = None, links: NoteLinks | None = None
) -> MindMap:
    """The map for one mode; ConfigError for an unknown mode or a lineage without a root,
    NotFoundError for a root no concept answers to."""
    check_mode(mode)
    if mode == "lineage":
        if not root:
            raise ConfigError(
                "The lineage mind map needs a root concept.", "Pass --root NAME, e.g. --root BERT."
            )
        return MindMap(mode, lineage_tree(atlas, root))
    if mode == "year":
        return MindMap(mode, year_tree(atlas))
    if mode == "concepts":
        tree = concept_tree(atlas, links)
        if tree is not None:
            return MindMap(mode, tree)
        notice = (
            f"These notes name fewer than {MIN_CONCEPTS} concepts, so the folders and notes are "
            "shown instead of a concept map. Front matter (kind, year, based_on ...) or a "
            "concepts.yaml vocabulary gives the notes concepts."
        )
        return MindMap("outline", outline_tree(atlas, links), notice)
    return MindMap(mode, outline_tree(atlas, links))


def build_tree(
    atlas: Atlas, mode: str, root: str | None = None, links: NoteLinks | None = None
) -> MindNode:
    """The tree of ``build_map``."""
    return build_map(atlas, mode, root, links).tree


__all__ = [
    "DEFAULT_MODE",
    "MODES",
    "MODE_LABELS",
    "MindMap",
    "build_map",
    "build_tree",
    "check_mode",
]
