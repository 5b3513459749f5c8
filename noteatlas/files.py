"""Writing outputs: atomically, so a reader never sees half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from noteatlas.schema.errors import OutputError

TEMP_SUFFIX = ".tmp"
"""Ending of the temporary files of atomic writes (``.atlas.json.x1y2z3.tmp``)."""


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text through a temporary file and a rename, so readers never see half a file."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write bytes (or pieces of them) through a temporary file and a rename, so readers never
    see half a file. Whatever stops the write (a full disk, an exporter that raises, Ctrl-C), the
    temporary file is removed: a failed write must not keep the disk full."""
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


__all__ = ["TEMP_SUFFIX", "write_bytes_atomic", "write_text_atomic"]
