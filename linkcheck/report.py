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

    def path(self, occurrence: Occurrence) -> str:
        """The occurrence's file as shown in reports (``base`` joined, POSIX separators)."""
        if not self.base or self.base in (".", "./"):
            return occurrence.file
        return f"{self.base.rstrip('/')}/{occurrence.file}"

    def failures(self) -> list[LinkResult]:
        """Results that fail the check."""
        return [r for r in self.results if is_failure(r.status, self.strict)]

    def warnings(self) -> list[LinkResult]:
        """Results worth a warning that do not fail the check."""
        return [r for r in self.results if is_warning(r.status, self.strict)]

    def counts(self) -> dict[str, int]:
        """Number of results per status, in the order statuses are declared."""
        found = Counter(r.status for r in self.results)
        return {status.value: found[status] for status in LinkStatus if found[status]}

    def severity(self, result: LinkResult) -> str:
        """``error``, ``warning``, ``notice`` (redirected) or ``ok`` for a result."""
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
        grouped under ``""``."""
        rank = {"error": 0, "warning": 1, "notice": 2, "ok": 3}
        groups: dict[str, list[tuple[Occurrence, LinkResult]]] = {}
        for result in self.results:
            if not include_ok and self.severity(result) == "ok":
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
    """0 when nothing fails, 2 when a reference is broken (runtime and config errors are the
    CLI's: 1 and 3)."""
    return Exit.BROKEN if report.failures() else Exit.OK


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
