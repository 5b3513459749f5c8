"""Writing outputs: atomically, so a reader never sees half a file."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from noteatlas.schema.errors import ConfigError, OutputError
from noteatlas.schema.layout import OUTPUT_MARKER

_CACHE_GITIGNORE = "# Written by noteatlas: this folder holds caches, never worth committing.\n*\n"
_MARKER_TEXT = (
    "This folder is written by noteatlas (build or export). noteatlas never reads a folder\n"
    "holding this file as notes, so its outputs stay out of the corpus.\n"
)

TEMP_SUFFIX = ".tmp"
"""Ending of the temporary files of atomic writes (``.atlas.json.x1y2z3.tmp``)."""


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text through a temporary file and a rename, so readers never see half a file."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write bytes (or pieces of them) through a temporary file and a rename, so readers never
    see half a file. Whatever stops the write (a full disk, an exporter that raises, Ctrl-C), the
    temporary file is removed: a failed write must not keep the disk full."""
    import tempfile  # 4 ms (random, shutil), which a check replayed from its caches never needs

    path = Path(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.writelines([data] if isinstance(data, bytes) else data)
        # mkstemp makes the file private; an output is as readable as any file the user writes.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(
            f"Cannot write {path}: {exc.strerror or exc}.",
            "Free some space or choose an output folder you can write to (-o DIR).",
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def make_cache_dir(path: Path) -> Path:
    """Create a cache folder holding a ``.gitignore`` of ``*`` (as pytest and mypy do), so git
    never offers it for a commit. Raises OSError like ``mkdir``."""
    path.mkdir(parents=True, exist_ok=True)
    ignore = path / ".gitignore"
    if not ignore.exists():
        ignore.write_text(_CACHE_GITIGNORE, encoding="utf-8")
    return path


def mark_output_dir(out_dir: Path, corpus: Path | None = None) -> None:
    """Create an output folder and mark it as one (``OUTPUT_MARKER``), so that a corpus it sits
    in never reads it as notes. ConfigError when it is the corpus folder itself."""
    out_dir = Path(out_dir)
    if corpus is not None and out_dir.resolve() == corpus.resolve():
        raise ConfigError(
            f"The output folder {out_dir} is the folder of notes itself; its outputs would be "
            "mixed with your notes.",
            "Write the outputs to a folder of their own, e.g. -o site.",
        )
    marker = out_dir / OUTPUT_MARKER
    try:
        if not marker.is_file():
            out_dir.mkdir(parents=True, exist_ok=True)
            marker.write_text(_MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        raise OutputError(
            f"Cannot write {marker}: {exc.strerror or exc}.",
            "Choose an output folder you can write to (-o DIR).",
        ) from None


__all__ = [
    "TEMP_SUFFIX",
    "make_cache_dir",
    "mark_output_dir",
    "write_bytes_atomic",
    "write_text_atomic",
]
