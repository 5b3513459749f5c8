"""What reading one note will cost in memory, estimated from its bytes before it is parsed.

The file size alone does not say it: measured on whole builds (``benchmarks/hostile.py``), a
note of prose costs about 22 bytes of memory per byte, one big table of links about 100, and a
table of empty cells 450, since every cell becomes parser tokens and every link a node and edges.
The estimate counts what costs (table cell borders, links, headings) with coefficients a little
above those measured, so that one note can be refused before it takes the machine.
"""

from __future__ import annotations

from dataclasses import dataclass

NOTE_MEMORY_BUDGET = 1 << 30
"""Memory one note may cost a build (1 GiB); a note estimated above it is skipped."""

PER_BYTE = 24
"""Bytes of memory per byte of text (prose: about 22 measured)."""
PER_CELL_BORDER = 1536
"""Per ``|`` (a table of empty cells: about 1,300 measured per border)."""
PER_LINK = 4096
"""Per ``](``, ``[[`` or ``://`` (2,000 to 4,000 measured, by kind of link)."""
PER_HEADING = 3072
"""Per line starting with ``#`` (about 2,600 measured)."""


@dataclass(frozen=True, slots=True)
class NoteCost:
    """The counts of a note's bytes that make its memory cost."""

    size: int
    """Bytes."""
    borders: int
    """``|`` characters (table cell borders)."""
    links: int
    """``](``, ``[[`` and ``://`` (links, wikilinks, URLs)."""
    headings: int
    """Lines starting with ``#``."""

    @property
    def memory(self) -> int:
        """Bytes of memory a build is expected to need for the note (an upper guess)."""
        return (
            PER_BYTE * self.size
            + PER_CELL_BORDER * self.borders
            + PER_LINK * self.links
            + PER_HEADING * self.headings
        )


def note_cost(data: bytes) -> NoteCost:
    """Count what makes a note costly; linear, in C (``bytes.count``)."""
    return NoteCost(
        size=len(data),
        borders=data.count(b"|"),
        links=data.count(b"](") + data.count(b"[[") + data.count(b"://"),
        headings=data.count(b"\n#") + data.startswith(b"#"),
    )


__all__ = ["NOTE_MEMORY_BUDGET", "NoteCost", "note_cost"]
