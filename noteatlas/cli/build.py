"""``build``, ``export``, ``stats`` and ``schema``: make the atlas and write its outputs."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from noteatlas.cli.args import (
    FILES,
    FOLDERS,
    Subparsers,
    add_build_options,
    add_timings,
    completes,
)
from noteatlas.cli.common import atlas_of, config_of
from noteatlas.cli.display import print_edge_kinds, print_summary, print_written, summary
from noteatlas.schema.exits import Exit

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas
    from noteatlas.exporters import ExportOptions
    from noteatlas.progress import StageTimer


def _add_build(sub: Subparsers) -> None:
    p = sub.add_parser("build", help="build the atlas and every output of a folder of notes")
    completes(p.add_argument("path", help="folder of Markdown notes"), FOLDERS)
    completes(
        p.add_argument("-o", "--out", default="site", help="output folder (default: site)"), FOLDERS
    )
    add_build_options(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--json", action="store_true", help="print a JSON summary instead of text")
    add_timings(p)
    p.set_defaults(handler=_cmd_build)


def _add_export(sub: Subparsers) -> None:
    p = sub.add_parser("export", help="write one output format")
    completes(p.add_argument("path", help="folder of notes, or an atlas.json"), FILES)
    p.add_argument(
        "--format",
        required=True,
        choices=["json", "explorer", "mindmap", "links", "graphml", "gexf"],
        help="output format",
    )
    completes(
        p.add_argument("-o", "--out", default="site", help="output folder (default: site)"), FOLDERS
    )
    p.add_argument(
        "--mode", default="outline", choices=["outline", "lineage", "year"], help="mind map layout"
    )
    p.add_argument("--root", help="concept the lineage mind map starts from (e.g. BERT)")
    add_build_options(p)
    add_timings(p)
    p.set_defaults(handler=_cmd_export)


def _add_stats(sub: Subparsers) -> None:
    p = sub.add_parser("stats", help="count notes, concepts, papers, links and diagnostics")
    completes(p.add_argument("path", help="folder of notes, or an atlas.json"), FILES)
    add_build_options(p)
    p.add_argument(
        "--json", action="store_true", help="print JSON: nodes, edges and diagnostics apart"
    )
    p.set_defaults(handler=_cmd_stats)


def _add_schema(sub: Subparsers) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of atlas.json")
    p.set_defaults(handler=_cmd_schema)


def add_build_parser(sub: Subparsers) -> None:
    """``build``: first in ``--help``, as it is what a newcomer runs first."""
    _add_build(sub)


def add_parsers(sub: Subparsers) -> None:
    """``export``, ``stats`` and ``schema``."""
    for add in (_add_export, _add_stats, _add_schema):
        add(sub)


BUILD_FORMATS = ("json", "explorer", "mindmap", "links")


def _export_options(root: Path | None, out_dir: Path, args: argparse.Namespace) -> ExportOptions:
    """Exporter settings: link status from the corpus's link cache, links back to the notes."""
    from noteatlas.exporters import ExportOptions
    from noteatlas.linkcheck import read_link_statuses
    from noteatlas.schema.layout import CACHE_DIR

    status: dict[str, str] = {}
    note_base = ""
    if root is not None:
        status = {url: r.status.value for url, r in read_link_statuses(root / CACHE_DIR).items()}
        note_base = Path(os.path.relpath(root, out_dir.resolve())).as_posix() + "/"
    return ExportOptions(
        link_status=status or None,
        note_base=note_base,
        mindmap_mode=getattr(args, "mode", "outline"),
        mindmap_root=getattr(args, "root", None),
    )


def _write_outputs(
    atlas: Atlas,
    root: Path | None,
    out_dir: Path,
    formats: Sequence[str],
    args: argparse.Namespace,
    err: TextIO,
    timer: StageTimer,
) -> list[Path]:
    from noteatlas.exporters import export, export_warning

    options = _export_options(root, out_dir, args)
    written: list[Path] = []
    for fmt in formats:
        with timer.measure(fmt):
            written += export(atlas, fmt, out_dir, options)
        warning = export_warning(fmt, options)
        if warning and not getattr(args, "quiet", False):
            err.write(f"Note: {warning}\n")
    return written


def write_site(
    atlas: Atlas,
    root: Path,
    out_dir: Path,
    args: argparse.Namespace,
    err: TextIO,
    timer: StageTimer,
    formats: Sequence[str] = BUILD_FORMATS,
    report: bool = True,
) -> list[Path]:
    """The outputs ``noteatlas build`` writes (``formats``, then report.md); the files."""
    from noteatlas.exporters.report import to_report
    from noteatlas.files import write_text_atomic

    written = _write_outputs(atlas, root, out_dir, formats, args, err, timer)
    if report:
        path = out_dir / "report.md"
        with timer.measure("report"):
            write_text_atomic(path, to_report(atlas))
        written.append(path)
    return written


def _cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.files import mark_output_dir
    from noteatlas.pipeline.build import build
    from noteatlas.pipeline.corpus import corpus_root
    from noteatlas.pipeline.reuse import inputs_digest, remember
    from noteatlas.progress import StageTimer

    timer = StageTimer()
    root = corpus_root(args.path)
    config = config_of(args, root)
    out_dir = Path(args.out).expanduser()
    mark_output_dir(out_dir, root)  # before reading: an output folder inside the notes is skipped
    # What the notes were before the build read them: questions asked of the folder later load
    # this build's atlas.json while they are still so (pipeline/reuse.py).
    inputs = inputs_digest(root, config) if config.cache else None
    if not args.quiet and out.isatty():
        from noteatlas.progress import BuildProgress

        with BuildProgress(err) as progress:

            def both(stage: str, done: int, total: int) -> None:
                progress.update(stage, done, total)
                timer.update(stage, done, total)

            atlas = build(root, config, progress=both)
    else:
        atlas = build(root, config, progress=timer.update)
    written = write_site(atlas, root, out_dir, args, err, timer)
    if inputs is not None:
        remember(root, config, inputs, out_dir / "atlas.json")
    if args.json:
        data = {**summary(atlas), "outputs": [str(p) for p in written]}
        out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    elif not args.quiet:
        print_summary(summary(atlas), out)
        print_written([str(p) for p in written], out)
    if args.timings:
        err.write(timer.summary() + "\n")
    return Exit.OK


def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.files import mark_output_dir
    from noteatlas.progress import StageTimer

    timer = StageTimer()
    path = Path(args.path).expanduser()
    root = None if path.is_file() else path.resolve()
    out_dir = Path(args.out).expanduser()
    mark_output_dir(out_dir, root)
    with timer.measure("load" if path.is_file() else "build"):
        atlas = atlas_of(args, err)
    written = _write_outputs(atlas, root, out_dir, [args.format], args, err, timer)
    print_written([str(p) for p in written], out)
    if args.timings:
        err.write(timer.summary() + "\n")
    return Exit.OK


def _cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    data = summary(atlas_of(args, err))
    if args.json:
        out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return Exit.OK
    print_summary(data, out)
    print_edge_kinds(data, out)
    return Exit.OK


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.schema import json_schema

    out.write(json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return Exit.OK


__all__ = ["BUILD_FORMATS", "add_build_parser", "add_parsers", "write_site"]
