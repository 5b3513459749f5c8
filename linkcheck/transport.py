"""Connections that go where the guard looked and end in time: the transport of every request.

Two guarantees ``requests`` does not give on its own:

- The connection goes to an address the run's ``AddressGuard`` resolved and vetted; there is no
  second DNS lookup that a rebinding name could answer with a private address. The URL's name
  stays the Host header, the TLS SNI and the name the certificate must match.
- A request ends at its deadline however slowly the server talks: before each socket operation
  the socket's timeout is cut to the time left (a server sending one byte a second satisfies
  every per-read timeout, never a deadline).

Both come from ``request_scope``, which the fetching thread opens around each request; the
connections read it from the thread, as a pooled connection is used by one thread at a time.
Behind an HTTP(S) proxy from the environment neither applies: the proxy resolves and connects.
"""

from __future__ import annotations

import os
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.cookies import extract_cookies_to_jar
from requests.structures import CaseInsensitiveDict
from requests.utils import get_environ_proxies
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.ssl_ import create_urllib3_context

from noteatlas.linkcheck.addresses import AddressGuard, AddressRefused
from noteatlas.linkcheck.config import CheckConfig


class DeadlineExceeded(TimeoutError):
    """A request ran past its total deadline."""


@dataclass(frozen=True)
class Scope:
    """The guard and the deadline of the request the current thread is making."""

    guard: AddressGuard
    """Where connections may go."""
    seconds: float
    """The total deadline, as configured."""
    end: float
    """``time.monotonic()`` at the deadline."""

    def expired(self) -> bool:
        """True once the deadline has passed."""
        return time.monotonic() >= self.end


_local = threading.local()


@contextmanager
def request_scope(guard: AddressGuard, seconds: float) -> Iterator[Scope]:
    """Make this thread's requests connect through ``guard`` and end within ``seconds``."""
    previous = getattr(_local, "scope", None)
    scope = Scope(guard, seconds, time.monotonic() + seconds)
    _local.scope = scope
    try:
        yield scope
    finally:
        _local.scope = previous


def _scope() -> Scope:
    scope: Scope | None = getattr(_local, "scope", None)
    if scope is None:  # fail closed: without the guard there is no safe address to connect to
        raise RuntimeError("a link-check connection was opened outside request_scope")
    return scope


def _time_left(timeout: float | None) -> float | None:
    # The socket timeout to use now: the one asked for, cut to what is left of the deadline.
    scope: Scope | None = getattr(_local, "scope", None)
    if scope is None:
        return timeout
    left = scope.end - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded(f"no complete answer within {scope.seconds:g}s")
    return left if timeout is None else min(timeout, left)


class _BoundedSocket(socket.socket):
    """A socket whose every blocking call ends by the deadline of the thread's request."""

    _asked: float | None = None  # the timeout set by urllib3, before the deadline cuts it
    _applied: float | None = None  # the timeout the socket has now

    def settimeout(self, value: float | None) -> None:
        """Remember the timeout asked for; each call applies it, cut to the deadline."""
        self._asked = self._applied = value
        super().settimeout(value)

    def _bound(self) -> None:
        # Setting a timeout is a system call; most calls keep the one the socket has.
        value = _time_left(self._asked)
        if value != self._applied:
            self._applied = value
            super().settimeout(value)

    def connect(self, *args: Any, **kwargs: Any) -> None:
        """``socket.connect``, by the deadline."""
        self._bound()
        super().connect(*args, **kwargs)

    def recv(self, *args: Any, **kwargs: Any) -> bytes:
        """``socket.recv``, by the deadline."""
        self._bound()
        return super().recv(*args, **kwargs)

    def recv_into(self, *args: Any, **kwargs: Any) -> int:
        """``socket.recv_into``, by the deadline."""
        self._bound()
        return super().recv_into(*args, **kwargs)

    def send(self, *args: Any, **kwargs: Any) -> int:
        """``socket.send``, by the deadline."""
        self._bound()
        return super().send(*args, **kwargs)

    def sendall(self, *args: Any, **kwargs: Any) -> None:
        """``socket.sendall``, by the deadline."""
        self._bound()
        super().sendall(*args, **kwargs)


class _BoundedTLSSocket(_BoundedSocket, ssl.SSLSocket):
    """The TLS socket of a bounded connection (``SSLContext.sslsocket_class``)."""

    def do_handshake(self, *args: Any, **kwargs: Any) -> None:
        """``SSLSocket.do_handshake``, by the deadline."""
        self._bound()
        super().do_handshake(*args, **kwargs)


