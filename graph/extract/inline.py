"""One inline token (a paragraph, heading or table cell): its references, plain text and prose.

Works on the children markdown-it produced with the parser of ``graph.markdown``, whose tokens
carry source offsets; a ``Locator`` turns those into file lines and columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from noteatlas.graph.extract.html_refs import code_tag, inline_html_text, scan_tags
from noteatlas.graph.extract.locate import Locator
from noteatlas.graph.extract.markdown import BROKEN_LINK, META_END, META_LABEL_END, META_POS
from noteatlas.schema import RefKind

__all__ = ["InlineScan", "RawRef", "clean_text", "plain_text", "scan_inline"]

_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_MAX_LABEL_TOKENS = 200  # an unclosed <a> labels only what follows it closely
_BLANKED = frozenset(
    {"code_inline", "math_inline", "math_inline_double", "html_inline", "footnote_ref", "image"}
)


@dataclass(slots=True)
class RawRef:
    """A reference before heading paths are known."""

    kind: RefKind
    """How it was written."""
    target: str
    """Raw target."""
    text: str
    """Link text, alt text, alias or embed options."""
    title: str | None
    """Link title, if any."""
    line: int
    """1-based file line."""
    column: int
    """1-based column in characters."""
    cell: tuple[int, int, int] | None = None
    """(table, body row, column) for references in a table body cell."""


@dataclass(slots=True)
class InlineScan:
    """What one inline token holds besides its plain text."""

    refs: list[RawRef] = field(default_factory=list)
    """References, in the order their tokens appear."""
    anchors: list[str] = field(default_factory=list)
    """``<a id>``/``<a name>`` anchors in inline HTML."""
    blanked: str = ""
    """The content with code, math, URLs, HTML and images replaced by spaces (same length)."""
    spaced: list[tuple[int, int, str]] = field(default_factory=list)
    """(line, column, address) of each ``[text](address with a space)``: no link."""


def clean_text(text: str) -> str:
    """Plain text for display: invisible characters removed, any whitespace run is one space."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def plain_text(tokens: Sequence[Token], with_alt: bool = False) -> str:
    """Text of inline tokens without markup; line breaks stay ``\\n``.

    Images contribute their alt text only when ``with_alt`` (link labels, not headings); a
    wikilink shows its alias or target, an embed nothing.
    """
    parts: list[str] = []
    stack: list[tuple[Sequence[Token], int]] = [(tokens, 0)]
    while stack:
        current, index = stack.pop()
        while index < len(current):
            token = current[index]
            index += 1
            kind = token.type
            if kind in ("text", "text_special", "code_inline", "math_inline", "math_inline_double"):
                parts.append(token.content)
            elif kind in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif kind == "wikilink" and not token.meta.get("embed"):
                parts.append(token.meta.get("alias") or token.meta.get("target", ""))
            elif kind == "html_inline":
                parts.append(inline_html_text(token.content, with_alt))
            elif kind == "image" and with_alt and token.children:
                stack.append((current, index))
                stack.append((token.children, 0))
                break
    return "".join(parts)


def _link_close(tokens: Sequence[Token], start: int) -> int:
    for index in range(start, len(tokens)):
        if tokens[index].type == "link_close":
            return index
    return len(tokens)


def _link_kind(token: Token, content: str, base: int) -> RefKind:
    """How a ``link_open`` was written: bare URL, autolink, inline or reference-style."""
    if token.markup == "linkify":
        return RefKind.BARE_URL
    if token.markup == "autolink":
        return RefKind.AUTOLINK
    label_end = base + int(token.meta.get(META_LABEL_END, 0))
    end = base + int(token.meta.get(META_END, 0))
    inline = end > label_end + 1 and content[label_end + 1 : label_end + 2] == "("
    return RefKind.INLINE if inline else RefKind.REFERENCE


def _url_start(token: Token, content: str, start: int, base: int) -> int:
    """Where prose blanking of a link starts: its ``](url)`` part, or all of a bare URL."""
    if token.markup in ("linkify", "autolink"):
        return start
    return base + int(token.meta.get(META_LABEL_END, start - base))


def _attr(token: Token, name: str) -> str | None:
    value = token.attrs.get(name)
    return None if value is None else str(value)


