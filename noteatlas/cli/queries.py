"""``show``, ``path``, ``timeline``, ``search``, ``prereqs``: questions asked of an atlas."""

from __future__ import annotations

import argparse
from typing import TextIO

from noteatlas.cli.args import Subparsers, add_source
from noteatlas.cli.common import atlas_of, dump_json
from noteatlas.schema.errors import shown
from noteatlas.schema.exits import Exit


def add_parsers(sub: Subparsers) -> None:
    """``show``, ``path``, ``timeline``, ``search`` and ``prereqs``."""
    p = sub.add_parser(
        "show", help="everything about one concept: year, aliases, relations, papers, notes"
    )
    p.add_argument("name", help="concept name or alias (any case or width)")
    add_source(p)
    p.set_defaults(handler=_cmd_show)

    p = sub.add_parser("path", help="how two concepts connect: typed steps with their evidence")
    p.add_argument("a", help="from (concept name or alias)")
    p.add_argument("b", help="to (concept name or alias)")
    p.add_argument("--max-len", type=int, default=8, metavar="N", help="longest path (default: 8)")
    p.add_argument("--kinds", help="only these edge kinds, comma-separated (e.g. is_a,has_problem)")
    add_source(p)
    p.set_defaults(handler=_cmd_path)

    p = sub.add_parser("timeline", help="dated concepts and papers, oldest first")
    p.add_argument("--kind", help="a concept kind (model, problem ...) or 'paper'")
    p.add_argument("--start", type=int, metavar="YEAR", help="from this year")
    p.add_argument("--end", type=int, metavar="YEAR", help="up to this year")
    add_source(p)
    p.set_defaults(handler=_cmd_timeline)

    p = sub.add_parser("search", help="find concepts, papers and notes by name, alias or text")
    p.add_argument("query", help="text to look for")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="most results (default: 20)")
    add_source(p)
    p.set_defaults(handler=_cmd_search)

    p = sub.add_parser("prereqs", help="what to learn before a concept, in order")
    p.add_argument("name", help="concept name or alias")
    add_source(p)
    p.set_defaults(handler=_cmd_prereqs)


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.query.format import format_concept

    atlas = atlas_of(args, err)
    concept = atlas.concept(args.name)
    if args.json:
        data = {
            "concept": concept,
            "prerequisites": atlas.prerequisites(concept.id),
            "papers": atlas.papers_about(concept.id),
            "notes": atlas.notes_mentioning(concept.id),
            "neighbors": atlas.neighbors(concept.id),
        }
        dump_json(data, out)
    else:
        out.write(format_concept(atlas.index, concept) + "\n")
    return Exit.OK


def _cmd_path(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.query.find import node_id
    from noteatlas.query.format import format_path

    atlas = atlas_of(args, err)
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds else None
    steps = atlas.path(args.a, args.b, kinds=kinds, max_len=args.max_len)  # no path: NotFound
    if args.json:
        dump_json(steps, out)
    elif steps:
        out.write(format_path(steps) + "\n")
    else:  # both names mean one node: the path is empty, which is an answer, not a failure
        same = atlas.index.label(node_id(atlas.index, args.a))
        out.write(f"{shown(args.a)} and {shown(args.b)} are the same node ({same}): "
                  "the path is empty.\n")  # fmt: skip
    return Exit.OK


def _cmd_timeline(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.query.format import format_timeline

    entries = atlas_of(args, err).timeline(args.kind, args.start, args.end)
    if args.json:
        dump_json(entries, out)
    elif entries:
        out.write(format_timeline(entries) + "\n")
    else:  # an empty span is an answer, as an empty search is: exit 0, stdout empty
        err.write(_nothing_dated(args.kind, args.start, args.end) + "\n")
    return Exit.OK


def _nothing_dated(kind: str | None, start: int | None, end: int | None) -> str:
    """``No nodes between 2030 and 2040.``, ``No paper nodes from 2030 on.`` ..."""
    what = f"{kind} nodes" if kind else "nodes"
    if start is not None and end is not None:
        return f"No {what} between {start} and {end}."
    if start is not None:
        return f"No {what} between {start} and the latest year known."
    if end is not None:
        return f"No {what} between the earliest year known and {end}."
    return f"No dated {what}."


def _cmd_search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.query.format import format_search

    hits = atlas_of(args, err).search(args.query, limit=args.limit)
    if args.json:
        dump_json(hits, out)
    elif hits:
        out.write(format_search(hits) + "\n")
    else:
        err.write(f"Nothing matches {shown(args.query)}.\n")
    return Exit.OK


def _cmd_prereqs(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.query.format import format_prerequisites

    atlas = atlas_of(args, err)
    found = atlas.prerequisites(args.name)
    if args.json:
        dump_json(found, out)
    elif found:
        out.write(format_prerequisites(found) + "\n")
    else:  # an empty line said nothing: say what there is not, and how notes state it
        name = atlas.concept(args.name).name
        out.write(
            f"No prerequisites of {name} are stated. A note gives them in its front matter "
            "(prerequisites: [...]) or in a list under a heading such as '## 前置知识' or "
            f"'## Prerequisites' in the note about {name}.\n"
        )
    return Exit.OK


__all__ = ["add_parsers"]
