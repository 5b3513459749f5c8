"""``noteatlas.build``: read -> extract -> identify -> documents -> concepts -> the atlas.

The stages are pure; this module runs them in order and owns what they must not: the process
pool (``pool``), the incremental build cache (``cache``) and progress reports. The concepts
stage is two halves with the mentions pass between them, run here through the pool and cache.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from noteatlas.atlas import Atlas
from noteatlas.config import Config, load_config
from noteatlas.gcpause import paused_gc
from noteatlas.graph.concepts.mentions import NoteInput, NoteMentions, names_digest
from noteatlas.graph.concepts.names import Matcher
from noteatlas.graph.concepts.stage import Defined, NoteContext, assemble, define
from noteatlas.graph.documents import document_graph
from noteatlas.graph.identify.verdict import judge
from noteatlas.pipeline.cache import BuildCache, build_cache_key
from noteatlas.pipeline.corpus import (
    ProgressCallback,
    Scanned,
    corpus_root,
    load_vocabularies,
    note_contexts,
    scan,
)
from noteatlas.pipeline.jobs import worker_count
from noteatlas.pipeline.parts import parts_digest, state_digest
from noteatlas.pipeline.pool import POOL_THRESHOLD, iter_mentions, match_first
from noteatlas.schema import Diagnostic
from noteatlas.schema.codes import diagnostic
from noteatlas.version import __version__

T = TypeVar("T")


def open_cache(root: Path, config: Config) -> BuildCache | None:
    """The corpus's incremental build cache, unless the config turns it off."""
    return BuildCache(root, build_cache_key(__version__, config.digest())) if config.cache else None


def cache_diagnostics(cache: BuildCache | None) -> list[Diagnostic]:
    """What went wrong with the cache: warnings, since the build re-did what it could not trust."""
    return [diagnostic("cache-problem", problem=p) for p in (cache.problems if cache else [])]


