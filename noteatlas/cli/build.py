"""``build``, ``export``, ``stats`` and ``schema``: make the atlas and write its outputs."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from noteatlas.cli.args import (
    FILES,
    FOLDERS,
    Subparsers,
    add_build_options,
    add_timings,
    completes,
)
from noteatlas.cli.common import atlas_of, config_of
from noteatlas.cli.display import (
    print_edge_kinds,
    print_errors,
    print_summary,
    print_written,
    summary,
)
from noteatlas.schema.exits import Exit

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas
    from noteatlas.exporters import ExportOptions
    from noteatlas.progress import StageTimer
    from noteatlas.query.sources import SourceCounts


def _add_output_options(p: argparse.ArgumentParser) -> None:
    """Options of the pages: the mind map's first map, where links to notes go, the link index."""
    p.add_argument(
        "--mode",
        default="concepts",
        choices=["concepts", "outline", "lineage", "year"],
        help="map mindmap.html opens with (default: concepts; the outline is one click away)",
    )
    p.add_argument("--root", help="concept the lineage mind map starts from (e.g. BERT)")
    p.add_argument(
        "--link-base",
        metavar="URL",
        help="where pages link notes to, for a published site: "
        "https://github.com/USER/REPO/blob/main/ or obsidian://open?vault=NAME&file= "
        "(default: a relative path, when the output folder sits beside the notes)",
    )
    p.add_argument(
        "--links-media",
        default="section",
        choices=["section", "omit"],
        help="images and formula renders in the link index: listed apart (default) or left out",
    )


def _add_build(sub: Subparsers) -> None:
    p = sub.add_parser("build", help="build the atlas and every output of a folder of notes")
    completes(p.add_argument("path", help="folder of Markdown notes"), FOLDERS)
    completes(
        p.add_argument("-o", "--out", default="site", help="output folder (default: site)"), FOLDERS
    )
    _add_output_options(p)
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
        choices=["json", "explorer", "mindmap", "links", "report", "graphml", "gexf"],
        help="output format",
    )
    completes(
        p.add_argument("-o", "--out", default="site", help="output folder (default: site)"), FOLDERS
    )
    _add_output_options(p)
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


BUILD_FORMATS = ("json", "explorer", "mindmap", "links", "report")


def _check_link_base(args: argparse.Namespace) -> None:
    """Stop on a bad --link-base before the build, not after it."""
    from noteatlas.exporters.notelinks import check_link_base

    if getattr(args, "link_base", None):
        args.link_base = check_link_base(args.link_base)


def _export_options(root: Path | None, out_dir: Path, args: argparse.Namespace) -> ExportOptions:
    """Exporter settings: link status from the corpus's link cache, links back to the notes."""
    from noteatlas.exporters import ExportOptions
    from noteatlas.exporters.notelinks import relative_base
    from noteatlas.linkcheck import read_link_statuses
    from noteatlas.schema.layout import CACHE_DIR

    status: dict[str, str] = {}
    note_base = ""
    if root is not None:
        status = {url: r.status.value for url, r in read_link_statuses(root / CACHE_DIR).items()}
        note_base = relative_base(root, out_dir)
    return ExportOptions(
        link_status=status or None,
        note_base=note_base,
        link_base=getattr(args, "link_base", None) or "",
        mindmap_mode=getattr(args, "mode", "concepts"),
        mindmap_root=getattr(args, "root", None),
        links_media=getattr(args, "links_media", "section"),
    )


def _links_warning(root: Path | None, out_dir: Path, args: argparse.Namespace) -> str | None:
    """What to say when links to notes work only on this machine (output far from the notes)."""
    from noteatlas.exporters.notelinks import relative_base, sits_beside

    if root is None or getattr(args, "link_base", None) or sits_beside(root, out_dir):
        return None
    return (
        f"links from the pages to the notes go through {relative_base(root, out_dir)}, which "
        "works on this machine only; write the output folder next to the notes folder, or pass "
        "--link-base URL for a published site."
    )


