"""A finished (or interrupted) check as one value, and what it means for the exit code."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from noteatlas.linkcheck.results import (
    LinkResult,
    LinkStatus,
    Occurrence,
    is_failure,
    is_warning,
)
from noteatlas.schema.exits import Exit

# What a run without a network gets for every link it asked: nothing learned about the links.
_VOIDED = frozenset({LinkStatus.UNREACHABLE, LinkStatus.TIMEOUT})


class CheckReport(BaseModel):
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

    def path(self, occurrence: Occurrence) -> str:
        """The occurrence's file as shown in reports (``base`` joined, POSIX separators)."""
        if not self.base or self.base in (".", "./"):
            return occurrence.file
        return f"{self.base.rstrip('/')}/{occurrence.file}"

    def voided(self, result: LinkResult) -> bool:
        """True when the "no network?" verdict leaves the result saying nothing about its link."""
        return bool(self.no_network) and result.status in _VOIDED and not result.from_cache

    def unchecked(self) -> list[LinkResult]:
        """Results voided by the "no network?" verdict: their links were not really checked."""
        return [r for r in self.results if self.voided(r)]

    def failures(self) -> list[LinkResult]:
        """Results that fail the check."""
        return [r for r in self.results if is_failure(r.status, self.strict) and not self.voided(r)]

    def warnings(self) -> list[LinkResult]:
        """Results worth a warning that do not fail the check."""
        return [r for r in self.results if is_warning(r.status, self.strict) and not self.voided(r)]

    def network_note(self) -> str:
        """The "no network?" verdict with what it means and what to do; "" without one."""
        if not self.no_network:
            return ""
        n = len(self.unchecked())
        return (
            f"{self.no_network}. {n} external link{'s were' if n != 1 else ' was'} not checked: "
            "check the connection (or the proxy settings) and run the check again"
        )

    def counts(self) -> dict[str, int]:
        """Number of results per status, in the order statuses are declared."""
        found = Counter(r.status for r in self.results)
        return {status.value: found[status] for status in LinkStatus if found[status]}

    def severity(self, result: LinkResult) -> str:
        """``error``, ``warning``, ``notice`` (redirected), ``unchecked`` (voided by "no
        network?") or ``ok`` for a result."""
        if self.voided(result):
            return "unchecked"
        if is_failure(result.status, self.strict):
            return "error"
        if is_warning(result.status, self.strict):
            return "warning"
        if result.status is LinkStatus.REDIRECTED:
            return "notice"
        return "ok"

    def by_file(
        self, *, include_ok: bool = False
    ) -> dict[str, list[tuple[Occurrence, LinkResult]]]:
        """Occurrences grouped by file: files with failures first, then by path; in each file,
        failures, then warnings, then notices, each by line. Results without occurrences are
        grouped under ``""``. Fine and unchecked results only with ``include_ok``."""
        rank = {"error": 0, "warning": 1, "notice": 2, "unchecked": 3, "ok": 3}
        groups: dict[str, list[tuple[Occurrence, LinkResult]]] = {}
        for result in self.results:
            if not include_ok and self.severity(result) in ("ok", "unchecked"):
                continue
            places = result.occurrences or [
                Occurrence(file="", line=0, column=0, target=result.url)
            ]
            for occurrence in places:
                path = self.path(occurrence) if occurrence.file else ""
                groups.setdefault(path, []).append((occurrence, result))
        for items in groups.values():
            items.sort(key=lambda i: (rank[self.severity(i[1])], i[0].line, i[0].column, i[1].url))

        def file_key(path: str) -> tuple[int, str]:
            worst = min(rank[self.severity(r)] for _, r in groups[path])
            return (worst, path)

        return {path: groups[path] for path in sorted(groups, key=file_key)}


def exit_code(report: CheckReport) -> int:
    """2 when a reference is broken; else 1 when the run found "no network?" (the links could
    not be checked: a runtime problem); else 0. Config errors are the CLI's (3)."""
    if report.failures():
        return Exit.BROKEN
    return Exit.RUNTIME if report.no_network else Exit.OK


def append_step_summary(markdown: str, environ: Mapping[str, str] | None = None) -> bool:
    """Append to the GitHub Actions job summary when ``$GITHUB_STEP_SUMMARY`` is set; True if
    written. An unwritable summary file is not worth failing the check for."""
    target = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    try:
        with Path(target).open("a", encoding="utf-8") as summary:
            summary.write(markdown.rstrip("\n") + "\n")
    except OSError:
        return False
    return True
