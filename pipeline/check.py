"""``noteatlas.check``: every reference of a corpus checked, as one ``CheckReport``.

Local references get the build's own verdict (same resolver, same concept rule: the concepts'
names come from the first half of the concepts stage); external URLs go to the link checker,
through its cache under ``.noteatlas/``, unless ``offline``. The notes are read through the build
cache, and the concepts stage runs only if a reference needs the concept rule (a wikilink that
names no note): the answers are the same, and a corpus without such links skips it.
"""

from __future__ import annotations

import os
from pathlib import Path

from noteatlas.config import Config, load_config
from noteatlas.gcpause import paused_gc
from noteatlas.graph.identify.verdict import ConceptLookup
from noteatlas.linkcheck.local import collect
from noteatlas.linkcheck.report import CheckReport
from noteatlas.pipeline.build import open_cache
from noteatlas.pipeline.corpus import (
    Scanned,
    corpus_root,
    load_vocabularies,
    note_contexts,
    scan,
)
from noteatlas.schema.layout import CACHE_DIR


def check(
    path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    offline: bool = False,
    link_cache: bool = True,
    progress: bool = False,
    base: str | None = None,
) -> CheckReport:
    """Check every reference of a folder of notes.

    ``config.check`` holds the link-check settings (limits, timeouts, ``strict`` ...).
    ``link_cache`` False neither reads nor writes the link cache; ``progress`` shows a bar on a
    terminal. ``base`` prefixes the files in the report (default: ``path`` as given). Ctrl-C
    stops the external checks early: the report says ``interrupted`` and keeps what was learned.
    """
    root = corpus_root(path)
    if config is None:
        config = load_config(root)
    cache = open_cache(root, config)
    try:
        scanned = scan(root, config, cache)
    finally:
        if cache is not None:
            cache.close()
    collected = collect(
        scanned.results,
        scanned.index,
        names_concept=_ConceptRule(root, config, scanned),
        check_fragments=config.check.check_fragments,
    )
    results = list(collected.local)
    interrupted, problems, no_network = False, [], ""
    if not offline and collected.external:
        from noteatlas.linkcheck.external import run_external  # the HTTP engine, on use only

        run = run_external(
            collected.external,
            config.check,
            cache_dir=root / CACHE_DIR if link_cache else None,
            progress=progress,
        )
        results += run.results
        interrupted, problems, no_network = run.interrupted, run.problems, run.no_network
    shown = Path(path).as_posix().rstrip("/") or "." if base is None else base
    return CheckReport(
        results=results,
        strict=config.check.strict,
        interrupted=interrupted,
        base=shown,
        problems=problems,
        no_network=no_network,
    )


class _ConceptRule:
    """The concept rule the build uses (the names known once the concepts stage defined them),
    worked out on its first question."""

    def __init__(self, root: Path, config: Config, scanned: Scanned) -> None:
        self._inputs = (root, config, scanned)
        self._rule: ConceptLookup | None = None

    def __call__(self, name: str) -> bool:
        """True when ``name`` names a known concept."""
        if self._rule is None:
            from noteatlas.graph.concepts.stage import define
            from noteatlas.graph.documents import document_graph

            root, config, scanned = self._inputs
            with paused_gc():
                vocabulary, _ = load_vocabularies(root, config)
                doc = document_graph(scanned.results, scanned.index)
                contexts = note_contexts(scanned.results, doc)
                self._rule = define(
                    contexts, vocabulary, doc.paper_years, doc.paper_aliases
                ).names_concept
        return self._rule(name)


__all__ = ["check"]
