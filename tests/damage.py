"""The damage of issue 12, for tests: UTF-8 read as Windows-1252, saved again as UTF-8, minus
every byte with no printable Windows-1252 form."""

from __future__ import annotations

import re

LOST = b"\x81\x8d\x8f\x90\x9d\xad\x8e\x9e"
"""Undefined in Windows-1252 (81 8D 8F 90 9D), the soft hyphen (AD), Ž and ž (8E 9E)."""


def damage(text: str, *, turkish: bool = False, replace: bool = False) -> str:
    """``text`` as such a round trip leaves it; ``turkish`` reads 0xF0 as ``ğ`` (Windows-1254),
    as some of the damaged files show; ``replace`` writes U+FFFD for each lost byte instead of
    dropping it (a reader that decoded with errors="replace" before the file was saved)."""
    out = []
    for byte in text.encode("utf-8"):
        if byte < 0x80:
            out.append(chr(byte))
        elif byte in LOST:
            if replace:
                out.append("\ufffd")
        elif turkish and byte == 0xF0:
            out.append("ğ")
        else:
            out.append(bytes([byte]).decode("cp1252"))
    return "".join(out)


def damage_fffd(text: str) -> str:
    """``damage`` with U+FFFD where a byte was lost."""
    return damage(text, replace=True)


def damaged_chars(text: str) -> int:
    """How many characters of ``text`` the damage cuts (a lost byte in their UTF-8 form)."""
    return sum(1 for ch in text if any(b in LOST for b in ch.encode("utf-8")[1:]))


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


def heading_lines(text: str) -> list[int]:
    """Indexes of the lines of ``text`` that are ATX headings (``# ...``), fenced code left out."""
    found, fence = [], ""
    for i, line in enumerate(text.split("\n")):
        m = _FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
        elif m:
            fence = m.group(1)
        elif _ATX.match(line):
            found.append(i)
    return found
