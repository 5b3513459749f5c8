"""What results mean, without pydantic: failures and warnings, the hints, and a report's reading
of its results (severity, grouping, the exit code).

Shared by the models (``results.LinkResult``, ``report.CheckReport``) and by the plain forms a
check replayed from its caches builds (``Plain*`` here, ``pipeline.replay``): both are rendered
by the same ``linkcheck.render`` functions, so the two can never say different things.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from noteatlas.schema.exits import Exit
from noteatlas.schema.kinds import LinkStatus

#: Always failures: the reference leads nowhere.
FAILURES: frozenset[LinkStatus] = frozenset(
    {
        LinkStatus.BROKEN,
        LinkStatus.MISSING_FILE,
        LinkStatus.MISSING_ANCHOR,
        LinkStatus.OUTSIDE_ROOT,
        LinkStatus.EMAIL_AS_PATH,
    }
)

#: Warnings: doubtful or not verifiable; failures with ``strict``.
WARNINGS: frozenset[LinkStatus] = frozenset(
    {
        LinkStatus.BLOCKED,
        LinkStatus.TIMEOUT,
        LinkStatus.UNREACHABLE,
        LinkStatus.ERROR,
        LinkStatus.UNSAFE,
    }
)

#: Results a later check may reuse from the cache: stable answers only (no transient errors, no
#: config-made ones).
CACHEABLE: frozenset[LinkStatus] = frozenset(
    {LinkStatus.OK, LinkStatus.REDIRECTED, LinkStatus.BROKEN, LinkStatus.BLOCKED}
    | {LinkStatus.MISSING_ANCHOR}
)

#: Answers that say more about the way to the server than about the page. A check never reuses
#: them (the next run asks again: a name that did not resolve or a port that refused answers at
#: once), but the cache records them as the latest word for displays (``links.md``, the
#: explorer), unless the whole run looked like "no network?", when they say nothing about links.
TRANSIENT: frozenset[LinkStatus] = frozenset(
    {LinkStatus.UNREACHABLE, LinkStatus.TIMEOUT, LinkStatus.ERROR}
)

#: What to do about each status, shown by the reports unless a result brings its own hint.
HINTS: dict[LinkStatus, str] = {
    LinkStatus.OK: "",
    LinkStatus.REDIRECTED: "update the link to the final URL",
    LinkStatus.BROKEN: "find the new address (or an archived copy) or remove the link",
    LinkStatus.BLOCKED: "the site refuses robots: check it in a browser, or add it to `accept`",
    LinkStatus.TIMEOUT: "retry later, or raise `read_timeout` or `total_timeout` for this host",
    LinkStatus.UNREACHABLE: "check the host name and retry later; the page may still be there",
    LinkStatus.ERROR: "see the reason; retry later if it is transient",
    LinkStatus.EXCLUDED: "",
    LinkStatus.UNSAFE: "remove the link; such links run code or embed data",
    LinkStatus.UNSUPPORTED: "",
    LinkStatus.MISSING_FILE: "fix the path or create the file",
    LinkStatus.MISSING_ANCHOR: "link to an existing heading or anchor",
    LinkStatus.OUTSIDE_ROOT: "link to a file inside the notes folder",
    LinkStatus.EMAIL_AS_PATH: "write it as mailto:address",
}


def is_failure(status: LinkStatus, strict: bool = False) -> bool:
    """True when the status makes ``noteatlas check`` fail (exit 2)."""
    return status in FAILURES or (strict and status in WARNINGS)


def is_warning(status: LinkStatus, strict: bool = False) -> bool:
    """True when the status deserves a warning but does not fail the run."""
    return not strict and status in WARNINGS


# What a run without a network gets for every link it asked: nothing learned about the links.
_VOIDED = frozenset({LinkStatus.UNREACHABLE, LinkStatus.TIMEOUT})


class Place(Protocol):
    """One place in the notes that cites a target (``Occurrence`` or ``PlainOccurrence``)."""

    file: str
    line: int
    column: int
    target: str
    kind: str


class Answer(Protocol):
    """The answer for one target (``LinkResult`` or ``PlainResult``)."""

    url: str
    status: LinkStatus
    code: int | None
    detail: str
    hint: str
    final_url: str | None
    redirects: list[str]
    checked_at: float
    from_cache: bool

    @property
    def occurrences(self) -> Sequence[Place]: ...

    def fix_hint(self) -> str: ...

    def as_json(self) -> dict[str, Any]: ...


class ResultView:
    """The reading of one result, shared by ``LinkResult`` and ``PlainResult``."""

    __slots__ = ()
    if TYPE_CHECKING:  # fields of the classes that mix it in (not fields of a model here)
        hint: str
        status: LinkStatus
        final_url: str | None

    def fix_hint(self) -> str:
        """The hint to print: the result's own, else the status's usual one."""
        if self.hint:
            return self.hint
        if self.status is LinkStatus.REDIRECTED and self.final_url:
            return f"update the link to {self.final_url}"
        return HINTS.get(self.status, "")


class ReportView:
    """The reading of a report's results, shared by ``CheckReport`` and ``PlainReport``."""

    if TYPE_CHECKING:  # fields of the classes that mix it in (not fields of a model here)
        results: Sequence[Answer]
        strict: bool
        interrupted: bool
        base: str
        problems: list[str]
        no_network: str

    def _place(self, url: str) -> Place:
        """The place shown for a result cited nowhere."""
        return PlainOccurrence(file="", line=0, column=0, target=url)

    def path(self, occurrence: Place) -> str:
        """The occurrence's file as shown in reports (``base`` joined, POSIX separators)."""
        if not self.base or self.base in (".", "./"):
            return occurrence.file
        return f"{self.base.rstrip('/')}/{occurrence.file}"

    def voided(self, result: Answer) -> bool:
        """True when the "no network?" verdict leaves the result saying nothing about its link."""
        return bool(self.no_network) and result.status in _VOIDED and not result.from_cache

    def unchecked(self) -> list[Answer]:
        """Results voided by the "no network?" verdict: their links were not really checked."""
        return [r for r in self.results if self.voided(r)]

    def failures(self) -> list[Answer]:
        """Results that fail the check."""
        return [r for r in self.results if is_failure(r.status, self.strict) and not self.voided(r)]

    def warnings(self) -> list[Answer]:
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

    def severity(self, result: Answer) -> str:
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

    def by_file(self, *, include_ok: bool = False) -> dict[str, list[tuple[Any, Any]]]:
        """Occurrences grouped by file: files with failures first, then by path; in each file,
        failures, then warnings, then notices, each by line. Results without occurrences are
        grouped under ``""``. Fine and unchecked results only with ``include_ok``."""
        rank = {"error": 0, "warning": 1, "notice": 2, "unchecked": 3, "ok": 3}
        groups: dict[str, list[tuple[Any, Any]]] = {}
        for result in self.results:
            if not include_ok and self.severity(result) in ("ok", "unchecked"):
                continue
            places = result.occurrences or [self._place(result.url)]
            for occurrence in places:
                path = self.path(occurrence) if occurrence.file else ""
                groups.setdefault(path, []).append((occurrence, result))
        for items in groups.values():
            items.sort(key=lambda i: (rank[self.severity(i[1])], i[0].line, i[0].column, i[1].url))

        def file_key(path: str) -> tuple[int, str]:
            worst = min(rank[self.severity(r)] for _, r in groups[path])
            return (worst, path)

        return {path: groups[path] for path in sorted(groups, key=file_key)}


