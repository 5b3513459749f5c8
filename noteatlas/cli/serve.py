"""``serve``: build, serve the site on 127.0.0.1, rebuild on every save, reload the open pages.

What Obsidian's graph view and markmap's watch mode give their users: the explorer and the mind
map stay open in a browser and follow the notes as they are written. One process: the first
build, then a loop that waits for a save (``noteatlas.watch``), rebuilds through the build cache
(a one-note edit re-reads one note; imports, the cache and the vocabulary stay loaded) and tells
the pages (``noteatlas.server``) which outputs changed, so each reloads only when its own did.
"""

from __future__ import annotations

import argparse
import hashlib
import ipaddress
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from noteatlas.cli.args import FOLDERS, Subparsers, add_build_options, completes
from noteatlas.cli.common import config_of
from noteatlas.schema.errors import ConfigError, NoteatlasError
from noteatlas.schema.exits import Exit

if TYPE_CHECKING:
    from noteatlas.config import Config
    from noteatlas.server import LiveSite, SiteServer
    from noteatlas.watch import Watcher

#: The order outputs are written in on a rebuild, the pages people look at first: each page is
#: told as soon as its own file is written, not after every output.
SERVE_FORMATS = ("explorer", "mindmap", "json", "links", "report")
DEFAULT_PORT = 8000


def add_parsers(sub: Subparsers) -> None:
    """``serve``."""
    p = sub.add_parser(
        "serve",
        help="build, serve the site on 127.0.0.1 and rebuild on every save (pages reload)",
        description="Build a folder of notes, serve the outputs on this machine, and rebuild "
        "them whenever a note is saved; open pages reload themselves and keep their view.",
    )
    completes(p.add_argument("path", help="folder of Markdown notes"), FOLDERS)
    completes(
        p.add_argument("-o", "--out", default="site", help="output folder (default: site)"), FOLDERS
    )
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT}; 0 picks a free one)",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    p.add_argument("--open", action="store_true", help="open the explorer in a browser")
    add_build_options(p)
    p.set_defaults(handler=_cmd_serve)


class _Site:
    """The output folder and how to rebuild it; says which outputs' bytes changed."""

    def __init__(
        self, root: Path, config: Config, out_dir: Path, args: argparse.Namespace, err: TextIO
    ) -> None:
        self.root, self.config, self.out_dir, self.args, self.err = root, config, out_dir, args, err
        self._digests: dict[str, str] = {}
        self._parts: str | None = None
        """What the atlas last written was made from (``pipeline.parts``)."""
        self._stamps: dict[Path, tuple[int, int]] = {}
        """(size, mtime_ns) of each file as last written."""

    def rebuild(self, written: Callable[[list[str]], None] = lambda files: None) -> list[str]:
        """Build and write every output, calling ``written`` with the names of the files whose
        bytes changed after each format; all of those names. A save that leaves the atlas's
        parts as they were (prose that states nothing new) writes nothing."""
        from noteatlas.cli.build import write_site
        from noteatlas.pipeline.build import build_parts
        from noteatlas.progress import StageTimer

        timer = StageTimer()
        known = self._parts if self._intact() else None
        built = build_parts(self.root, self.config, progress=timer.update, digest=True, known=known)
        if built.atlas is None:
            return []
        args = argparse.Namespace(**{**vars(self.args), "quiet": True})
        changed: list[str] = []
        self._parts, self._stamps = None, {}
        for fmt in SERVE_FORMATS:
            paths = write_site(built.atlas, self.root, self.out_dir, args, self.err, timer, [fmt])
            fresh = [p.name for p in paths if self._changed(p)]
            changed += fresh
            if fresh:
                written(fresh)
        self._parts = built.parts
        return changed

    def _intact(self) -> bool:
        """Whether the files written last are still as they were left."""
        for path, stamp in self._stamps.items():
            try:
                st = path.stat()
            except OSError:
                return False
            if (st.st_size, st.st_mtime_ns) != stamp:
                return False
        return bool(self._stamps)

    def _changed(self, path: Path) -> bool:
        st = path.stat()
        self._stamps[path] = (st.st_size, st.st_mtime_ns)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        same = self._digests.get(path.name) == digest
        self._digests[path.name] = digest
        return not same


