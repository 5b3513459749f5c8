"""``build``, ``export``, ``stats`` and ``schema``: make the atlas and write its outputs."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from noteatlas.cli.args import Subparsers, add_build_options, add_timings
from noteatlas.cli.common import atlas_of, config_of
from noteatlas.schema.exits import Exit

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas
    from noteatlas.exporters import ExportOptions
    from noteatlas.progress import StageTimer


def _add_build(sub: Subparsers) -> None:
    p = sub.add_parser("build", help="build the atlas and every output of a folder of notes")
    p.add_argument("path", help="folder of Markdown notes")
    p.add_argument("-o", "--out", default="site", help="output folder (default: site)")
    add_build_options(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    add_timings(p)
    p.set_defaults(handler=_cmd_build)


def _add_export(sub: Subparsers) -> None:
    p = sub.add_parser("export", help="write one output format")
    p.add_argument("path", help="folder of notes, or an atlas.json")
    p.add_argument(
        "--format",
        required=True,
        choices=["json", "explorer", "mindmap", "links", "graphml", "gexf"],
        help="output format",
    )
    p.add_argument("-o", "--out", default="site", help="output folder (default: site)")
    p.add_argument(
        "--mode", default="outline", choices=["outline", "lineage", "year"], help="mind map layout"
    )
    p.add_argument("--root", help="concept the lineage mind map starts from (e.g. BERT)")
    add_build_options(p)
    add_timings(p)
    p.set_defaults(handler=_cmd_export)


def _add_stats(sub: Subparsers) -> None:
    p = sub.add_parser("stats", help="count notes, concepts, papers, links and diagnostics")
    p.add_argument("path", help="folder of notes, or an atlas.json")
    add_build_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
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

    status: dict[str, str] = {}
    note_base = ""
    if root is not None:
        status = {url: r.status.value for url, r in read_link_statuses(root / ".noteatlas").items()}
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
    into: Path | None = None,
) -> list[Path]:
    """Export ``formats`` for ``out_dir``, writing them into ``into`` (a staging folder) if given."""
    from noteatlas.exporters import export, export_warning

    options = _export_options(root, out_dir, args)
    written: list[Path] = []
    for fmt in formats:
        with timer.measure(fmt):
            written += export(atlas, fmt, into or out_dir, options)
        warning = export_warning(fmt, options)
        if warning and not getattr(args, "quiet", False):
            err.write(f"Note: {warning}\n")
    return written


def _cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.exporters.report import to_report
    from noteatlas.files import write_text_atomic
    from noteatlas.pipeline.build import build
    from noteatlas.pipeline.corpus import corpus_root
    from noteatlas.progress import StageTimer
    from noteatlas.staging import staged_site

    timer = StageTimer()
    root = corpus_root(args.path)
    config = config_of(args, root, err)
    out_dir = Path(args.out).expanduser()
    if not args.quiet and out.isatty():
        from noteatlas.progress import BuildProgress

        with BuildProgress(err) as progress:

            def both(stage: str, done: int, total: int) -> None:
                progress.update(stage, done, total)
                timer.update(stage, done, total)

            atlas = build(root, config, progress=both)
    else:
        atlas = build(root, config, progress=timer.update)
    # One generation: every output is staged and moved in together (see noteatlas.staging).
    with staged_site(out_dir) as stage:
        staged = _write_outputs(atlas, root, out_dir, BUILD_FORMATS, args, err, timer, stage)
        with timer.measure("report"):
            write_text_atomic(stage / "report.md", to_report(atlas))
        staged.append(stage / "report.md")
    written = [out_dir / path.relative_to(stage) for path in staged]
    if not args.quiet:
        _print_summary(atlas, out)
        out.write("Wrote " + ", ".join(str(p) for p in written) + "\n")
    if args.timings:
        err.write(timer.summary() + "\n")
    return Exit.OK


def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.progress import StageTimer

    timer = StageTimer()
    path = Path(args.path).expanduser()
    with timer.measure("load" if path.is_file() else "build"):
        atlas = atlas_of(args, err)
    root = None if path.is_file() else path.resolve()
    out_dir = Path(args.out).expanduser()
    written = _write_outputs(atlas, root, out_dir, [args.format], args, err, timer)
    out.write("Wrote " + ", ".join(str(p) for p in written) + "\n")
    if args.timings:
        err.write(timer.summary() + "\n")
    return Exit.OK


def _print_summary(atlas: Atlas, out: TextIO) -> None:
    c = atlas.counts()
    out.write(
        f"Atlas of {atlas.document.root!r}: {c['note']} notes, {c['concept']} concepts, "
        f"{c['paper']} papers, {c['resource']} external links, {c['asset']} assets, "
        f"{c['tag']} tags; {c['edges']} edges\n"
    )
    sev = {"error": 0, "warning": 0, "info": 0}
    for d in atlas.diagnostics:
        sev[d.severity.value] += 1
    out.write(
        f"Diagnostics: {sev['error']} errors, {sev['warning']} warnings, {sev['info']} info\n"
    )


def _cmd_stats(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    atlas = atlas_of(args, err)
    counts = atlas.counts()
    edges: dict[str, int] = {}
    for e in atlas.edges():
        edges[e.kind.value] = edges.get(e.kind.value, 0) + 1
    severities: dict[str, int] = {}
    for d in atlas.diagnostics:
        severities[d.severity.value] = severities.get(d.severity.value, 0) + 1
    data = {"nodes": counts, "edges": dict(sorted(edges.items())), "diagnostics": severities}
    if args.json:
        out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return Exit.OK
    _print_summary(atlas, out)
    for kind, n in sorted(edges.items()):
        out.write(f"  {kind:<16}{n:>7}\n")
    return Exit.OK


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.schema import json_schema

    out.write(json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return Exit.OK


__all__ = ["BUILD_FORMATS", "add_build_parser", "add_parsers"]
