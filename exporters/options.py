"""``ExportOptions``: the settings every writer takes, each reading the ones it needs.

Every output is written by ``write_x(atlas, out, options) -> list[Path]`` (``out`` the output
folder), so the registry in ``noteatlas.exporters`` and the CLI loop over formats without knowing
any writer's own arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from noteatlas.exporters.mindmap_tree import DEFAULT_MODE
from noteatlas.exporters.notelinks import check_link_base


@dataclass(frozen=True)
class ExportOptions:
    """Settings shared by all exporters; each reads the ones it needs."""

    link_status: Mapping[str, str] | None = None
    """Last link-check result per normalised URL (from the link-check cache)."""
    note_base: str = ""
    """Relative path from the output folder to the corpus root (``../notes/``): links to notes."""
    link_base: str = ""
    """Published base for links to notes (``https://github.com/U/R/blob/main/`` or
    ``obsidian://open?vault=NAME&file=``); used instead of ``note_base`` when set."""
    mindmap_mode: str = DEFAULT_MODE
    """Mind map drawn first: ``concepts`` (default), ``outline``, ``lineage`` or ``year``."""
    mindmap_root: str | None = None
    """Concept the ``lineage`` mind map starts from (name, alias or id)."""
    assets_dir: Path | None = None
    """Folder holding ``node_modules`` (or ``node_modules`` itself) with d3 and markmap-view."""
    links_media: str = "section"
    """Images and formula renders in the link index: ``section`` (listed apart) or ``omit``."""

    def __post_init__(self) -> None:
        if self.link_base:
            # Checked once, here: a bad base stops the export before any file is written.
            object.__setattr__(self, "link_base", check_link_base(self.link_base))


DEFAULT_OPTIONS = ExportOptions()
"""The options of a writer called without any."""


__all__ = ["DEFAULT_OPTIONS", "ExportOptions"]
