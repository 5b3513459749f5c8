"""How many worker processes a build starts: asked for by ``jobs``, capped at the CPUs.

Apart from the pool (``pipeline.pool``) so that every command can settle its config without
loading the notes' readers."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # made only when the count is capped
    from noteatlas.schema import Diagnostic


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(asked: int | None) -> tuple[int, Diagnostic | None]:
    """Worker processes to start for ``asked`` (None: one per CPU), never more than the CPUs:
    more only add memory and switching (``jobs = 40`` started 42 processes on 2 CPUs). The
    diagnostic says what was asked and what is used when the count was capped."""
    cpus = default_jobs()
    if asked is None or asked <= cpus:
        return asked or cpus, None
    from noteatlas.schema.codes import diagnostic

    return cpus, diagnostic("jobs-capped", asked=asked, used=cpus)


__all__ = ["default_jobs", "worker_count"]
