"""A site already written from the same inputs is not made again (issue 15).

``noteatlas build NOTES -o SITE`` remembers, in the build cache, what it wrote into SITE: the
digest of the inputs it read (``pipeline.inputs.inputs_digest``), the key of everything else
the outputs depend on (``outputs_key``: the formats, the export options with the link statuses,
the exporters' templates and the inlined libraries, the program's code), the SHA-256 of its
atlas.json, each file's size and mtime, and the summary it printed. Two short cuts follow:

- **Nothing changed**: the inputs and the outputs' key are those SITE was written from and its
  files are as written (the manifest names them, each has the size and mtime it was left with):
  no note is read, nothing is built or written (``Site.unchanged``).
- **The atlas did not change**: after a build, its atlas.json has the bytes SITE's atlas.json
  was written with (an edit to prose that names no concept, link or year): every other output
  is made from the atlas and the same options, so it would be the same bytes too and is not
  made again (``Site.same_atlas``).

Size and mtime are what the build cache trusts of a note too; a file edited by hand in SITE
changes them, and then the site is written again.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from noteatlas.config import Config
from noteatlas.exporters.options import ExportOptions
from noteatlas.pipeline.cache import BuildCache, build_cache_key, code_digest
from noteatlas.staging import STAGE_PREFIX, read_manifest
from noteatlas.version import __version__

ATLAS_FILE = "atlas.json"


@dataclass(frozen=True)
class SiteRecord:
    """What one build wrote into an output folder, and from what."""

    inputs: str
    """``inputs_digest`` of the notes it was built from."""
    outputs: str
    """``outputs_key`` of the formats and options it was written with."""
    atlas: str
    """SHA-256 of its atlas.json."""
    files: list[tuple[str, int, int]]
    """(name, size, mtime_ns) of each file written, in the order written."""
    summary: dict[str, Any]
    """The counts the build printed."""
    parts: str = ""
    """Digest of what its atlas was made from (``pipeline.parts``), "" when not known."""


def outputs_key(formats: Sequence[str], options: ExportOptions, code: str | None = None) -> str:
    """A digest of what the outputs depend on besides the atlas: the formats, the options, the
    files the exporters copy into pages and the program's code (``code``, default: this
    package's ``code_digest``), since the same atlas written by changed exporters is not the
    same site."""
    data = asdict(options)
    data["link_status"] = sorted((options.link_status or {}).items())
    data["assets_dir"] = str(options.assets_dir) if options.assets_dir is not None else None
    code = code_digest() if code is None else code
    parts = [list(formats), data, exporter_files(), code]
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def exporter_files() -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of the files the exporters copy into pages: their templates, the
    mind map's d3 and markmap-view, vis-network from the pyvis package. Code is in the cache key."""
    from noteatlas.exporters.explorer import VIS_DIR
    from noteatlas.exporters.mindmap import resolve_assets

    paths: list[Path] = []
    spec = importlib.util.find_spec("noteatlas.exporters")
    for folder in spec.submodule_search_locations or [] if spec is not None else []:
        paths += sorted((Path(folder) / "templates").rglob("*"))
    spec = importlib.util.find_spec("pyvis")
    for folder in spec.submodule_search_locations or [] if spec is not None else []:
        paths += sorted((Path(folder) / VIS_DIR).rglob("*"))
    assets = resolve_assets()
    if assets is not None:
        paths += [assets.d3_js, assets.d3_license, assets.markmap_js, assets.markmap_license]
    found = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        found.append((str(path), st.st_size, st.st_mtime_ns))
    return found


