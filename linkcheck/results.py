"""Link-check results as values: what a reference leads to, and where it is cited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from noteatlas.linkcheck.verdicts import (
    CACHEABLE,
    FAILURES,
    HINTS,
    TRANSIENT,
    WARNINGS,
    ResultView,
    is_failure,
    is_warning,
)
from noteatlas.schema.kinds import LinkStatus


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

    def as_json(self) -> dict[str, Any]:
        """The fields as JSON values."""
        return self.model_dump(mode="json")


class LinkResult(ResultView, BaseModel):
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

    def as_json(self) -> dict[str, Any]:
        """The fields as JSON values (what the JSON report holds for each target)."""
        return self.model_dump(mode="json")


@dataclass
class Collected:
    """Local results, and the external URLs still to check with where they are cited."""

    local: list[LinkResult] = field(default_factory=list)
    external: dict[str, list[Occurrence]] = field(default_factory=dict)


__all__ = [  # the statuses' meanings live in ``verdicts``; results speak in them
    "CACHEABLE",
    "FAILURES",
    "HINTS",
    "TRANSIENT",
    "WARNINGS",
    "Collected",
    "LinkResult",
    "LinkStatus",
    "Occurrence",
    "is_failure",
    "is_warning",
]
