"""Exceptions for what really stops the program. Problems in notes are Diagnostics, not exceptions.

NoteatlasError
 ├── ConfigError        bad configuration file or option (CLI exit 3)
 ├── OutputError        output folder cannot be written (CLI exit 1)
 ├── InputError         corpus path missing or not a folder, unreadable atlas.json (CLI exit 1)
 └── NotFoundError      a concept or node asked for by name does not exist (CLI exit 1)
"""

from __future__ import annotations

#: The most characters of a user's input an error message quotes.
SHOWN_CHARS = 60


class NoteatlasError(Exception):
    """Base class. ``hint`` says what to do about it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ConfigError(NoteatlasError):
    """A configuration value or file is invalid."""


class OutputError(NoteatlasError):
    """An output cannot be written."""


class InputError(NoteatlasError):
    """The corpus or atlas file cannot be used."""


class NotFoundError(NoteatlasError, LookupError):
    """A name does not match any node. ``candidates`` holds close matches."""

    def __init__(self, message: str, hint: str = "", candidates: list[str] | None = None) -> None:
        super().__init__(message, hint)
        self.candidates = candidates or []


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """What the user gave, quoted for a message and cut to ``limit`` characters: an error never
    echoes a 100 KB argument. Control characters come out escaped (``repr``)."""
    text = str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text)} characters)"
