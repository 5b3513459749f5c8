"""``check``: every reference of the notes, reported for people, CI logs and tools."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from noteatlas.cli.args import Subparsers, add_build_options
from noteatlas.cli.common import config_of
from noteatlas.schema.exits import Exit


def add_parsers(sub: Subparsers) -> None:
    """``check``."""
    p = sub.add_parser(
        "check",
        help="check every reference: local files, anchors, wikilinks and external URLs",
        description="Check every reference of a folder of notes. Exit codes: 0 nothing broken, "
        "2 broken references, 1 runtime error, 3 bad configuration.",
    )
    p.add_argument("path", help="folder of Markdown notes")
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


def _cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.config import parse_check_overrides
    from noteatlas.linkcheck import append_step_summary, exit_code, render
    from noteatlas.pipeline.check import check
    from noteatlas.pipeline.corpus import corpus_root

    config = config_of(args, corpus_root(args.path), err)
    overrides = {
        "strict": args.strict or None,
        "max_age": args.max_age,
        "allow_private": args.allow_private or None,
        "check_fragments": args.check_fragments or None,
        "max_concurrency": args.max_concurrency,
    }
    config = config.model_copy(update={"check": parse_check_overrides(config.check, overrides)})
    report = check(
        args.path, config, offline=args.offline, link_cache=not args.no_cache, progress=True
    )
    text = render(report, args.format)
    if args.output:
        from noteatlas.files import write_text_atomic

        write_text_atomic(args.output, text)
    else:
        out.write(text)
    append_step_summary(render(report, "markdown"))
    return Exit.INTERRUPTED if report.interrupted else exit_code(report)


__all__ = ["add_parsers"]
