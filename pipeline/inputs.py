"""What a build reads, found without reading it: the corpus folder and one digest of its inputs.

Light on purpose (no concept reader, no exporter is imported): the commands that may answer
from what an earlier run left (a question from the last atlas.json, a link check from the last
references, a build whose site is as it was) ask this first and load the pipeline only if they
must.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from noteatlas.schema.errors import InputError
from noteatlas.schema.layout import VOCABULARY_FILE
from noteatlas.version import __version__

if TYPE_CHECKING:  # the readers load when a digest is asked for, not with ``corpus_root``
    from noteatlas.config import Config


def corpus_root(path: str | os.PathLike[str]) -> Path:
    """The resolved corpus folder; InputError when it is missing or not a folder."""
    root = Path(path).expanduser()
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise InputError(f"Corpus {str(root)!r} {what}.", "Give the folder that holds your notes.")
    return root.resolve()


def inputs_digest(root: Path, config: Config) -> str:
    """A digest of everything a build of ``root`` with ``config`` reads."""
    from noteatlas.graph.concepts.builtin import builtin_vocabulary_text
    from noteatlas.graph.read.discover import discover, safe_path

    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, ensure_ascii=False).encode("utf-8") + b"\n")

    add("key", cache_key(config), root.name)
    if config.builtin_vocabulary:
        add("builtin", hashlib.sha256(builtin_vocabulary_text().encode("utf-8")).hexdigest())
    corpus = discover(root, config.exclude)
    add("dirs", sorted(corpus.dirs))
    add("discovery", [d.model_dump(mode="json") for d in corpus.diagnostics])
    vocabularies = [VOCABULARY_FILE, *config.vocabulary]
    for rel in sorted({*corpus.files, *vocabularies}):
        path = safe_path(root, rel)
        try:
            st = os.stat(path) if path is not None else None
        except OSError:
            st = None
        add(rel, st.st_size if st else None, st.st_mtime_ns if st else None)
    return digest.hexdigest()


def cache_key(config: Config) -> str:
    """The build cache's key for ``config``: what invalidates every row."""
    from noteatlas.pipeline.cache import build_cache_key

    return build_cache_key(__version__, config.digest())


__all__ = ["cache_key", "corpus_root", "inputs_digest"]
