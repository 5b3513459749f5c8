"""Links from an output page back to the notes: relative paths, or a published base (``--link-base``).

Relative links (``../notes/02-NLP/词向量.md``) work wherever the output folder travels with the
notes, so they are portable only when it sits beside them: inside the corpus, or inside the folder
that holds it. A published site needs a base instead, in one of two forms:

- a path prefix: ``https://github.com/USER/REPO/blob/main/`` + ``02-NLP/%E8%AF%8D.md#heading``
  (each path segment percent-encoded, the heading slug as the fragment);
- a query value: ``obsidian://open?vault=NAME&file=`` + ``02-NLP%2F%E8%AF%8D.md`` (the whole path
  percent-encoded, ``/`` included, as Obsidian asks; no heading).

Only ``http``, ``https`` and ``obsidian`` bases are accepted: nothing a note says can turn a link
into ``javascript:`` or ``file:``. ``safe_href`` is the one test every page puts a link through.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from noteatlas.schema.errors import ConfigError

LINK_BASE_EXAMPLES = (
    "e.g. https://github.com/USER/REPO/blob/main/ or obsidian://open?vault=NAME&file="
)
"""Shown in help texts and error hints."""

# Characters a base may not contain even percent-encoded forms aside: they would end an HTML
# attribute or a Markdown link, or are not part of a URL at all.
_BAD_CHARS = re.compile(r"[\s\"'<>\\`{}|^\x00-\x1f\x7f]")


# The files graph/read reads as notes: only they get links.
_NOTE_SUFFIXES = (".md", ".markdown")
_WEB_SCHEMES = ("http", "https")
# A link to a note may also be an obsidian: URI, made only from a checked --link-base.
_NOTE_SCHEMES = ("http", "https", "obsidian")
# Whitespace (as str.isspace counts it: re's \s is the same test) or a backslash, which browsers
# read as "/" in http(s) URLs.
_SPACE_OR_BACKSLASH = re.compile(r"[\s\\]")
_NETLOC = re.compile(r"[^/?#]*")


def safe_href(url: str | None, *, notes: bool = False) -> str | None:
    """The URL when it may become a link, else None: an http(s) URL with a host; with ``notes``,
    also an ``obsidian://`` URI or a relative ``.md`` path (a link to a note).

    ``javascript:``, ``data:``, ``file:``, protocol-relative ``//host`` URLs, whitespace,
    backslashes, control characters and anything unparsable never become links.
    """
    if not url or not url.isprintable() or _SPACE_OR_BACKSLASH.search(url):
        return None
    schemes = _NOTE_SCHEMES if notes else _WEB_SCHEMES
    # The common shapes, answered as urlsplit would answer them, without its cost.
    if ":" not in url and not url.startswith("//"):
        if not notes:
            return None
        return url if url.split("#", 1)[0].split("?", 1)[0].lower().endswith(".md") else None
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in schemes:
        match = _NETLOC.match(rest)
        netloc = match.group() if match else ""
        if netloc.isascii() and "[" not in netloc and "]" not in netloc:
            host = netloc.rpartition("@")[2].partition(":")[0]
            return url if host else None
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme.lower() in schemes and hostname else None
    if not notes or url.startswith("//") or parts.netloc:
        return None
    return url if parts.path.lower().endswith(".md") else None


# Characters that would change what a relative URL means (or are invisible) get percent-encoded
# in a readable path; everything else (Chinese included) stays as written.
_URL_UNSAFE = frozenset('%#?:"<>\\^`{|}[] ')
_UNSAFE_CHAR = re.compile("[" + re.escape("".join(sorted(_URL_UNSAFE))) + "]")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8"))


def _encode_segment(segment: str) -> str:
    if segment.isprintable():  # no category C or Z character but the space, which is unsafe
        return _UNSAFE_CHAR.sub(_percent, segment)
    out: list[str] = []
    for ch in segment:
        if ch in _URL_UNSAFE or unicodedata.category(ch)[0] in "CZ":
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def _segments(path: str) -> list[str]:
    return [s for s in path.replace("\\", "/").split("/") if s not in ("", ".")]


def _readable_base(note_base: str) -> str:
    lead = "/" if note_base.startswith("/") else ""
    return lead + "".join(_encode_segment(s) + "/" for s in _segments(note_base))


def check_link_base(base: str) -> str:
    """The base as links will use it (a path prefix gets its final ``/``); ConfigError when it is
    not an http(s) URL with a host or an ``obsidian:`` URI ending in a query parameter."""
    hint = f"Pass an http(s) or obsidian: URL, {LINK_BASE_EXAMPLES}."
    if not base:
        raise ConfigError("The link base is empty.", hint)
    bad = _BAD_CHARS.search(base)
    if bad:
        raise ConfigError(
            f"The link base {base!r} contains {bad.group()!r}.",
            "Percent-encode it (a space is %20), " + LINK_BASE_EXAMPLES + ".",
        )
    try:
        parts = urlsplit(base)
    except ValueError as exc:
        raise ConfigError(f"The link base {base!r} is not a URL ({exc}).", hint) from None
    scheme = parts.scheme.lower()
    if parts.fragment or "#" in base:
        raise ConfigError(f"The link base {base!r} has a #fragment.", "Leave it out; " + hint)
    if scheme in ("http", "https"):
        if not parts.hostname:
            raise ConfigError(f"The link base {base!r} has no host.", hint)
        return base if base.endswith(("/", "=")) else base + "/"
    if scheme == "obsidian":
        if not base.endswith("="):
            raise ConfigError(
                f"The obsidian: link base {base!r} must end with the parameter the note path "
                "goes into.",
                "Use obsidian://open?vault=NAME&file= (the vault name percent-encoded).",
            )
        return base
    raise ConfigError(
        f"The link base {base!r} uses {parts.scheme + ':' if parts.scheme else 'no scheme'}; "
        "only http, https and obsidian are accepted.",
        hint,
    )


def sits_beside(root: Path, out_dir: Path) -> bool:
    """True when the output folder is inside the corpus or inside the folder that holds it, so
    relative links to the notes keep working when both are copied or published together."""
    corpus = Path(root).resolve()
    out = Path(out_dir).resolve()
    holder = corpus.parent
    # A corpus at the top of the file system has no folder of its own to share.
    return out.is_relative_to(corpus) or (holder != holder.parent and out.is_relative_to(holder))


def relative_base(root: Path, out_dir: Path) -> str:
    """The path from the output folder to the corpus root, ending in ``/`` (``../notes/``)."""
    rel = os.path.relpath(Path(root).resolve(), Path(out_dir).resolve())
    return Path(rel).as_posix().rstrip("/") + "/"


@dataclass(frozen=True)
class NoteLinks:
    """Makes the link to a note (and a heading in it) from an output page: the one ``note`` and
    ``href`` every page uses."""

    base: str | None = None
    """Relative path or checked base (see ``check_link_base``); None: no links to notes."""
    readable: bool = False
    """A relative path keeps its letters (``../笔记/词向量.md``), only what would change a URL's
    meaning encoded (the explorer); else every non-ASCII character is percent-encoded too (the
    mind map). A published base is always fully encoded."""

    @classmethod
    def choose(
        cls, note_base: str = "", link_base: str = "", *, readable: bool = False
    ) -> NoteLinks:
        """``link_base`` (checked) when given, else the relative ``note_base``; no links without
        either."""
        if link_base:
            return cls(check_link_base(link_base))
        if not note_base:
            return cls(None, readable)
        if readable:
            return cls(_readable_base(note_base), readable=True)
        if not note_base.endswith("/"):
            note_base += "/"
        # A folder named "My Vault" or "笔记#1" is a path, not URL syntax: encode it as one.
        return cls(quote(note_base, safe="/"))

    @property
    def in_query(self) -> bool:
        """True when the path goes into a query value (``...&file=``), not after a prefix."""
        return self.base is not None and self.base.endswith("=")

    def quote_path(self, path: str) -> str:
        """The corpus-relative path as this base needs it encoded (done once per note)."""
        if self.readable:
            return "/".join(map(_encode_segment, _segments(path)))
        return quote(path, safe="" if self.in_query else "/")

    def href(self, quoted_path: str, slug: str = "") -> str | None:
        """Link to a note whose path ``quote_path`` encoded; None without a base. A query-form
        base has no place for a heading, so the link goes to the note."""
        if self.base is None:
            return None
        if slug and not self.in_query:
            return f"{self.base}{quoted_path}#{quote(slug)}"
        return self.base + quoted_path

    def note(self, path: str, slug: str = "") -> str | None:
        """``href`` of a plain corpus-relative path; None for a file that is not a note (an
        image)."""
        if not path.lower().endswith(_NOTE_SUFFIXES):
            return None
        return self.href(self.quote_path(path), slug)


__all__ = [
    "LINK_BASE_EXAMPLES",
    "NoteLinks",
    "check_link_base",
    "relative_base",
    "safe_href",
    "sits_beside",
]
