"""The link-check cache: SQLite under ``.noteatlas/``, one row per URL and answer-changing options.

Two uses, two rules. A check reuses a row only when its answer is stable (``CACHEABLE``: ok,
redirected, broken, blocked) and younger than ``max_age``; those are committed as they arrive, so
an interrupted run keeps what it learned. Displays (``links.md``, the explorer) read the latest
row of each URL, so transient answers (unreachable, timeout, error) are recorded too, never
reused. A damaged or outdated file is rebuilt rather than trusted.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from noteatlas.files import make_cache_dir
from noteatlas.linkcheck.verdicts import CACHEABLE, TRANSIENT
from noteatlas.schema.kinds import LinkStatus

if TYPE_CHECKING:  # the model loads with the first result made (a replay makes none)
    from noteatlas.linkcheck.results import LinkResult

CACHE_FILE = "links.sqlite"
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
    url TEXT NOT NULL,
    options TEXT NOT NULL,
    status TEXT NOT NULL,
    code INTEGER,
    detail TEXT NOT NULL,
    final_url TEXT,
    redirects TEXT NOT NULL,
    checked_at REAL NOT NULL,
    PRIMARY KEY (url, options)
)
"""
_COLUMNS = "url, status, code, detail, final_url, redirects, checked_at"
_INSERT = "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_BATCH = 500  # URLs per query: under SQLite's limit of variables in one statement
_Row = tuple[str, str, int | None, str, str | None, str, float]


def _row(url: str, options: str, result: LinkResult) -> tuple[object, ...]:
    return (
        url,
        options,
        result.status.value,
        result.code,
        result.detail,
        result.final_url,
        json.dumps(result.redirects) if result.redirects else "[]",
        result.checked_at or time.time(),
    )


def reusable(result: LinkResult) -> bool:
    """True for stable answers a later check may reuse; errors, timeouts, unreachable hosts,
    exclusions and rate limits are asked again."""
    return _reusable(result.status, result.code)


def _reusable(status: LinkStatus, code: int | None) -> bool:
    return status in CACHEABLE and code != 429


def recordable(result: LinkResult) -> bool:
    """True for answers worth recording as a URL's latest word (not the config-made ones:
    excluded, unsafe, unsupported)."""
    return result.status in CACHEABLE or result.status in TRANSIENT


# Before the ``unreachable`` status, a failed lookup or a refused port was recorded as broken
# without an HTTP code; such rows are read as what they were.
_UNREACHABLE_DETAILS = ("DNS lookup failed", "connection refused")


def _status_of(status: str, code: int | None, detail: str) -> LinkStatus:
    if (
        status == LinkStatus.BROKEN.value
        and code is None
        and detail.startswith(_UNREACHABLE_DETAILS)
    ):
        return LinkStatus.UNREACHABLE
    return LinkStatus(status)


def _row_fields(row: _Row) -> dict[str, Any] | None:
    """A row as ``LinkResult``'s fields (``from_cache``); None for a row that does not read."""
    url, status, code, detail, final_url, redirects, checked_at = row
    try:
        fields = {
            "url": url,
            "status": _status_of(status, code, detail),
            "code": code,
            "detail": detail,
            "final_url": final_url,
            "redirects": [] if redirects == "[]" else json.loads(redirects),
            "checked_at": float(checked_at),
            "from_cache": True,
        }
    except (ValueError, TypeError):
        return None
    plain = (
        isinstance(url, str)
        and (code is None or type(code) is int)
        and isinstance(detail, str)
        and (final_url is None or isinstance(final_url, str))
        and isinstance(fields["redirects"], list)
        and all(isinstance(hop, str) for hop in fields["redirects"])
        and type(checked_at) in (int, float)
    )
    return fields if plain else None  # a row written by something else: ignore it


def _row_to_result(row: _Row) -> LinkResult | None:
    from noteatlas.linkcheck.results import LinkResult

    fields = _row_fields(row)
    return LinkResult(**fields) if fields is not None else None


