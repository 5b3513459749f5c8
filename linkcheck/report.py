"""A finished (or interrupted) check as one value; what it means (severity, the exit code) is
``verdicts.ReportView``'s."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from noteatlas.linkcheck.results import LinkResult
from noteatlas.linkcheck.verdicts import ReportView, append_step_summary, exit_code


class CheckReport(ReportView, BaseModel):
    """Every result of a check (local and external) with the places that cite them."""

    model_config = ConfigDict(extra="forbid")

    results: list[LinkResult] = Field(default_factory=list)
    """One result per target, each with its occurrences."""
    strict: bool = False
    """Warnings count as failures."""
    interrupted: bool = False
    """The run was stopped early; the results are partial."""
    base: str = ""
    """Prefix joined to occurrence files in the output (``content`` for ``noteatlas check
    content``), so that annotations point at paths relative to the repository."""
    problems: list[str] = Field(default_factory=list)
    """Trouble with the run itself worth a warning (cache unusable ...)."""
    no_network: str = ""
    """The "no network?" verdict in words, when (nearly) every host failed before a connection.
    The results it voids (``unchecked``) are neither failures nor warnings, and the exit code
    says runtime problem (1) unless something else is broken."""


__all__ = ["CheckReport", "append_step_summary", "exit_code"]
