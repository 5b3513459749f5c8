"""``repair``: print notes with mojibake undone and lost bytes restored, or fix them in place."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from noteatlas.cli.args import Subparsers
from noteatlas.schema.exits import Exit

if TYPE_CHECKING:
    from noteatlas.graph.read.repair import Repaired

#: ``--check`` found a file to repair, or a file could not be read (as pre-commit hooks expect).
_NEEDS_REPAIR = 1


def add_parsers(sub: Subparsers) -> None:
    """``repair``."""
    p = sub.add_parser(
        "repair",
        help="print notes with mojibake undone and lost bytes restored (or fix them in place)",
        description="Repair notes the way noteatlas reads them: mojibake (UTF-8 read as "
        "cp1252) undone, bytes it lost restored with a Chinese language model, legacy "
        "encodings and byte order marks converted to UTF-8. Prints each repaired file to "
        "standard output; a clean file is printed unchanged, byte for byte. Diagnostics go to "
        "standard error. Exit codes: 0 done, 1 a file needs repair (--check) or cannot be read.",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="notes to repair; a folder stands for the notes a build of it reads "
        "(with --check or --in-place)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--in-place",
        action="store_true",
        help="rewrite the files that need repair, keeping the original as FILE.bak",
    )
    mode.add_argument(
        "--check",
        action="store_true",
        help="print nothing but the files that need repair; exit 1 if any (for pre-commit)",
    )
    p.set_defaults(handler=_cmd_repair)


def _cmd_repair(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.graph.read.repair import repair_bytes

    code: int = Exit.OK
    names: list[str] = []
    for name in args.files:
        if not Path(name).is_dir():
            names.append(name)
        elif not (args.check or args.in_place):
            err.write(f"Error: {name} is a folder; printing its notes would run them together\n")
            err.write("Hint: add --check to list the notes that need repair, or --in-place.\n")
            return Exit.USAGE
        else:
            names += _notes_in(Path(name))
    for name in names:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            err.write(f"Error: cannot read {name}: {exc.strerror or exc}\n")
            code = _NEEDS_REPAIR
            continue
        result = repair_bytes(data, name)
        if not args.check:
            for diagnostic in result.diagnostics:
                err.write(diagnostic.format() + "\n")
        if args.check:
            if result.changed:
                out.write(f"{name}: needs repair ({'; '.join(result.repairs)})\n")
                code = _NEEDS_REPAIR
        elif args.in_place:
            code = max(code, _rewrite(path, data, result, out, err))
        elif result.is_text:
            _emit(out, result.data)
    return code


def _notes_in(folder: Path) -> list[str]:
    """The notes a build of ``folder`` reads (its config's ``exclude`` applied), as paths."""
    from noteatlas.config import load_config
    from noteatlas.graph.read.discover import discover

    corpus = discover(folder, load_config(folder).exclude)
    return [str(folder / rel) for rel in corpus.notes]


def _rewrite(path: Path, original: bytes, result: Repaired, out: TextIO, err: TextIO) -> int:
    """Write the repaired file, the original kept as FILE.bak; never overwrite a backup."""
    from noteatlas.files import write_bytes_atomic

    if not result.changed:
        out.write(f"{path}: nothing to repair\n")
        return Exit.OK
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        err.write(f"Error: {backup} already exists; {path} left as it is\n")
        err.write("Hint: move the old backup away and run the command again.\n")
        return _NEEDS_REPAIR
    write_bytes_atomic(backup, original)
    write_bytes_atomic(path, result.data)
    out.write(f"{path}: {'; '.join(result.repairs)} (original in {backup})\n")
    return Exit.OK


def _emit(out: TextIO, data: bytes) -> None:
    """Write bytes to a real stream as they are (no newline or encoding translation)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8", errors="surrogateescape"))
        return
    out.flush()
    buffer.write(data)
    buffer.flush()


__all__ = ["add_parsers"]
