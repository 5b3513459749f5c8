"""Resolve what a reference points at: a note, a file, a folder, an anchor, a URL, or nothing.

Internal targets resolve the way GitHub and Obsidian do: relative to the note, root-relative,
percent-encoded, with case and full-width variants as a fallback; wikilinks by path suffix, file
name or note title. Nothing here touches the file system: the corpus listing and the headings of
every note are handed in, so the build and the link checker agree on every answer.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import unquote

from noteatlas.graph.identify.urls import NormalizedUrl, normalize_url
from noteatlas.schema import Reference, RefKind

NOTE_SUFFIXES = (".md", ".markdown")

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_EMAIL = re.compile(r"^[^\s/@]+@[^\s/@]+\.[A-Za-z]{2,}$")
_DOMAIN = re.compile(
    r"^(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|io|cn|edu|ai|dev|co|me|info)(?:/.*)?$"
)
_UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})


class Outcome(StrEnum):
    """What a reference turned out to point at."""

    NOTE = "note"  # a Markdown note of the corpus
    FILE = "file"  # another file of the corpus (image, pdf ...)
    DIR = "dir"  # a folder of the corpus
    SAME_PAGE = "same_page"  # only an anchor: ``#section``
    EXTERNAL = "external"  # an http(s) URL
    MAILTO = "mailto"  # a well-formed mailto: link
    EMAIL_AS_PATH = "email_as_path"  # an e-mail address written as a local link
    MISSING_SCHEME = "missing_scheme"  # ``www.example.com`` written as a local link
    UNSAFE = "unsafe"  # javascript:, data:, vbscript:
    OUTSIDE_ROOT = "outside_root"  # leaves the corpus (``../../etc/passwd``, ``file:///``)
    UNSUPPORTED = "unsupported"  # another scheme (ftp:, zotero:, obsidian: ...)
    MISSING = "missing"  # an internal target that does not exist
    EMPTY = "empty"  # an empty target


@dataclass(frozen=True)
class Resolution:
    """The answer for one reference."""

    outcome: Outcome
    path: str | None = None
    """Resolved corpus path for note/file/dir, or the path looked for when missing."""
    anchor: str | None = None
    """Decoded fragment (``#...``) or wikilink heading, when there is one."""
    anchor_found: bool | None = None
    """Whether the anchor exists in the target note; None when not checkable."""
    url: NormalizedUrl | None = None
    """Normalised URL for external targets."""
    variant: bool = False
    """True when the match needed case or width folding."""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong with the reference locally."""
        if self.outcome in (Outcome.NOTE, Outcome.FILE, Outcome.DIR, Outcome.SAME_PAGE):
            return self.anchor_found is not False
        return self.outcome in (Outcome.EXTERNAL, Outcome.MAILTO)


def path_key(text: str) -> str:
    """Case- and width-insensitive key (NFKC + casefold), used for every fallback match."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass
class CorpusIndex:
    """Everything the resolver needs to know about the corpus, built once per build."""

    files: frozenset[str]
    dirs: frozenset[str]
    anchors: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Note path -> folded heading slugs, heading texts and explicit anchors."""
    titles: Mapping[str, str] = field(default_factory=dict)
    """Note path -> title."""
    _folded_files: dict[str, list[str]] = field(default_factory=dict, init=False)
    _folded_dirs: dict[str, list[str]] = field(default_factory=dict, init=False)
    _by_name: dict[str, list[str]] = field(default_factory=dict, init=False)
    _by_title: dict[str, list[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        folded_files: dict[str, list[str]] = defaultdict(list)
        by_name: dict[str, list[str]] = defaultdict(list)
        for path in sorted(self.files):
            folded_files[path_key(path)].append(path)
            name = posixpath.basename(path)
            by_name[path_key(name)].append(path)
            stem, ext = posixpath.splitext(name)
            if ext.lower() in NOTE_SUFFIXES:
                by_name[path_key(stem)].append(path)
        folded_dirs: dict[str, list[str]] = defaultdict(list)
        for d in sorted(self.dirs):
            folded_dirs[path_key(d)].append(d)
        by_title: dict[str, list[str]] = defaultdict(list)
        for path, title in sorted(self.titles.items()):
            by_title[path_key(title.strip())].append(path)
        self._folded_files = dict(folded_files)
        self._folded_dirs = dict(folded_dirs)
        self._by_name = dict(by_name)
        self._by_title = dict(by_title)

    @classmethod
    def build(
        cls,
        files: Iterable[str],
        dirs: Iterable[str],
        anchors: Mapping[str, Iterable[str]] | None = None,
        titles: Mapping[str, str] | None = None,
    ) -> CorpusIndex:
        """Index a corpus listing; anchors are folded here."""
        folded = {p: frozenset(path_key(a) for a in names) for p, names in (anchors or {}).items()}
        return cls(frozenset(files), frozenset(dirs), folded, dict(titles or {}))

    # -- lookups --------------------------------------------------------------------------------

    def find_path(self, path: str) -> tuple[str, str, bool] | None:
        """(kind, actual path, variant) for an exact or folded corpus path; notes may omit .md."""
        for candidate in (path, *(path + s for s in NOTE_SUFFIXES)):
            if candidate in self.files:
                return ("file", candidate, False)
        if path in self.dirs or path == "":
            return ("dir", path, False)
        for candidate in (path, *(path + s for s in NOTE_SUFFIXES)):
            hits = self._folded_files.get(path_key(candidate))
            if hits:
                return ("file", hits[0], True)
        hits = self._folded_dirs.get(path_key(path))
        if hits:
            return ("dir", hits[0], True)
        return None

    def find_wikilink(self, source: str, target: str, *, embed: bool) -> tuple[str, bool] | None:
        """Obsidian-style lookup: path suffix, file name, then title; nearest folder wins."""
        target = target.strip().strip("/")
        if not target:
            return None
        folded = path_key(target)
        candidates: list[str] = []
        if "/" in target:
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
            found = self.find_path(rel) if not rel.startswith("..") else None
            if found and found[0] == "file":
                return (found[1], found[2])
            for key, paths in self._folded_files.items():
                bare = key
                for suffix in NOTE_SUFFIXES:
                    if bare.endswith(suffix):
                        bare = bare[: -len(suffix)]
                        break
                if (
                    folded in (key, bare)
                    or key.endswith("/" + folded)
                    or bare.endswith("/" + folded)
                ):
                    candidates.extend(paths)
        else:
            candidates = list(self._by_name.get(folded, []))
            if not candidates and not embed:
                candidates = list(self._by_title.get(folded, []))
        if not candidates:
            return None
        exact = [p for p in candidates if target in p]
        pool = exact or candidates
        best = min(pool, key=lambda p: (-_shared_prefix(source, p), p.count("/"), p))
        return (best, not exact)

    def anchor_exists(self, note: str, anchor: str) -> bool | None:
        """Whether ``anchor`` names a heading or explicit anchor of ``note``; None if unknown."""
        names = self.anchors.get(note)
        if names is None:
            return None
        key = path_key(anchor.strip())
        return key in names or key.replace(" ", "-") in names


def _shared_prefix(a: str, b: str) -> int:
    parts_a, parts_b = a.split("/")[:-1], b.split("/")[:-1]
    n = 0
    for x, y in zip(parts_a, parts_b, strict=False):
        if x != y:
            break
        n += 1
    return n


def is_note(path: str) -> bool:
    """True for Markdown files."""
    return path.lower().endswith(NOTE_SUFFIXES)


def resolve(index: CorpusIndex, source: str, ref: Reference) -> Resolution:
    """Resolve one reference written in note ``source``."""
    if ref.kind in (RefKind.WIKILINK, RefKind.EMBED):
        return _resolve_wikilink(index, source, ref)
    return resolve_target(index, source, ref.target, text=ref.text)


def _resolve_wikilink(index: CorpusIndex, source: str, ref: Reference) -> Resolution:
    target, _, heading = ref.target.partition("#")
    heading = heading.strip() or ""
    if not target.strip():
        found_anchor = index.anchor_exists(source, _heading_key(heading)) if heading else None
        return Resolution(Outcome.SAME_PAGE, source, heading or None, found_anchor)
    hit = index.find_wikilink(source, target, embed=ref.kind == RefKind.EMBED)
    if hit is None:
        return Resolution(Outcome.MISSING, target.strip(), heading or None)
    path, variant = hit
    outcome = Outcome.NOTE if is_note(path) else Outcome.FILE
    found = (
        index.anchor_exists(path, _heading_key(heading))
        if heading and outcome == Outcome.NOTE
        else None
    )
    return Resolution(outcome, path, heading or None, found, variant=variant)


def _heading_key(heading: str) -> str:
    # Obsidian links headings by text; ``#^block`` references are not headings.
    return heading.split("#")[-1].strip()


def resolve_target(index: CorpusIndex, source: str, raw: str, *, text: str = "") -> Resolution:
    """Resolve a Markdown/HTML link target (``href``/``src``) written in note ``source``."""
    target = raw.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    if not target:
        return Resolution(Outcome.EMPTY)
    scheme_match = _SCHEME.match(target)
    if scheme_match and not re.match(r"^[A-Za-z]:[\\/]", target):
        scheme = scheme_match.group(1).lower()
        if scheme in ("http", "https"):
            url = normalize_url(target)
            if url is None:
                return Resolution(Outcome.UNSUPPORTED)
            return Resolution(Outcome.EXTERNAL, url=url)
        if scheme == "mailto":
            address = unquote(target[7:].split("?")[0])
            ok = bool(_EMAIL.match(address))
            return Resolution(Outcome.MAILTO if ok else Outcome.EMAIL_AS_PATH, path=address)
        if scheme in _UNSAFE_SCHEMES:
            return Resolution(Outcome.UNSAFE)
        if scheme == "file":
            return Resolution(Outcome.OUTSIDE_ROOT, path=target)
        return Resolution(Outcome.UNSUPPORTED, path=target)
    if target.startswith("//"):
        url = normalize_url("https:" + target)
        return Resolution(Outcome.EXTERNAL, url=url) if url else Resolution(Outcome.UNSUPPORTED)

    path_part, _, fragment = target.partition("#")
    path_part = path_part.split("?", 1)[0]
    anchor = unquote(fragment) if fragment else None
    decoded = unquote(path_part).replace("\\", "/")
    if not decoded:
        found = index.anchor_exists(source, anchor) if anchor else None
        return Resolution(Outcome.SAME_PAGE, source, anchor, found)

    bare = decoded.strip()
    if _EMAIL.match(bare.lstrip("/")) or (
        text.strip().startswith("@") and _DOMAIN.match(bare.lstrip("/"))
    ):
        return Resolution(Outcome.EMAIL_AS_PATH, path=bare)
    if re.match(r"^[A-Za-z]:[\\/]", bare):
        return Resolution(Outcome.OUTSIDE_ROOT, path=bare)

    if bare.startswith("/"):
        joined = posixpath.normpath(bare.lstrip("/")) if bare.strip("/") else ""
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), bare))
    if joined == ".":
        joined = ""
    if joined == ".." or joined.startswith("../"):
        return Resolution(Outcome.OUTSIDE_ROOT, path=bare)

    hit = index.find_path(joined)
    if hit is None:
        if _DOMAIN.match(bare):
            return Resolution(Outcome.MISSING_SCHEME, path=bare)
        return Resolution(Outcome.MISSING, path=joined, anchor=anchor)
    kind, actual, variant = hit
    if kind == "dir":
        return Resolution(Outcome.DIR, actual, anchor, variant=variant)
    if is_note(actual):
        found = index.anchor_exists(actual, anchor) if anchor else None
        return Resolution(Outcome.NOTE, actual, anchor, found, variant=variant)
    return Resolution(Outcome.FILE, actual, anchor, variant=variant)
