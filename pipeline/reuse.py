"""The last atlas built from the same notes, for questions asked of a folder.

``noteatlas show BERT -i notes/`` used to build the atlas each time: with a warm build cache the
per-note work is skipped, but every per-corpus stage runs (3 s on 300 notes, minutes on 10,000).
When nothing the build reads has changed since an atlas.json was written (by ``noteatlas build``,
or by a question that had to build), the question loads that file instead (through its index:
well under a second).

What the build reads is summed up in one digest (``inputs_digest``): the build cache's key (the
program, its code, the config), the built-in vocabulary, the corpus folder's name, every file
and folder discovery lists with each file's size and mtime, what discovery reported, and the
vocabulary files. The build cache remembers which atlas.json was written for which digest, and
with which SHA-256; the file is used only while its index vouches for those bytes.
"""

from __future__ import annotations

from pathlib import Path

from noteatlas.atlas import Atlas, StoredAtlas, load_stored
from noteatlas.config import Config
from noteatlas.pipeline.cache import BuildCache
from noteatlas.pipeline.inputs import cache_key as _key
from noteatlas.pipeline.inputs import inputs_digest
from noteatlas.schema.errors import OutputError
from noteatlas.schema.layout import CACHE_DIR

#: Where a question that had to build keeps its atlas for the next one.
CACHED_ATLAS = "atlas.json"


def reusable(root: Path, config: Config, inputs: str) -> StoredAtlas | None:
    """An atlas.json written for exactly these inputs, loaded through its index, if any."""
    if not config.cache:
        return None
    cache = BuildCache(root, _key(config))
    try:
        remembered = cache.atlases_for(inputs)
    finally:
        cache.close()
    for path, sha256 in remembered:
        stored = load_stored(Path(path))
        if stored is not None and stored.sha256 == sha256:
            return stored
    return None


def remember(
    root: Path, config: Config, inputs: str, atlas_path: Path, sha256: str | None = None
) -> None:
    """Note that ``atlas_path`` (just written, with its index) holds the atlas of ``inputs``;
    ``sha256``: the file's, when known (a site kept as it was: its atlas.json is not read)."""
    if not config.cache:
        return
    if sha256 is None:
        stored = load_stored(atlas_path)
        if stored is None:
            return
        sha256 = stored.sha256
    cache = BuildCache(root, _key(config))
    try:
        cache.remember_atlas(inputs, str(atlas_path.resolve()), sha256)
    finally:
        cache.close()


def build_or_reuse(root: Path, config: Config) -> Atlas:
    """The atlas of ``root``: the one last written from the same inputs, else a new build
    (then written under the corpus's cache folder, for the next question)."""
    from noteatlas.pipeline.build import build  # here: a question answered from a file never builds

    if not config.cache:
        return build(root, config)
    inputs = inputs_digest(root, config)
    found = reusable(root, config, inputs)
    if found is not None:
        return found
    atlas = build(root, config)
    path = root / CACHE_DIR / CACHED_ATLAS
    try:
        atlas.dump(path)
    except OutputError:
        return atlas  # a read-only corpus: the answer stands, the next question builds again
    remember(root, config, inputs, path)
    return atlas


__all__ = ["build_or_reuse", "inputs_digest", "remember", "reusable"]
