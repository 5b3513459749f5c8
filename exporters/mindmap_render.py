"""A mind map tree as markmap reads it: Markdown (``mindmap.mm.md``) and JSON (the page's data),
every text escaped, and the options that open it readable.

markmap shows a node's ``content`` as HTML, so texts are escaped there and links are only the ones
``safe_href`` lets through.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from noteatlas.exporters.mindmap_nodes import MindNode, safe_href

MARKMAP_OPTIONS: dict[str, Any] = {
    "colorFreezeLevel": 2,
    "initialExpandLevel": -1,
    "maxWidth": 300,
    "duration": 300,
    "spacingHorizontal": 56,
    "spacingVertical": 6,
}
"""markmap JSON options: one colour per top-level branch; ``markmap_options`` sets how many levels
open at first for each tree."""

FIRST_VIEW_ROWS = 30
"""About how many rows of text a 1440×900 window shows at the page's 15 px font."""
FIRST_VIEW_LEVELS = (2, 3)
"""Fewest and most levels a map opens with (the root is level 1)."""
VIEW: dict[str, float] = {"minScale": 1.0, "maxScale": 1.25, "padding": 24}
"""How the page places a map: never smaller than its CSS size (15 px text, 12.3 px details), at
most 1.25 times larger for small maps; a map taller or wider than the window is panned, not
shrunk."""


def first_view_level(tree: MindNode, rows: int = FIRST_VIEW_ROWS) -> int:
    """How many levels the map opens with: the most (within ``FIRST_VIEW_LEVELS``) whose visible
    rows (open nodes' children, down to that level) fit in ``rows``; never fewer than two."""
    fewest, most = FIRST_VIEW_LEVELS
    level = fewest
    while level < most and _rows(tree, level + 1, 1) <= rows:
        level += 1
    return level


def _rows(node: MindNode, level: int, depth: int) -> int:
    # A node is a row of its own when it is the deepest open level, folded, or a leaf.
    if depth >= level or node.fold or not node.children:
        return 1
    return sum(_rows(c, level, depth + 1) for c in node.children)


def markmap_options(mode: str, tree: MindNode | None = None) -> dict[str, Any]:
    """Options for one mode and tree: lineage chains are deep, so their texts wrap sooner; a tree
    opens with ``first_view_level`` levels."""
    options = dict(MARKMAP_OPTIONS)
    if mode == "lineage":
        options.update(maxWidth=180, spacingHorizontal=40)
    if tree is not None:
        options["initialExpandLevel"] = first_view_level(tree)
    return options


# -- escaping -------------------------------------------------------------------------------------

_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>|~&$=#!])")
_MD_LIST_START = re.compile(r"^([+-]|\d+(?=[.)]))")


def markdown_text(text: str) -> str:
    """Text that Markdown (and markmap) shows literally: one line, no markup, no raw HTML."""
    flat = " ".join(text.replace("\x00", "\ufffd").split())
    escaped = _MD_ESCAPE.sub(r"\\\1", flat)
    # "- x" / "1. x" at the start of an item would open a nested list.
    match = _MD_LIST_START.match(escaped)
    if match:
        end = match.end()
        escaped = "\\" + escaped if match.group(1) in "+-" else escaped[:end] + "\\" + escaped[end:]
    return escaped


def _markdown_line(node: MindNode) -> str:
    text = markdown_text(node.text) or "(untitled)"
    href = safe_href(node.href)
    if href:
        dest = href.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        text = f"[{text}](<{dest}>)"
    if node.detail:
        text += f" · {markdown_text(node.detail)}"
    return text + (" <!-- markmap: fold -->" if node.fold and node.children else "")


def to_markmap_markdown(tree: MindNode, options: dict[str, Any] | None = None) -> str:
    """Valid markmap Markdown: front matter with markmap options, a heading root, nested lists."""
    lines = ["---", "markmap:"]
    chosen = MARKMAP_OPTIONS if options is None else options
    lines += [f"  {k}: {json.dumps(v)}" for k, v in chosen.items() if k != "duration"]
    lines += ["---", "", f"# {_markdown_line(tree)}", ""]
    # A concept's or paper's leaf is one object under every note that mentions it: render it once.
    done: dict[int, str] = {}

    def walk(node: MindNode, depth: int) -> None:
        indent = "  " * depth + "- "
        for child in node.children:
            line = done.get(id(child))
            if line is None:
                line = done[id(child)] = _markdown_line(child)
            lines.append(indent + line)
            if child.children:
                walk(child, depth + 1)

    walk(tree, 0)
    return "\n".join(lines) + "\n"


def _content(node: MindNode) -> str:
    text = html.escape(node.text or "(untitled)", quote=True)
    href = safe_href(node.href)
    if href:
        text = f'<a href="{html.escape(href, quote=True)}" target="_blank" rel="noopener noreferrer">{text}</a>'
    if node.detail:
        text += f'<span class="na-meta">{html.escape(node.detail, quote=True)}</span>'
    return text


def to_markmap_json(tree: MindNode) -> dict[str, Any]:
    """The tree as markmap-view's ``setData``/``Markmap.create`` expects: escaped HTML content."""
    return _markmap_json(tree, {})


def _markmap_json(tree: MindNode, done: dict[int, dict[str, Any]]) -> dict[str, Any]:
    # A node shared by many parents (a concept's leaf) becomes one dict, serialised at each place.
    out = done.get(id(tree))
    if out is not None:
        return out
    out = {
        "content": _content(tree),
        "children": [done.get(id(c)) or _markmap_json(c, done) for c in tree.children],
    }
    if tree.fold and tree.children:
        out["payload"] = {"fold": 1}
    done[id(tree)] = out
    return out


def count_nodes(tree: MindNode) -> int:
    """Number of nodes in the tree, root included."""
    return _count(tree, {})


def _count(tree: MindNode, done: dict[int, int]) -> int:
    # A shared subtree (a concept's leaf under every note) is counted once, then looked up.
    count = done.get(id(tree))
    if count is None:
        count = done[id(tree)] = 1 + sum(done.get(id(c)) or _count(c, done) for c in tree.children)
    return count


__all__ = [
    "FIRST_VIEW_LEVELS",
    "FIRST_VIEW_ROWS",
    "MARKMAP_OPTIONS",
    "VIEW",
    "count_nodes",
    "first_view_level",
    "markdown_text",
    "markmap_options",
    "to_markmap_json",
    "to_markmap_markdown",
]
