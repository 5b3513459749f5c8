"""Real HTTP servers on 127.0.0.x that misbehave on purpose, for the link-checker tests.

``FaultServer`` is a threaded HTTP/1.1 server whose answers are scripted per path and which records
every request and the most requests it had in flight at once (per first path segment).
``RawServer`` speaks no HTTP at all: it resets connections, hangs up, answers something that is
not HTTP, or accepts and never answers.
``DripServer`` sends a scripted answer one byte at a time, so that every read gets something.
``Blackhole`` is a port whose connections never complete (a full accept queue drops each SYN), as
behind a firewall that drops packets.
Everything is bounded: handlers give up after a few seconds and ``stop()`` ends them at once.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from noteatlas.linkcheck.config import CheckConfig

_LIMIT = 5.0  # seconds any handler may block; keeps a broken test from hanging the suite


@dataclass
class Reply:
    """A scripted answer."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    endless: bool = False  # stream a body that never ends (until the client goes away)
    gather: int = 0  # hold the answer until the group has once had this many requests in flight


@dataclass(frozen=True)
class Seen:
    """A request as the server saw it; ``count`` is how many times this path was asked (1-based)."""

    method: str
    path: str
    count: int
    user_agent: str
    cookie: str = ""
    host: str = ""
    peer: int = 0  # the client's port: one per connection
    authorization: str = ""


Route = Callable[[Seen], Reply]


def html(body: str, status: int = 200) -> Reply:
    """An HTML page."""
    return Reply(status, {"Content-Type": "text/html; charset=utf-8"}, body.encode())


def redirect(location: str | Callable[[], str], status: int = 302) -> Route:
    """A route redirecting to a URL (or to what a callable says, for servers made later)."""
    return lambda _seen: Reply(status, {"Location": location() if callable(location) else location})


