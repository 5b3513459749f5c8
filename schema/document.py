"""What the extract stage sees in one note: references, outline, tables, prose, fields."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from noteatlas.schema.diagnostics import Diagnostic
from noteatlas.schema.kinds import RefKind


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TableCell(_Frozen):
    """Location of a reference inside a table: which table, row and column."""

    table: int
    """Index into ``NoteExtract.tables``."""
    row: int
    """Index into ``Table.rows`` (the header row is not counted)."""
    column: int
    """0-based column."""


class Reference(_Frozen):
    """One reference occurrence, exactly as written."""

    kind: RefKind
    """How it was written."""
    target: str
    """Raw target: URL, path, or for wikilinks/embeds the part before ``|`` (``path/name#heading``)."""
    text: str = ""
    """Link text, image alt text, wikilink alias, or embed options after ``|``."""
    title: str | None = None
    """Link title (``[a](url "title")`` or a reference definition's title)."""
    line: int
    """1-based line in the original file."""
    column: int
    """1-based column (in characters) where the reference starts; 0 for front matter values."""
    heading_path: list[str] = Field(default_factory=list)
    """Texts of the headings the reference sits under, outermost first."""
    cell: TableCell | None = None
    """Set when the reference sits in a table cell."""


class Heading(_Frozen):
    """A heading of the outline."""

    level: int
    """1 to 6."""
    text: str
    """Plain text (markup removed, whitespace collapsed)."""
    line: int
    """1-based line."""
    slug: str
    """GitHub anchor slug, ``-1``/``-2`` suffixes for duplicates already applied."""


class Table(_Frozen):
    """A GFM table with plain cell texts."""

    line: int
    """1-based line of the header row."""
    header: list[str]
    """Header cell texts."""
    rows: list[list[str]]
    """Body rows, each a list of plain cell texts."""
    row_lines: list[int]
    """1-based line of each body row."""
    sources: list[list[str]] = Field(default_factory=list)
    """Body rows as written: each cell's Markdown source, which keeps what plain text loses
    (emphasis, ``<br>``, runs of spaces) for readers such as paper titles."""


class ProseLine(_Frozen):
    """A line of prose with code, math, HTML tags and URLs blanked out (columns are preserved)."""

    line: int
    """1-based line."""
    section: int
    """Index of the heading this line sits under in ``NoteExtract.headings``, -1 before any."""
    text: str
    """The text, with code spans, math and URLs replaced by spaces."""


class ListItem(_Frozen):
    """A list item's own first paragraph, as plain text."""

    line: int
    """1-based line."""
    depth: int
    """0 for top-level items."""
    section: int
    """Index into ``NoteExtract.headings``, -1 before any heading."""
    text: str
    """Plain text of the item's first line/paragraph, without the marker."""
    ordered: bool = False
    """True for ``1.`` style items."""


class ArrowChain(_Frozen):
    """A chain such as ``word2vec → static embedding → polysemy`` found in prose or a list item."""

    line: int
    """1-based line."""
    section: int
    """Index into ``NoteExtract.headings``, -1 before any heading."""
    terms: list[str]
    """The terms in order, stripped of markup and surrounding punctuation (at least two)."""
    raw: str
    """The source line, for evidence snippets."""


class InlineField(_Frozen):
    """A Dataview-style inline field ``key:: value``."""

    line: int
    """1-based line."""
    key: str
    """Key as written, lower-cased and stripped."""
    value: str
    """Raw value text."""
    targets: list[str]
    """Wikilink targets in the value (``[[x]]`` -> ``x``), or comma-separated plain items if none."""


class OutlineItem(_Frozen):
    """One node of a markmap block or heading tree."""

    depth: int
    """0 for the root level."""
    text: str
    """Plain text."""
    line: int
    """1-based line in the note."""


class MarkmapBlock(_Frozen):
    """A fenced block that holds a markmap outline (``markmap`` info string or a markmap.js.org marker)."""

    line: int
    """1-based line of the opening fence."""
    items: list[OutlineItem]
    """The outline, in document order."""


TitleSource = Literal["front_matter", "h1", "stem"]


class NoteExtract(_Frozen):
    """Everything the extract stage finds in one note. Pure data: no I/O produced it."""

    path: str
    """Corpus-relative POSIX path."""
    title: str
    """Front matter ``title`` > first H1 > file stem."""
    title_source: TitleSource
    """Where the title came from."""
    front_matter: dict[str, Any] = Field(default_factory=dict)
    """Parsed YAML front matter (JSON-compatible values only)."""
    front_matter_lines: dict[str, int] = Field(default_factory=dict)
    """1-based line of each top-level front matter key."""
    headings: list[Heading] = Field(default_factory=list)
    """The outline, in order."""
    anchors: list[str] = Field(default_factory=list)
    """Explicit anchors: ``<a id=...>``, ``<a name=...>``, ``{#id}``."""
    references: list[Reference] = Field(default_factory=list)
    """Every reference occurrence, in document order."""
    tables: list[Table] = Field(default_factory=list)
    """GFM tables."""
    prose: list[ProseLine] = Field(default_factory=list)
    """Prose lines for mention finding."""
    list_items: list[ListItem] = Field(default_factory=list)
    """List items (for prerequisite sections)."""
    arrow_chains: list[ArrowChain] = Field(default_factory=list)
    """Arrow chains outside code."""
    inline_fields: list[InlineField] = Field(default_factory=list)
    """``key:: value`` fields outside code."""
    markmaps: list[MarkmapBlock] = Field(default_factory=list)
    """Markmap blocks."""
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    """Problems found while extracting (front matter errors ...)."""


class SourceFile(_Frozen):
    """A decoded note as the read stage hands it on."""

    path: str
    """Corpus-relative POSIX path."""
    text: str
    """Decoded text, newlines normalised to ``\\n``; line N of the text is line N of the file."""
    encoding: str
    """Codec the bytes were decoded with (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030`` ...)."""
    repairs: list[str] = Field(default_factory=list)
    """Human-readable repairs applied (``mojibake: cp1252 -> utf-8``)."""
    sha256: str
    """Hash of the raw bytes (cache key)."""
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    """Repairs, losses and doubts met while reading."""
