"""The corpus as the pipeline starts from it: its folder, every note read and extracted (through
the process pool and the build cache), the index links resolve against, and its vocabularies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from noteatlas.config import Config
from noteatlas.graph.documents import corpus_index
from noteatlas.graph.identify.resolve import CorpusIndex
from noteatlas.graph.read.discover import Corpus, discover, safe_path
from noteatlas.pipeline.cache import BuildCache
from noteatlas.pipeline.inputs import corpus_root
from noteatlas.pipeline.jobs import worker_count
from noteatlas.pipeline.pool import scan_notes
from noteatlas.schema import Diagnostic, NoteResult
from noteatlas.schema.codes import diagnostic
from noteatlas.schema.layout import VOCABULARY_FILE

if TYPE_CHECKING:  # the concepts stage loads with its first use: a link check seldom needs it
    from noteatlas.graph.concepts.stage import NoteContext
    from noteatlas.graph.concepts.vocabulary import RawEntry, Vocabulary
    from noteatlas.graph.documents import DocumentGraph

#: Called with (stage, done, total) as the pipeline goes.
ProgressCallback = Callable[[str, int, int], None]


@dataclass
class Scanned:
    """A corpus read and extracted: what both ``build`` and ``check`` start from."""

    root: Path
    corpus: Corpus
    results: list[NoteResult]
    index: CorpusIndex
    diagnostics: list[Diagnostic]


def scan(
    root: Path,
    config: Config,
    cache: BuildCache | None,
    progress: ProgressCallback | None = None,
) -> Scanned:
    """Discover, read and extract every note (in the pool, through ``cache`` when given), and
    index the corpus for resolving links. The caller owns the cache and reports its problems."""
    corpus = discover(root, config.exclude)
    total = len(corpus.notes)
    if progress:
        progress("read", 0, total)
    results = scan_notes(
        root,
        corpus.notes,
        jobs=worker_count(config.jobs)[0],
        cache=cache,
        progress=(lambda done: progress("read", done, total)) if progress else None,
    )
    index = corpus_index(corpus.files, corpus.dirs, results)
    return Scanned(root, corpus, results, index, list(corpus.diagnostics))


def load_vocabularies(root: Path, config: Config) -> tuple[Vocabulary, list[Diagnostic]]:
    """The built-in vocabulary (unless turned off), the corpus's ``concepts.yaml`` and config's."""
    from noteatlas.graph.concepts.vocabulary import (
        BUILTIN_SOURCE,
        builtin_vocabulary_text,
        load_vocabulary,
        merge_vocabularies,
    )

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
            diagnostics.append(diagnostic("vocab-outside-root", name, name=name))
            continue
        if not path.is_file():
            if name != VOCABULARY_FILE:
                diagnostics.append(diagnostic("vocab-missing", name, name=name))
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if config.builtin_vocabulary and text == builtin_vocabulary_text():
            continue  # the bundled content/ itself: its concepts.yaml is the built-in one
        entries, diags = load_vocabulary(text, name)
        parts.append(entries)
        diagnostics.extend(diags)
    vocabulary, diags = merge_vocabularies(parts)
    return vocabulary, [*diagnostics, *diags]


def note_contexts(results: Sequence[NoteResult], doc: DocumentGraph) -> list[NoteContext]:
    """What the concepts stage needs of each extracted note, from the document layer."""
    from noteatlas.graph.concepts.stage import NoteContext
    from noteatlas.graph.documents import note_id

    return [
        NoteContext(
            extract=r.extract,
            note_id=note_id(r.path),
            papers=doc.note_papers.get(r.path, []),
            wikilink_targets=doc.wikilinks.get(r.path, {}),
            sightings=r.sightings,
        )
        for r in results
        if r.extract is not None
    ]


__all__ = [
    "VOCABULARY_FILE",
    "ProgressCallback",
    "Scanned",
    "corpus_root",
    "load_vocabularies",
    "note_contexts",
    "scan",
]