class FaultServer:
    """A threaded HTTP server on ``host`` with routes; unknown paths answer 404."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
    ) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.max_in_flight: Counter[str] = Counter()
        self._in_flight: Counter[str] = Counter()
        self._counts: Counter[str] = Counter()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self.scheme = "http"
        if tls is not None:  # the handshake runs on accept; a client that gives up ends it
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
            self.scheme = "https"
        self.host: str = host
        self.port: int = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return f"{self.scheme}://{self.host}:{self.port}{path}"

    def route(self, path: str, answer: Route | Reply) -> str:
        """Script a path; returns its URL."""
        if isinstance(answer, Reply):
            fixed = answer
            self.routes[path] = lambda _seen: fixed
        else:
            self.routes[path] = answer
        return self.url(path)

    def count(self, path: str, method: str | None = None) -> int:
        """Requests seen for a path (query included), optionally of one method."""
        with self._cond:
            return sum(1 for s in self.seen if s.path == path and method in (None, s.method))

    def start(self) -> FaultServer:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release every handler that is waiting."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=_LIMIT)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _answer(
        self,
        method: str,
        path: str,
        user_agent: str,
        cookie: str,
        host: str,
        peer: int = 0,
        authorization: str = "",
    ) -> Reply:
        group = path.split("/")[1] if "/" in path else ""
        with self._cond:
            self._counts[path] += 1
            count = self._counts[path]
            seen = Seen(method, path, count, user_agent, cookie, host, peer, authorization)
            self.seen.append(seen)
            self._in_flight[group] += 1
            self.max_in_flight[group] = max(self.max_in_flight[group], self._in_flight[group])
            self._cond.notify_all()
        route = self.routes.get(path)
        reply = route(seen) if route else Reply(404, body=b"not found")
        with self._cond:
            if reply.gather:
                self._cond.wait_for(
                    # Monotonic, so a gathered batch is never held back by its own departures.
                    lambda: self.max_in_flight[group] >= reply.gather or self._stop.is_set(),
                    timeout=_LIMIT,
                )
            # Out of flight before the answer leaves: the client frees its slot only after
            # reading the answer, so the count never includes a request that is really over.
            self._in_flight[group] -= 1
        return reply

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so the client can reuse connections

            def log_message(self, format: str, *args: object) -> None:  # quiet test output
                return

            def do_GET(self) -> None:
                self._serve(body=True)

            def do_HEAD(self) -> None:
                self._serve(body=False)

            def _serve(self, body: bool) -> None:
                headers = self.headers
                reply = server._answer(
                    self.command,
                    self.path,
                    headers.get("User-Agent", ""),
                    headers.get("Cookie", ""),
                    headers.get("Host", ""),
                    peer=self.client_address[1],
                    authorization=headers.get("Authorization", ""),
                )
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if reply.endless:
                        self.send_header("Content-Type", "text/html")
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        if body:
                            self._stream_forever()
                        self.close_connection = True
                        return
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if body:
                        self.wfile.write(reply.body)
                except OSError:
                    self.close_connection = True

            def _stream_forever(self) -> None:
                chunk = b"<p>" + b"x" * 16_000 + b"</p>\n"
                frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
                deadline = time.monotonic() + _LIMIT
                while not server._stop.is_set() and time.monotonic() < deadline:
                    self.wfile.write(frame)  # raises once the client hangs up

        return Handler


_RAW_MODES = ("reset", "silent", "close", "garbage")


class RawServer:
    """A TCP server that reads a request, then: resets the connection (``reset``), never answers
    (``silent``), hangs up without a word (``close``) or answers SSH's greeting (``garbage``)."""

    def __init__(self, mode: str, host: str = "127.0.0.1") -> None:
        if mode not in _RAW_MODES:
            raise ValueError(f"mode must be one of {_RAW_MODES}, not {mode!r}")
        self.mode = mode
        self.accepted = 0
        self._stop = threading.Event()
        self._sock = socket.create_server((host, 0))
        self._sock.settimeout(0.1)
        self.host, self.port = self._sock.getsockname()[:2]
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str = "/") -> str:
        """The absolute URL of a path on this server."""
        return f"http://{self.host}:{self.port}{path}"

    def start(self) -> RawServer:
        """Accept connections in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting and close every held connection."""
        self._stop.set()
        self._thread.join(timeout=_LIMIT)
        for conn in self._held:
            conn.close()
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            conn.settimeout(1.0)
            with contextlib.suppress(OSError):
                conn.recv(65536)  # the request line and headers
            if self.mode == "reset":
                # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            elif self.mode == "close":
                conn.close()
            elif self.mode == "garbage":
                with contextlib.suppress(OSError):
                    conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
                conn.close()
            else:
                self._held.append(conn)


class DripServer:
    """Reads a request, sends ``payload[:at_once]``, then the rest one byte every ``interval``.

    Each connection has its own thread; a drip ends when the payload is sent, the client hangs up,
    ``seconds`` have passed or ``stop()`` is called. ``finished`` counts payloads sent in full.
    """

    def __init__(
        self,
        payload: bytes,
        interval: float,
        at_once: int = 0,
        seconds: float = _LIMIT,
        host: str = "127.0.0.1",
    ) -> None:
        self.payload, self.interval, self.at_once, self.seconds = (
            payload,
            interval,
            at_once,
            seconds,
        )
        self.accepted = 0
        self.finished = 0
        self._stop = threading.Event()
        self._sock = socket.create_server((host, 0))
        self._sock.settimeout(0.1)
        self.host, self.port = self._sock.getsockname()[:2]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str = "/", scheme: str = "http") -> str:
        """The absolute URL of a path on this server."""
        return f"{scheme}://{self.host}:{self.port}{path}"

    def start(self) -> DripServer:
        """Accept connections in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting and end every drip."""
        self._stop.set()
        self._thread.join(timeout=_LIMIT)
        self._sock.close()

    def __enter__(self) -> DripServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        deadline = time.monotonic() + self.seconds
        with conn:
            conn.settimeout(1.0)
            try:
                conn.recv(65536)  # the request line and headers
                conn.sendall(self.payload[: self.at_once])
                for i in range(self.at_once, len(self.payload)):
                    if self._stop.wait(self.interval) or time.monotonic() > deadline:
                        return
                    conn.sendall(self.payload[i : i + 1])  # raises once the client hangs up
            except OSError:
                return
            self.finished += 1


