"""Checking references: external URLs (this package's engine), cache, and reports.

The CLI calls ``run_external`` for URLs, adds its local results (same ``LinkResult`` type), wraps
everything in a ``CheckReport`` and prints ``render(report, fmt)``; ``exit_code`` gives 0 or 2.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# ``render`` is also this package's submodule: bound here first, so that importing the module
# later never rebinds the name (PEP 562 names would lose to it). The rest loads on first use:
# a command that reads the config (``linkcheck.config``) pays for no more than that, and
# ``noteatlas build`` never loads the HTTP engine (requests).
from noteatlas.linkcheck.render import FORMATS, render

if TYPE_CHECKING:
    from noteatlas.linkcheck.cache import CACHE_FILE, LinkCache, read_link_statuses
    from noteatlas.linkcheck.config import CheckConfig, HostConfig, parse_duration
    from noteatlas.linkcheck.external import ExternalRun, run_external
    from noteatlas.linkcheck.report import CheckReport, append_step_summary, exit_code
    from noteatlas.linkcheck.results import (
        LinkResult,
        LinkStatus,
        Occurrence,
        is_failure,
        is_warning,
    )
    from noteatlas.linkcheck.scheduler import CheckInterrupted, check_urls

_LAZY = {
    "CACHE_FILE": "cache",
    "LinkCache": "cache",
    "read_link_statuses": "cache",
    "CheckConfig": "config",
    "HostConfig": "config",
    "parse_duration": "config",
    "ExternalRun": "external",
    "run_external": "external",
    "CheckReport": "report",
    "append_step_summary": "report",
    "exit_code": "report",
    "LinkResult": "results",
    "LinkStatus": "results",
    "Occurrence": "results",
    "is_failure": "results",
    "is_warning": "results",
    "CheckInterrupted": "scheduler",
    "check_urls": "scheduler",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "CACHE_FILE",
    "FORMATS",
    "CheckConfig",
    "CheckInterrupted",
    "CheckReport",
    "ExternalRun",
    "HostConfig",
    "LinkCache",
    "LinkResult",
    "LinkStatus",
    "Occurrence",
    "append_step_summary",
    "check_urls",
    "exit_code",
    "is_failure",
    "is_warning",
    "parse_duration",
    "read_link_statuses",
    "render",
    "run_external",
]
