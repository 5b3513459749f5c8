"""Repairing notes: ``repair_text`` (the library call) and ``noteatlas repair FILE...``.

The repair is the one the read stage makes (``noteatlas.graph.decode``): byte order marks, legacy
encodings (GBK, UTF-16), mojibake undone and the bytes lossy mojibake dropped restored. Unlike
the read stage it keeps line endings as they are, so a clean file comes out byte for byte.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:  # imported when used: `noteatlas --help` builds this command's parser
    from noteatlas.schema import Diagnostic

__all__ = ["Repaired", "add_parser", "repair_bytes", "repair_text", "run"]

EXIT_OK, EXIT_NEEDS_REPAIR = 0, 1


def repair_text(text: str) -> tuple[str, list[Diagnostic]]:
    """``text`` with mojibake undone and lost bytes restored, and the diagnostics saying what
    was done (``mojibake-repaired``, ``mojibake-lossy``, ``mojibake-uncertain``). Text that is
    not mojibake comes back unchanged, with no diagnostic."""
    from noteatlas.graph.decode import repair_mojibake

    fixed, diagnostics, _ = repair_mojibake(text)
    return fixed, diagnostics


@dataclass(frozen=True)
class Repaired:
    """What repairing one file's bytes gives."""

    data: bytes
    """The repaired file as UTF-8 (the original bytes when nothing needed repair)."""
    changed: bool
    """Whether ``data`` differs from the original bytes."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """What was repaired, restored or doubtful; a ``binary-skipped`` one for a file that is not
    text (``data`` is then the original bytes)."""
    repairs: list[str] = field(default_factory=list)
    """One line per repair (``mojibake: lost bytes restored (15 characters inferred)``)."""
    is_text: bool = True
    """False for a file that is not text (left alone)."""


def repair_bytes(data: bytes, path: str) -> Repaired:
    """Repair a file's bytes as the read stage would, keeping its line endings."""
    from noteatlas.graph.decode import decode
    from noteatlas.schema import SourceFile

    source = decode(data, path, keep_newlines=True)
    if not isinstance(source, SourceFile):
        return Repaired(data, False, [source], is_text=False)
    fixed = source.text.encode("utf-8")
    if fixed == data:
        return Repaired(data, False, source.diagnostics, source.repairs)
    repairs = list(source.repairs)
    if source.encoding != "utf-8":
        repairs.insert(0, f"{source.encoding} -> utf-8")
    return Repaired(fixed, True, source.diagnostics, repairs)


# -- the command ----------------------------------------------------------------------------------


def add_parser(subparsers: Any) -> None:
    """Register ``noteatlas repair`` on the CLI's subparsers."""
    p = subparsers.add_parser(
        "repair",
        help="print notes with mojibake undone and lost bytes restored (or fix them in place)",
        description="Repair notes the way noteatlas reads them: mojibake (UTF-8 read as "
        "cp1252) undone, bytes it lost restored with a Chinese language model, legacy "
        "encodings and byte order marks converted to UTF-8. Prints each repaired file to "
        "standard output; a clean file is printed unchanged, byte for byte. Diagnostics go to "
        "standard error. Exit codes: 0 done, 1 a file needs repair (--check) or cannot be read.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="notes to repair")
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
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``noteatlas repair``; the exit code."""
    code = EXIT_OK
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            err.write(f"Error: cannot read {name}: {exc.strerror or exc}\n")
            code = EXIT_NEEDS_REPAIR
            continue
        result = repair_bytes(data, name)
        if not args.check:
            for diagnostic in result.diagnostics:
                err.write(diagnostic.format() + "\n")
        if args.check:
            if result.changed:
                out.write(f"{name}: needs repair ({'; '.join(result.repairs)})\n")
                code = EXIT_NEEDS_REPAIR
        elif args.in_place:
            code = max(code, _rewrite(path, data, result, out, err))
        elif result.is_text:
            _emit(out, result.data)
    return code


def _rewrite(path: Path, original: bytes, result: Repaired, out: TextIO, err: TextIO) -> int:
    """Write the repaired file, the original kept as FILE.bak; never overwrite a backup."""
    from noteatlas.atlas import write_bytes_atomic

    if not result.changed:
        out.write(f"{path}: nothing to repair\n")
        return EXIT_OK
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        err.write(f"Error: {backup} already exists; {path} left as it is\n")
        err.write("Hint: move the old backup away and run the command again.\n")
        return EXIT_NEEDS_REPAIR
    write_bytes_atomic(backup, original)
    write_bytes_atomic(path, result.data)
    out.write(f"{path}: {'; '.join(result.repairs)} (original in {backup})\n")
    return EXIT_OK


def _emit(out: TextIO, data: bytes) -> None:
    """Write bytes to a real stream as they are (no newline or encoding translation)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(data.decode("utf-8", errors="surrogateescape"))
        return
    out.flush()
    buffer.write(data)
    buffer.flush()