class LinkCache:
    """Cached link results keyed by (URL, options digest); safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rebuilt = False
        """True when the file was damaged or outdated and has been started afresh."""
        self.problems: list[str] = []
        """Why the cache could not be read or written, for the report; the run goes on without."""
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except (sqlite3.OperationalError, OSError) as exc:  # locked, unwritable: not damage
            self.problems.append(f"link cache {self.path} unusable: {exc}")
        except sqlite3.DatabaseError as exc:  # not a database, or an older layout
            self._rebuild(exc)

    def _open(self) -> sqlite3.Connection:
        make_cache_dir(self.path.parent)
        # isolation_level=None: autocommit, so each put is durable on its own.
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5)
        try:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and version != _SCHEMA_VERSION:
                raise sqlite3.DatabaseError(f"cache schema {version}, expected {_SCHEMA_VERSION}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
            db.execute("SELECT count(*) FROM links").fetchone()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _rebuild(self, reason: sqlite3.Error) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                self.path.with_name(self.path.name + suffix).unlink()
        try:
            self._db = self._open()
            self.rebuilt = True
        except (sqlite3.Error, OSError) as exc:
            self.problems.append(f"link cache {self.path} unusable ({reason}; {exc})")

    def get(
        self, url: str, options: str, max_age: float, now: float | None = None
    ) -> LinkResult | None:
        """The reusable result for a URL under these options, if younger than ``max_age``
        seconds."""
        oldest = (time.time() if now is None else now) - max_age
        row = self._query(
            f"SELECT {_COLUMNS} FROM links WHERE url = ? AND options = ? AND checked_at >= ?",
            (url, options, oldest),
        )
        result = _row_to_result(row[0]) if row else None
        return result if result is not None and reusable(result) else None

    def get_many(
        self, urls: list[str], options: str, max_age: float, now: float | None = None
    ) -> dict[str, LinkResult]:
        """``get`` for many URLs at once (a few queries instead of one per URL)."""
        from noteatlas.linkcheck.results import LinkResult

        found = self.reusable_fields(urls, options, max_age, now)
        return {url: LinkResult(**fields) for url, fields in found.items()}

    def reusable_fields(
        self, urls: list[str], options: str, max_age: float, now: float | None = None
    ) -> dict[str, dict[str, Any]]:
        """What ``get_many`` answers, as each result's fields (no model is made)."""
        oldest = (time.time() if now is None else now) - max_age
        return _reusable_rows(self._query, urls, options, oldest)

    def latest(self, url: str) -> LinkResult | None:
        """The most recent result for a URL under any options (for displays, not for checking)."""
        row = self._query(
            f"SELECT {_COLUMNS} FROM links WHERE url = ? ORDER BY checked_at DESC LIMIT 1", (url,)
        )
        return _row_to_result(row[0]) if row else None

    def put(self, url: str, options: str, result: LinkResult) -> bool:
        """Store a result now (committed at once) when it is worth recording; True if stored."""
        return self.put_many([(url, result)], options) == 1

    def put_many(self, items: list[tuple[str, LinkResult]], options: str) -> int:
        """Store (URL, result) pairs worth recording in one transaction; how many were stored."""
        rows = [_row(url, options, result) for url, result in items if recordable(result)]
        if self._db is None or not rows:
            return 0
        try:
            with self._lock:
                if len(rows) == 1:
                    self._db.execute(_INSERT, rows[0])
                else:
                    self._db.execute("BEGIN")
                    self._db.executemany(_INSERT, rows)
                    self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self.problems.append(f"cannot write the link cache {self.path}: {exc}")
            self.close()
            return 0
        return len(rows)

    def _query(self, sql: str, params: tuple[object, ...]) -> list[_Row]:
        if self._db is None:
            return []
        try:
            with self._lock:
                return list(self._db.execute(sql, params).fetchall())
        except sqlite3.Error as exc:
            self.problems.append(f"cannot read the link cache {self.path}: {exc}")
            return []

    def close(self) -> None:
        """Close the database; later gets miss and puts are dropped."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> LinkCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _reusable_rows(
    query: Callable[[str, tuple[object, ...]], list[_Row]],
    urls: list[str],
    options: str,
    oldest: float,
) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    wanted = list(dict.fromkeys(urls))
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        marks = ",".join("?" * len(batch))
        rows = query(
            f"SELECT {_COLUMNS} FROM links WHERE options = ? AND checked_at >= ? "
            f"AND url IN ({marks})",
            (options, oldest, *batch),
        )
        for row in rows:
            fields = _row_fields(row)
            if fields is not None and _reusable(fields["status"], fields["code"]):
                found[fields["url"]] = fields
    return found


def read_reusable(
    path: Path, urls: list[str], options: str, max_age: float
) -> dict[str, dict[str, Any]] | None:
    """``LinkCache.reusable_fields`` from a cache opened read-only, which is never created,
    repaired or written; None when there is no such cache or it cannot be read as it is."""
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        (version,) = db.execute("PRAGMA user_version").fetchone()
        if version != _SCHEMA_VERSION:
            return None
        db.execute("SELECT count(*) FROM links").fetchone()  # as a check's open reads it
        oldest = time.time() - max_age
        return _reusable_rows(
            lambda sql, params: list(db.execute(sql, params).fetchall()), urls, options, oldest
        )
    except sqlite3.Error:
        return None
    finally:
        db.close()


def read_link_statuses(cache_dir: Path) -> dict[str, LinkResult]:
    """Latest known result per URL for ``noteatlas build``; empty when there is no usable cache.

    Opens the database read-only: never creates, repairs or writes it.
    """
    path = cache_dir / CACHE_FILE
    if not path.is_file():
        return {}
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    try:
        rows = db.execute(f"SELECT {_COLUMNS} FROM links ORDER BY checked_at").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        db.close()
    latest: dict[str, LinkResult] = {}
    for row in rows:
        result = _row_to_result(row)
        if result is not None:
            latest[result.url] = result
    return latest
