"""``noteatlas.check``: every reference of a corpus checked, as one ``CheckReport``.

Local references get the build's own verdict (same resolver, same concept rule: the concepts'
names come from the first half of the concepts stage); external URLs go to the link checker,
through its cache under ``.noteatlas/``, unless ``offline``. The notes are read through the build
cache, and the concepts stage runs only if a reference needs the concept rule (a wikilink that
names no note): the answers are the same, and a corpus without such links skips it.

The references found are kept in the build cache under the digest of everything the reading
depends on (``pipeline.inputs``): a check of notes that have not changed since the last one
(the usual case in CI with a restored cache, or a re-run after fixing a server) neither reads a
note nor loads the notes' readers, and goes straight to the URLs.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noteatlas.config import Config, load_config
from noteatlas.linkcheck.report import CheckReport
from noteatlas.linkcheck.results import Collected, LinkResult, Occurrence
from noteatlas.pipeline.cache import BuildCache
from noteatlas.pipeline.inputs import cache_key, corpus_root, inputs_digest
from noteatlas.schema.layout import CACHE_DIR, shown_base

if TYPE_CHECKING:
    from noteatlas.graph.identify.verdict import ConceptLookup
    from noteatlas.pipeline.corpus import Scanned


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
    collected = _references(root, config)
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
    shown = shown_base(path) if base is None else base
    return CheckReport(
        results=results,
        strict=config.check.strict,
        interrupted=interrupted,
        base=shown,
        problems=problems,
        no_network=no_network,
    )


def _references(root: Path, config: Config) -> Collected:
    """Every reference of the notes resolved: local verdicts, and the external URLs with where
    they are cited; remembered from the last check when the notes are as they were then."""
    if not config.cache:
        return _read_references(root, config, None)
    inputs = _references_key(root, config)
    cache = BuildCache(root, cache_key(config))
    try:
        found = _from_record(cache.references(inputs))
        if found is None:
            found = _read_references(root, config, cache)
            cache.remember_references(inputs, _to_record(found))
    finally:
        cache.close()
    return found


def _references_key(root: Path, config: Config) -> str:
    return hashlib.sha256(
        json.dumps([inputs_digest(root, config), config.check.check_fragments]).encode()
    ).hexdigest()


def remembered_references(root: Path, config: Config) -> Collected | None:
    """The references the build cache holds for the notes as they are now, without reading a
    note; None when it holds none (``pipeline.replay`` records them after a check)."""
    if not config.cache:
        return None
    cache = BuildCache(root, cache_key(config))
    try:
        return _from_record(cache.references(_references_key(root, config)))
    finally:
        cache.close()


def _read_references(root: Path, config: Config, cache: BuildCache | None) -> Collected:
    from noteatlas.linkcheck.local import collect
    from noteatlas.pipeline.corpus import scan

    scanned = scan(root, config, cache)
    return collect(
        scanned.results,
        scanned.index,
        names_concept=_ConceptRule(root, config, scanned),
        check_fragments=config.check.check_fragments,
    )


def _to_record(found: Collected) -> dict[str, Any]:
    return {
        "local": [r.model_dump(mode="json") for r in found.local],
        "external": {
            url: [o.model_dump(mode="json") for o in occurrences]
            for url, occurrences in found.external.items()
        },
    }


def _from_record(record: Any) -> Collected | None:
    """The references a record holds; None when there is none or it does not read."""
    from pydantic import ValidationError

    if not isinstance(record, dict):
        return None
    try:
        local = [LinkResult.model_validate(r) for r in record["local"]]
        external = {
            str(url): [Occurrence.model_validate(o) for o in occurrences]
            for url, occurrences in record["external"].items()
        }
    except (KeyError, TypeError, AttributeError, ValidationError):
        return None
    return Collected(local, external)


class _ConceptRule:
    """The concept rule the build uses (the names known once the concepts stage defined them),
    worked out on its first question."""

    def __init__(self, root: Path, config: Config, scanned: Scanned) -> None:
        self._inputs = (root, config, scanned)
        self._rule: ConceptLookup | None = None

    def __call__(self, name: str) -> bool:
        """True when ``name`` names a known concept."""
        if self._rule is None:
            from noteatlas.gcpause import paused_gc
            from noteatlas.graph.concepts.stage import define
            from noteatlas.graph.documents import document_graph
            from noteatlas.pipeline.corpus import load_vocabularies, note_contexts

            root, config, scanned = self._inputs
            with paused_gc():
                vocabulary, _ = load_vocabularies(root, config)
                doc = document_graph(scanned.results, scanned.index)
                contexts = note_contexts(scanned.results, doc)
                self._rule = define(
                    contexts, vocabulary, doc.paper_years, doc.paper_aliases
                ).names_concept
        return self._rule(name)


__all__ = ["check", "remembered_references"]
