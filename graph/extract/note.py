"""The extract stage: one decoded note in, a ``NoteExtract`` out. Pure: no I/O, no network.

markdown-it (configured in ``graph.markdown``) gives the block structure; this module walks it
once, sending each inline token to ``graph.inline`` for references and plain text, each HTML
block to ``graph.html_refs``, prose lines to ``graph.fields`` for arrow chains and inline
fields, fences to ``graph.markmap`` and the front matter to ``graph.frontmatter``. Lines and
columns are those of the file (front matter included); everything is ordered by position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from markdown_it.token import Token

from noteatlas.graph.extract.fields import arrow_terms, field_targets, find_fields
from noteatlas.graph.extract.frontmatter import FrontMatter, parse_front_matter
from noteatlas.graph.extract.html_refs import code_ranges, link_texts, scan_tags
from noteatlas.graph.extract.inline import (
    InlineScan,
    RawRef,
    clean_text,
    plain_text,
    scan_inline,
)
from noteatlas.graph.extract.locate import Locator, cell_locators
from noteatlas.graph.extract.markdown import (
    MAX_NESTING,
    OVERFLOW_KEY,
    parse_blocks,
    parse_inline,
)
from noteatlas.graph.extract.markmap import markmap_block
from noteatlas.graph.extract.slugs import slugs_for
from noteatlas.schema import (
    ArrowChain,
    Heading,
    InlineField,
    ListItem,
    MarkmapBlock,
    NoteExtract,
    ProseLine,
    Reference,
    SourceFile,
    Table,
    TableCell,
)
from noteatlas.schema.codes import diagnostic
from noteatlas.schema.document import TitleSource

__all__ = ["extract"]

# ``(?<!\s)``: tried inside a run of spaces, ``\s*`` rescanned the run each time (quadratic).
_HEADING_ID = re.compile(r"(?<!\s)\s*\{#([^\s{}]+)[^{}]*\}\s*$")
_TASK_MARKER = re.compile(r"^\[[ xX]\]\s+")
_ALERT = re.compile(r"^\s*\[![A-Za-z]+\][+-]?")
_LISTS = {"bullet_list_open": False, "ordered_list_open": True}


def _normalise(text: str) -> str:
    """Keep markdown-it's lines equal to ``text.split("\\n")``.

    A CRLF becomes ``\\n`` (the read stage already does this); a lone ``\\r`` becomes a space,
    since the contract is that only ``\\n`` ends a line; NUL becomes U+FFFD as markdown-it
    would; a stray BOM is dropped.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return text.replace("\r", " ").replace("\0", "\ufffd")


@dataclass
class _TableDraft:
    line: int
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)
    sources: list[list[str]] = field(default_factory=list)


