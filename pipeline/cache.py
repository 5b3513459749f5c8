"""The incremental build cache: one SQLite row per note under ``<corpus>/.noteatlas/``.

A row is reused when the note's size and mtime are unchanged (no read at all) or, failing that,
when the content hash is (a touched file). The key also holds the noteatlas version, the schema
version and the config digest: when any of them changes every row is stale. Rows are JSON with
a CRC, never pickles, so a damaged or hostile cache file can only cost a rebuild.

A second table keeps the mentions found in each note (``notementions``), keyed by the note's
content hash and a digest of every concept name of the corpus: they stay valid as long as neither
the note nor any name changes.

A third (``atlases``) says where the last atlas.json built from a given state of the corpus was
written (``pipeline/reuse.py``): a question asked of the folder answers from that file. A fourth
(``sites``) says what the last build wrote into each output folder (``pipeline/site.py``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from noteatlas.files import make_cache_dir
from noteatlas.schema import SCHEMA_VERSION, Diagnostic, NoteExtract, NoteResult
from noteatlas.schema.layout import CACHE_DIR
from noteatlas.schema.sightings import from_plain as sightings_from_plain
from noteatlas.schema.sightings import to_plain as sightings_to_plain

if TYPE_CHECKING:  # the concept readers load with the build, not with every user of the cache
    from noteatlas.graph.concepts.mentions import NoteMentions

CACHE_FILE = "build-cache.sqlite"
_FORMAT = 5


@dataclass(frozen=True)
class Stamp:
    """What is known of a file without reading it."""

    size: int
    mtime_ns: int


def encode(result: NoteResult) -> bytes:
    """A cache row's payload: compressed JSON."""
    data = {
        "path": result.path,
        "sha256": result.sha256,
        "encoding": result.encoding,
        "repairs": result.repairs,
        "extract": result.extract.model_dump(mode="json") if result.extract else None,
        "diagnostics": [d.model_dump(mode="json") for d in result.diagnostics],
        "sightings": sightings_to_plain(result.sightings) if result.sightings is not None else None,
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 1)


def decode(blob: bytes) -> NoteResult:
    """Inverse of ``encode``; raises ValueError on anything malformed."""
    try:
        data = json.loads(zlib.decompress(blob))
        extract = data["extract"]
        return NoteResult(
            path=data["path"],
            sha256=data["sha256"],
            encoding=data["encoding"],
            repairs=list(data["repairs"]),
            extract=NoteExtract.model_validate(extract) if extract is not None else None,
            diagnostics=[Diagnostic.model_validate(d) for d in data["diagnostics"]],
            sightings=sightings_from_plain(sightings)
            if (sightings := data["sightings"]) is not None
            else None,
        )
    except (zlib.error, KeyError, TypeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"bad cache row: {exc}") from None


class Decoded:
    """Rows this process has decoded (or written), by path with their bytes: a process that
    builds again and again (``noteatlas serve``) takes an unchanged note's result and mentions
    from here instead of decoding its row again (0.5 of 1.3 CPU s of a rebuild at 300 notes).
    A row is used only while the database holds the very same bytes for it; what is kept is
    shared between builds, which never change a note's result or mentions once made."""

    def __init__(self) -> None:
        self.notes: dict[str, tuple[bytes, NoteResult]] = {}
        self.mentions: dict[str, tuple[bytes, NoteMentions]] = {}

    def forget(self, keep: set[str]) -> None:
        """Drop the notes that are gone."""
        for table in (self.notes, self.mentions):
            for path in [p for p in table if p not in keep]:
                del table[path]


_decoded: Decoded | None = None


def keep_decoded(on: bool = True) -> None:
    """Keep decoded rows for the rest of this process (``on``), or stop and let them go."""
    global _decoded
    _decoded = Decoded() if on else None


