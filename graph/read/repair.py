"""Repairing a note's text or bytes as the read stage does (``decode``): byte order marks, legacy
encodings (GBK, UTF-16), mojibake undone and the bytes lossy mojibake dropped restored. Unlike
the read stage it keeps line endings as they are, so a clean file comes out byte for byte.
``noteatlas.repair_text`` and ``noteatlas repair FILE...`` are this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from noteatlas.graph.read.decode import decode, repair_mojibake
from noteatlas.schema import Diagnostic, SourceFile

__all__ = ["Repaired", "repair_bytes", "repair_text"]


def repair_text(text: str) -> tuple[str, list[Diagnostic]]:
    """``text`` with mojibake undone and lost bytes restored, and the diagnostics saying what
    was done (``mojibake-repaired``, ``mojibake-lossy``, ``mojibake-uncertain``). Text that is
    not mojibake comes back unchanged, with no diagnostic."""
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


__all__ = ["Repaired", "repair_bytes", "repair_text"]
