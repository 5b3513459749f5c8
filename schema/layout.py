"""Names of what noteatlas itself writes beside the notes. None of it is ever read as a note."""

from __future__ import annotations

CACHE_DIR = ".noteatlas"
"""Folder under the corpus root with the build and link caches (hidden, so never walked)."""

OUTPUT_MARKER = ".noteatlas-output"
"""File written into every output folder; discovery skips a folder below the root holding it,
so ``noteatlas build . -o site`` never reads its own outputs back as notes."""

__all__ = ["CACHE_DIR", "OUTPUT_MARKER"]
