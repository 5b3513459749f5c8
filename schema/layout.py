"""Names of what noteatlas itself writes beside the notes (none of it is ever read as a note),
and of the one file it reads there besides notes."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR = ".noteatlas"
"""Folder under the corpus root with the build and link caches (hidden, so never walked)."""

OUTPUT_MARKER = ".noteatlas-output"
"""File written into every output folder; discovery skips a folder below the root holding it,
so ``noteatlas build . -o site`` never reads its own outputs back as notes."""

VOCABULARY_FILE = "concepts.yaml"
"""The corpus's own vocabulary, at its root (more files can be named in the config)."""


def shown_base(path: str | os.PathLike[str]) -> str:
    """The corpus folder as reports show it: as given, POSIX separators."""
    return Path(path).as_posix().rstrip("/") or "."


__all__ = ["CACHE_DIR", "OUTPUT_MARKER", "VOCABULARY_FILE", "shown_base"]