def scan_inline(
    token: Token, locator: Locator, cell: tuple[int, int, int] | None = None
) -> InlineScan:
    """References, anchors and the blanked prose of one block-level ``inline`` token.

    ``cell`` is (table, body row, column) when the token is a table body cell.
    """
    content = token.content
    scan = InlineScan()
    blanks: list[tuple[int, int]] = []
    stack: list[tuple[Sequence[Token], int, bool]] = [(token.children or [], 0, True)]
    while stack:
        tokens, base, top = stack.pop()
        closers = _next_a_close(tokens)
        code_depth, code_start = 0, 0  # inside <code>...</code>: blanked, no references
        for index, child in enumerate(tokens):
            if META_POS not in child.meta:
                continue
            start = base + int(child.meta[META_POS])
            stop = base + int(child.meta.get(META_END, start))
            if child.type == "html_inline" and (step := code_tag(child.content)):
                if step > 0 and code_depth == 0:
                    code_start = start
                code_depth = max(code_depth + step, 0)
                if step < 0 and code_depth == 0 and top:
                    blanks.append((code_start, stop))
                continue
            if code_depth:
                continue
            if child.type == BROKEN_LINK:
                scan.spaced.append((*locator.at(start), child.content))
                continue
            found = _references(tokens, index, content, base, scan.anchors, closers)
            if found:
                line, column = locator.at(start)
                scan.refs.extend(
                    RawRef(kind, target, text, title, line, column, cell)
                    for kind, target, text, title in found
                )
            if child.type == "image" and child.children:
                stack.append((child.children, start + 2, False))
            if not top:
                continue
            if child.type == "link_open":
                blanks.append((_url_start(child, content, start, base), stop))
            elif child.type in _BLANKED or child.meta.get("embed"):
                blanks.append((start, stop))
        if code_depth and top:  # left open: code to the end of the paragraph
            blanks.append((code_start, len(content)))
    scan.blanked = _blank(content, blanks)
    return scan


_Found = tuple[RefKind, str, str, str | None]  # kind, target, text, title


def _next_a_close(tokens: Sequence[Token]) -> list[int]:
    """For each index, the index of the next ``</a>`` token at or after it (or ``len``)."""
    if not any(token.type == "html_inline" for token in tokens):
        return []
    closers = [len(tokens)] * (len(tokens) + 1)
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        is_close = token.type == "html_inline" and token.content.lower().startswith("</a")
        closers[index] = index if is_close else closers[index + 1]
    return closers


def _references(
    tokens: Sequence[Token],
    index: int,
    content: str,
    base: int,
    anchors: list[str],
    closers: list[int],
) -> list[_Found]:
    """The references token ``index`` stands for (collecting HTML anchors on the way)."""
    token = tokens[index]
    if token.type == "link_open":
        kind = _link_kind(token, content, base)
        label = plain_text(tokens[index + 1 : _link_close(tokens, index + 1)], True)
        return [(kind, _attr(token, "href") or "", clean_text(label), _attr(token, "title"))]
    if token.type == "image":
        alt = plain_text(token.children, True) if token.children else token.content
        return [(RefKind.IMAGE, _attr(token, "src") or "", clean_text(alt), _attr(token, "title"))]
    if token.type == "wikilink":
        kind = RefKind.EMBED if token.meta.get("embed") else RefKind.WIKILINK
        return [(kind, str(token.meta.get("target", "")), str(token.meta.get("alias", "")), None)]
    if token.type != "html_inline":
        return []
    found: list[_Found] = []
    for tag in scan_tags(token.content):
        anchors.extend(tag.anchors)
        reference = tag.reference
        if reference is None:
            continue
        if reference[0] == RefKind.HTML_A:
            inner = tokens[index + 1 : min(closers[index + 1], index + 1 + _MAX_LABEL_TOKENS)]
            text = clean_text(plain_text(inner, True))
        else:
            text = clean_text(tag.attrs.get("alt", ""))
        found.append((reference[0], reference[1], text, None))
    return found


def _blank(content: str, ranges: list[tuple[int, int]]) -> str:
    if not ranges:
        return content
    chars = list(content)
    for start, stop in ranges:
        for index in range(max(start, 0), min(stop, len(chars))):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)
