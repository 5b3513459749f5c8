"""Fragments of external pages: which anchors an HTML page defines, and whether ``#x`` is one."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote

# Fragments a static page cannot be expected to define.
_TEXT_DIRECTIVE = ":~:"  # #:~:text=... scroll-to-text, handled by the browser
_GITHUB_LINES = re.compile(r"^L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?$")  # GitHub #L10-L20, set by script
_ALWAYS_THERE = {"", "top"}  # HTML: an empty fragment or #top scrolls to the top


class AnchorCollector(HTMLParser):
    """Collects ``id`` attributes of any element and ``name`` of ``<a>``, fed in chunks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record the anchors a start tag defines."""
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.anchors.add(value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<a id=x/>`` defines an anchor too."""
        self.handle_starttag(tag, attrs)


def is_html(content_type: str) -> bool:
    """True for media types whose fragments name elements."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media in {"text/html", "application/xhtml+xml"}


def needs_check(fragment: str) -> bool:
    """False for fragments no page defines in its HTML (text directives, GitHub line ranges)."""
    fragment = fragment.split(_TEXT_DIRECTIVE, 1)[0]
    return fragment not in _ALWAYS_THERE and not _GITHUB_LINES.match(unquote(fragment))


def has_anchor(fragment: str, anchors: set[str]) -> bool:
    """True when the page defines the fragment (GitHub prefixes rendered ids with user-content-)."""
    fragment = fragment.split(_TEXT_DIRECTIVE, 1)[0]
    if not needs_check(fragment):
        return True
    wanted = {fragment, unquote(fragment)}
    return any(w in anchors or f"user-content-{w}" in anchors for w in wanted)
