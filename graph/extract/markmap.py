"""Markmap blocks: a fenced outline (``markmap`` info string, or a fence whose first line points
at markmap.js.org) whose heading levels and list nesting give a tree of topics."""

from __future__ import annotations

from noteatlas.graph.extract.inline import clean_text, plain_text
from noteatlas.graph.extract.markdown import parser
from noteatlas.schema import MarkmapBlock, OutlineItem

__all__ = ["markmap_block"]

_MARKER = "markmap.js.org"


def markmap_block(info: str, content: str, fence_line: int) -> MarkmapBlock | None:
    """The outline of a fenced block if it is a markmap, else None; ``fence_line`` is 1-based."""
    language = info.strip().split(maxsplit=1)[0].lower() if info.strip() else ""
    first, _, rest = content.partition("\n")
    if language == "markmap":
        body, offset = content, fence_line + 1
    elif _MARKER in first:
        body, offset = rest, fence_line + 2
    else:
        return None
    items: list[OutlineItem] = []
    headings: list[int] = []  # levels of the open headings
    lists = 0
    tokens = parser().parse(body, {})
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif token.type == "heading_open" and index + 1 < len(tokens):
            level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
            while headings and headings[-1] >= level:
                headings.pop()
            text = clean_text(plain_text(tokens[index + 1].children or []))
            line = offset + (token.map[0] if token.map else 0)
            if text:
                items.append(OutlineItem(depth=len(headings), text=text, line=line))
            headings.append(level)
        elif token.type == "list_item_open" and index + 2 < len(tokens):
            inline = tokens[index + 2]
            if tokens[index + 1].type != "paragraph_open" or inline.type != "inline":
                continue
            text = clean_text(plain_text(inline.children or []).split("\n", 1)[0])
            line = offset + (token.map[0] if token.map else 0)
            if text:
                items.append(OutlineItem(depth=len(headings) + lists - 1, text=text, line=line))
    return MarkmapBlock(line=fence_line, items=items)
