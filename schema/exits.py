"""Exit codes of the ``noteatlas`` command, one table for every command and the link checker."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """What the process's exit status means."""

    OK = 0
    """Done; nothing broken."""
    RUNTIME = 1
    """The command could not do its work (unreadable corpus, output error, not found ...)."""
    BROKEN = 2
    """``check`` found a broken reference (with ``--strict``, also a blocked or timed-out one)."""
    CONFIG = 3
    """Bad configuration (``noteatlas.toml``, ``[tool.noteatlas]``, an option's value)."""
    USAGE = 2
    """Bad command-line usage (an unknown option or command)."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C."""


__all__ = ["Exit"]
