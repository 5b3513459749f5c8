"""Regenerate the CLI reference in README.md from ``noteatlas <command> --help`` (make readme)."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from noteatlas.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- help:(\S*) -->\n```text\n)(.*?)(```)", re.S)


def help_text(command: str) -> str:
    """What ``noteatlas [command] --help`` prints."""
    out = io.StringIO()
    main([*([command] if command else []), "--help"], out, io.StringIO())
    return out.getvalue()


def main_() -> int:
    """Rewrite every help block; exit 1 when README.md changed (useful in CI)."""
    text = README.read_text(encoding="utf-8")
    new = BLOCK.sub(lambda m: m.group(1) + help_text(m.group(2)) + m.group(4), text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md: CLI reference updated")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main_())
