"""Values that cross stages: what reading and extracting one note gives the rest of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

from noteatlas.schema.diagnostics import Diagnostic
from noteatlas.schema.document import NoteExtract
from noteatlas.schema.sightings import Sighting


@dataclass(frozen=True)
class NoteResult:
    """What one note gives: how it was read and what was found in it (None when skipped)."""

    path: str
    """Corpus-relative path."""
    sha256: str
    """Digest of the file's bytes ("" when it could not be read)."""
    encoding: str
    """Encoding it was decoded from."""
    repairs: list[str]
    """What decoding had to repair."""
    extract: NoteExtract | None
    """What the extract stage found; None when the file was skipped."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Problems found reading and extracting it."""
    sightings: tuple[Sighting, ...] | None = None
    """Where the note shows terms to be concepts, and years it gives (None: not read yet)."""
