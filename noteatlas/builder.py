"""``noteatlas.build``: run the pipeline read -> extract -> identify -> concepts -> build."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from noteatlas import __version__
from noteatlas.atlas import Atlas
from noteatlas.config import Config, load_config
from noteatlas.gcpause import paused_gc
from noteatlas.graph.concepts.mentions import NoteMentions
from noteatlas.graph.concepts.names import Matcher, fold_key
from noteatlas.graph.concepts.stage import NoteContext, derive_concepts
from noteatlas.graph.concepts.texts import note_texts
from noteatlas.graph.concepts.vocabulary import (
    BUILTIN_SOURCE,
    RawEntry,
    Vocabulary,
    builtin_vocabulary_text,
    load_vocabulary,
    merge_vocabularies,
)
from noteatlas.graph.documents import corpus_index, document_graph, note_id
from noteatlas.graph.identify.resolve import CorpusIndex
from noteatlas.graph.read.discover import Corpus, discover, safe_path
from noteatlas.pipeline.cache import BuildCache, cache_key
from noteatlas.pipeline.pool import default_jobs, iter_mentions, scan_notes
from noteatlas.schema import Diagnostic, NoteResult, Severity
from noteatlas.schema.errors import InputError

VOCABULARY_FILE = "concepts.yaml"

#: Called with (stage, done, total) as the build goes.
ProgressCallback = Callable[[str, int, int], None]


def load_vocabularies(root: Path, config: Config) -> tuple[Vocabulary, list[Diagnostic]]:
    """The built-in vocabulary (unless turned off), the corpus's ``concepts.yaml`` and config's."""
    parts: list[list[RawEntry]] = []
    diagnostics: list[Diagnostic] = []
    if config.builtin_vocabulary:
        entries, diags = load_vocabulary(builtin_vocabulary_text(), BUILTIN_SOURCE)
        parts.append(entries)
        diagnostics.extend(diags)
    names = [VOCABULARY_FILE, *config.vocabulary]
    for name in dict.fromkeys(names):
        path = safe_path(root, name)
        if path is None:
            diagnostics.append(
                Diagnostic(
                    severity=Severity.ERROR,
                    code="vocab-outside-root",
                    file=name,
                    message=f"Vocabulary file {name!r} is outside the corpus and was not read.",
                    hint="Vocabulary files are given relative to the corpus root.",
                )
            )
            continue
        if not path.is_file():
            if name != VOCABULARY_FILE:
                diagnostics.append(
                    Diagnostic(
                        severity=Severity.ERROR,
                        code="vocab-missing",
                        file=name,
                        message=f"Vocabulary file {name!r} does not exist.",
                        hint="Fix the path in the 'vocabulary' setting.",
                    )
                )
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if config.builtin_vocabulary and text == builtin_vocabulary_text():
            continue  # the bundled content/ itself: its concepts.yaml is the built-in one
        entries, diags = load_vocabulary(text, name)
        parts.append(entries)
        diagnostics.extend(diags)
    vocabulary, diags = merge_vocabularies(parts)
    return vocabulary, [*diagnostics, *diags]


@dataclass
class Scanned:
    """A corpus read and extracted: what both ``build`` and ``check`` start from."""

    root: Path
    corpus: Corpus
    results: list[NoteResult]
    index: CorpusIndex
    diagnostics: list[Diagnostic]


def corpus_root(path: str | os.PathLike[str]) -> Path:
    """The resolved corpus folder; InputError when it is missing or not a folder."""
    root = Path(path).expanduser()
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise InputError(f"Corpus {str(root)!r} {what}.", "Give the folder that holds your notes.")
    return root.resolve()


def open_cache(root: Path, config: Config) -> BuildCache | None:
    """The corpus's incremental build cache, unless the config turns it off."""
    return BuildCache(root, cache_key(__version__, config.digest())) if config.cache else None


def cache_diagnostics(cache: BuildCache | None) -> list[Diagnostic]:
    """What went wrong with the cache: warnings, since the build re-did what it could not trust."""
    return [
        Diagnostic(severity=Severity.WARNING, code="cache-problem", message=p,
                   hint="Nothing to do: the build re-read what it could not trust.")
        for p in (cache.problems if cache else [])
    ]  # fmt: skip


