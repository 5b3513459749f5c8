"""Exit codes of the ``noteatlas`` command, one table for every command and the link checker."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """What the process's exit status means."""

    OK = 0
    """Done; nothing broken."""
    RUNTIME = 1
    """The command could not do its work (unreadable corpus, output error, not found, `check`
    without network ...)."""
    BROKEN = 2
    """``check`` found a broken reference (with ``--strict``, also a blocked, unreachable or
    timed-out one)."""
    CONFIG = 3
    """Bad configuration (``noteatlas.toml``, ``[tool.noteatlas]``, an option's value)."""
    USAGE = 64
    """Bad command-line usage: an unknown command or option, a missing argument (sysexits'
    EX_USAGE), apart from 2 so that CI can tell a mistyped flag from broken links."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (128 + SIGINT, as shells report it)."""


#: One line per code, for ``--help`` and the README.
EXIT_HELP: dict[Exit, str] = {
    Exit.OK: "done; nothing broken",
    Exit.RUNTIME: "runtime error (unreadable notes or output, nothing found, no network ...)",
    Exit.BROKEN: "check found broken references",
    Exit.CONFIG: "bad configuration or option value",
    Exit.USAGE: "bad command-line usage (unknown command or option, missing argument)",
    Exit.INTERRUPTED: "interrupted (Ctrl-C)",
}


def exit_codes_text() -> str:
    """The exit-code table as ``--help`` prints it."""
    return "exit codes:\n" + "\n".join(f"  {int(c):<4}{text}" for c, text in EXIT_HELP.items())


__all__ = ["EXIT_HELP", "Exit", "exit_codes_text"]
