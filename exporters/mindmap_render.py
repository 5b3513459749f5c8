"""A mind map tree as markmap reads it: Markdown (``mindmap.mm.md``) and JSON (the page's data),
every text escaped, and the options that open it readable.

markmap shows a node's ``content`` as HTML, so texts are escaped there and links are only the ones
``safe_href`` lets through.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from typing import Any

from noteatlas.exporters.mindmap_nodes import MindNode
from noteatlas.exporters.notelinks import safe_href

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

FIRST_VIEW_HEIGHT = 800
"""Pixels of map a 1440×900 window shows below the page's header, less its padding."""
FIRST_VIEW_LEVELS = (2, 3)
"""Fewest and most levels a map opens with (the root is level 1)."""
FEW_BRANCHES = 4
"""A first view of this many rows or fewer says little: one more level may take two windows."""
VIEW: dict[str, float] = {"minScale": 1.0, "maxScale": 1.25, "padding": 24, "animateUpTo": 1500}
"""How the page places a map: never smaller than its CSS size (15 px text, 12.3 px details), at
most 1.25 times larger for small maps; a map taller or wider than the window is panned, not
shrunk. Expanding a map of more than ``animateUpTo`` nodes is not animated."""

# The page's text metrics (templates/mindmap.html): 15 px font on 21 px lines, details at .82 em.
_LINE_PX = 21
_WIDE_PX = 15.0  # a CJK character
_NARROW_PX = 8.0  # about the mean width of a Latin character at 15 px
_DETAIL = 0.82


def _text_px(text: str) -> float:
    return sum(_WIDE_PX if unicodedata.east_asian_width(c) in "WF" else _NARROW_PX for c in text)


def _node_px(node: MindNode, max_width: int, gap: int) -> int:
    """Estimated height of a node: its text wraps at ``max_width``."""
    width = _text_px(node.text) + _DETAIL * _text_px(" " + node.detail if node.detail else "")
    return _LINE_PX * max(1, math.ceil(width / max_width)) + gap


def _height(node: MindNode, level: int, depth: int, max_width: int, gap: int) -> int:
    # A node is a row of its own when it is the deepest open level, folded, or a leaf.
    if depth >= level or node.fold or not node.children:
        return _node_px(node, max_width, gap)
    below = sum(_height(c, level, depth + 1, max_width, gap) for c in node.children)
    return max(below, _node_px(node, max_width, gap))


def first_view_level(
    tree: MindNode, options: dict[str, Any] | None = None, height: int = FIRST_VIEW_HEIGHT
) -> int:
    """How many levels the map opens with: the most (within ``FIRST_VIEW_LEVELS``) whose rows,
    wrapped at the options' ``maxWidth``, fit in ``height`` pixels; never fewer than two. A view
    of a handful of branches (a lineage's "builds on" and "leads to") opens one more level when
    it takes at most twice the window: the reader scrolls a little rather than clicks first."""
    chosen = MARKMAP_OPTIONS if options is None else options
    max_width, gap = int(chosen["maxWidth"]), int(chosen["spacingVertical"])
    fewest, most = FIRST_VIEW_LEVELS
    level = fewest
    while level < most:
        room = height * (2 if _frontier(tree, level, 1) <= FEW_BRANCHES else 1)
        if _height(tree, level + 1, 1, max_width, gap) > room:
            break
        level += 1
    return level


def _frontier(node: MindNode, level: int, depth: int) -> int:
    if depth >= level or node.fold or not node.children:
        return 1
    return sum(_frontier(c, level, depth + 1) for c in node.children)


def markmap_options(mode: str, tree: MindNode | None = None) -> dict[str, Any]:
    """Options for one mode and tree: lineage chains are deep, so their texts wrap a little sooner;
    a tree opens with ``first_view_level`` levels."""
    options = dict(MARKMAP_OPTIONS)
    if mode == "lineage":
        options.update(maxWidth=240, spacingHorizontal=40)
    if tree is not None:
        options["initialExpandLevel"] = first_view_level(tree, options)
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
    href = safe_href(node.href, notes=True)
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
    # A concept's or paper's leaf is one object under every note that mentions it: render it once
    # (``_walk``'s ``done``).
    _walk(tree, 0, lines, {})
    return "\n".join(lines) + "\n"


def _walk(node: MindNode, depth: int, lines: list[str], done: dict[int, str]) -> None:
    # Module-level, not a closure: a recursive closure is a reference cycle, and the CLI runs
    # with the collector off.
    indent = "  " * depth + "- "
    for child in node.children:
        line = done.get(id(child))
        if line is None:
            line = done[id(child)] = _markdown_line(child)
        lines.append(indent + line)
        if child.children:
            _walk(child, depth + 1, lines, done)


def _content(node: MindNode) -> str:
    text = html.escape(node.text or "(untitled)", quote=True)
    href = safe_href(node.href, notes=True)
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
    "FEW_BRANCHES",
    "FIRST_VIEW_HEIGHT",
    "FIRST_VIEW_LEVELS",
    "MARKMAP_OPTIONS",
    "VIEW",
    "count_nodes",
    "first_view_level",
    "markdown_text",
    "markmap_options",
    "to_markmap_json",
    "to_markmap_markdown",
]