#: Given the atlas.json just written into the staging folder, the files of the output folder
#: when they would all be written again with the same bytes (``pipeline.site.Site.same_atlas``).
Keep = Callable[[Path], "list[Path] | None"]


class _Kept(Exception):
    """The outputs in the folder are those this build would write: nothing moves in."""

    def __init__(self, files: list[Path]) -> None:
        super().__init__("outputs unchanged")
        self.files = files


def _write_outputs(
    atlas: Atlas,
    root: Path | None,
    out_dir: Path,
    formats: Sequence[str],
    args: argparse.Namespace,
    err: TextIO,
    timer: StageTimer,
    into: Path | None = None,
    keep: Keep | None = None,
) -> list[Path]:
    """Export ``formats`` for ``out_dir``, writing them into ``into`` (a staging folder) if given.
    With ``keep``, raises ``_Kept`` once atlas.json is written if ``keep`` says the rest would be
    the same bytes as the folder's."""
    from noteatlas.exporters import export

    options = _export_options(root, out_dir, args)
    written: list[Path] = []
    for fmt in formats:
        with timer.measure(fmt):
            written += export(atlas, fmt, into or out_dir, options)
        if keep is not None and fmt == "json" and into is not None:
            kept = keep(into / "atlas.json")
            if kept is not None:
                _warn(root, out_dir, formats, options, args, err)
                raise _Kept(kept)
    _warn(root, out_dir, formats, options, args, err)
    return written


def _warn(
    root: Path | None,
    out_dir: Path,
    formats: Sequence[str],
    options: ExportOptions,
    args: argparse.Namespace,
    err: TextIO,
) -> None:
    """Tell the user what the outputs of ``formats`` need or lack (unless ``--quiet``)."""
    from noteatlas.exporters import export_warning

    if getattr(args, "quiet", False):
        return
    for fmt in formats:
        warning = export_warning(fmt, options)
        if warning:
            err.write(f"Note: {warning}\n")
    links_warning = _links_warning(root, out_dir, args)
    if links_warning and ("explorer" in formats or "mindmap" in formats):
        err.write(f"Note: {links_warning}\n")


def write_site(
    atlas: Atlas,
    root: Path,
    out_dir: Path,
    args: argparse.Namespace,
    err: TextIO,
    timer: StageTimer,
    formats: Sequence[str] = BUILD_FORMATS,
    keep: Keep | None = None,
) -> list[Path]:
    """The outputs ``noteatlas build`` writes (``formats``, report.md the last); the files. They
    are one generation: staged, then moved in together (see ``noteatlas.staging``); with
    ``keep``, the folder's own files when the rest would be written with the same bytes."""
    from noteatlas.staging import staged_site

    try:
        with staged_site(out_dir) as stage:
            staged = _write_outputs(atlas, root, out_dir, formats, args, err, timer, stage, keep)
    except _Kept as kept:
        return kept.files
    return [out_dir / path.relative_to(stage) for path in staged]


