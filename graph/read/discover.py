"""The read stage: find the notes of a corpus and turn each one's bytes into text.

Nothing outside the corpus root is ever read: symlinks are followed only while their target stays
inside the root, and ``read_note`` refuses any path that resolves elsewhere.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from noteatlas.graph.read.cost import NOTE_MEMORY_BUDGET, note_cost
from noteatlas.graph.read.decode import decode, normalize_newlines
from noteatlas.schema import Diagnostic, SourceFile
from noteatlas.schema.codes import diagnostic
from noteatlas.schema.errors import InputError
from noteatlas.schema.layout import OUTPUT_MARKER

__all__ = [
    "MAX_NOTE_BYTES",
    "NOTE_SUFFIXES",
    "Corpus",
    "decode",
    "discover",
    "normalize_newlines",
    "read_note",
    "safe_path",
]

NOTE_SUFFIXES = (".md", ".markdown")
"""File name endings (any case) that make a file a note."""

MAX_NOTE_BYTES = 64 * 1024 * 1024
"""Notes larger than this are skipped with a diagnostic instead of being read into memory."""


@dataclass(frozen=True)
class Corpus:
    """What discovery found under a root: the notes, every linkable file and folder, and problems."""

    root: Path
    """Resolved absolute root."""
    notes: list[str]
    """Sorted corpus-relative POSIX paths of ``*.md`` / ``*.markdown`` files, each note once."""
    files: frozenset[str]
    """Every non-hidden, non-excluded regular file (notes and symlinked aliases included)."""
    dirs: frozenset[str]
    """Every non-hidden, non-excluded directory (the root itself, ``""``, is not included)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Skipped symlinks, unreadable folders ..."""


def discover(root: Path, exclude: Sequence[str] = ()) -> Corpus:
    """Walk ``root`` in sorted order and list its notes, files and folders.

    ``exclude`` holds ``.gitignore``-style patterns (``drafts/``, ``*.tmp.md``, ``private/**``,
    ``/top-only.md``, ``!keep.md``). As in git, a file inside an excluded folder cannot be
    re-included. Names starting with ``.`` (``.git``, ``.obsidian``, the caches) are always
    skipped, and so are noteatlas's output folders (those holding ``OUTPUT_MARKER``).
    A note reachable both directly and through a symlink is listed once, under its real path.
    Raises InputError when ``root`` is not a folder.
    """
    real_root = root.expanduser().resolve()
    if not real_root.is_dir():
        raise InputError(
            f"Corpus folder {root} does not exist or is not a folder.",
            "Pass the folder that holds your Markdown notes.",
        )
    walker = _Walker(real_root, _Excluder(exclude))
    walker.walk(str(real_root), "", (str(real_root),))
    return Corpus(
        root=real_root,
        notes=walker.notes(),
        files=frozenset(walker.files),
        dirs=frozenset(walker.dirs),
        diagnostics=walker.diagnostics,
    )


def safe_path(root: Path, rel: str) -> Path | None:
    """``root/rel`` resolved, or None when it would leave the root (``..``, absolute, symlink)."""
    if not rel:
        return root.resolve()
    if "\x00" in rel or rel.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", rel):
        return None  # absolute, POSIX or Windows
    real_root = root.resolve()
    try:
        target = (real_root / rel).resolve()
    except (OSError, RuntimeError, ValueError):  # symlink loops, names the OS rejects
        return None
    return target if target.is_relative_to(real_root) else None


def read_note(root: Path, rel: str) -> SourceFile | Diagnostic:
    """Read and decode ``root/rel``; a Diagnostic when it is outside the root or unreadable."""
    path = safe_path(root, rel)
    if path is None:
        return diagnostic("outside-root", rel, path=rel)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return diagnostic("read-error", rel, variant="not-a-file", path=rel)
        if info.st_size > MAX_NOTE_BYTES:
            return diagnostic(
                "file-too-large", rel, path=rel, size=info.st_size, limit=MAX_NOTE_BYTES
            )
        data = path.read_bytes()
        cost = note_cost(data)
        if cost.memory > NOTE_MEMORY_BUDGET:
            return diagnostic(
                "note-too-costly", rel, path=rel, estimate_mb=cost.memory >> 20, size=cost.size,
                borders=cost.borders, links=cost.links, limit_mb=NOTE_MEMORY_BUDGET >> 20,
            )  # fmt: skip
    except OSError as exc:
        return diagnostic("read-error", rel, path=rel, problem=exc.strerror or exc)
    return decode(data, rel)


class _Walker:
    """Depth-first walk that records what it finds; one instance per ``discover`` call."""

    def __init__(self, root: Path, excluder: _Excluder) -> None:
        self.root = str(root)
        self.excluder = excluder
        self.files: set[str] = set()
        self.dirs: set[str] = set()
        self.diagnostics: list[Diagnostic] = []
        self._notes: dict[str, str | None] = {}  # rel -> real rel when reached through a symlink

    def walk(self, folder: str, rel: str, stack: tuple[str, ...], via_link: bool = False) -> None:
        """List ``folder`` (real path ``stack[-1]``), then descend into its sub-folders."""
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.diagnostics.append(
                diagnostic("read-error", rel or ".", variant="folder", problem=exc.strerror or exc)
            )
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = f"{rel}/{entry.name}" if rel else entry.name
            self._visit(entry, child, stack, via_link)

    def _visit(
        self, entry: os.DirEntry[str], rel: str, stack: tuple[str, ...], via_link: bool
    ) -> None:
        try:
            link = entry.is_symlink()
            if link:
                real = self._link_target(entry.path, rel)
                if real is None:
                    return
                mode = os.stat(real).st_mode
            else:
                real = os.path.join(stack[-1], entry.name)
                mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            self.diagnostics.append(
                diagnostic("read-error", rel, variant="stat", problem=exc.strerror or exc)
            )
            return
        is_dir = stat.S_ISDIR(mode)
        if self.excluder.excluded(rel, is_dir):
            return
        if is_dir and os.path.lexists(os.path.join(real, OUTPUT_MARKER)):
            return  # noteatlas's own outputs (mindmap.mm.md, links.md ...) are not notes
        if is_dir:
            if real in stack:
                self.diagnostics.append(diagnostic("symlink-loop", rel, path=rel))
                return
            self.dirs.add(rel)
            self.walk(entry.path, rel, (*stack, real), via_link or link)
        elif stat.S_ISREG(mode):
            self.files.add(rel)
            if rel.lower().endswith(NOTE_SUFFIXES):
                linked = via_link or link
                self._notes[rel] = _relative(real, self.root) if linked else None

    def _link_target(self, path: str, rel: str) -> str | None:
        """The symlink's real target inside the root, or None (with a diagnostic) if unusable."""
        try:
            real = os.path.realpath(path, strict=True)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.diagnostics.append(diagnostic("symlink-loop", rel, variant="loops", path=rel))
            else:
                target = os.readlink(path) if os.path.islink(path) else "?"
                self.diagnostics.append(diagnostic("symlink-broken", rel, path=rel, target=target))
            return None
        if not (real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)):
            self.diagnostics.append(diagnostic("symlink-outside-root", rel, path=rel, real=real))
            return None
        if real != self.root and self._hidden_or_excluded(_relative(real, self.root), real):
            self.diagnostics.append(diagnostic("symlink-skipped", rel, path=rel))
            return None
        return real

    def _hidden_or_excluded(self, target: str, real: str) -> bool:
        """Whether a link target inside the root is one the walk itself would skip."""
        parts = target.split("/")
        is_dir = os.path.isdir(real)
        for k, part in enumerate(parts):
            inner = k < len(parts) - 1
            if part.startswith(".") or self.excluder.excluded(
                "/".join(parts[: k + 1]), inner or is_dir
            ):
                return True
        return False

    def notes(self) -> list[str]:
        """Sorted notes; a symlinked alias is dropped when its real file is a note of its own."""
        direct = {rel for rel, real in self._notes.items() if real is None}
        kept: list[str] = []
        seen_real: set[str] = set()
        for rel in sorted(self._notes):
            real = self._notes[rel]
            if real is not None and (real in direct or real in seen_real):
                continue
            if real is not None:
                seen_real.add(real)
            kept.append(rel)
        return kept


def _relative(real: str, root: str) -> str:
    return Path(os.path.relpath(real, root)).as_posix()


class _Excluder:
    """``.gitignore``-style matching: the last pattern that matches a path decides."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.rules = [rule for p in patterns if (rule := _compile(p)) is not None]

    def excluded(self, rel: str, is_dir: bool) -> bool:
        """Whether ``rel`` (a POSIX path relative to the root) is excluded."""
        result = False
        for regex, negate, dir_only in self.rules:
            if (is_dir or not dir_only) and regex.fullmatch(rel):
                result = not negate
        return result


def _compile(pattern: str) -> tuple[re.Pattern[str], bool, bool] | None:
    """One gitignore line as (regex, negated, folders only); None for blanks and comments."""
    text = pattern.strip()
    if not text or text.startswith("#"):
        return None
    negate = text.startswith("!")
    if negate:
        text = text[1:]
    dir_only = text.endswith("/")
    text = text.rstrip("/")
    anchored = "/" in text
    text = text.lstrip("/")
    if not text:
        return None
    body = _translate(text)
    prefix = "" if anchored else "(?:.*/)?"
    try:
        regex = re.compile(prefix + body)
    except re.error:  # a malformed class such as [z-a]: match the pattern literally
        regex = re.compile(prefix + re.escape(text))
    return regex, negate, dir_only


def _translate(glob: str) -> str:
    """Glob to regex: ``*`` and ``?`` stay within a path segment, ``**`` crosses segments."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        ch = glob[i]
        if glob.startswith("**/", i) and (i == 0 or glob[i - 1] == "/"):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i) and i + 2 == n and (i == 0 or glob[i - 1] == "/"):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[" and (close := glob.find("]", i + 2)) != -1:
            inner = glob[i + 1 : close]
            negated = inner[0] in "!^"
            inner = inner[1:] if negated else inner
            out.append(f"[{'^/' if negated else ''}{_class_body(inner)}]")
            i = close + 1
        elif ch == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


def _class_body(inner: str) -> str:
    """Escape a glob class body for ``re``; a ``-`` between two characters stays a range."""
    out: list[str] = []
    for k, ch in enumerate(inner):
        is_range = ch == "-" and 0 < k < len(inner) - 1 and "-" not in (inner[k - 1], inner[k + 1])
        out.append("-" if is_range else re.escape(ch))
    return "".join(out)