class _Collector:
    """Gathers everything while walking the block tokens once, in document order."""

    def __init__(self, path: str, lines: list[str], env: dict[str, object]) -> None:
        self.path = path
        self.lines = lines
        self.env = env  # markdown-it's: reference definitions, for parsing inline tokens
        self.front = FrontMatter()
        self.headings: list[tuple[int, str, str, int]] = []  # level, slug text, text, line
        self.anchors: list[str] = []
        self.refs: list[RawRef] = []
        self.tables: list[_TableDraft] = []
        self.canvas: dict[int, list[str]] = {}  # line -> prose characters
        self.items: list[tuple[int, int, str, bool]] = []  # line, depth, text, ordered
        self.chains: list[tuple[int, list[str]]] = []
        self.fields: list[tuple[int, str, str]] = []  # line, key, value
        self.markmaps: list[MarkmapBlock] = []
        self.spaced: list[tuple[int, int, str]] = []  # links whose address holds a space

    # -- prose ---------------------------------------------------------------------------
    def _place(self, line: int, column: int, text: str) -> None:
        if not 0 < line <= len(self.lines):
            return
        canvas = self.canvas.setdefault(line, [" "] * len(self.lines[line - 1]))
        stop = min(column + len(text), len(canvas))
        if column < stop:
            canvas[column:stop] = text[: stop - column]

    def _place_content(self, locator: Locator, blanked: str) -> list[tuple[int, str]]:
        placed = []
        for index, piece in enumerate(blanked.split("\n")):
            line, column = locator.line_of(index)
            self._place(line, column, piece)
            placed.append((line, piece))
        return placed

    # -- blocks --------------------------------------------------------------------------
    def _inline(self, token: Token) -> Token:
        return parse_inline(token, self.env)

    def _take(self, scan: InlineScan) -> None:
        self.refs.extend(scan.refs)
        self.anchors.extend(scan.anchors)
        self.spaced.extend(scan.spaced)

    def paragraph(self, inline: Token) -> None:
        first = inline.map[0] if inline.map else 0
        locator = Locator.for_lines(inline.content, first, self.lines)
        scan = scan_inline(self._inline(inline), locator)
        self._take(scan)
        blanked = _ALERT.sub(lambda match: " " * len(match.group()), scan.blanked, count=1)
        raw_lines = inline.content.split("\n")
        for index, (line, piece) in enumerate(self._place_content(locator, blanked)):
            terms = arrow_terms(piece)
            if terms:
                self.chains.append((line, terms))
            for found in find_fields(piece):
                value = raw_lines[index][found.value_start : found.value_end].strip()
                self.fields.append((line, found.key, value))

    def heading(self, token: Token, inline: Token) -> None:
        first = inline.map[0] if inline.map else (token.map[0] if token.map else 0)
        locator = Locator.for_lines(inline.content, first, self.lines)
        scan = scan_inline(self._inline(inline), locator)
        self._take(scan)
        self._place_content(locator, scan.blanked)
        raw = plain_text(inline.children or []).replace("\n", " ")
        explicit = _HEADING_ID.search(raw)
        if explicit:
            self.anchors.append(explicit.group(1))
            raw = raw[: explicit.start()]
        level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        line = (token.map[0] if token.map else first) + 1
        self.headings.append((level, raw.strip(), clean_text(raw), line))

    def table_row(self, row: Token, cells: list[Token], body: bool) -> None:
        line = (row.map[0] if row.map else 0) + 1
        original = self.lines[line - 1] if line <= len(self.lines) else ""
        locators = cell_locators([cell.content for cell in cells], line, original)
        table = self.tables[-1]
        texts = []
        for column, (cell, locator) in enumerate(zip(cells, locators, strict=True)):
            where = (len(self.tables) - 1, len(table.rows), column) if body else None
            scan = scan_inline(self._inline(cell), locator, where)
            self._take(scan)
            if locator.linear:
                self._place(*locator.line_of(0), scan.blanked)
            else:
                for offset, char in enumerate(scan.blanked):
                    self._place(*_shift(locator.at(offset)), char)
            texts.append(clean_text(plain_text(cell.children or [])))
        if body:
            table.rows.append(texts)
            table.row_lines.append(line)
            table.sources.append([cell.content.strip() for cell in cells])
        else:
            table.header.extend(texts)

    def list_item(self, tokens: list[Token], index: int, lists: list[bool]) -> None:
        if index + 2 >= len(tokens) or tokens[index + 1].type != "paragraph_open":
            return
        first_line = plain_text(self._inline(tokens[index + 2]).children or []).split("\n", 1)[0]
        text = clean_text(_TASK_MARKER.sub("", first_line.lstrip()))
        token = tokens[index]
        line = (token.map[0] if token.map else 0) + 1
        self.items.append((line, len(lists) - 1, text, lists[-1] if lists else False))

    def html_block(self, token: Token) -> None:
        first = token.map[0] if token.map else 0
        locator = Locator.for_lines(token.content, first, self.lines)
        code = code_ranges(token.content)
        starts = [start for start, _ in code]
        tags = [t for t in scan_tags(token.content) if not _inside(code, starts, t.start)]
        labels = link_texts(token.content, tags)
        for tag in tags:
            self.anchors.extend(tag.anchors)
            found = tag.reference
            if found is None:
                continue
            kind, target = found
            if tag.name == "a":
                text = labels.get(tag.start, "")
            else:
                text = clean_text(tag.attrs.get("alt", ""))
            line, column = locator.at(tag.start)
            self.refs.append(RawRef(kind, target, text, None, line, column))

    def fence(self, token: Token) -> None:
        line = (token.map[0] if token.map else 0) + 1
        block = markmap_block(token.info, token.content, line)
        if block is not None:
            self.markmaps.append(block)

    def walk(self, tokens: list[Token]) -> None:
        """Visit the block tokens once, in order, dropping each once read: no token is looked
        at again, so a big note is never held twice (as tokens and as what they became)."""
        lists: list[bool] = []
        body = False
        for index, token in enumerate(tokens):
            if index:
                tokens[index - 1] = _SPENT
            kind = token.type
            following = tokens[index + 1] if index + 1 < len(tokens) else token
            if kind in _LISTS:
                lists.append(_LISTS[kind])
            elif kind in ("bullet_list_close", "ordered_list_close") and lists:
                lists.pop()
            elif kind == "list_item_open":
                self.list_item(tokens, index, lists)
            elif kind == "paragraph_open" and following.type == "inline":
                self.paragraph(following)
            elif kind == "heading_open" and following.type == "inline":
                self.heading(token, following)
            elif kind == "table_open":
                self.tables.append(_TableDraft((token.map[0] if token.map else 0) + 1))
            elif kind in ("thead_open", "tbody_open"):
                body = kind == "tbody_open"
            elif kind == "tr_open" and self.tables:
                self.table_row(token, _row_cells(tokens, index), body)
            elif kind == "html_block":
                self.html_block(token)
            elif kind == "fence":
                self.fence(token)
            elif kind == "front_matter" and token.map:
                self.front = parse_front_matter(token.content, token.map[0] + 2, self.path)


