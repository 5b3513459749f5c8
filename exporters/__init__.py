"""Exporters: a registry from format name to a writer that fills an output folder.

Each format module keeps a pure ``to_x(atlas) -> data`` apart from its writer, and every writer has
one shape, ``write_x(atlas, out, options) -> list[Path]`` (``out`` the output folder, ``options``
an ``ExportOptions``), so the CLI loops over format names, ``report.md`` included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from noteatlas.atlas import Atlas
from noteatlas.exporters import graphformats, linkindex, mindmap, report
from noteatlas.exporters.options import ExportOptions
from noteatlas.files import mark_output_dir
from noteatlas.schema.errors import ConfigError, OutputError

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


def _mindmap_warning(options: ExportOptions) -> str | None:
    return mindmap.assets_warning(options.assets_dir)


def _write_explorer(atlas: Atlas, out: Path, options: ExportOptions) -> list[Path]:
    """``explorer.write_explorer``, imported on first use: pyvis is heavy, and the other formats
    must work without it."""
    try:
        from noteatlas.exporters.explorer import write_explorer
    except ImportError as exc:
        raise OutputError(
            f"Cannot write explorer.html: the explorer exporter is unavailable ({exc}).",
            "Reinstall noteatlas with its dependencies (pip install noteatlas).",
        ) from None
    return write_explorer(atlas, out, options)


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("json", ("atlas.json", "atlas.index"), graphformats.write_json),
        Exporter("explorer", ("explorer.html",), _write_explorer),
        Exporter(
            "mindmap", ("mindmap.mm.md", "mindmap.html"), mindmap.write_mindmap, _mindmap_warning
        ),
        Exporter("links", ("links.md", "links.json", "links.csv"), linkindex.write_links),
        Exporter("report", ("report.md",), report.write_report),
        Exporter("graphml", ("atlas.graphml",), graphformats.write_graphml),
        Exporter("gexf", ("atlas.gexf",), graphformats.write_gexf),
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
