"""Per-note work: read and extract every note. Independent per file, so it can run in a pool."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from noteatlas.graph.extract import extract
from noteatlas.graph.read import read_note
from noteatlas.schema import Diagnostic, NoteExtract, SourceFile


@dataclass(frozen=True)
class NoteResult:
    """What one note gives: how it was read and what was found in it (None when skipped)."""

    path: str
    sha256: str
    encoding: str
    repairs: list[str]
    extract: NoteExtract | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def scan_note(root: Path, rel: str) -> NoteResult:
    """Read and extract one note. Never raises for bad input: problems become diagnostics."""
    source = read_note(root, rel)
    if isinstance(source, Diagnostic):
        return NoteResult(rel, "", "", [], None, [source])
    return result_from_source(source)


def result_from_source(source: SourceFile) -> NoteResult:
    """Extract a decoded note."""
    found = extract(source)
    return NoteResult(
        path=source.path,
        sha256=source.sha256,
        encoding=source.encoding,
        repairs=list(source.repairs),
        extract=found,
        diagnostics=[*source.diagnostics, *found.diagnostics],
    )


Progress = Callable[[int], None]


def scan_notes(
    root: Path, paths: Sequence[str], *, progress: Progress | None = None
) -> list[NoteResult]:
    """Scan notes in order; ``progress`` is called with the number of notes done so far."""
    results: list[NoteResult] = []
    for i, rel in enumerate(paths, 1):
        results.append(scan_note(root, rel))
        if progress:
            progress(i)
    return results
