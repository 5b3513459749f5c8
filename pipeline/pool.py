"""Per-note work: read and extract every note, in a process pool, reusing the incremental cache.

This is the only concurrent part of the build. Each note is independent; results come back in
the order of ``paths`` whatever the pool does, so output never depends on scheduling.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TYPE_CHECKING

from noteatlas.graph.read.discover import read_note
from noteatlas.schema import Diagnostic, NoteResult, SourceFile

if TYPE_CHECKING:
    from noteatlas.graph.concepts.mentions import NoteInput, NoteMentions
    from noteatlas.graph.concepts.names import Matcher
    from noteatlas.pipeline.cache import BuildCache, Stamp

#: The mentions pass's modules, loaded on its first use (``noteatlas check`` reads the notes and
#: never matches them: importing these took a third of a cold check's reading of 100 notes) and
#: preloaded by the fork server, so that its workers start with them.
_MENTIONS_MODULES = ["noteatlas.graph.concepts.mentions", "noteatlas.graph.concepts.names"]

#: Below this many notes to (re)scan, a pool costs more than it saves.
POOL_THRESHOLD = 64


def scan_note(root: Path, rel: str) -> NoteResult:
    """Read and extract one note. Never raises for bad input: problems become diagnostics."""
    source = read_note(root, rel)
    if isinstance(source, Diagnostic):
        return NoteResult(rel, "", "", [], None, [source])
    return result_from_source(source)


def result_from_source(source: SourceFile) -> NoteResult:
    """Extract a decoded note."""
    from noteatlas.graph.concepts.sightings import note_sightings  # rjieba: as for markdown-it
    from noteatlas.graph.extract.note import extract  # markdown-it: not needed when all is cached

    found = extract(source)
    return NoteResult(
        path=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        repairs=list(source.repairs),
        extract=found,
        diagnostics=[*source.diagnostics, *found.diagnostics],
        sightings=note_sightings(found),
    )


def _unchanged(root: Path, rel: str, known_sha: str | None) -> bool:
    if known_sha is None:
        return False
    try:
        data = (root / rel).read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == known_sha


def _work(task: tuple[Path, str, str | None]) -> NoteResult | None:
    """Pool task: None when the content hash shows the cached result is still right."""
    root, rel, known_sha = task
    if _unchanged(root, rel, known_sha):
        return None
    return scan_note(root, rel)


def _before_fork(work: Callable[[], object]) -> None:
    """Do once here what every worker would do for itself, when the workers are forked from
    this process and so share it (compiled patterns, imported modules)."""
    if multiprocessing.get_start_method() == "fork":
        work()


def _load_extract() -> None:
    import noteatlas.graph.extract.note  # noqa: F401  (markdown-it and the extract stage)
    from noteatlas.graph.prose.terms import tagger

    tagger()  # rjieba and its dictionary


def _prepare_mentions() -> None:
    from noteatlas.graph.prose.cuematch import prepare
    from noteatlas.graph.prose.terms import tagger

    prepare()  # the cue lexicon's automaton
    tagger()


def _stamp(root: Path, rel: str) -> Stamp | None:
    from noteatlas.pipeline.cache import Stamp

    try:
        st = os.stat(root / rel)
    except OSError:
        return None
    return Stamp(st.st_size, st.st_mtime_ns)


Progress = Callable[[int], None]


def scan_notes(
    root: Path,
    paths: Sequence[str],
    *,
    jobs: int = 1,
    cache: BuildCache | None = None,
    progress: Progress | None = None,
) -> list[NoteResult]:
    """Scan notes; results in the order of ``paths``. ``progress`` gets the count done so far."""
    found: dict[str, NoteResult] = {}
    stamps: dict[str, Stamp | None] = {}
    tasks: list[tuple[Path, str, str | None]] = []
    for rel in paths:
        stamp = stamps[rel] = _stamp(root, rel)
        known_sha = None
        if cache is not None and stamp is not None:
            hit, known_sha = cache.lookup(rel, stamp)
            if hit is not None:
                found[rel] = hit
                continue
        tasks.append((root, rel, known_sha))
    done = len(found)
    if progress:
        progress(done)

    fresh: list[NoteResult] = []
    if jobs > 1 and len(tasks) >= POOL_THRESHOLD:
        _before_fork(_load_extract)
        chunk = max(1, min(64, len(tasks) // (jobs * 8)))
        # Workers extract one note at a time and leave no cycles behind (about one object per
        # hundred notes): the cyclic collector would only slow them down (see noteatlas.gcpause).
        with ProcessPoolExecutor(max_workers=jobs, initializer=gc.disable) as pool:
            outcomes = list(_track(pool.map(_work, tasks, chunksize=chunk), done, progress))
    else:
        outcomes = list(_track(map(_work, tasks), done, progress))
    for (_, rel, known_sha), outcome in zip(tasks, outcomes, strict=True):
        if outcome is None and cache is not None and known_sha is not None:
            outcome = cache.load_by_hash(rel, known_sha)
        if outcome is None:  # the cached row was damaged after all
            outcome = scan_note(root, rel)
        found[rel] = outcome
        fresh.append(outcome)
    if cache is not None:
        cache.store((r, s) for r in fresh if (s := stamps.get(r.path)) is not None and r.sha256)
        cache.prune(paths)
    return [found[rel] for rel in paths]


def _track(
    results: Iterable[NoteResult | None], done: int, progress: Progress | None
) -> Iterator[NoteResult | None]:
    for result in results:
        done += 1
        if progress:
            progress(done)
        yield result


# -- mentions: the second per-note pass, once every concept name is known ------------------------

_matcher: Matcher | None = None


def _start_matcher(names: list[tuple[str, str]]) -> None:
    """Pool initializer: each worker builds the corpus's matcher once."""
    from noteatlas.graph.concepts.names import Matcher

    global _matcher
    gc.disable()
    _matcher = Matcher(names)


