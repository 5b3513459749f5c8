"""A check replayed from the caches: when neither the notes, the settings nor noteatlas have
changed since the last check and the link cache answers every URL, ``noteatlas check`` gives
the same report without reading a note, validating a setting or making a model.

After each full check the CLI records (``record``) what the check found: the references with
where they are cited, what each URL gets without a request, the settings that shape the answers,
and a stamp (size, times, inode) of every file and folder the check depends on, taken before
those are looked up: the notes and their folders, the vocabularies, noteatlas's own files and
jieba's. The next check (``replay``) compares the stamp and the settings, asks the link cache,
and builds the plain forms of the results (``linkcheck.verdicts``) that the same renderers print.
Any difference, a missing answer or an unreadable record, and the full check runs instead.

A cached run was 0.30 s, 0.17 s of it importing pydantic and making the models and the notes'
discovery; a replay imports neither.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noteatlas.linkcheck.verdicts import PlainOccurrence, PlainReport, PlainResult
from noteatlas.schema.kinds import LinkStatus
from noteatlas.schema.layout import CACHE_DIR, VOCABULARY_FILE, shown_base
from noteatlas.version import __version__

if TYPE_CHECKING:
    from noteatlas.config import Config

RECORD_FILE = "check-replay.json"
_FORMAT = 1
_CONFIG_FILES = ("noteatlas.toml", "pyproject.toml")
# Where noteatlas's files are (the build cache's code digest reads the same folders).
_PACKAGES = ("", ".schema", ".graph", ".query", ".exporters", ".linkcheck", ".pipeline", ".content")


def settings_key(root: Path, config_file: Path | None, options: Mapping[str, object]) -> str:
    """A digest of what the check's settings are made of: the config files' bytes (or the one
    ``--config`` names), the command line's options, noteatlas's and Python's versions."""
    files = [config_file] if config_file is not None else [root / n for n in _CONFIG_FILES]
    sources: list[object] = []
    for file in files:
        try:
            sources.append([str(file), hashlib.sha256(file.read_bytes()).hexdigest()])
        except OSError as exc:  # missing (the usual case), or a folder
            sources.append([str(file), exc.errno])
    data = [_FORMAT, __version__, sys.version, str(root), sources, sorted(options.items())]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, default=str).encode()).hexdigest()


