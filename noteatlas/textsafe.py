"""Strings from notes (file names, link targets, titles, front matter values) made safe for the
text outputs: terminals and CI logs, Markdown read by a CommonMark viewer, GitHub workflow
commands, CSV and XML.

The one rule under all of them: no control character reaches an output raw. A file named
``x\\n::error file=README.md::INJECTED\\n.md`` would otherwise start a line of a CI log with a
workflow command of its own, and an escape sequence would rewrite the terminal. Control
characters are shown the way Python writes them in a string (``\\n``, ``\\x1b``, ``\\u2028``).
Besides Unicode's control characters (Cc) this covers the line and paragraph separators (some
readers break lines on them) and the bidirectional overrides (which reorder what a reader sees).
"""

from __future__ import annotations

import re

_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What can start markup or raw HTML in the middle of a line (or end a heading: ``#``).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$#!])")
_BACKTICKS = re.compile("`+")
_GITHUB_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_GITHUB_PROPERTY = {**_GITHUB_DATA, ":": "%3A", ",": "%2C"}


def _shown(char: str) -> str:
    named = _NAMED.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character written out (``\\n``, ``\\x1b``): one line, and
    nothing a terminal or log reader would act on."""
    return _CONTROL.sub(lambda m: _shown(m.group()), text)


def log_line(text: str) -> str:
    """``printable(text)`` for the start of a log line: a leading ``::`` (a GitHub workflow
    command) is written ``\\::``, so a file named ``::error x.md`` reads as a name."""
    text = printable(text)
    return "\\" + text if text.lstrip().startswith("::") else text


def md_text(text: str) -> str:
    """Plain text inside Markdown (a table cell, a heading, a list item): one line, every
    punctuation mark that could start markup or raw HTML backslash-escaped (CommonMark renders
    ``\\<`` as ``<``), control characters written out. A viewer shows ``text`` as written,
    whitespace runs as one space."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(text.split())))


def md_code(text: str) -> str:
    """``text`` as a Markdown code span safe in a table cell: fenced with more backticks than
    it holds, ``|`` escaped (GFM splits cells before reading code spans), control characters
    written out. Code spans show HTML as text."""
    text = printable(text).replace("|", "\\|")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def github_data(text: str) -> str:
    """The message of a GitHub workflow command, escaped by GitHub's rules (``%25 %0D %0A``);
    other control characters written out."""
    escaped = "".join(_GITHUB_DATA.get(char, char) for char in text)
    return printable(escaped)


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``): GitHub's rules for data
    plus ``%3A`` and ``%2C``, so a value cannot end the property list or start a command."""
    escaped = "".join(_GITHUB_PROPERTY.get(char, char) for char in text)
    return printable(escaped)


__all__ = ["github_data", "github_property", "log_line", "md_code", "md_text", "printable"]