def scan(
    root: Path,
    config: Config,
    progress: ProgressCallback | None = None,
    *,
    cache: BuildCache | None = None,
) -> Scanned:
    """Discover, read and extract every note (in a pool, through the incremental cache), and
    index the corpus for resolving links. Without ``cache`` it opens (and closes) its own and
    reports its problems; with one, reporting them is the caller's job."""
    corpus = discover(root, config.exclude)
    total = len(corpus.notes)
    if progress:
        progress("read", 0, total)
    own = cache is None
    if own:
        cache = open_cache(root, config)
    try:
        results = scan_notes(
            root,
            corpus.notes,
            jobs=config.jobs or default_jobs(),
            cache=cache,
            progress=(lambda done: progress("read", done, total)) if progress else None,
        )
    finally:
        if own and cache is not None:
            cache.close()
    index = corpus_index(corpus.files, corpus.dirs, results)
    problems = cache_diagnostics(cache) if own else []
    return Scanned(root, corpus, results, index, [*corpus.diagnostics, *problems])


def build(
    path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> Atlas:
    """Build the atlas of a folder of notes. Problems in notes are diagnostics, never exceptions."""
    root = corpus_root(path)
    if config is None:
        config = load_config(root)
    cache = open_cache(root, config)
    try:
        scanned = scan(root, config, progress, cache=cache)
        with paused_gc():
            return _assemble(root, config, scanned, cache, progress or _silent)
    finally:
        if cache is not None:
            cache.close()


def _silent(stage: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


def _assemble(
    root: Path,
    config: Config,
    scanned: Scanned,
    cache: BuildCache | None,
    progress: ProgressCallback,
) -> Atlas:
    """The per-corpus stages: document graph, concepts (with the mentions pass), the atlas.
    Each reports (stage, 0, 1) when it starts and (stage, 1, 1) when it ends."""
    results = scanned.results
    progress("documents", 0, 1)
    doc = document_graph(results, scanned.index)
    progress("documents", 1, 1)

    vocabulary, vocab_diags = load_vocabularies(root, config)
    contexts = [
        NoteContext(
            extract=r.extract,
            note_id=note_id(r.path),
            papers=doc.note_papers.get(r.path, []),
            wikilink_targets=doc.wikilinks.get(r.path, {}),
        )
        for r in results
        if r.extract is not None
    ]
    hashes = {r.path: r.sha256 for r in results}

    def find_mentions(notes: Sequence[NoteContext], matcher: Matcher) -> Iterator[NoteMentions]:
        work = [
            (c.extract.path, hashes.get(c.extract.path, ""), partial(note_texts, c.extract))
            for c in notes
        ]
        progress("mentions", 0, 1)
        yield from iter_mentions(work, matcher, jobs=config.jobs or default_jobs(), cache=cache)
        progress("mentions", 1, 1)

    progress("concepts", 0, 1)
    concepts = derive_concepts(contexts, vocabulary, doc.paper_years, find_mentions=find_mentions)
    progress("concepts", 1, 1)
    progress("atlas", 0, 1)
    # Document edges (links_to, cites ...) and concept edges never share a kind: no merging needed.

    known = {fold_key(n) for c in concepts.nodes for n in (c.name, *c.aliases, c.id[8:])}
    diagnostics = [
        d for target, d in doc.unresolved_wikilinks if fold_key(target.split("#")[0]) not in known
    ]  # a wikilink to no note is fine when it names a concept: [[word2vec]] is a concept link
    diagnostics += doc.diagnostics + scanned.diagnostics + vocab_diags + concepts.diagnostics
    diagnostics += cache_diagnostics(cache)
    atlas = Atlas.from_parts(
        [*doc.nodes, *concepts.nodes],
        [*doc.edges.edges(), *concepts.edges],
        diagnostics,
        root=root.name,
        generator=f"noteatlas {__version__}",
    )
    progress("atlas", 1, 1)
    return atlas
