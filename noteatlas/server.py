"""The local web server of ``noteatlas serve``: the output folder, and a page that reloads itself.

The standard library's ``ThreadingHTTPServer``, not an ASGI stack: one user, a few pages, one
open event stream each, and nothing to install. It serves what is inside the output folder and
nothing else (no ``..``, no hidden names, no symlink out: the resolved path must stay inside),
answers only requests addressed to the loopback name it listens on (a web page elsewhere cannot
reach it through a DNS name of its own), and adds to every HTML page it serves one script tag:
``live.js`` (``exporters/templates/explorer_live.js``), which listens to ``EVENTS`` (server-sent
events) and reloads the page when its file was rebuilt, keeping the view.
"""

from __future__ import annotations

import json
import mimetypes
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

#: Everything the server adds lives under this prefix, never a file of the output folder.
PREFIX = "/__noteatlas__/"
EVENTS = PREFIX + "events"
LIVE_JS = PREFIX + "live.js"
#: A comment line on the event stream this often, so a closed page is noticed, seconds.
HEARTBEAT = 15.0
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


@dataclass
class Published:
    """One event sent to every open page."""

    number: int
    """Increases by one with every event."""
    event: str
    """``rebuilt`` or ``failed``."""
    data: dict[str, Any]
    """Sent as JSON: ``build`` (the number of the last good build), ``files`` (outputs whose
    bytes changed), ``changed`` (notes that did), ``seconds``, or ``message``."""


@dataclass
class LiveSite:
    """The output folder being served and the events about it; shared by the handler threads."""

    folder: Path
    """The output folder (resolved)."""
    build: int = 0
    """Number of the last good build; a page is told the one it was served from."""
    events: list[Published] = field(default_factory=list)
    closing: bool = False
    """Set on shutdown: open event streams end."""
    listeners: int = 0
    """Event streams open now (pages listening)."""
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to every open page (``rebuilt`` also counts a build)."""
        with self._cond:
            if event == "rebuilt":
                self.build += 1
            number = len(self.events) + 1
            self.events.append(Published(number, event, {**data, "build": self.build}))
            del self.events[:-100]  # a page that missed more reloads anyway
            self._cond.notify_all()

    def wait(self, after: int, timeout: float) -> list[Published]:
        """Events numbered above ``after``, waiting up to ``timeout`` for one."""
        with self._cond:
            self._cond.wait_for(
                lambda: self.closing or (self.events and self.events[-1].number > after), timeout
            )
            return [e for e in self.events if e.number > after]

    def listening(self, change: int) -> None:
        """Count an event stream opened (+1) or closed (-1)."""
        with self._cond:
            self.listeners += change

    def close(self) -> None:
        """End every open event stream."""
        with self._cond:
            self.closing = True
            self._cond.notify_all()

    def file(self, url_path: str) -> Path | None:
        """The file of the output folder a URL path names, or None (outside, hidden, missing)."""
        path = urllib.parse.unquote(url_path)
        if "\0" in path or "\\" in path:
            return None
        parts = [p for p in path.split("/") if p]
        if any(p in (".", "..") or p.startswith(".") for p in parts):
            return None
        candidate = self.folder.joinpath(*(parts or ["explorer.html"]))
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            return None
        if not resolved.is_relative_to(self.folder) or not resolved.is_file():
            return None
        return resolved


def live_script() -> bytes:
    """The page-side script, from the package's templates."""
    files = resources.files("noteatlas.exporters").joinpath("templates", "explorer_live.js")
    return files.read_bytes()