def _match(note: NoteInput) -> NoteMentions:
    from noteatlas.graph.concepts.mentions import note_pass

    assert _matcher is not None, "the pool initializer builds the matcher"
    return note_pass(note, _matcher)


#: Notes matched per round: bounds the texts and results held at once, whatever the corpus size.
WINDOW = 512

#: Resident size above which the mentions pool is not forked from this process (MB).
FORK_LIMIT_MB = 256


def resident_mb() -> float:
    """This process's resident memory in MB (0 when the system does not say)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main_is_noteatlas() -> bool:
    """Whether the program is noteatlas's own command (its console script or ``python -m
    noteatlas``): a fork server's workers import the program's main module again, as spawned
    ones do, which only a main guarded by ``if __name__ == "__main__"`` survives. A script that
    calls ``noteatlas.build`` at import time would build again in every worker."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None:
        return str(spec.name).startswith("noteatlas.")
    return str(getattr(getattr(main, "main", None), "__module__", "")).startswith("noteatlas.")


def pool_context() -> BaseContext | None:
    """How to start the mentions pool: forked (None, the default) while this process is small,
    else from a fork server. A worker forked from a big process shares its pages, and every
    object the parent touches afterwards (a reference count is a write) is copied while the
    workers keep the old page: at 10,000 notes the parent held 1 GB at the fork and the tree
    held 0.5 GB of such copies by the end of the pass. Only noteatlas's own commands use the
    fork server (``main_is_noteatlas``); a program that builds through the API forks as before."""
    if resident_mb() < FORK_LIMIT_MB or "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    if not main_is_noteatlas():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, *_MENTIONS_MODULES])  # workers start with them
    return context


def match_first(
    notes: Sequence[tuple[str, str, Callable[[], NoteInput]]],
    matcher: Matcher,
    cache: BuildCache,
    limit: int,
) -> dict[int, NoteMentions] | None:
    """The mentions of the notes (as for ``iter_mentions``) whose cached ones cannot be used,
    by index, matched here and stored, when there are at most ``limit`` of them (else None,
    nothing done): then every note's mentions are in the cache, and what they are is known
    from it without decoding them (``pipeline.parts``)."""
    from noteatlas.graph.concepts.mentions import names_digest, note_pass

    digest = names_digest(matcher)
    known = cache.mention_keys()
    todo = [
        i for i, (path, key, _) in enumerate(notes) if not key or known.get(path) != (key, digest)
    ]
    if len(todo) > limit:
        return None
    fresh = {i: note_pass(notes[i][2](), matcher) for i in todo}
    cache.store_mentions(
        [(notes[i][0], notes[i][1], fresh[i]) for i in todo if notes[i][1]], digest
    )
    return fresh


def iter_mentions(
    notes: Sequence[tuple[str, str, Callable[[], NoteInput]]],
    matcher: Matcher,
    *,
    jobs: int = 1,
    cache: BuildCache | None = None,
    matched: Mapping[int, NoteMentions] | None = None,
) -> Iterator[NoteMentions]:
    """The mentions (and stated relations) in each note of (path, key, what the pass reads of
    it when asked), in that order. The key is the note's content hash with its topic: what a
    cached row depends on besides the names.

    Cached rows are reused while neither the key nor the set of names changed; the rest is read
    (in a process pool when there are enough) a window of notes at a time and stored, so only
    one window's inputs and results are held at once. Deterministic whatever the pool does.
    ``matched``: mentions already found (``match_first``), by index.
    """
    from noteatlas.graph.concepts.mentions import names_digest, note_pass

    digest = names_digest(matcher)
    known = cache.mention_keys() if cache is not None else {}
    ready = matched or {}
    misses = sum(
        1
        for i, (path, sha, _) in enumerate(notes)
        if i not in ready and (not sha or known.get(path) != (sha, digest))
    )
    pool = None
    if jobs > 1 and misses >= POOL_THRESHOLD:
        _before_fork(_prepare_mentions)
        pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=pool_context(),
            initializer=_start_matcher,
            initargs=(matcher.names,),
        )
    try:
        for start in range(0, len(notes), WINDOW):
            window = notes[start : start + WINDOW]
            found: list[NoteMentions | None] = [
                ready[start + j]
                if start + j in ready
                else cache.load_mentions(path, sha, digest)
                if cache is not None and sha and known.get(path) == (sha, digest)
                else None
                for j, (path, sha, _) in enumerate(window)
            ]
            todo = [i for i, hit in enumerate(found) if hit is None]
            inputs = [window[i][2]() for i in todo]
            if pool is not None and len(todo) > 1:
                chunk = max(1, min(64, len(todo) // (jobs * 4)))
                fresh = list(pool.map(_match, inputs, chunksize=chunk))
            else:
                fresh = [note_pass(note, matcher) for note in inputs]
            for i, hit in zip(todo, fresh, strict=True):
                found[i] = hit
            if cache is not None:
                rows = [(window[i][0], window[i][1], r) for i, r in zip(todo, fresh, strict=True)]
                cache.store_mentions([row for row in rows if row[1]], digest)
            for result in found:
                assert result is not None, "every miss was matched above"
                yield result
    finally:
        if pool is not None:
            pool.shutdown()