def _cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.files import mark_output_dir
    from noteatlas.pipeline.inputs import corpus_root, inputs_digest
    from noteatlas.pipeline.site import Site, outputs_key
    from noteatlas.progress import StageTimer

    timer = StageTimer()
    _check_link_base(args)
    root = corpus_root(args.path)
    config = config_of(args, root, err)
    out_dir = Path(args.out).expanduser()
    mark_output_dir(out_dir, root)  # before reading: an output folder inside the notes is skipped
    # What the notes were before the build read them: questions asked of the folder later load
    # this build's atlas.json while they are still so (pipeline/reuse.py), and the next build
    # leaves the site as it is (pipeline/site.py).
    inputs = inputs_digest(root, config) if config.cache else None
    site = None
    if inputs is not None:
        options = _export_options(root, out_dir, args)
        site = Site(root, config, out_dir, outputs_key(BUILD_FORMATS, options))
        record = site.unchanged(inputs)
        if record is not None:
            timer.update("unchanged", 1, 1)  # the total says how long finding that out took
            _warn(root, out_dir, BUILD_FORMATS, options, args, err)
            files = [out_dir / name for name, _, _ in record.files]
            _report(args, record.summary, files, out, err, timer)
            return Exit.OK
    # here: a site found as it was never loads the pipeline
    from noteatlas.pipeline.build import build_parts
    from noteatlas.pipeline.reuse import remember

    # The parts of the site's atlas: a build that finds them again stops before the atlas.
    known = site.known_parts() if site is not None else None
    if not args.quiet and out.isatty():
        from noteatlas.progress import BuildProgress

        with BuildProgress(err) as progress:

            def both(stage: str, done: int, total: int) -> None:
                progress.update(stage, done, total)
                timer.update(stage, done, total)

            built = build_parts(root, config, progress=both, digest=site is not None, known=known)
    else:
        built = build_parts(
            root, config, progress=timer.update, digest=site is not None, known=known
        )
    if built.atlas is None:
        assert site is not None, "parts are known of a site"
        written = site.same_parts()
        _warn(root, out_dir, BUILD_FORMATS, _export_options(root, out_dir, args), args, err)
    else:
        keep = site.same_atlas if site is not None else None
        written = write_site(built.atlas, root, out_dir, args, err, timer, keep=keep)
    # The same atlas.json bytes: the same counts (summing them up took 0.4 s on 1,000 notes).
    kept = site.record if site is not None and site.kept else None
    if kept is not None:
        data = kept.summary
    else:
        assert built.atlas is not None, "a site not kept was written from an atlas"
        data = summary(built.atlas)
    if inputs is not None and site is not None:
        record = site.remember(inputs, written, data, built.parts)
        # atlas.json's SHA-256 as the manifest has it (the same file kept, or the one just staged
        # and hashed there): not read and hashed again (50 MB on 1,000 notes)
        sha = kept.atlas if kept is not None else record.atlas if record is not None else None
        remember(root, config, inputs, out_dir / "atlas.json", sha)
    _report(args, data, written, out, err, timer)
    return Exit.OK


def _report(
    args: argparse.Namespace,
    data: dict[str, Any],
    written: Sequence[Path],
    out: TextIO,
    err: TextIO,
    timer: StageTimer,
) -> None:
    """What ``build`` prints: the summary and the files written (JSON with ``--json``)."""
    if args.json:
        data = {**data, "outputs": [str(p) for p in written]}
        out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    elif not args.quiet:
        print_summary(data, out)
        print_written([str(p) for p in written], out)
    if not args.json:  # errors go to standard error, with -q too ("nothing but errors")
        report = next((str(p) for p in written if p.name == "report.md"), None)
        print_errors(data, err, report)
    if args.timings:
        err.write(timer.summary() + "\n")


def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.files import mark_output_dir
    from noteatlas.progress import StageTimer

    timer = StageTimer()
    _check_link_base(args)
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
    from noteatlas.query.sources import source_counts

    atlas = atlas_of(args, err)
    data = summary(atlas)
    sources = source_counts(atlas.index)
    if args.json:
        out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return Exit.OK
    print_summary(data, out)
    print_edge_kinds(data, out)
    _print_sources(sources, out)
    return Exit.OK


def _print_sources(sources: SourceCounts, out: TextIO) -> None:
    """Concepts and relations by where they come from: the notes, or only a vocabulary."""
    c, r = sources.concepts, sources.relations
    out.write(
        f"Concepts: {c['defined']} defined in the notes, {c['mentioned']} mentioned in them, "
        f"{c['vocabulary_only']} only in the vocabulary "
        f"({c['builtin']} built-in, {c['own']} the notes' own)\n"
    )
    out.write(
        f"Relations: {r['from_notes']} stated in the notes, "
        f"{r['vocabulary_only']} from the vocabulary only\n"
    )
    for kind, n in sorted(sources.by_kind.items()):
        out.write(
            f"  {kind:<16}{n['from_notes']:>7} notes{n['vocabulary_only']:>7} vocabulary only\n"
        )


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.schema import json_schema

    out.write(json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return Exit.OK


__all__ = ["BUILD_FORMATS", "add_build_parser", "add_parsers", "write_site"]