def exit_code(report: ReportView) -> int:
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


# --- plain forms (a check replayed from the caches: no model is built) ----------------------


class PlainOccurrence:
    """``Occurrence``'s fields as a plain object."""

    __slots__ = ("column", "file", "kind", "line", "target")

    def __init__(
        self, *, file: str, line: int, column: int = 1, target: str = "", kind: str = ""
    ) -> None:
        self.file, self.line, self.column, self.target, self.kind = file, line, column, target, kind

    def as_json(self) -> dict[str, Any]:
        """What ``Occurrence.model_dump(mode="json")`` gives."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "target": self.target,
            "kind": self.kind,
        }


class PlainResult(ResultView):
    """``LinkResult``'s fields as a plain object."""

    __slots__ = (
        "checked_at",
        "code",
        "detail",
        "final_url",
        "from_cache",
        "hint",
        "occurrences",
        "redirects",
        "status",
        "url",
    )

    def __init__(
        self,
        *,
        url: str,
        status: LinkStatus,
        code: int | None = None,
        detail: str = "",
        hint: str = "",
        final_url: str | None = None,
        redirects: list[str] | None = None,
        checked_at: float = 0.0,
        from_cache: bool = False,
        occurrences: list[PlainOccurrence] | None = None,
    ) -> None:
        self.url, self.status, self.code, self.detail, self.hint = url, status, code, detail, hint
        self.final_url, self.redirects = final_url, redirects or []
        self.checked_at, self.from_cache = checked_at, from_cache
        self.occurrences = occurrences or []

    def as_json(self) -> dict[str, Any]:
        """What ``LinkResult.model_dump(mode="json")`` gives."""
        return {
            "url": self.url,
            "status": self.status.value,
            "code": self.code,
            "detail": self.detail,
            "hint": self.hint,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "checked_at": self.checked_at,
            "from_cache": self.from_cache,
            "occurrences": [o.as_json() for o in self.occurrences],
        }


class PlainReport(ReportView):
    """``CheckReport``'s fields as a plain object."""

    def __init__(self, *, results: list[PlainResult], strict: bool = False, base: str = "") -> None:
        self.results = results
        self.strict = strict
        self.interrupted = False
        self.base = base
        self.problems: list[str] = []
        self.no_network = ""