class BuildCache:
    """Per-note results keyed by path, stamp and content hash; opened once per build."""

    def __init__(self, root: Path, key: str) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.key = key
        self.problems: list[str] = []
        self.hits = 0
        self._conn: sqlite3.Connection | None = None
        try:
            make_cache_dir(self.path.parent)
            self._conn = self._open()
        except (OSError, sqlite3.Error) as exc:
            self.problems.append(f"build cache unusable ({exc}); building without it")
            self._conn = None

    def _open(self) -> sqlite3.Connection:
        try:
            conn = self._connect()
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {row}")
            meta = dict(conn.execute("SELECT name, value FROM meta").fetchall())
            if meta.get("key") != self.key:  # the rows' tables anew: a format may add a column
                conn.execute("DROP TABLE IF EXISTS notes")
                conn.execute("DROP TABLE IF EXISTS mentions")
                _tables(conn)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (self.key,))
                conn.commit()
            return conn
        except sqlite3.DatabaseError as exc:
            self.problems.append(f"build cache {self.path} was damaged ({exc}); rebuilt")
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            conn = self._connect()
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (self.key,))
            conn.commit()
            return conn

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        _tables(conn)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS atlases (path TEXT PRIMARY KEY, inputs TEXT, sha256 TEXT)"
        )
        conn.execute("CREATE TABLE IF NOT EXISTS sites (out TEXT PRIMARY KEY, record TEXT)")
        conn.execute("CREATE TABLE IF NOT EXISTS checks (inputs TEXT PRIMARY KEY, record BLOB)")
        return conn

    @property
    def usable(self) -> bool:
        """False when the cache could not be opened; the build goes on without it."""
        return self._conn is not None

    def lookup(self, path: str, stamp: Stamp) -> tuple[NoteResult | None, str | None]:
        """(result, None) when the stamp matches; (None, sha256) when only the hash can tell."""
        if self._conn is None:
            return None, None
        row = self._conn.execute(
            "SELECT size, mtime_ns, sha256, crc, blob FROM notes WHERE path = ?", (path,)
        ).fetchone()
        if row is None:
            return None, None
        size, mtime_ns, sha, crc, blob = row
        if (size, mtime_ns) != (stamp.size, stamp.mtime_ns):
            return None, sha
        result = self._load(path, crc, blob)
        if result is not None:
            self.hits += 1
        return result, None

    def load_by_hash(self, path: str, sha256: str) -> NoteResult | None:
        """The cached result of ``path`` if its content hash still matches (a touched file)."""
        if self._conn is None:
            return None
        row = self._conn.execute(
            "SELECT sha256, crc, blob FROM notes WHERE path = ?", (path,)
        ).fetchone()
        if row is None or row[0] != sha256:
            return None
        result = self._load(path, row[1], row[2])
        if result is not None:
            self.hits += 1
        return result

    def _load(self, path: str, crc: int, blob: bytes) -> NoteResult | None:
        kept = _decoded.notes.get(path) if _decoded is not None else None
        if kept is not None and kept[0] == blob:
            return kept[1]
        if zlib.crc32(blob) != crc:
            self.problems.append(f"build cache row for {path} was damaged; re-read")
            return None
        try:
            result = decode(blob)
        except ValueError:
            self.problems.append(f"build cache row for {path} could not be read; re-read")
            return None
        if _decoded is not None:
            _decoded.notes[path] = (blob, result)
        return result

    def store(self, rows: Iterable[tuple[NoteResult, Stamp]]) -> None:
        """Write fresh results."""
        if self._conn is None:
            return
        data = []
        for result, stamp in rows:
            blob = encode(result)
            if _decoded is not None:
                _decoded.notes[result.path] = (blob, result)
            data.append(
                (result.path, stamp.size, stamp.mtime_ns, result.sha256, zlib.crc32(blob), blob)
            )
        try:
            self._conn.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?)", data)
            self._conn.commit()
        except sqlite3.Error as exc:
            self.problems.append(f"build cache not updated ({exc})")

    def mention_keys(self) -> dict[str, tuple[str, str]]:
        """Path -> (content hash, names digest) of every cached mentions row."""
        if self._conn is None:
            return {}
        try:
            rows = self._conn.execute("SELECT path, sha256, names FROM mentions").fetchall()
        except sqlite3.Error as exc:
            self.problems.append(f"build cache mentions unreadable ({exc}); re-matched")
            return {}
        return {path: (sha, names) for path, sha, names in rows}

    def mention_outs(self, notes: Iterable[tuple[str, str]], names: str) -> list[str] | None:
        """The ``out`` (SHA-256 of the row) of the mentions of each (path, key) in order, when
        every one of them is cached for these names; else None."""
        if self._conn is None:
            return None
        try:
            rows = self._conn.execute("SELECT path, sha256, names, out FROM mentions").fetchall()
        except sqlite3.Error:
            return None
        known = {path: (sha, digest, out) for path, sha, digest, out in rows}
        outs = []
        for path, key in notes:
            found = known.get(path)
            if not key or found is None or found[:2] != (key, names) or not found[2]:
                return None
            outs.append(str(found[2]))
        return outs

    def load_mentions(self, path: str, sha256: str, names: str) -> NoteMentions | None:
        """The mentions found in ``path`` when neither its content nor the corpus's concept
        names (``names``, a digest) have changed since."""
        if self._conn is None:
            return None
        row = self._conn.execute(
            "SELECT sha256, names, crc, blob FROM mentions WHERE path = ?", (path,)
        ).fetchone()
        if row is None or row[0] != sha256 or row[1] != names:
            return None
        kept = _decoded.mentions.get(path) if _decoded is not None else None
        if kept is not None and kept[0] == row[3]:
            return kept[1]
        if zlib.crc32(row[3]) != row[2]:
            self.problems.append(f"build cache mentions row for {path} was damaged; re-matched")
            return None
        from noteatlas.graph.concepts.mentions import from_plain

        try:
            found = from_plain(json.loads(zlib.decompress(row[3])))
        except (ValueError, zlib.error, UnicodeDecodeError):
            self.problems.append(f"build cache mentions row for {path} could not be read")
            return None
        if _decoded is not None:
            _decoded.mentions[path] = (row[3], found)
        return found

    def store_mentions(self, rows: Iterable[tuple[str, str, NoteMentions]], names: str) -> None:
        """Remember the mentions of notes, by (path, content hash) and names digest."""
        if self._conn is None:
            return
        from noteatlas.graph.concepts.mentions import to_plain

        data = []
        for path, sha256, found in rows:
            text = json.dumps(to_plain(found), ensure_ascii=False)
            blob = zlib.compress(text.encode("utf-8"), 1)
            if _decoded is not None:
                _decoded.mentions[path] = (blob, found)
            out = hashlib.sha256(blob).hexdigest()
            data.append((path, sha256, names, zlib.crc32(blob), blob, out))
        try:
            self._conn.executemany(
                "INSERT OR REPLACE INTO mentions VALUES (?, ?, ?, ?, ?, ?)", data
            )
            self._conn.commit()
        except sqlite3.Error as exc:
            self.problems.append(f"build cache not updated ({exc})")

    def remember_atlas(self, inputs: str, path: str, sha256: str) -> None:
        """Note that the atlas.json at ``path`` (with this SHA-256) was built from the corpus
        as ``inputs`` (a digest, ``pipeline.reuse.inputs_digest``) describes it."""
        if self._conn is None:
            return
        try:
            self._conn.execute(
                "INSERT OR REPLACE INTO atlases VALUES (?, ?, ?)", (path, inputs, sha256)
            )
            self._conn.commit()
        except sqlite3.Error as exc:
            self.problems.append(f"build cache not updated ({exc})")

    def atlases_for(self, inputs: str) -> list[tuple[str, str]]:
        """(path, SHA-256) of every atlas.json remembered for ``inputs``."""
        if self._conn is None:
            return []
        try:
            rows = self._conn.execute(
                "SELECT path, sha256 FROM atlases WHERE inputs = ? ORDER BY path", (inputs,)
            ).fetchall()
        except sqlite3.Error:
            return []
        return [(str(path), str(sha)) for path, sha in rows]

    def site(self, out: str) -> dict[str, Any] | None:
        """What the last build wrote into the output folder ``out`` (``pipeline.site``)."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT record FROM sites WHERE out = ?", (out,)).fetchone()
            data = json.loads(row[0]) if row is not None else None
        except (sqlite3.Error, ValueError, TypeError):
            return None
        return data if isinstance(data, dict) else None

    def remember_site(self, out: str, record: str) -> None:
        """Keep ``record`` (JSON) as what was just written into the output folder ``out``."""
        if self._conn is None:
            return
        try:
            self._conn.execute("INSERT OR REPLACE INTO sites VALUES (?, ?)", (out, record))
            self._conn.commit()
        except sqlite3.Error as exc:
            self.problems.append(f"build cache not updated ({exc})")

    def references(self, inputs: str) -> Any:
        """What the last check of the corpus as ``inputs`` describes it found its references to
        be (``pipeline.check``, JSON), or None."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT record FROM checks WHERE inputs = ?", (inputs,))
            found = row.fetchone()
            return json.loads(zlib.decompress(found[0])) if found is not None else None
        except (sqlite3.Error, zlib.error, ValueError, TypeError):
            return None

    def remember_references(self, inputs: str, record: Any) -> None:
        """Keep ``record`` (JSON-able) as the references of the corpus as ``inputs`` describes
        it, in place of those of any earlier state of the notes."""
        if self._conn is None:
            return
        blob = zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 1)
        try:
            self._conn.execute("DELETE FROM checks")
            self._conn.execute("INSERT INTO checks VALUES (?, ?)", (inputs, blob))
            self._conn.commit()
        except sqlite3.Error as exc:
            self.problems.append(f"build cache not updated ({exc})")

    def prune(self, keep: Iterable[str]) -> None:
        """Forget notes that are gone (deleted or renamed)."""
        if self._conn is None:
            return
        keep_set = set(keep)
        if _decoded is not None:
            _decoded.forget(keep_set)
        for table in ("notes", "mentions"):
            rows = self._conn.execute(f"SELECT path FROM {table}")
            stale = [(p,) for (p,) in rows if p not in keep_set]
            if stale:
                self._conn.executemany(f"DELETE FROM {table} WHERE path = ?", stale)
        self._conn.commit()

    def close(self) -> None:
        """Close the database."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _tables(conn: sqlite3.Connection) -> None:
    """The tables of per-note rows. ``out`` of a mentions row is the SHA-256 of its blob: what
    the note's mentions are, without reading them (``pipeline.parts``)."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS notes (path TEXT PRIMARY KEY, size INTEGER, "
        "mtime_ns INTEGER, sha256 TEXT, crc INTEGER, blob BLOB)"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS mentions (path TEXT PRIMARY KEY, sha256 TEXT, "
        "names TEXT, crc INTEGER, blob BLOB, out TEXT)"
    )


def build_cache_key(version: str, config_digest: str) -> str:
    """What invalidates every row: program version and code, schema version, cache format,
    config, and the data the restoration of damaged notes reads (jieba, the bundled notes)."""
    from noteatlas.graph.read.restore.data import model_sources

    return (
        f"{version}|code{code_digest()}|schema{SCHEMA_VERSION}|format{_FORMAT}|{config_digest}"
        f"|restore{model_sources()}"
    )


@functools.cache
def code_digest() -> str:
    """A digest of the package's Python source. The version alone misses a changed checkout or
    an edited install (the version stays the same while what a note gives may not)."""
    folders: set[Path] = set()
    for name in ("", ".schema", ".graph", ".query", ".exporters", ".linkcheck", ".pipeline"):
        spec = importlib.util.find_spec(f"noteatlas{name}")
        if spec is not None:
            folders.update(Path(p) for p in spec.submodule_search_locations or [])
    return source_digest(folders)


def source_digest(folders: Iterable[Path]) -> str:
    """A digest of the names and bytes of the ``*.py`` files in ``folders``."""
    digest = hashlib.sha256()
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            with contextlib.suppress(OSError):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