class Site:
    """An output folder and what the build cache remembers of the last build written into it."""

    def __init__(self, root: Path, config: Config, out_dir: Path, outputs: str) -> None:
        self.root, self.config, self.out_dir, self.outputs = root, config, out_dir, outputs
        self.record = self._recall()
        self.kept = False
        """Whether ``same_atlas`` found the site as this build would write it."""

    def _cache(self) -> BuildCache:
        return BuildCache(self.root, build_cache_key(__version__, self.config.digest()))

    def _recall(self) -> SiteRecord | None:
        cache = self._cache()
        try:
            data = cache.site(str(self.out_dir.resolve()))
        finally:
            cache.close()
        if data is None:
            return None
        try:
            files = [(str(n), int(s), int(m)) for n, s, m in data["files"]]
            return SiteRecord(data["inputs"], data["outputs"], data["atlas"], files,
                              dict(data["summary"]), str(data.get("parts") or ""))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            return None

    def _intact(self, record: SiteRecord, stage: str = "") -> bool:
        """Whether the folder still holds what ``record`` says was written into it (and no
        staging folder but ``stage``, this build's own)."""
        try:
            entries = os.listdir(self.out_dir)
        except OSError:
            return False
        if any(name.startswith(STAGE_PREFIX) and name != stage for name in entries):
            return False  # an interrupted build: the next one finishes or drops it
        manifest = read_manifest(self.out_dir)
        if any(name not in manifest for name, _, _ in record.files):
            return False  # written by some other build since
        if manifest.get(ATLAS_FILE) != record.atlas:
            return False
        for name, size, mtime_ns in record.files:
            try:
                st = os.stat(self.out_dir / name)
            except OSError:
                return False
            if (st.st_size, st.st_mtime_ns) != (size, mtime_ns):
                return False
        return True

    def unchanged(self, inputs: str) -> SiteRecord | None:
        """The record of the site, when it was written from these inputs and options and is
        still as written: then there is nothing to do."""
        record = self.record
        if record is None or (record.inputs, record.outputs) != (inputs, self.outputs):
            return None
        return record if self._intact(record) else None

    def known_parts(self) -> str | None:
        """The digest of the parts of the site's atlas (``pipeline.parts``), when the site was
        written with these options and is still as written: a build that finds the same parts
        would write the same files."""
        record = self.record
        if record is None or not record.parts or record.outputs != self.outputs:
            return None
        return record.parts if self._intact(record) else None

    def same_parts(self) -> list[Path]:
        """The site's files, for a build that found the parts ``known_parts`` gave."""
        assert self.record is not None, "known_parts found a record"
        self.kept = True
        return [self.out_dir / name for name, _, _ in self.record.files]

    def same_atlas(self, atlas_json: Path) -> list[Path] | None:
        """The site's files, when ``atlas_json`` (just written into a staging folder) has the
        bytes of the site's atlas.json and the rest was written with the same options: then
        the other outputs would be the same bytes as well."""
        record = self.record
        if record is None or record.outputs != self.outputs:
            return None
        with atlas_json.open("rb") as fh:
            if hashlib.file_digest(fh, "sha256").hexdigest() != record.atlas:
                return None
        if not self._intact(record, atlas_json.parent.name):
            return None
        self.kept = True
        return [self.out_dir / name for name, _, _ in record.files]

    def remember(
        self, inputs: str, written: Sequence[Path], summary: dict[str, Any], parts: str | None
    ) -> SiteRecord | None:
        """Note what was just written into the folder (``written``, in order) from ``inputs``,
        its atlas made from ``parts``; the record, or None when none could be made."""
        manifest = read_manifest(self.out_dir)
        files = []
        for path in written:
            try:
                st = os.stat(path)
            except OSError:
                return None
            files.append((path.name, st.st_size, st.st_mtime_ns))
        if ATLAS_FILE not in manifest:
            return None
        record = SiteRecord(inputs, self.outputs, manifest[ATLAS_FILE], files, summary, parts or "")
        cache = self._cache()
        try:
            cache.remember_site(str(self.out_dir.resolve()), json.dumps(asdict(record)))
        finally:
            cache.close()
        self.record = record
        return record


__all__ = ["ATLAS_FILE", "Site", "SiteRecord", "exporter_files", "outputs_key"]