@dataclass(frozen=True)
class LocalCA:
    """A throwaway certificate authority and one server certificate it signed."""

    ca: Path
    """The CA certificate (PEM), for ``REQUESTS_CA_BUNDLE``."""
    cert: Path
    key: Path
    names: tuple[str, ...]
    """The DNS names the server certificate is valid for."""

    def server_context(self, sni_seen: list[str]) -> ssl.SSLContext:
        """A server-side TLS context with the certificate; records each SNI name asked for."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)

        def record(_sock: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
            sni_seen.append(name or "")

        context.sni_callback = record
        return context


def make_local_ca(folder: Path, names: tuple[str, ...]) -> LocalCA:
    """Create a CA and a server certificate for ``names`` with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("the openssl command is needed to make test certificates")
    ca, ca_key = folder / "ca.pem", folder / "ca.key"
    cert, key, csr = folder / "server.pem", folder / "server.key", folder / "server.csr"
    ext = folder / "server.ext"
    ext.write_text("subjectAltName=" + ",".join(f"DNS:{n}" for n in names) + "\n")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
    steps: list[list[str | Path]] = [
        [openssl, "req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-subj", "/CN=test CA"],
        [openssl, "req", *ec, "-keyout", key, "-out", csr, "-subj", f"/CN={names[0]}"],
        [openssl, "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial"],
    ]
    steps[2] += ["-out", cert, "-days", "2", "-extfile", ext]
    for command in steps:
        subprocess.run([str(c) for c in command], check=True, capture_output=True, timeout=60)
    return LocalCA(ca, cert, key, names)


class TunnelProxy:
    """An HTTPS proxy: answers ``CONNECT host:port`` by relaying the connection to ``target``
    (whatever host the client named), and records each CONNECT line it was asked."""

    def __init__(self, target: tuple[str, int], host: str = "127.0.0.1") -> None:
        self.target = target
        self.asked: list[str] = []
        self._stop = threading.Event()
        self._sock = socket.create_server((host, 0))
        self._sock.settimeout(0.1)
        self.host, self.port = self._sock.getsockname()[:2]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> TunnelProxy:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=_LIMIT)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _addr = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._relay, args=(conn,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        with client, socket.create_connection(self.target, timeout=_LIMIT) as server:
            client.settimeout(_LIMIT)
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(4096)
                if not chunk:
                    return
                head += chunk
            self.asked.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            pipes = [(client, server), (server, client)]
            pumps = [threading.Thread(target=_pump, args=pair, daemon=True) for pair in pipes]
            for pump in pumps:
                pump.start()
            for pump in pumps:
                pump.join(timeout=_LIMIT)


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


class Blackhole:
    """A listening socket whose accept queue is full and never served: connecting times out."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._listener = socket.socket()
        self._listener.bind((host, 0))
        self._listener.listen(0)
        self.port = int(self._listener.getsockname()[1])
        self._fill: list[socket.socket] = []
        for _ in range(4):  # more than the queue holds (backlog 0 keeps one or two)
            client = socket.socket()
            client.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                client.connect((host, self.port))
            self._fill.append(client)
        time.sleep(0.1)  # let the kernel settle the queue before anyone else knocks

    def url(self, path: str = "/") -> str:
        """A URL on the blackhole."""
        return f"http://{self.host}:{self.port}{path}"

    def close(self) -> None:
        """Release every socket."""
        for client in self._fill:
            client.close()
        self._listener.close()

    def __enter__(self) -> Blackhole:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def refused_url() -> str:
    """A URL on a port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def fast_config(**overrides: object) -> CheckConfig:
    """Test settings: private addresses allowed, tiny timeouts and backoff, short Retry-After cap."""
    settings: dict[str, object] = {
        "allow_private": True,
        "connect_timeout": 1.0,
        "read_timeout": 0.5,
        "retries": 1,
        "backoff": 0.01,
        "backoff_max": 0.05,
        "retry_after_max": 3.0,
        "max_concurrency": 8,
        "per_host_concurrency": 4,
    }
    settings.update(overrides)
    return CheckConfig.model_validate(settings)
