"""Link-check results as values: what a reference leads to, and where it is cited."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from noteatlas.schema.kinds import LinkStatus as LinkStatus  # re-exported: results speak in it

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


class Occurrence(BaseModel):
    """One place in the notes that cites a target."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    """Corpus-relative POSIX path of the note."""
    line: int
    """1-based line."""
    column: int = 1
    """1-based column where the reference starts."""
    target: str = ""
    """The target exactly as written (before normalisation)."""
    kind: str = ""
    """How it was written (a ``RefKind`` value such as ``inline`` or ``wikilink``)."""

    def where(self) -> str:
        """``file:line:col`` as editors and compilers print it."""
        return f"{self.file}:{self.line}:{self.column}"


class LinkResult(BaseModel):
    """The answer for one target (an external URL or a local reference)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    """The URL (fragment included when fragments are checked) or the local target checked."""
    status: LinkStatus
    """What was found."""
    code: int | None = None
    """Last HTTP status code, when there was a response."""
    detail: str = ""
    """Why: ``HTTP 404 Not Found``, ``connection refused``, ``anchor #x not found`` ..."""
    hint: str = ""
    """What to do, when more specific than the status's usual hint."""
    final_url: str | None = None
    """Where the redirects ended, when there were any."""
    redirects: list[str] = Field(default_factory=list)
    """Each URL the redirects went through, in order, ending with the final one."""
    checked_at: float = 0.0
    """Unix time of the check (from the cache, the time it was first learned)."""
    from_cache: bool = False
    """True when the answer comes from the cache, not from the network."""
    occurrences: list[Occurrence] = Field(default_factory=list)
    """The places that cite this target."""

    def fix_hint(self) -> str:
        """The hint to print: the result's own, else the status's usual one."""
        if self.hint:
            return self.hint
        if self.status is LinkStatus.REDIRECTED and self.final_url:
            return f"update the link to {self.final_url}"
        return HINTS.get(self.status, "")


@dataclass
class Collected:
    """Local results, and the external URLs still to check with where they are cited."""

    local: list[LinkResult] = field(default_factory=list)
    external: dict[str, list[Occurrence]] = field(default_factory=dict)
