"""``completion``: a shell completion script, written by shtab from the parser itself.

shtab writes a static script once, so a TAB costs no Python start-up and ``noteatlas`` never
imports a completion library while it runs (argcomplete would start noteatlas on every TAB).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from noteatlas.cli.args import Subparsers
from noteatlas.schema.exits import Exit

SHELLS = ("bash", "zsh", "tcsh")

_INSTALL = """\
Install it once, e.g.
  bash:  noteatlas completion bash > ~/.local/share/bash-completion/completions/noteatlas
  zsh:   noteatlas completion zsh > ~/.zfunc/_noteatlas   (with fpath+=(~/.zfunc) in ~/.zshrc)
  tcsh:  noteatlas completion tcsh > ~/.noteatlas.tcsh   (and `source` it in ~/.tcshrc)
"""


def add_parsers(sub: Subparsers) -> None:
    """``completion``."""
    p = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or tcsh)",
        description="Print a completion script for the shell. " + _INSTALL,
    )
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    p.set_defaults(handler=_cmd_completion)


def _cmd_completion(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import shtab

    # The whole command's parser, handed over by main(): this module is one of its parts.
    out.write(shtab.complete(args.root_parser, shell=args.shell))
    return Exit.OK


__all__ = ["SHELLS", "add_parsers"]
