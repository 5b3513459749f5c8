"""The parser's shared parts: the parser class, its fixed-width help, and options several commands
take. Each command module adds its own subparser (``add_parsers``) next to its handler."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TextIO, TypeAlias

#: A command: parsed arguments, stdout, stderr -> exit code.
Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


class UsageError(Exception):
    """Bad command-line usage."""


class _Formatter(argparse.HelpFormatter):
    # A fixed width, so --help reads the same everywhere and the README can quote it.
    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=100, max_help_position=32)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises ``UsageError`` instead of exiting, with fixed-width help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


#: What ``add_parsers`` receives (a string: argparse's class is not subscriptable at run time).
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


def add_timings(p: argparse.ArgumentParser) -> None:
    """``--timings``."""
    p.add_argument(
        "--timings",
        action="store_true",
        help="print how long each stage took (to standard error), even with -q",
    )


def add_build_options(p: argparse.ArgumentParser) -> None:
    """Options of every command that may build an atlas from a folder."""
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


def add_source(p: argparse.ArgumentParser) -> None:
    """Where a query reads its atlas from, and ``--json``."""
    p.add_argument(
        "-i",
        "--in",
        dest="path",
        metavar="PATH",
        default=None,
        help="atlas.json or folder of notes (default: $NOTEATLAS_ATLAS, else site/atlas.json, else .)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_build_options(p)


__all__ = [
    "Handler",
    "Parser",
    "Subparsers",
    "UsageError",
    "add_build_options",
    "add_source",
    "add_timings",
]
