"""From offsets in markdown-it's inline ``content`` back to lines and columns of the file.

markdown-it hands each paragraph, heading or table cell to the inline parser as a string with
the block markup removed (``> ``, list indentation, ``|`` ...). A ``Locator`` knows, for each line
of that string, which file line it came from and at which column it starts there, so a token's
offset becomes the 1-based line and column (in characters) an editor shows.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

__all__ = ["Locator", "cell_locators"]


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int  # content offset where this content line starts
    line: int  # 1-based file line
    anchor: int  # content offset that sits at `column`
    column: int  # 0-based column of `anchor` in the file line
    chars: tuple[int, ...] | None = None  # explicit columns, when the text was unescaped


class Locator:
    """Maps offsets of one inline content string to (line, column), both 1-based."""

    def __init__(self, segments: list[_Segment]) -> None:
        self._segments = segments or [_Segment(0, 1, 0, 0)]
        self._starts = [segment.start for segment in self._segments]

    @classmethod
    def for_lines(cls, content: str, first_line: int, file_lines: list[str]) -> Locator:
        """Content whose n-th line is a suffix (give or take whitespace) of file line first+n."""
        segments = []
        offset = 0
        for index, piece in enumerate(content.split("\n")):
            number = first_line + index
            original = file_lines[number] if number < len(file_lines) else ""
            lead = len(piece) - len(piece.lstrip())
            body = piece[lead:].rstrip()
            trimmed = original.rstrip()
            if body and trimmed.endswith(body):
                column = len(trimmed) - len(body)
            elif body and (found := original.find(body)) >= 0:
                column = found
            else:
                column = max(len(original) - len(piece) + lead, 0)
            segments.append(_Segment(offset, number + 1, offset + lead, column))
            offset += len(piece) + 1
        return cls(segments)

    @property
    def linear(self) -> bool:
        """True when offsets map to columns one to one on each line (no unescaped text)."""
        return all(segment.chars is None for segment in self._segments)

    @classmethod
    def point(cls, line: int, column: int) -> Locator:
        """Everything maps to one place (1-based line, 0-based column)."""
        return cls([_Segment(0, line, 0, column)])

    def at(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a content offset."""
        segment = self._segments[max(bisect.bisect_right(self._starts, offset) - 1, 0)]
        if segment.chars:
            index = min(max(offset - segment.start, 0), len(segment.chars) - 1)
            return segment.line, segment.chars[index] + 1
        return segment.line, max(segment.column + offset - segment.anchor, 0) + 1

    def line_of(self, index: int) -> tuple[int, int]:
        """For the index-th content line: its file line and the 0-based column it starts at."""
        segment = self._segments[min(index, len(self._segments) - 1)]
        if segment.chars:
            return segment.line, segment.chars[0]
        return segment.line, max(segment.column - (segment.anchor - segment.start), 0)


def _unescaped_columns(found: int, escaped: str) -> tuple[int, ...]:
    columns = []
    index = 0
    while index < len(escaped):
        if escaped.startswith("\\|", index):
            index += 1
        columns.append(found + index)
        index += 1
    return tuple(columns)


def cell_locators(cells: list[str], line: int, original: str) -> list[Locator]:
    """Locators for the cells of one table row, found left to right in the row's file line.

    ``line`` is 1-based. Cell text as markdown-it gives it has ``\\|`` unescaped to ``|``; both
    spellings are searched.
    """
    locators = []
    cursor = 0
    for content in cells:
        found = original.find(content, cursor) if content else -1
        if found >= 0:
            locators.append(Locator([_Segment(0, line, 0, found)]))
            cursor = found + len(content)
            continue
        escaped = content.replace("|", "\\|")
        found = original.find(escaped, cursor) if content else -1
        if found >= 0:
            chars = _unescaped_columns(found, escaped)
            locators.append(Locator([_Segment(0, line, 0, found, chars)]))
            cursor = found + len(escaped)
            continue
        locators.append(Locator.point(line, cursor))
    return locators
