"""GitHub heading anchors: the slug rules GitHub uses, so `#双向rnn` links can be checked offline.

GitHub lower-cases the heading's text, removes every character that is not a letter, mark,
number, connector punctuation (``_``), hyphen or space, and turns each space into ``-``; runs
of spaces are not collapsed and CJK characters stay. A repeated slug gets ``-1``, ``-2`` ... in
the order the headings appear (the github-slugger algorithm).
"""

from __future__ import annotations

import unicodedata

__all__ = ["SlugCounter", "github_slug", "slugs_for"]

_KEEP_CATEGORIES = ("L", "M", "N")


def _keep(char: str) -> bool:
    if char in "- ":
        return True
    category = unicodedata.category(char)
    return category.startswith(_KEEP_CATEGORIES) or category == "Pc"


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading with this plain text (before duplicate suffixes)."""
    kept = "".join(char for char in text.lower() if _keep(char))
    return kept.replace(" ", "-")


class SlugCounter:
    """Hands out unique slugs for one document, suffixing repeats as GitHub does."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        """The unique slug for the next heading with this text."""
        base = github_slug(text)
        result = base
        while result in self._seen:
            self._seen[base] += 1
            result = f"{base}-{self._seen[base]}"
        self._seen[result] = 0
        return result


def slugs_for(headings_texts: list[str]) -> list[str]:
    """Slugs for a document's headings in order, with ``-1``/``-2`` suffixes for duplicates."""
    counter = SlugCounter()
    return [counter.slug(text) for text in headings_texts]