class SiteServer(ThreadingHTTPServer):
    """Serves one ``LiveSite``; answers only requests for the names it listens on."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], site: LiveSite) -> None:
        self.site = site
        self.script = live_script()
        super().__init__(address, _Handler)
        host, port = _host(self.server_address[0]), self.server_address[1]
        names = {*_LOOPBACK, host, f"[{host}]"}
        self.hosts = {f"{name}:{port}" for name in names}
        """Host headers accepted: the loopback names (and the address listened on) with port."""

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/``."""
        host, port = _host(self.server_address[0]), self.server_address[1]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def shutdown(self) -> None:
        """Stop serving; open event streams end."""
        self.site.close()
        super().shutdown()


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "noteatlas"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the command prints what matters (rebuilds), not every request."""

    def do_HEAD(self) -> None:
        """Headers of what GET would send."""
        self._answer(body=False)

    def do_GET(self) -> None:
        """A file of the output folder, the live script, or the event stream."""
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        if self.headers.get("Host", "") not in self.server.hosts:
            self._send(HTTPStatus.FORBIDDEN, b"Host not allowed.\n", "text/plain", body)
            return
        url = urllib.parse.urlsplit(self.path)
        if url.path == EVENTS and body:
            query = urllib.parse.parse_qs(url.query)
            self._stream(int((query.get("build") or ["0"])[0] or 0))
            return
        if url.path == LIVE_JS:
            self._send(HTTPStatus.OK, self.server.script, "text/javascript", body)
            return
        file = self.server.site.file(url.path)
        if file is None and url.path == "/favicon.ico":  # asked by every browser: no error
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon", body)
            return
        if file is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found.\n", "text/plain", body)
            return
        try:
            data = file.read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, b"Not found.\n", "text/plain", body)
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = self._with_live_script(data)
        self._send(HTTPStatus.OK, data, kind, body)

    def _with_live_script(self, page: bytes) -> bytes:
        tag = f'<script src="{LIVE_JS}" data-build="{self.server.site.build}"></script>'.encode()
        ends = list(_BODY_END.finditer(page))
        at = ends[-1].start() if ends else len(page)
        return page[:at] + tag + page[at:]

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool) -> None:
        text = kind.startswith("text/") or kind in ("application/json", "text/javascript")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if text else kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _stream(self, page_build: int) -> None:
        """Server-sent events until the page goes away or the server stops. A page built
        before the last build is told at once (it may have loaded during a rebuild)."""
        site = self.server.site
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = site.events[-1].number if site.events else 0
        counted = False
        try:
            if site.build > page_build:
                self._write_event(_merged(site.events, page_build, site.build))
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            site.listening(+1)  # from here on, every event reaches this page
            counted = True
            last_beat = time.monotonic()
            while not site.closing:
                fresh = site.wait(seen, HEARTBEAT)
                for event in fresh:
                    self._write_event(event)
                    seen = event.number
                if not fresh and time.monotonic() - last_beat >= HEARTBEAT:
                    self.wfile.write(b": ping\n\n")
                    last_beat = time.monotonic()
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ValueError):
            return  # the page went away
        finally:
            if counted:
                site.listening(-1)

    def _write_event(self, event: Published) -> None:
        data = json.dumps(event.data, ensure_ascii=False, separators=(",", ":"))
        text = f"id: {event.number}\nevent: {event.event}\ndata: {data}\n\n"
        self.wfile.write(text.encode("utf-8"))


def _host(address: str | bytes | bytearray) -> str:
    return address if isinstance(address, str) else bytes(address).decode("ascii")


def _merged(events: list[Published], page_build: int, build: int) -> Published:
    """The rebuilds a page built ``page_build`` missed, as one: every file that changed in
    any of them (``*`` when the oldest of them is no longer kept)."""
    rebuilt = [e for e in events if e.event == "rebuilt" and e.data["build"] > page_build]
    files = {f for e in rebuilt for f in e.data.get("files", [])}
    if len(rebuilt) < build - page_build:
        files.add("*")
    number = events[-1].number if events else 0
    return Published(number, "rebuilt", {"build": build, "files": sorted(files), "missed": True})


__all__ = ["EVENTS", "LIVE_JS", "PREFIX", "LiveSite", "Published", "SiteServer", "live_script"]
