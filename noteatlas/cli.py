"""The command line: a thin shell over the library. ``main(argv) -> int`` is testable in-process."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from noteatlas import __version__

if TYPE_CHECKING:
    from noteatlas.atlas import Atlas
    from noteatlas.config import Config
    from noteatlas.exporters import ExportOptions
    from noteatlas.progress import StageTimer
from noteatlas.errors import ConfigError, NoteatlasError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_CONFIG = 0, 1, 2, 3


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


class _Formatter(argparse.HelpFormatter):
    # A fixed width, so --help reads the same everywhere and the README can quote it.
    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=100, max_help_position=32)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


def _add_build(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("build", help="build the atlas and every output of a folder of notes")
    p.add_argument("path", help="folder of Markdown notes")
    p.add_argument("-o", "--out", default="site", help="output folder (default: site)")
    _add_build_options(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    _add_timings(p)
    p.set_defaults(handler=_cmd_build)


def _add_timings(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--timings",
        action="store_true",
        help="print how long each stage took (to standard error), even with -q",
    )


def _add_build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        type=Path,
        help="config file (default: noteatlas.toml or pyproject.toml in PATH)",
    )
    p.add_argument(
        "--no-builtin-vocabulary",
        action="store_true",
        help="do not use the built-in concept vocabulary",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes for per-note work (default: CPUs)",
    )
    p.add_argument(
        "--no-build-cache",
        action="store_true",
        help="neither read nor write the incremental cache under PATH/.noteatlas/",
    )


def _add_stats(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("stats", help="count notes, concepts, papers, links and diagnostics")
    p.add_argument("path", help="folder of notes, or an atlas.json")
    _add_build_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_stats)


def _add_export(sub: argparse._SubParsersAction[_Parser]) -> None:
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
    _add_build_options(p)
    _add_timings(p)
    p.set_defaults(handler=_cmd_export)


def _add_schema(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of atlas.json")
    p.set_defaults(handler=_cmd_schema)


def _add_check(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "check",
        help="check every reference: local files, anchors, wikilinks and external URLs",
        description="Check every reference of a folder of notes. Exit codes: 0 nothing broken, "
        "2 broken references, 1 runtime error, 3 bad configuration.",
    )
    p.add_argument("path", help="folder of Markdown notes")
    _add_build_options(p)
    p.add_argument(
        "--offline", action="store_true", help="check only local files, anchors and wikilinks"
    )
    p.add_argument(
        "--format",
        default="text",
        choices=["text", "json", "markdown", "junit", "github"],
        help="report format (default: text); markdown is also appended to $GITHUB_STEP_SUMMARY",
    )
    p.add_argument("-o", "--output", type=Path, help="write the report to a file instead of stdout")
    p.add_argument("--strict", action="store_true", help="blocked, timeouts and errors fail too")
    p.add_argument("--max-age", help="reuse cached results younger than this (e.g. 30m, 12h, 1d)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the link cache")
    p.add_argument(
        "--allow-private", action="store_true", help="also request private and loopback addresses"
    )
    p.add_argument(
        "--check-fragments", action="store_true", help="check #fragments of external HTML pages"
    )
    p.add_argument("--max-concurrency", type=int, metavar="N", help="requests in flight at once")
    p.set_defaults(handler=_cmd_check)


def _add_source(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-i",
        "--in",
        dest="path",
        metavar="PATH",
        default=None,
        help="atlas.json or folder of notes (default: $NOTEATLAS_ATLAS, else site/atlas.json, else .)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_build_options(p)


def _add_queries(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "show", help="everything about one concept: year, aliases, relations, papers, notes"
    )
    p.add_argument("name", help="concept name or alias (any case or width)")
    _add_source(p)
    p.set_defaults(handler=_cmd_show)

    p = sub.add_parser("path", help="how two concepts connect: typed steps with their evidence")
    p.add_argument("a", help="from (concept name or alias)")
    p.add_argument("b", help="to (concept name or alias)")
    p.add_argument("--max-len", type=int, default=8, metavar="N", help="longest path (default: 8)")
    p.add_argument("--kinds", help="only these edge kinds, comma-separated (e.g. is_a,has_problem)")
    _add_source(p)
    p.set_defaults(handler=_cmd_path)

    p = sub.add_parser("timeline", help="dated concepts and papers, oldest first")
    p.add_argument("--kind", help="a concept kind (model, problem ...) or 'paper'")
    p.add_argument("--start", type=int, metavar="YEAR", help="from this year")
    p.add_argument("--end", type=int, metavar="YEAR", help="up to this year")
    _add_source(p)
    p.set_defaults(handler=_cmd_timeline)

    p = sub.add_parser("search", help="find concepts, papers and notes by name, alias or text")
    p.add_argument("query", help="text to look for")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="most results (default: 20)")
    _add_source(p)
    p.set_defaults(handler=_cmd_search)

    p = sub.add_parser("prereqs", help="what to learn before a concept, in order")
    p.add_argument("name", help="concept name or alias")
    _add_source(p)
    p.set_defaults(handler=_cmd_prereqs)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``noteatlas`` command."""
    parser = _Parser(
        prog="noteatlas",
        description="Turn a folder of Markdown study notes into a typed knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"noteatlas {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for add in (_add_build, _add_check, _add_export, _add_stats, _add_schema, _add_queries):
        add(sub)
    from noteatlas import repair

    repair.add_parser(sub)
    return parser


# -- helpers ------------------------------------------------------------------------------------


def _config(args: argparse.Namespace, root: Path) -> Config:
    from noteatlas.config import load_config

    config = load_config(root, args.config) if root.is_dir() or args.config else None
    if config is None:
        from noteatlas.config import Config

        config = Config()
    if getattr(args, "no_builtin_vocabulary", False):
        config = config.model_copy(update={"builtin_vocabulary": False})
    if getattr(args, "jobs", None) is not None:
        if args.jobs < 1:
            raise ConfigError(f"--jobs must be at least 1, got {args.jobs}.")
        config = config.model_copy(update={"jobs": args.jobs})
    if getattr(args, "no_build_cache", False):
        config = config.model_copy(update={"cache": False})
    return config


def _atlas(args: argparse.Namespace, err: TextIO) -> Atlas:
    """Load an atlas.json, or build a corpus folder."""
    from noteatlas.atlas import load
    from noteatlas.builder import build

    if args.path is None:
        default = os.environ.get("NOTEATLAS_ATLAS") or (
            "site/atlas.json" if Path("site/atlas.json").is_file() else "."
        )
        args.path = default
    path = Path(args.path).expanduser()
    if path.is_file() and path.suffix == ".json":
        return load(path)
    return build(path, _config(args, path))


# -- commands -----------------------------------------------------------------------------------


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


def _cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.atlas import write_text_atomic
    from noteatlas.builder import build, corpus_root
    from noteatlas.exporters.report import to_report
    from noteatlas.progress import StageTimer

    timer = StageTimer()
    root = corpus_root(args.path)
    config = _config(args, root)
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
    written = _write_outputs(atlas, root, out_dir, BUILD_FORMATS, args, err, timer)
    report = out_dir / "report.md"
    with timer.measure("report"):
        write_text_atomic(report, to_report(atlas))
    written.append(report)
    if not args.quiet:
        _print_summary(atlas, out)
        out.write("Wrote " + ", ".join(str(p) for p in written) + "\n")
    if args.timings:
        err.write(timer.summary() + "\n")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.progress import StageTimer

    timer = StageTimer()
    path = Path(args.path).expanduser()
    with timer.measure("load" if path.is_file() else "build"):
        atlas = _atlas(args, err)
    root = None if path.is_file() else path.resolve()
    out_dir = Path(args.out).expanduser()
    written = _write_outputs(atlas, root, out_dir, [args.format], args, err, timer)
    out.write("Wrote " + ", ".join(str(p) for p in written) + "\n")
    if args.timings:
        err.write(timer.summary() + "\n")
    return EXIT_OK


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
    atlas = _atlas(args, err)
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
        return EXIT_OK
    _print_summary(atlas, out)
    for kind, n in sorted(edges.items()):
        out.write(f"  {kind:<16}{n:>7}\n")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.schema import json_schema

    out.write(json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.builder import corpus_root, load_vocabularies, scan
    from noteatlas.config import parse_check_overrides
    from noteatlas.linkcheck import (
        CheckReport,
        append_step_summary,
        exit_code,
        render,
        run_external,
    )
    from noteatlas.linkcheck.local import collect

    root = corpus_root(args.path)
    config = _config(args, root)
    check = parse_check_overrides(
        config.check,
        {
            "strict": args.strict or None,
            "max_age": args.max_age,
            "allow_private": args.allow_private or None,
            "check_fragments": args.check_fragments or None,
            "max_concurrency": args.max_concurrency,
        },
    )
    scanned = scan(root, config)
    vocabulary, _ = load_vocabularies(root, config)
    collected = collect(
        scanned.results,
        scanned.index,
        names_concept=lambda name: vocabulary.lookup(name) is not None,
        check_fragments=check.check_fragments,
    )
    results = list(collected.local)
    interrupted, problems = False, []
    if not args.offline and collected.external:
        run = run_external(
            collected.external,
            check,
            cache_dir=None if args.no_cache else root / ".noteatlas",
            progress=True,
        )
        results += run.results
        interrupted, problems = run.interrupted, run.problems
    base = Path(args.path).as_posix().rstrip("/") or "."
    report = CheckReport(
        results=results, strict=check.strict, interrupted=interrupted, base=base, problems=problems
    )
    text = render(report, args.format)
    if args.output:
        from noteatlas.atlas import write_text_atomic

        write_text_atomic(args.output, text)
    else:
        out.write(text)
    append_step_summary(render(report, "markdown"))
    return 130 if interrupted else exit_code(report)


def _dump(value: Any, out: TextIO) -> None:
    from pydantic import TypeAdapter

    data = TypeAdapter(type(value) if not isinstance(value, list) else list[Any]).dump_python(
        value, mode="json"
    )
    out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.graph.queryformat import format_concept

    atlas = _atlas(args, err)
    concept = atlas.concept(args.name)
    if args.json:
        data = {
            "concept": concept,
            "prerequisites": atlas.prerequisites(concept.id),
            "papers": atlas.papers_about(concept.id),
            "notes": atlas.notes_mentioning(concept.id),
            "neighbors": atlas.neighbors(concept.id),
        }
        _dump(data, out)
    else:
        out.write(format_concept(atlas, concept) + "\n")
    return EXIT_OK


def _cmd_path(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.graph.queryformat import format_path

    atlas = _atlas(args, err)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds else None
    steps = atlas.path(args.a, args.b, kinds=kinds, max_len=args.max_len)
    if args.json:
        _dump(steps, out)
    elif steps:
        out.write(format_path(steps) + "\n")
    if not steps:
        err.write(f"No path from {args.a!r} to {args.b!r} within {args.max_len} steps.\n")
        return EXIT_ERROR
    return EXIT_OK


def _cmd_timeline(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.graph.queryformat import format_timeline

    entries = _atlas(args, err).timeline(args.kind, args.start, args.end)
    if args.json:
        _dump(entries, out)
    else:
        out.write(format_timeline(entries) + "\n")
    return EXIT_OK


def _cmd_search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.graph.queryformat import format_search

    hits = _atlas(args, err).search(args.query, limit=args.limit)
    if args.json:
        _dump(hits, out)
    elif hits:
        out.write(format_search(hits) + "\n")
    else:
        err.write(f"Nothing matches {args.query!r}.\n")
    return EXIT_OK


def _cmd_prereqs(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.graph.queryformat import format_prerequisites

    atlas = _atlas(args, err)
    found = atlas.prerequisites(args.name)
    if args.json:
        _dump(found, out)
    else:
        out.write(format_prerequisites(found) + "\n")
    return EXIT_OK


# -- entry point --------------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 runtime error, 2 usage/broken links, 3 config)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to ``out``
            args = parser.parse_args(argv)
    except UsageError as exc:
        err.write(f"Error: {exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    handler: Handler = args.handler
    try:
        return _run(handler, args, out, err)
    except ConfigError as exc:
        _print_error(err, exc)
        return EXIT_CONFIG
    except NoteatlasError as exc:
        _print_error(err, exc)
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("Interrupted.\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line; NOTEATLAS_DEBUG=1 shows the traceback
        if os.environ.get("NOTEATLAS_DEBUG"):
            raise
        err.write(f"Error: internal error: {type(exc).__name__}: {exc}\n")
        err.write("Hint: this is a bug in noteatlas; rerun with NOTEATLAS_DEBUG=1 and report it.\n")
        return EXIT_ERROR


def _run(handler: Handler, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run a command with the cyclic collector paused (see ``noteatlas.gcpause``): a command is
    one short process that builds or loads one big object graph and then exits."""
    from noteatlas.gcpause import paused_gc

    with paused_gc():
        return handler(args, out, err)


def _print_error(err: TextIO, exc: NoteatlasError) -> None:
    err.write(f"Error: {exc.message}\n")
    if exc.hint:
        err.write(f"Hint: {exc.hint}\n")
