"""HTML inside Markdown: ``<a href>`` and ``<img src>`` references, ``id``/``name`` anchors.

Notes exported from Typora or copied from GitHub READMEs carry raw HTML (``<img src=... style=
"zoom:50%">``, ``<a id="ref1">``, badges in ``<a><img></a>``, ``<details>`` blocks). A small,
linear tag scanner is enough: attribute values are entity-decoded, comments are skipped.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from noteatlas.schema import RefKind

__all__ = [
    "CODE_TAGS",
    "HtmlTag",
    "code_ranges",
    "code_tag",
    "inline_html_text",
    "link_texts",
    "scan_tags",
    "strip_tags",
]

_TAG_START = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)")
_ATTRIBUTE = re.compile(
    r"""\s*([^\s"'<>/=]+)(?:\s*=\s*("[^"]{0,4096}"|'[^']{0,4096}'|[^\s"'=<>`]+))?"""
)
_TAG_END = re.compile(r"\s*/?>")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_ANY_TAG = re.compile(r"<[^>]{0,4096}>")
_WHITESPACE = re.compile(r"\s+")
_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_MAX_LABEL = 2000

CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})
"""Elements that hold code or program text: nothing inside them is a reference, as in a
Markdown code span or fence (a URL in ``<code>`` was requested by the link checker)."""
_CODE_TAG = re.compile(r"<(/?)(code|pre|kbd|samp)(?=[\s/>])[^<>]{0,4096}>", re.IGNORECASE)

# Inline tags that only style text: dropped from plain text (``<br>`` becomes a space). Any
# other tag (``<script>`` ...) is kept as literal text so nothing is silently hidden.
_STYLING_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "big",
        "br",
        "center",
        "cite",
        "code",
        "del",
        "details",
        "dfn",
        "div",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "p",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)


@dataclass(frozen=True, slots=True)
class HtmlTag:
    """One opening (or self-closing) tag found in HTML text."""

    name: str
    """Lower-cased tag name."""
    attrs: dict[str, str]
    """Attributes, names lower-cased, values entity-decoded (``""`` when given without value)."""
    start: int
    """Offset of ``<``."""
    end: int
    """Offset just after ``>``."""

    @property
    def reference(self) -> tuple[RefKind, str] | None:
        """``<a href>`` and ``<img src>`` are references; ``<a id>`` alone is not."""
        if self.name == "a" and "href" in self.attrs:
            return RefKind.HTML_A, self.attrs["href"].strip()
        if self.name == "img" and "src" in self.attrs:
            return RefKind.HTML_IMG, self.attrs["src"].strip()
        return None

    @property
    def anchors(self) -> list[str]:
        """Explicit anchors this tag defines: any ``id``, and ``name`` on ``<a>``."""
        found = [self.attrs.get("id", "").strip()]
        if self.name == "a":
            found.append(self.attrs.get("name", "").strip())
        return [anchor for anchor in found if anchor]


def _blank_comments(text: str) -> str:
    return _COMMENT.sub(lambda match: " " * len(match.group()), text)


def _parse_tag(text: str, start: int) -> HtmlTag | None:
    head = _TAG_START.match(text, start)
    if not head:
        return None
    attrs: dict[str, str] = {}
    pos = head.end()
    while True:
        match = _ATTRIBUTE.match(text, pos)
        if not match or match.end() == pos or not text[pos].isspace():
            break
        value = match.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.setdefault(match.group(1).lower(), html.unescape(value))
        pos = match.end()
    end = _TAG_END.match(text, pos)
    if not end:
        return None
    return HtmlTag(head.group(1).lower(), attrs, start, end.end())


def scan_tags(text: str) -> list[HtmlTag]:
    """Opening tags in ``text`` in order, outside ``<!-- comments -->``."""
    text = _blank_comments(text)
    tags = []
    pos = text.find("<")
    while pos != -1:
        tag = _parse_tag(text, pos)
        if tag:
            tags.append(tag)
            pos = text.find("<", tag.end)
        else:
            pos = text.find("<", pos + 1)
    return tags


def code_tag(content: str) -> int:
    """1 when an inline HTML token opens a code element (``<code>``), -1 when it closes one,
    else 0."""
    found = _CODE_TAG.fullmatch(content.strip())
    if not found or found.group(0).endswith("/>"):
        return 0
    return -1 if found.group(1) else 1


def code_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost code element in an HTML block, outside comments; an
    element left open runs to the end of the block."""
    ranges: list[tuple[int, int]] = []
    depth, start = 0, 0
    for found in _CODE_TAG.finditer(_blank_comments(text)):
        if found.group(0).endswith("/>"):
            continue
        if not found.group(1):
            if depth == 0:
                start = found.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                ranges.append((start, found.end()))
    if depth:
        ranges.append((start, len(text)))
    return ranges


def strip_tags(text: str) -> str:
    """Text of an HTML fragment: tags and comments removed, entities decoded, spaces collapsed."""
    text = _ANY_TAG.sub(" ", _blank_comments(text))
    return _WHITESPACE.sub(" ", html.unescape(text)).strip()


def link_texts(text: str, tags: list[HtmlTag]) -> dict[int, str]:
    """Plain text of each ``<a>`` tag's label (up to the next ``</a>``), by the tag's start.

    Labels are bounded in length so a block of thousands of unclosed ``<a>`` stays linear.
    """
    text = _blank_comments(text)
    closes = [match.start() for match in _A_CLOSE.finditer(text)]
    labels = {}
    for tag in tags:
        if tag.name == "a":
            index = bisect.bisect_left(closes, tag.end)
            end = closes[index] if index < len(closes) else len(text)
            labels[tag.start] = strip_tags(text[tag.end : min(end, tag.end + _MAX_LABEL)])
    return labels


def inline_html_text(content: str, with_alt: bool) -> str:
    """What an inline HTML token contributes to plain text.

    Styling tags vanish (``<br>`` is a space, ``<img>`` its alt text when wanted); comments
    vanish; anything else, such as ``<script>``, stays as the literal text that was written.
    """
    stripped = content.strip()
    if stripped.startswith("<!--"):
        return ""
    name = _TAG_START.match(stripped.replace("</", "<", 1))
    if not name or name.group(1).lower() not in _STYLING_TAGS:
        return content
    tag_name = name.group(1).lower()
    if tag_name == "br":
        return " "
    if tag_name == "img" and with_alt and not stripped.startswith("</"):
        tag = _parse_tag(stripped, 0)
        return tag.attrs.get("alt", "") if tag else ""
    return ""