def build(
    path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> Atlas:
    """Build the atlas of a folder of notes. Problems in notes are diagnostics, never exceptions."""
    atlas = build_parts(path, config, progress=progress).atlas
    assert atlas is not None, "made unless its parts were known"
    return atlas


@dataclass(frozen=True)
class Built:
    """A build's atlas, and the digest of what it was made from (``pipeline.parts``)."""

    atlas: Atlas | None
    """The atlas; None when its parts were those ``build_parts`` was told were known."""
    parts: str | None
    """The digest of the atlas's parts; None without one (no cache, or not asked for)."""


def build_parts(
    path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    progress: ProgressCallback | None = None,
    digest: bool = False,
    known: str | None = None,
) -> Built:
    """``build``, with the digest of the atlas's parts when ``digest``; with ``known`` too (the
    parts of an atlas already written), no atlas when the parts are those: it would be the
    same atlas (``noteatlas build -o SITE`` after an edit that states nothing new)."""
    root = corpus_root(path)
    if config is None:
        config = load_config(root)
    cache = open_cache(root, config)
    try:
        # the scan too: the notes' results (extracts, sightings) are a large graph of small
        # objects that lives to the end, and pool workers extract with the collector off already
        with paused_gc():
            scanned = scan(root, config, cache, progress)
            wanted = (digest or known is not None) and cache is not None
            return _assemble(root, config, scanned, cache, progress or _silent, wanted, known)
    finally:
        if cache is not None:
            cache.close()


def _silent(stage: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


def _reported(stage: str, items: Iterable[T], progress: ProgressCallback) -> Iterator[T]:
    """``items`` as they are consumed, reporting (stage, 0, 1) at the first and (stage, 1, 1)
    after the last: the mentions pass runs while the concepts stage takes its results."""
    progress(stage, 0, 1)
    yield from items
    progress(stage, 1, 1)


class _Handover:
    """Each note's whole context (its extract) from ``define`` to the mentions pass, then let go.

    The extracts of a big corpus are its largest part (prose, tables, references: about 50 KB a
    note). The mentions pass reads each one once (``make``); ``assemble`` reads only a small part
    (``NoteContext.for_assemble``, which ``first.notes`` becomes here). A note's extract is let
    go when its input is made or its mentions come back from the cache (``released``), so the
    extracts are gone by the end of the pass instead of living to the end of the build.
    """

    def __init__(self, first: Defined) -> None:
        self._first = first
        self._notes: list[NoteContext | None] = list(first.notes)
        first.notes = [c.for_assemble() for c in first.notes]

    def make(self, i: int) -> NoteInput:
        """The mentions pass's input of note ``i``; the note's context is let go."""
        ctx, self._notes[i] = self._notes[i], None
        assert ctx is not None, "each note's input is made once"
        return self._first.note_input(ctx)

    def released(self, mentions: Iterable[NoteMentions]) -> Iterator[NoteMentions]:
        """``mentions`` (one per note, in order), letting go of each note's context as it
        passes (a note whose mentions came from the cache had no input made)."""
        for i, found in enumerate(mentions):
            self._notes[i] = None
            yield found


def _assemble(
    root: Path,
    config: Config,
    scanned: Scanned,
    cache: BuildCache | None,
    progress: ProgressCallback,
    digest: bool = False,
    known: str | None = None,
) -> Built:
    """The per-corpus stages: document graph, concepts (with the mentions pass), the atlas.
    Each reports (stage, 0, 1) when it starts and (stage, 1, 1) when it ends. With ``digest``
    (and a cache), the digest of the parts too; none is made when they are ``known``."""
    results = scanned.results
    progress("documents", 0, 1)
    doc = document_graph(results, scanned.index)
    progress("documents", 1, 1)

    vocabulary, vocab_diags = load_vocabularies(root, config)
    contexts = note_contexts(results, doc)
    hashes = {r.path: r.sha256 for r in results}
    results.clear()  # the build owns its scan: the contexts hold what is read from here on
    progress("concepts", 0, 1)
    first = define(contexts, vocabulary, doc.paper_years, doc.paper_aliases)
    del contexts  # first.notes holds them, in path order
    handover = _Handover(first)
    inputs = [
        (c.extract.path, first.input_key(c, hashes.get(c.extract.path, "")),
         partial(handover.make, i))
        for i, c in enumerate(first.notes)
    ]  # fmt: skip
    generator = f"noteatlas {__version__}"
    outside = [*scanned.diagnostics, *vocab_diags, *cache_diagnostics(cache)]
    problems = len(cache.problems) if cache is not None else 0
    state = state_digest(doc, first, outside, root.name, generator) if digest else None
    matched = None
    if state is not None and known is not None and cache is not None:
        # few notes to match: match them first, and the parts are known before any is decoded
        matched = match_first(inputs, first.matcher, cache, POOL_THRESHOLD - 1)
        if matched is not None and _parts(state, inputs, first.matcher, cache) == known:
            progress("concepts", 1, 1)
            return Built(None, known)
    found = iter_mentions(
        inputs, first.matcher, jobs=worker_count(config.jobs)[0], cache=cache, matched=matched
    )
    concepts = assemble(first, handover.released(_reported("mentions", found, progress)))
    progress("concepts", 1, 1)
    progress("atlas", 0, 1)
    # Document edges (links_to, cites ...) and concept edges never share a kind: no merging needed.

    diagnostics = [
        d
        for path, ref, res in doc.unresolved_wikilinks
        if (d := judge(ref, res, first.names_concept).diagnostic(path, ref.line))
    ]
    diagnostics += doc.diagnostics + scanned.diagnostics + vocab_diags + concepts.diagnostics
    diagnostics += cache_diagnostics(cache)
    atlas = Atlas.from_parts(
        [*doc.nodes, *concepts.nodes],
        [*doc.edges, *concepts.edges],
        diagnostics,
        root=root.name,
        generator=generator,
    )
    progress("atlas", 1, 1)
    parts = None
    if state is not None and cache is not None and len(cache.problems) == problems:
        parts = _parts(state, inputs, first.matcher, cache)  # unless a row went bad meanwhile
    return Built(atlas, parts)


def _parts(
    state: str, inputs: Sequence[tuple[str, str, object]], matcher: Matcher, cache: BuildCache
) -> str | None:
    """The parts' digest from ``state`` and every note's cached mentions; None when some
    note's are not cached."""
    outs = cache.mention_outs(((path, key) for path, key, _ in inputs), names_digest(matcher))
    return parts_digest(state, outs) if outs is not None else None


__all__ = ["Built", "build", "build_parts", "cache_diagnostics", "open_cache"]