_SPENT = Token("spent", "", 0)


def _inside(ranges: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` falls in one of the sorted, disjoint ``ranges`` (``starts`` theirs)."""
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < ranges[index][1]


def _shift(place: tuple[int, int]) -> tuple[int, int]:
    return place[0], place[1] - 1


def _row_cells(tokens: list[Token], index: int) -> list[Token]:
    cells = []
    for position in range(index + 1, len(tokens)):
        token = tokens[position]
        if token.type == "tr_close":
            break
        if token.type == "inline":
            cells.append(token)
    return cells


def _title(collected: _Collector, path: str) -> tuple[str, TitleSource]:
    value = collected.front.data.get("title")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        title = clean_text(str(value))
        if title:
            return title, "front_matter"
    # The note's first heading, when it is an H1, names the note; an H1 after other headings
    # heads a part of it ("## Method" … "# Paper Figures"): the file name is the title then.
    first = min(collected.headings, key=lambda h: h[3], default=None)
    if first is not None and first[0] == 1 and first[2]:
        return first[2], "h1"
    return PurePosixPath(path).stem or path, "stem"


def _outline(
    collected: _Collector,
) -> tuple[list[Heading], Callable[[int], int], list[list[str]]]:
    """Headings in line order with their slugs; the section index of a line (-1 before any
    heading); the heading path of each section."""
    order = sorted(range(len(collected.headings)), key=lambda i: collected.headings[i][3])
    raw_headings = [collected.headings[i] for i in order]
    slugs = slugs_for([slug_text for _, slug_text, _, _ in raw_headings])
    headings = [
        Heading(level=level, text=text, line=line, slug=slug)
        for (level, _, text, line), slug in zip(raw_headings, slugs, strict=True)
    ]
    heading_lines = [heading.line for heading in headings]
    paths: list[list[str]] = []
    stack: list[Heading] = []
    for heading in headings:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        paths.append([open_heading.text for open_heading in stack])

    def section(line: int) -> int:
        return bisect.bisect_right(heading_lines, line) - 1

    return headings, section, paths


def _references(
    collected: _Collector, section: Callable[[int], int], paths: list[list[str]]
) -> list[Reference]:
    """The references found, in line and column order, each with the heading path above it."""
    return [
        Reference(
            kind=ref.kind,
            target=ref.target,
            text=ref.text,
            title=ref.title,
            line=ref.line,
            column=ref.column,
            heading_path=paths[section(ref.line)] if section(ref.line) >= 0 else [],
            cell=TableCell(table=ref.cell[0], row=ref.cell[1], column=ref.cell[2])
            if ref.cell
            else None,
        )
        for ref in sorted(collected.refs, key=lambda ref: (ref.line, ref.column))
    ]


def extract(source: SourceFile) -> NoteExtract:
    """Everything the later stages need from one note; never raises on odd Markdown."""
    text = _normalise(source.text)
    lines = text.split("\n")
    env: dict[str, object] = {}
    collected = _Collector(source.path, lines, env)
    collected.walk(parse_blocks(text, env))

    headings, section, paths = _outline(collected)

    references = _references(collected, section, paths)
    prose = [
        ProseLine(line=line, section=section(line), text="".join(chars).rstrip())
        for line, chars in sorted(collected.canvas.items())
        if "".join(chars).strip()
    ]
    items = [
        ListItem(line=line, depth=depth, section=section(line), text=text, ordered=ordered)
        for line, depth, text, ordered in sorted(collected.items, key=lambda item: item[0])
    ]
    chains = [
        ArrowChain(line=line, section=section(line), terms=terms, raw=lines[line - 1].strip())
        for line, terms in collected.chains
    ]
    fields = [
        InlineField(line=line, key=key, value=value, targets=field_targets(value))
        for line, key, value in collected.fields
    ]
    title, title_source = _title(collected, source.path)
    diagnostics = list(collected.front.diagnostics)
    diagnostics += [
        diagnostic("link-space-in-address", source.path, line, target=address,
                   joined="".join(address.split()))
        for line, _column, address in collected.spaced
    ]  # fmt: skip
    overflow = env.get(OVERFLOW_KEY)
    if isinstance(overflow, int):
        diagnostics.append(
            diagnostic("markdown-too-deep", source.path, overflow + 1, limit=MAX_NESTING)
        )
    return NoteExtract(
        path=source.path,
        title=title,
        title_source=title_source,
        front_matter=collected.front.data,
        front_matter_lines=collected.front.lines,
        headings=headings,
        anchors=list(dict.fromkeys(collected.anchors)),
        references=references,
        tables=[
            Table(
                line=table.line,
                header=table.header,
                rows=table.rows,
                row_lines=table.row_lines,
                sources=table.sources,
            )
            for table in collected.tables
        ],
        prose=prose,
        list_items=items,
        arrow_chains=chains,
        inline_fields=fields,
        markmaps=collected.markmaps,
        diagnostics=diagnostics,
    )