def _cmd_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from noteatlas.files import mark_output_dir
    from noteatlas.pipeline.cache import keep_decoded
    from noteatlas.pipeline.inputs import corpus_root
    from noteatlas.server import LiveSite
    from noteatlas.watch import Watcher

    root = corpus_root(args.path)
    config = config_of(args, root)
    out_dir = Path(args.out).expanduser()
    mark_output_dir(out_dir, root)
    site = _Site(root, config, out_dir, args, err)
    keep_decoded()  # every rebuild takes the unchanged notes' rows as decoded the time before
    watcher = Watcher(root, skip=[out_dir], extra=[args.config] if args.config else [])
    started = time.perf_counter()
    site.rebuild()
    live = LiveSite(out_dir.resolve())
    live.publish("rebuilt", {"files": [], "changed": [], "seconds": 0.0})
    server = _listen(args, live, err)
    thread = threading.Thread(target=server.serve_forever, name="noteatlas-serve", daemon=True)
    thread.start()
    url = f"{server.url}explorer.html"
    out.write(f"Built {args.path} in {time.perf_counter() - started:.1f} s.\n")
    out.write(f"Serving {url} and {server.url}mindmap.html; watching {args.path}.\n")
    out.write("Press Ctrl-C to stop.\n")
    out.flush()
    if args.open:
        import webbrowser

        webbrowser.open(url)
    stop = threading.Event()
    try:
        _watch(site, live, watcher, stop, out, err)
    except KeyboardInterrupt:
        out.write("Stopped.\n")
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    return Exit.OK


def _listen(args: argparse.Namespace, live: LiveSite, err: TextIO) -> SiteServer:
    from noteatlas.server import SiteServer

    try:
        server = SiteServer((args.host, args.port), live)
    except OSError as exc:
        raise ConfigError(
            f"Cannot listen on {args.host}:{args.port}: {exc.strerror or exc}.",
            "Pass another port (--port N), or --port 0 for any free one.",
        ) from None
    if not _loopback(args.host):
        err.write(f"Warning: listening on {args.host}: other machines can read the site.\n")
    return server


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _announce(live: LiveSite, notes: list[str], started: float, files: list[str]) -> None:
    """Tell the pages that ``files`` were rebuilt after ``notes`` changed."""
    seconds = round(time.perf_counter() - started, 3)
    live.publish("rebuilt", {"files": files, "changed": notes, "seconds": seconds})


def _watch(
    site: _Site, live: LiveSite, watcher: Watcher, stop: threading.Event, out: TextIO, err: TextIO
) -> None:
    """Rebuild on every save until interrupted."""
    while not stop.is_set():
        notes = watcher.wait(stop)
        if not notes:
            continue
        started = time.perf_counter()
        try:
            files = site.rebuild(partial(_announce, live, notes, started))
        except NoteatlasError as exc:
            err.write(f"Error: {exc.message}\n")
            live.publish("failed", {"message": exc.message, "changed": notes})
            continue
        except Exception as exc:  # a bug: say so, keep serving the last good site
            message = f"internal error: {type(exc).__name__}: {exc}"
            err.write(f"Error: {message}\n")
            live.publish("failed", {"message": message, "changed": notes})
            continue
        seconds = time.perf_counter() - started
        shown = ", ".join(notes[:3]) + (f" and {len(notes) - 3} more" if len(notes) > 3 else "")
        out.write(f"Rebuilt in {seconds:.2f} s ({shown}): {', '.join(files) or 'no change'}.\n")
        out.flush()


__all__ = ["SERVE_FORMATS", "add_parsers"]
