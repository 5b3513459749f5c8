"""Watching a folder of notes for saves, by polling: what ``noteatlas serve`` rebuilds on.

Polling, not inotify through ``watchfiles``: one scan (walk and ``stat``) of a 300-note folder
takes 2-10 ms, so a scan every 0.2 s costs a few per cent of a core and notices a save within
0.2 s; at 10,000 notes a scan takes 0.2 s and the interval grows with it (five scans' worth),
while a rebuild there takes far longer than the wait. ``watchfiles`` would save that scan
(0.46 MB wheel plus anyio, 37 ms of imports, debounced by 1.6 s unless told otherwise) but adds a
dependency for a gain no one waiting for a rebuild would see. Everything stdlib, on every OS.

A change is reported once the folder has stopped changing (two equal scans ``SETTLE`` apart):
editors save by truncating and writing, or by writing a copy and renaming it over the note.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from noteatlas.schema.layout import OUTPUT_MARKER

#: A scan of the folder: corpus-relative path -> (size, mtime in ns).
Snapshot = dict[str, tuple[int, int]]

#: Shortest wait between two scans, seconds.
INTERVAL = 0.2
#: Scans this far apart must agree before a change is reported, seconds.
SETTLE = 0.05
#: A folder that keeps changing is reported anyway after this long, seconds.
MAX_SETTLE = 1.0


def snapshot(root: Path, skip: Iterable[Path] = (), extra: Iterable[Path] = ()) -> Snapshot:
    """Size and mtime of every file under ``root`` a build may read: hidden names, output
    folders (they hold ``OUTPUT_MARKER``) and ``skip`` folders are left out; ``extra`` files
    (a config file given on the command line) are added under their absolute path."""
    skipped = {os.path.realpath(p) for p in skip}
    found: Snapshot = {}
    stack = [(str(root), "")]
    while stack:
        folder, rel = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        if rel and any(e.name == OUTPUT_MARKER for e in entries):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = f"{rel}/{entry.name}" if rel else entry.name
            try:
                if entry.is_dir():
                    if os.path.realpath(entry.path) not in skipped:
                        stack.append((entry.path, path))
                    continue
                st = entry.stat()
            except OSError:
                continue
            found[path] = (st.st_size, st.st_mtime_ns)
    for file in extra:
        try:
            st = os.stat(file)
        except OSError:
            continue
        found[str(file)] = (st.st_size, st.st_mtime_ns)
    return found


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """Paths added, removed or changed, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


class Watcher:
    """Polls a folder; ``wait`` returns what changed since the last call (or since made)."""

    def __init__(self, root: Path, skip: Iterable[Path] = (), extra: Iterable[Path] = ()) -> None:
        self.root = root
        self._skip = list(skip)
        self._extra = list(extra)
        self._scan_seconds = 0.0
        self.current = self._scan()
        """The last scan: what the folder held when ``wait`` returned (or the watcher began)."""

    def _scan(self) -> Snapshot:
        start = time.perf_counter()
        found = snapshot(self.root, self._skip, self._extra)
        self._scan_seconds = time.perf_counter() - start
        return found

    @property
    def interval(self) -> float:
        """Seconds between scans: ``INTERVAL``, or five scans' worth on a big folder."""
        return max(INTERVAL, 5 * self._scan_seconds)

    def wait(self, stop: threading.Event) -> list[str]:
        """Block until files change and settle; the paths that changed. Empty when ``stop``
        is set first."""
        while not stop.wait(self.interval):
            now = self._scan()
            if now == self.current:
                continue
            deadline = time.monotonic() + MAX_SETTLE
            while time.monotonic() < deadline and not stop.wait(SETTLE):
                later = self._scan()
                if later == now:
                    break
                now = later
            paths = changed(self.current, now)
            self.current = now
            return paths
        return []


__all__ = ["INTERVAL", "Snapshot", "Watcher", "changed", "snapshot"]
