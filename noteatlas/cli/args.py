"""The parser's shared parts: the parser class, its fixed-width help, and options several commands
take. Each command module adds its own subparser (``add_parsers``) next to its handler."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TextIO, TypeAlias

#: A command: parsed arguments, stdout, stderr -> exit code.
Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


#: shtab's completion hints (``shtab.FILE``, ``shtab.DIRECTORY``) spelled out, so that only
#: ``noteatlas completion`` imports shtab.
FILES = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f"}
FOLDERS = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/", "tcsh": "d"}


def completes(action: argparse.Action, hint: dict[str, str]) -> argparse.Action:
    """Tell shell completion what an argument takes (``FILES`` or ``FOLDERS``)."""
    action.complete = hint  # type: ignore[attr-defined]  # read by shtab
    return action


class UsageError(Exception):
    """Bad command-line usage."""


class _Formatter(argparse.HelpFormatter):
    # A fixed width, so --help reads the same everywhere and the README can quote it.
    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=100, max_help_position=32)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            # argparse measures command names without the indent they are printed with, so a
            # long one ("completion") would push its help onto a line of its own.
            longest = max((len(a.dest) for a in action._get_subactions()), default=0)
            needed = longest + self._current_indent + self._indent_increment
            self._action_max_length = max(self._action_max_length, needed)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # Texts with line breaks (the exit-code table) are laid out already.
        return text if "\n" in text else super()._fill_text(text, width, indent)


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` Did you mean 'build'?`` for the closest candidate, or ``""``."""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises ``UsageError`` instead of exiting, with fixed-width help
    and a suggestion for a mistyped command, choice or option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments: ") and "Did you mean" not in message:
            unknown = message.removeprefix("unrecognized arguments: ").split()
            flag = next((a for a in unknown if a.startswith("-")), None)
            if flag is not None:
                name = flag.split("=", 1)[0]
                owners = self._commands_with(name)
                if owners:  # right flag, wrong command: "stats -i DIR" (show takes -i)
                    message += (f". {name} is an option of {', '.join(owners)}, not of this "
                                "command; see its --help")  # fmt: skip
                else:
                    message += "." + _did_you_mean(name, self._option_strings())
        raise UsageError(f"{message}\n{self.format_usage().strip()}")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        try:
            super()._check_value(action, value)
        except argparse.ArgumentError as exc:
            hint = _did_you_mean(str(value), map(str, action.choices or ()))
            if not hint or "did you mean" in str(exc).lower():  # Python 3.14 suggests too
                raise
            raise argparse.ArgumentError(
                action, f"invalid choice: {value!r}.{hint} (choose from {_listed(action)})"
            ) from None

    def _commands_with(self, option: str) -> list[str]:
        """The subcommands that take ``option`` (sorted)."""
        return sorted(
            name
            for action in self._actions
            if isinstance(action, argparse._SubParsersAction)
            for name, sub in action.choices.items()
            if option in sub._option_string_actions
        )

    def _option_strings(self) -> set[str]:
        """Every option of this parser and of its subcommands."""
        found = set(self._option_string_actions)
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found |= set(sub._option_string_actions)
        return found


def _listed(action: argparse.Action) -> str:
    return ", ".join(repr(c) for c in action.choices or ())


#: What ``add_parsers`` receives (a string: argparse's class is not subscriptable at run time).
Subparsers: TypeAlias = "argparse._SubParsersAction[Parser]"


def add_timings(p: argparse.ArgumentParser) -> None:
    """``--timings``."""
    p.add_argument(
        "--timings",
        action="store_true",
        help="print how long each stage took (to standard error), even with -q",
    )


def add_build_options(p: argparse.ArgumentParser) -> None:
    """Options of every command that may build an atlas from a folder."""
    completes(
        p.add_argument(
            "--config",
            type=Path,
            help="config file (default: noteatlas.toml or pyproject.toml in PATH)",
        ),
        FILES,
    )
    p.add_argument(
        "--no-builtin-vocabulary",
        action="store_true",
        help="do not use the built-in concept vocabulary",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="worker processes for per-note work (default: CPUs)",
    )
    p.add_argument(
        "--no-build-cache",
        action="store_true",
        help="neither read nor write the incremental cache under PATH/.noteatlas/",
    )


def add_source(p: argparse.ArgumentParser) -> None:
    """Where a query reads its atlas from, and ``--json``."""
    completes(
        p.add_argument(
            "-i",
            "--in",
            dest="path",
            metavar="PATH",
            default=None,
            help="atlas.json or folder of notes (default: $NOTEATLAS_ATLAS, else site/atlas.json, "
            "else .)",
        ),
        FILES,
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_build_options(p)


__all__ = [
    "FILES",
    "FOLDERS",
    "Handler",
    "Parser",
    "Subparsers",
    "UsageError",
    "add_build_options",
    "add_source",
    "add_timings",
    "completes",
]
