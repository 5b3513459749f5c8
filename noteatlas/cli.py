"""The command line: a thin shell over the library. ``main(argv) -> int`` is testable in-process."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from noteatlas import __version__
from noteatlas.errors import ConfigError, NoteatlasError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_CONFIG = 0, 1, 2, 3


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


def _add_build(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("build", help="build the atlas and every output of a folder of notes")
    p.add_argument("path", help="folder of Markdown notes")
    p.add_argument("-o", "--out", default="site", help="output folder (default: site)")
    _add_build_options(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(handler=_cmd_build)


def _add_build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, help="config file (default: noteatlas.toml or pyproject.toml in PATH)")
    p.add_argument("--no-builtin-vocabulary", action="store_true", help="do not use the built-in concept vocabulary")


def _add_stats(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("stats", help="count notes, concepts, papers, links and diagnostics")
    p.add_argument("path", help="folder of notes, or an atlas.json")
    _add_build_options(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_cmd_stats)


def _add_schema(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of atlas.json")
    p.set_defaults(handler=_cmd_schema)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``noteatlas`` command."""
    parser = _Parser(
        prog="noteatlas",
        description="Turn a folder of Markdown study notes into a typed knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"noteatlas {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for add in (_add_build, _add_stats, _add_schema):
        add(sub)
    return parser


# -- helpers ------------------------------------------------------------------------------------


def _config(args: argparse.Namespace, root: Path):  # type: ignore[no-untyped-def]
    from noteatlas.config import load_config

    config = load_config(root, args.config) if root.is_dir() or args.config else None
    if config is None:
        from noteatlas.config import Config

        config = Config()
    if getattr(args, "no_builtin_vocabulary", False):
        config = config.model_copy(update={"builtin_vocabulary": False})
    return config


def _atlas(args: argparse.Namespace, err: TextIO, *, quiet: bool = True):  # type: ignore[no-untyped-def]
    """Load an atlas.json, or build a corpus folder."""
    from noteatlas.atlas import load
    from noteatlas.builder import build

    path = Path(args.path).expanduser()
    if path.is_file() and path.suffix == ".json":
        return load(path)
    return build(path, _config(args, path))


# -- commands -----------------------------------------------------------------------------------


def _cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.atlas import write_text_atomic
    from noteatlas.builder import build
    from noteatlas.exporters.report import to_report

    root = Path(args.path).expanduser()
    config = _config(args, root)
    out_dir = Path(args.out).expanduser()
    show_progress = not args.quiet and out.isatty()
    if show_progress:
        from noteatlas.progress import BuildProgress

        with BuildProgress(err) as progress:
            atlas = build(root, config, progress=progress.update)
    else:
        atlas = build(root, config)
    written = [out_dir / "atlas.json", out_dir / "report.md"]
    write_text_atomic(written[0], atlas.to_json())
    write_text_atomic(written[1], to_report(atlas))
    if not args.quiet:
        _print_summary(atlas, out)
        out.write("Wrote " + ", ".join(str(p) for p in written) + "\n")
    return EXIT_OK


def _print_summary(atlas, out: TextIO) -> None:  # type: ignore[no-untyped-def]
    c = atlas.counts()
    out.write(
        f"Atlas of {atlas.document.root!r}: {c['note']} notes, {c['concept']} concepts, "
        f"{c['paper']} papers, {c['resource']} external links, {c['asset']} assets, "
        f"{c['tag']} tags; {c['edges']} edges\n"
    )
    sev = {"error": 0, "warning": 0, "info": 0}
    for d in atlas.diagnostics:
        sev[d.severity.value] += 1
    out.write(f"Diagnostics: {sev['error']} errors, {sev['warning']} warnings, {sev['info']} info\n")


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


# -- entry point --------------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 runtime error, 2 usage/broken links, 3 config)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        err.write(f"Error: {exc}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    handler: Handler = args.handler
    try:
        return handler(args, out, err)
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


def _print_error(err: TextIO, exc: NoteatlasError) -> None:
    err.write(f"Error: {exc.message}\n")
    if exc.hint:
        err.write(f"Hint: {exc.hint}\n")
