"""Exporters: a registry from format name to a writer that fills an output folder.

Each format module keeps a pure ``to_x(atlas) -> data`` apart from ``write_x(atlas, path)``; the
registry adapts the writers to one signature so the CLI can loop over format names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from noteatlas.atlas import Atlas
from noteatlas.exporters import graphformats, linkindex, mindmap
from noteatlas.exporters.mindmap_tree import DEFAULT_MODE
from noteatlas.exporters.notelinks import check_link_base
from noteatlas.files import mark_output_dir
from noteatlas.schema.errors import ConfigError, OutputError


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


Writer = Callable[[Atlas, Path, ExportOptions], list[Path]]
"""Writes one format into an output folder and returns the files written."""


def _no_warning(options: ExportOptions) -> str | None:
    return None


@dataclass(frozen=True)
class Exporter:
    """One output format: its name, the files it writes, and how."""

    name: str
    """Format name as the CLI spells it."""
    filenames: tuple[str, ...]
    """Names of the files it writes into the output folder."""
    write: Writer
    """Writes the files into an output folder; returns their paths."""
    warning: Callable[[ExportOptions], str | None] = _no_warning
    """What the user should know before relying on the output (e.g. it needs the network)."""


def _write_json(atlas: Atlas, out_dir: Path, options: ExportOptions) -> list[Path]:
    path = graphformats.write_json(atlas, out_dir / "atlas.json")
    index = path.with_suffix(".index")  # written with it, unless the atlas cannot have one
    return [path, index] if index.is_file() else [path]


def _write_graphml(atlas: Atlas, out_dir: Path, options: ExportOptions) -> list[Path]:
    return [graphformats.write_graphml(atlas, out_dir / "atlas.graphml")]


def _write_gexf(atlas: Atlas, out_dir: Path, options: ExportOptions) -> list[Path]:
    return [graphformats.write_gexf(atlas, out_dir / "atlas.gexf")]


def _write_links(atlas: Atlas, out_dir: Path, options: ExportOptions) -> list[Path]:
    return linkindex.write_links(
        atlas, out_dir, link_status=options.link_status, media=options.links_media
    )


def _write_mindmap(atlas: Atlas, out_dir: Path, options: ExportOptions) -> list[Path]:
    result = mindmap.write_mindmap(
        atlas,
        out_dir,
        mode=options.mindmap_mode,
        root=options.mindmap_root,
        note_base=options.note_base,
        link_base=options.link_base,
        assets_dir=options.assets_dir,
    )
    return result.paths


def _mindmap_warning(options: ExportOptions) -> str | None:
    return mindmap.assets_warning(options.assets_dir)


def _explorer_note_base(options: ExportOptions) -> str:
    """The published base when the explorer keeps it intact, else the relative path.

    The explorer's ``note_base`` is a relative path whose segments it percent-encodes: an
    ``https://`` or ``obsidian:`` base would become a broken relative link (``https%3A/...``), so it
    gets the published base only once its ``href_prefix`` passes one through unchanged.
    """
    from noteatlas.exporters.explorer_nodes import href_prefix

    base = options.link_base
    return base if base and href_prefix(base) == base else options.note_base


def _write_explorer(atlas: Atlas, out_dir: Path, options: ExportOptions) -> list[Path]:
    # Imported here: pyvis is heavy, and the other formats must work without it.
    try:
        from noteatlas.exporters.explorer import write_explorer
    except ImportError as exc:
        raise OutputError(
            f"Cannot write explorer.html: the explorer exporter is unavailable ({exc}).",
            "Reinstall noteatlas with its dependencies (pip install noteatlas).",
        ) from None
    path = out_dir / "explorer.html"
    note_base = _explorer_note_base(options)
    write_explorer(atlas, path, link_status=options.link_status, note_base=note_base)
    return [path]


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("json", ("atlas.json", "atlas.index"), _write_json),
        Exporter("explorer", ("explorer.html",), _write_explorer),
        Exporter("mindmap", ("mindmap.mm.md", "mindmap.html"), _write_mindmap, _mindmap_warning),
        Exporter("links", ("links.md", "links.json", "links.csv"), _write_links),
        Exporter("graphml", ("atlas.graphml",), _write_graphml),
        Exporter("gexf", ("atlas.gexf",), _write_gexf),
    )
}
"""Every output format by name, in the order ``noteatlas build`` writes them."""


def get_exporter(fmt: str) -> Exporter:
    """The exporter for a format name; a ConfigError lists the valid names otherwise."""
    try:
        return EXPORTERS[fmt]
    except KeyError:
        raise ConfigError(
            f"Unknown export format {fmt!r}.",
            f"Formats must be one of {{{', '.join(EXPORTERS)}}}.",
        ) from None


def export(atlas: Atlas, fmt: str, out_dir: Path, options: ExportOptions) -> list[Path]:
    """Write one format into ``out_dir`` (created and marked as an output folder if needed);
    returns the files written."""
    exporter = get_exporter(fmt)
    mark_output_dir(Path(out_dir))
    return exporter.write(atlas, Path(out_dir), options)


def export_warning(fmt: str, options: ExportOptions) -> str | None:
    """What the CLI should tell the user about this format's output, or None."""
    return get_exporter(fmt).warning(options)


__all__ = [
    "EXPORTERS",
    "ExportOptions",
    "Exporter",
    "export",
    "export_warning",
    "get_exporter",
]