def _stamp(paths: Iterable[str]) -> list[object]:
    """Size, modification and change times and inode of each path (None when it is gone)."""
    stamps: list[object] = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            stamps.append(None)
            continue
        stamps.append([st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return stamps


def _program_paths() -> list[str]:
    """noteatlas's files and folders (not its bytecode), and jieba's (its data is read)."""
    found: set[str] = set()
    for name in _PACKAGES:
        spec = importlib.util.find_spec(f"noteatlas{name}")
        for folder in (spec.submodule_search_locations or []) if spec is not None else []:
            for here, dirs, files in os.walk(folder):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                found.add(here)
                found.update(os.path.join(here, f) for f in files)
    spec = importlib.util.find_spec("jieba")
    if spec is not None and spec.origin is not None:
        folder = os.path.dirname(spec.origin)
        found.update([folder, spec.origin, os.path.join(folder, "dict.txt")])
    return sorted(found)


def _corpus_paths(root: Path, config: Config) -> list[str]:
    """The root, every folder discovery walks and every other folder beside them (an output
    folder may stop being one), every file it lists and the vocabularies."""
    from noteatlas.graph.read.discover import discover

    corpus = discover(root, config.exclude)
    folders = {str(root), *(str(root / d) for d in corpus.dirs)}
    for folder in list(folders):
        try:
            with os.scandir(folder) as entries:
                # Hidden ones (the caches, .git, .obsidian) are never walked.
                folders.update(e.path for e in entries if e.is_dir() and e.name[0] != ".")
        except OSError:
            continue
    files = {str(root / f) for f in corpus.files}
    files.update(str(root / v) for v in (VOCABULARY_FILE, *config.vocabulary))
    return sorted(folders | files)


def record(root: Path, settings: str, config: Config, asked_jobs: int | None) -> None:
    """Record what a check of ``root`` with ``config`` found, for ``replay``: nothing when the
    build cache holds no references for the notes as they are now."""
    from noteatlas.files import make_cache_dir, write_text_atomic
    from noteatlas.linkcheck.rules import url_verdict
    from noteatlas.linkcheck.scheduler import link_cache_key
    from noteatlas.pipeline.check import remembered_references

    paths = _program_paths() + _corpus_paths(root, config)
    stamp = _stamp(paths)  # before the references are looked up: a later change shows
    found = remembered_references(root, config)
    if found is None:  # not kept (no build cache): an earlier record must not stay behind
        forget(root)
        return
    external = []
    for url, occurrences in found.external.items():
        early = url_verdict(url, config.check)
        key = None if early is not None else link_cache_key(url, config.check)
        places = [o.as_json() for o in occurrences]
        external.append([url, key, *(early or (None, None)), places])
    data = {
        "format": _FORMAT,
        "settings": settings,
        "paths": paths,
        "stamp": stamp,
        "jobs": asked_jobs,
        "strict": config.check.strict,
        "max_age": config.check.max_age,
        "options": config.check.cache_key_digest(),
        "local": [r.as_json() for r in found.local],
        "external": external,
    }
    folder = make_cache_dir(root / CACHE_DIR)
    write_text_atomic(folder / RECORD_FILE, json.dumps(data, ensure_ascii=False))


def forget(root: Path) -> None:
    """Drop the record (a check that could not record its findings leaves none behind)."""
    (root / CACHE_DIR / RECORD_FILE).unlink(missing_ok=True)


def _plain(data: Mapping[str, Any]) -> PlainResult:
    """A result from its JSON fields (``as_json``), as the model would read them."""
    fields = dict(data)
    fields["status"] = LinkStatus(fields["status"])
    fields["occurrences"] = [PlainOccurrence(**o) for o in fields.get("occurrences", [])]
    return PlainResult(**fields)


def replay(root: Path, settings: str, path: str, *, offline: bool) -> PlainReport | None:
    """The report of a check whose every input is as ``record`` saw it and whose every URL the
    link cache answers; None otherwise (the full check then runs)."""
    try:
        text = (root / CACHE_DIR / RECORD_FILE).read_text(encoding="utf-8")
        data = json.loads(text)
        if data["format"] != _FORMAT or data["settings"] != settings:
            return None
        if _stamp(data["paths"]) != data["stamp"]:
            return None
        from noteatlas.pipeline.jobs import worker_count

        if worker_count(data["jobs"])[1] is not None:
            return None  # the full check says what the jobs are capped at
        results = [_plain(r) for r in data["local"]]
        if not offline and data["external"]:
            external = _answers(root, data)
            if external is None:
                return None
            results += external
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return PlainReport(results=results, strict=bool(data["strict"]), base=shown_base(path))


def _answers(root: Path, data: Mapping[str, Any]) -> list[PlainResult] | None:
    """Each external URL's result as the link check gives it, or None when one is not cached."""
    from noteatlas.linkcheck.cache import CACHE_FILE, read_reusable

    keys = [key for _, key, *_ in data["external"] if key is not None]
    known = read_reusable(
        root / CACHE_DIR / CACHE_FILE, keys, data["options"], float(data["max_age"])
    )
    if known is None:
        return None
    results = []
    for url, key, status, detail, places in data["external"]:
        cited = [PlainOccurrence(**place) for place in places]
        if key is None:  # what the URL gets without a request, made anew as a check makes it
            result = PlainResult(
                url=url, status=LinkStatus(status), detail=detail, checked_at=time.time()
            )
        elif (hit := known.get(key)) is not None:
            result = PlainResult(**hit)
            result.url = url  # a fragment the cache key leaves out
        else:
            return None
        result.occurrences = cited
        results.append(result)
    return results


__all__ = ["RECORD_FILE", "forget", "record", "replay", "settings_key"]