def _connect(
    addresses: tuple[str, ...],
    port: int,
    timeout: float | None,
    source: tuple[str, int] | None,
    options: Any,
) -> socket.socket:
    # urllib3's create_connection, over the vetted addresses instead of a fresh lookup.
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock: socket.socket | None = None
        try:
            sock = _BoundedSocket(family, socket.SOCK_STREAM)
            for option in options or ():
                sock.setsockopt(*option)
            sock.settimeout(timeout)
            if source:
                sock.bind(source)
            sock.connect((address, port))
            return sock
        except DeadlineExceeded:
            if sock is not None:
                sock.close()
            raise
        except OSError as exc:
            if sock is not None:
                sock.close()
            error = exc
    raise error


class PinnedHTTPConnection(HTTPConnection):
    """An HTTP connection to the addresses the guard vetted for its host."""

    def _new_conn(self) -> socket.socket:
        try:
            addresses = _scope().guard.addresses(self._dns_host)
        except AddressRefused as exc:
            raise NewConnectionError(self, str(exc)) from exc
        except OSError as exc:
            raise NameResolutionError(self.host, self, socket.gaierror(str(exc))) from exc
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        try:
            return _connect(addresses, self.port, timeout, self.source_address, self.socket_options)
        except TimeoutError as exc:
            message = f"Connection to {self.host} timed out. (connect timeout={timeout})"
            raise ConnectTimeoutError(self, message) from exc
        except OSError as exc:
            raise NewConnectionError(self, f"Failed to establish a new connection: {exc}") from exc


class PinnedHTTPSConnection(PinnedHTTPConnection, HTTPSConnection):
    """A TLS connection to the vetted addresses; SNI and the certificate check use the name."""

    def connect(self) -> None:
        """Connect, with a TLS context whose sockets keep the deadline."""
        if self.ssl_context is None:  # what urllib3 would create, but with bounded sockets
            context = create_urllib3_context()
            context.sslsocket_class = _BoundedTLSSocket
            self.ssl_context = context
        super().connect()


class _PinnedHTTPPool(HTTPConnectionPool):
    ConnectionCls = PinnedHTTPConnection


class _PinnedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = PinnedHTTPSConnection


class PinnedAdapter(HTTPAdapter):
    """requests' adapter with pinned, deadline-bound connections; use inside ``request_scope``."""

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        """The usual pool manager, making pinned connections."""
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PinnedHTTPPool,
            "https": _PinnedHTTPSPool,
        }


#: requests' own helper (what ``Session.send`` calls); typeshed leaves it untyped.
_keep_cookies: Callable[[Any, requests.PreparedRequest, Any], None] = extract_cookies_to_jar


class HopSession(requests.Session):
    """A session that leaves redirects to the caller, who judges each hop before asking it.

    ``ask`` sends one request straight to the session's adapter. ``Session.request`` would build
    the same request at twice the CPU (cookie jars copied, the proxy environment and ``~/.netrc``
    read again for every request, hooks), which a check of thousands of URLs feels. Redirects
    are never followed here, so nothing of ``Session.send``'s redirect machinery is needed.
    """

    def __init__(self) -> None:
        super().__init__()
        self._proxies: dict[tuple[str, str], dict[str, str]] = {}
        # What ``merge_environment_settings`` would find for every request, found once.
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        self._verify: bool | str = bundle or True

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        """No redirect is ever followed or prepared by the session."""
        return None

    def ask(
        self, method: str, url: str, headers: dict[str, str], timeout: tuple[float, float]
    ) -> requests.Response:
        """One request, its answer streamed (read the body from ``raw``, then release or close
        it): the session's headers under ``headers``, its cookies, the proxy the environment
        names for the URL's origin, no credentials (notes are untrusted: no ``~/.netrc``)."""
        merged = CaseInsensitiveDict(self.headers)
        merged.update(headers)
        prepared = requests.PreparedRequest()
        prepared.prepare(method=method, url=url, headers=merged, cookies=self.cookies or None)
        response = self.get_adapter(url).send(
            prepared,
            stream=True,
            timeout=timeout,
            verify=self._verify,
            cert=None,
            proxies=self._proxies_for(prepared.url or url),
        )
        if "Set-Cookie" in response.headers:  # sites that set a cookie and redirect to itself
            _keep_cookies(self.cookies, prepared, response.raw)
        return response

    def _proxies_for(self, url: str) -> dict[str, str]:
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        found = self._proxies.get(origin)
        if found is None:  # the environment's proxies, unless no_proxy names the host
            found = self._proxies[origin] = get_environ_proxies(url)
        return found


def make_session(config: CheckConfig) -> HopSession:
    """A session of pinned, deadline-bound connections; no automatic retries or redirects.

    Each host's pool holds as many connections as requests may be in flight to one host (the
    pool is allocated up front, so it is never sized by ``max_concurrency`` alone).
    """
    session = HopSession()
    per_host = max(
        [config.per_host_concurrency, *(h.concurrency or 1 for h in config.hosts.values())]
    )
    size = min(config.max_concurrency, per_host)
    adapter = PinnedAdapter(pool_connections=64, pool_maxsize=size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update(
        {
            "User-Agent": config.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "en,zh;q=0.8",
        }
    )
    return session
