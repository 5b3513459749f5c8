"""The entry point ``noteatlas check`` calls for external URLs: cache, progress, occurrences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from noteatlas.linkcheck.addresses import Resolver
from noteatlas.linkcheck.cache import CACHE_FILE, LinkCache
from noteatlas.linkcheck.config import CheckConfig
from noteatlas.linkcheck.network import NetworkWatch
from noteatlas.linkcheck.results import LinkResult, Occurrence, is_failure
from noteatlas.linkcheck.scheduler import CheckInterrupted, check_urls
from noteatlas.progress import counting_bar


@dataclass(frozen=True)
class ExternalRun:
    """What an external check produced."""

    results: list[LinkResult]
    """One result per URL, in the order given, each with the occurrences that cite it."""
    interrupted: bool = False
    """True when Ctrl-C stopped the run: ``results`` holds only what was learned before."""
    problems: list[str] = field(default_factory=list)
    """Cache trouble worth a warning (unwritable, rebuilt after damage); the run went on."""
    no_network: str = ""
    """The "no network?" verdict in words when (nearly) every host failed before a connection;
    the unreachable and timed-out results then say nothing about the links."""


def run_external(
    targets: Mapping[str, Sequence[Occurrence]],
    config: CheckConfig,
    *,
    cache_dir: Path | None,
    progress: bool = False,
    offline: bool = False,
    resolve: Resolver | None = None,
) -> ExternalRun:
    """Check every URL of ``targets`` (URL -> where it is cited) and attach the occurrences.

    ``cache_dir`` is the corpus's ``.noteatlas/`` folder, or None for ``--no-cache``. ``progress``
    asks for a bar, shown only when stderr is a terminal. Ctrl-C ends the run early with
    ``interrupted`` set; everything learned until then is in the cache and in ``results``.
    """
    cache = LinkCache(cache_dir / CACHE_FILE) if cache_dir is not None else None
    problems: list[str] = []
    if cache is not None and cache.rebuilt:
        problems.append(f"the link cache {cache.path} was damaged and has been rebuilt")
    interrupted = False
    watch = NetworkWatch()
    try:
        bar = counting_bar(len(targets), "Checking links", counted="broken", enabled=progress)
        with bar as advance:
            try:
                found = check_urls(
                    list(targets),
                    config,
                    cache=cache,
                    on_result=lambda result: advance(is_failure(result.status)),
                    offline=offline,
                    resolve=resolve,
                    watch=watch,
                )
            except CheckInterrupted as stop:
                found, interrupted = stop.results, True
    finally:
        if cache is not None:
            cache.close()
            problems.extend(cache.problems)
    results = [
        found[url].model_copy(update={"occurrences": list(occurrences)})
        for url, occurrences in targets.items()
        if url in found
    ]
    verdict = watch.verdict()
    return ExternalRun(results, interrupted, problems, verdict.message() if verdict else "")
