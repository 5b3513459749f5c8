"""Diagnostics: problems in the input reported as values, never raised."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from noteatlas.schema.kinds import Severity


class Diagnostic(BaseModel):
    """One problem found in the corpus: where, what, and what to do about it."""

    model_config = ConfigDict(frozen=True)

    severity: Severity
    """How bad it is."""
    code: str
    """Stable, kebab-case identifier such as ``encoding-legacy`` or ``link-unresolved``."""
    file: str | None = None
    """Corpus-relative POSIX path of the file, or None for corpus-wide problems."""
    line: int | None = None
    """1-based line in the original file."""
    message: str
    """What is wrong, naming the bad value."""
    hint: str = ""
    """What the user can do about it."""

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        """Order for reports and JSON: by file, line, code, message (then severity and hint, so
        that no two diagnostics tie and a set's order never shows)."""
        return (self.file or "", self.line or 0, self.code, self.message, self.severity.value,
                self.hint)  # fmt: skip

    def format(self) -> str:
        """``file:line: severity[code] message (hint)`` as a compiler would print it."""
        where = self.file or "<corpus>"
        if self.line:
            where += f":{self.line}"
        text = f"{where}: {self.severity.value}[{self.code}] {self.message}"
        return f"{text} — {self.hint}" if self.hint else text
