"""A build's outputs as one generation: written to a staging folder, then swapped in together.

Every output is first written into a hidden folder inside the output folder
(``site/.noteatlas-stage-XXXX/``). When all are there, a manifest naming each file and its hash
is written into it last: that is the commit point. Then each file is renamed into the output
folder and the manifest with them (``site/.noteatlas-site.json``). A file whose bytes are those
the output folder already holds (by the old manifest and by its own hash) is not moved in: it
keeps its mtime, and a server or a watcher of the folder sees only what changed.

A build stopped before the commit point (an error, Ctrl-C, kill -9 while exporting) leaves the
old site untouched; the next build removes the staging folder. A build stopped during the renames
(a few system calls) leaves a committed staging folder, which the next build finishes moving in
before anything else (roll forward). A reader can tell which generation a file belongs to from
the manifest.

Why not build a whole new folder and swap it for the old one with one rename: the output folder
may hold other files of the user's (``-o docs``, ``-o .``), be a symlink, or be the working folder
of a web server serving the site; swapping it would move those files or leave the server in a
deleted folder. Renaming files into the folder keeps the folder itself, and everything else in
it, as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from noteatlas.files import write_text_atomic
from noteatlas.schema.errors import OutputError
from noteatlas.version import __version__

STAGE_PREFIX = ".noteatlas-stage-"
"""Name start of a staging folder inside the output folder."""
MANIFEST = ".noteatlas-site.json"
"""The generation's manifest: written last into the staging folder, then moved in last."""


@contextlib.contextmanager
def staged_site(out_dir: Path) -> Iterator[Path]:
    """A folder to write a whole site into; when the block ends without an exception, its files
    replace those of ``out_dir`` together. Leftovers of an interrupted build are dealt with
    first; unrelated files in ``out_dir`` are never touched."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        recover(out_dir)
        stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=out_dir))
    except OSError as exc:
        raise OutputError(
            f"Cannot write into {out_dir}: {exc.strerror or exc}.",
            "Choose an output folder you can write to (-o DIR).",
        ) from None
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    try:
        _commit(stage, out_dir)
    except OSError as exc:
        raise OutputError(
            f"Cannot move the new outputs into {out_dir}: {exc.strerror or exc}.",
            "Free some space or fix the folder's permissions, then build again.",
        ) from None


def recover(out_dir: Path) -> None:
    """Finish or drop what an interrupted build left in ``out_dir``: a committed staging folder
    is moved in, an uncommitted one removed."""
    for entry in sorted(out_dir.iterdir()):
        if not entry.name.startswith(STAGE_PREFIX) or entry.is_symlink() or not entry.is_dir():
            continue
        if _committed(entry):
            _roll_forward(entry, out_dir)
        else:
            shutil.rmtree(entry)


def read_manifest(folder: Path) -> dict[str, str]:
    """The files of the generation in ``folder`` with their SHA-256, from its manifest; empty
    when there is none."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {str(name): str(digest) for name, digest in files.items()}


def _committed(stage: Path) -> bool:
    return bool(read_manifest(stage))  # the manifest is written last, atomically


def _commit(stage: Path, out_dir: Path) -> None:
    files = {}
    before = read_manifest(out_dir)
    for path in sorted(stage.iterdir()):
        if not path.is_file():
            raise OSError(f"{path.name} in the staging folder is not a file")
        with path.open("rb") as data:  # a piece at a time: atlas.json is 400 MB at 10,000 notes
            files[path.name] = digest = hashlib.file_digest(data, "sha256").hexdigest()
        if before.get(path.name) == digest and _sha256(out_dir / path.name) == digest:
            path.unlink()  # the same bytes are there: kept as they are, with their mtime
    generation = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    manifest = {"generator": f"noteatlas {__version__}", "generation": generation, "files": files}
    write_text_atomic(stage / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    _roll_forward(stage, out_dir)


def _sha256(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _roll_forward(stage: Path, out_dir: Path) -> None:
    # Each rename is atomic; a file already moved by an earlier, interrupted try is skipped, and
    # so is one whose bytes the output folder already held (``_commit``).
    for name in read_manifest(stage):
        if (stage / name).is_file():
            os.replace(stage / name, out_dir / name)
    os.replace(stage / MANIFEST, out_dir / MANIFEST)
    shutil.rmtree(stage)


__all__ = ["MANIFEST", "STAGE_PREFIX", "read_manifest", "recover", "staged_site"]
