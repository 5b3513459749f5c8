"""The command line: a thin shell over the library. ``main(argv) -> int`` is testable in-process.

Each command module (``build``, ``check``, ``queries``) adds its subparsers next to the handlers
that run them; ``args`` holds the parser and the options several commands share.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from noteatlas.cli import build as build_commands
from noteatlas.cli import check as check_commands
from noteatlas.cli import completion as completion_commands
from noteatlas.cli import queries as query_commands
from noteatlas.cli import repair as repair_commands
from noteatlas.cli import serve as serve_commands
from noteatlas.cli.args import Handler, Parser, UsageError
from noteatlas.schema.errors import ConfigError, NoteatlasError
from noteatlas.schema.exits import Exit, exit_codes_text
from noteatlas.version import __version__


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``noteatlas`` command."""
    parser = Parser(
        prog="noteatlas",
        description="Turn a folder of Markdown study notes into a typed knowledge graph.",
        epilog=exit_codes_text(),
    )
    parser.add_argument("--version", action="version", version=f"noteatlas {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    build_commands.add_build_parser(sub)
    for commands in (
        check_commands,
        build_commands,
        query_commands,
        serve_commands,
        repair_commands,
        completion_commands,
    ):
        commands.add_parsers(sub)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the CLI; returns the exit code (``Exit``: 0 ok, 1 runtime error, 2 broken links,
    3 bad config, 64 bad usage, 130 interrupted)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to ``out``
            args = parser.parse_args(argv)
        args.root_parser = parser
    except UsageError as exc:
        err.write(f"Error: {exc}\n")
        return Exit.USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    handler: Handler = args.handler
    try:
        return _run(handler, args, out, err)
    except ConfigError as exc:
        _print_error(err, exc)
        return Exit.CONFIG
    except NoteatlasError as exc:
        _print_error(err, exc)
        return Exit.RUNTIME
    except KeyboardInterrupt:
        err.write("Interrupted.\n")
        return Exit.INTERRUPTED
    except BrokenPipeError:
        return Exit.OK
    except Exception as exc:  # a bug: say so in one line; NOTEATLAS_DEBUG=1 shows the traceback
        if os.environ.get("NOTEATLAS_DEBUG"):
            raise
        err.write(f"Error: internal error: {type(exc).__name__}: {exc}\n")
        err.write("Hint: this is a bug in noteatlas; rerun with NOTEATLAS_DEBUG=1 and report it.\n")
        return Exit.RUNTIME


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


__all__ = ["build_parser", "main"]
