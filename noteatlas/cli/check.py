"""``check``: every reference of the notes, reported for people, CI logs and tools."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from noteatlas.cli.args import FILES, FOLDERS, Subparsers, add_build_options, completes
from noteatlas.schema.errors import NoteatlasError
from noteatlas.schema.exits import Exit, exit_codes_text

if TYPE_CHECKING:
    from noteatlas.linkcheck.verdicts import ReportView


def add_parsers(sub: Subparsers) -> None:
    """``check``."""
    p = sub.add_parser(
        "check",
        help="check every reference: local files, anchors, wikilinks and external URLs",
        description="Check every reference of a folder of notes.",
        epilog=exit_codes_text(),
    )
    completes(p.add_argument("path", help="folder of Markdown notes"), FOLDERS)
    add_build_options(p)
    p.add_argument(
        "--offline", action="store_true", help="check only local files, anchors and wikilinks"
    )
    p.add_argument(
        "--format",
        default="text",
        choices=["text", "json", "markdown", "junit", "github"],
        help="report format (default: text); markdown is also appended to $GITHUB_STEP_SUMMARY",
    )
    completes(
        p.add_argument(
            "-o", "--output", type=Path, help="write the report to a file instead of stdout"
        ),
        FILES,
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="failures only, no progress or summary (text and github formats; nothing when all "
        "is well)",
    )
    p.add_argument(
        "--strict", action="store_true", help="blocked, unreachable, timeouts and errors fail too"
    )
    p.add_argument("--max-age", help="reuse cached results younger than this (e.g. 30m, 12h, 1d)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the link cache")
    p.add_argument(
        "--allow-private", action="store_true", help="also request private and loopback addresses"
    )
    p.add_argument(
        "--check-fragments", action="store_true", help="check #fragments of external HTML pages"
    )
    p.add_argument("--max-concurrency", type=int, metavar="N", help="requests in flight at once")
    p.add_argument(
        "--max-concurrency-per-host",
        type=int,
        metavar="N",
        help="requests in flight at once to one host (default 2; [check.hosts] may say otherwise)",
    )
    p.set_defaults(handler=_cmd_check)


def _cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.linkcheck import render
    from noteatlas.linkcheck.verdicts import append_step_summary, exit_code
    from noteatlas.pipeline.inputs import corpus_root

    root = corpus_root(args.path)
    settings = _settings(args, root)
    previous = signal.getsignal(signal.SIGINT)
    stoppable = _stop_once_on_ctrl_c()
    try:
        report = _replayed(args, root, settings) or _checked(args, root, settings, err)
    finally:  # after a Ctrl-C the handler has made way for "ignore", which stays
        if stoppable and signal.getsignal(signal.SIGINT) is _stop_once:
            signal.signal(signal.SIGINT, previous)
    text = render(report, args.format, quiet=args.quiet)
    if args.output:
        from noteatlas.files import write_text_atomic

        write_text_atomic(args.output, text)
    else:
        out.write(text)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        append_step_summary(render(report, "markdown"))
    return Exit.INTERRUPTED if report.interrupted else exit_code(report)


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    """The ``[check]`` settings the command line gives (None: not given)."""
    return {
        "strict": args.strict or None,
        "max_age": args.max_age,
        "allow_private": args.allow_private or None,
        "check_fragments": args.check_fragments or None,
        "max_concurrency": args.max_concurrency,
        "per_host_concurrency": args.max_concurrency_per_host,
    }


def _settings(args: argparse.Namespace, root: Path) -> str | None:
    """The replay's key for this command line; None when a check would not use the caches."""
    from noteatlas.pipeline.replay import settings_key

    if args.no_cache or args.no_build_cache:
        return None
    options = {
        **_overrides(args),
        "jobs": args.jobs,
        "no_builtin_vocabulary": args.no_builtin_vocabulary,
    }
    return settings_key(root, args.config, options)


def _replayed(args: argparse.Namespace, root: Path, settings: str | None) -> ReportView | None:
    """The report replayed from the caches (``pipeline.replay``), when nothing has changed."""
    if settings is None:
        return None
    from noteatlas.pipeline.replay import replay

    return replay(root, settings, args.path, offline=args.offline)


def _checked(args: argparse.Namespace, root: Path, settings: str | None, err: TextIO) -> ReportView:
    """The full check, recorded for the next one to replay."""
    from noteatlas.cli.common import config_of
    from noteatlas.config import load_config, parse_check_overrides
    from noteatlas.pipeline.check import check

    config = config_of(args, root, err)
    checks = parse_check_overrides(config.check, _overrides(args))
    config = config.model_copy(update={"check": checks})
    report = check(
        args.path,
        config,
        offline=args.offline,
        link_cache=not args.no_cache,
        progress=not args.quiet,
    )
    if settings is not None and not report.interrupted:
        from noteatlas.pipeline.replay import forget, record

        asked = args.jobs if args.jobs is not None else load_config(root, args.config).jobs
        try:
            record(root, settings, config, asked)
        except (NoteatlasError, OSError):  # a check that cannot record is still a check
            with contextlib.suppress(OSError):
                forget(root)
    return report


def _stop_once(signum: int, frame: FrameType | None) -> None:
    # The first Ctrl-C stops the check; later ones are ignored, so a second press landing while
    # the partial report is written or the interpreter shuts down cannot change the exit (130).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _stop_once_on_ctrl_c() -> bool:
    """Make Ctrl-C stop the check once; False off the main thread, where signals cannot be set."""
    try:
        signal.signal(signal.SIGINT, _stop_once)
    except ValueError:  # the CLI called from another thread (as some tests do)
        return False
    return True


__all__ = ["add_parsers"]
