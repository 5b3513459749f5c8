"""HTTP/1.1 over asyncio streams: the link checker's transport, on the standard library alone.

What a link check asks of HTTP is small: a status line, a few headers, now and then the start of
an HTML body. A general client pays for much more on every request (requests and urllib3 in
worker threads took 0.77 ms of CPU per request; this takes 0.30 ms, as aiohttp does, with no
dependency), so the checker speaks the protocol itself:

- Connections go to the addresses the run's ``AddressGuard`` vetted for the URL's host; there is
  no second DNS lookup a rebinding name could answer with a private address. The URL's name stays
  the Host header, the TLS SNI and the name the certificate must match.
- Connections are kept alive and reused per (scheme, host, port) once an answer was read to its
  end; an answer whose body is left unread closes its connection instead of draining it.
- Every failure is a standard exception (``ConnectionRefusedError``, ``ssl.SSLError``,
  ``http.client.BadStatusLine`` ...) that ``noteatlas.linkcheck.failures`` puts into words;
  ``ConnectTimeout`` says no connection was made in time.
- A proxy named by the environment (``http_proxy``, ``https_proxy``, ``no_proxy``) is used as
  requests used it: absolute URLs for http, a CONNECT tunnel for https. The proxy resolves names.
- Credentials in a URL (``https://user:pw@host/``) are never sent: notes are untrusted input.
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import os
import re
import ssl
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from noteatlas.linkcheck.addresses import AddressGuard
from noteatlas.linkcheck.answers import Answer, closes, read_head

_DEFAULT_PORTS = {"http": 80, "https": 443}
_LINE_LIMIT = 65536  # bytes in one status or header line (http.client's _MAXLINE)
# What requests quotes in a URL's path and query: everything but these (and valid %XX escapes).
_SAFE = "!#$%&'()*+,/:;=?@[]~"
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class ConnectTimeout(TimeoutError):
    """No connection to the server within the connect timeout."""


@dataclass(frozen=True)
class Target:
    """A URL as it goes on the wire."""

    scheme: str
    """``http`` or ``https``."""
    host: str
    """The host as connections and certificates name it: IDNA-encoded, lower case, no brackets."""
    port: int
    """The port, the scheme's default when the URL names none."""
    authority: str
    """The Host header: host (bracketed when IPv6) and a port that is not the default."""
    path: str
    """Path and query, quoted as requests quotes them."""

    @property
    def absolute(self) -> str:
        """The URL as a proxy is asked for it."""
        return f"{self.scheme}://{self.authority}{self.path}"


def target(url: str) -> Target:
    """The wire form of an http(s) URL; ``ValueError`` for one that cannot be sent."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url[:200]}")
    name = parts.hostname
    if not name:
        raise ValueError(f"no host in {url[:200]}")
    port = parts.port or _DEFAULT_PORTS[scheme]  # raises ValueError for a bad port
    if ":" in name:
        host = name
    else:
        try:
            host = name.encode("idna").decode("ascii").lower()
        except UnicodeError as exc:
            raise ValueError(f"invalid host name {name!r}: {exc}") from None
    shown = f"[{host}]" if ":" in host else host
    authority = shown if port == _DEFAULT_PORTS[scheme] else f"{shown}:{port}"
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    safe = _SAFE if not _BAD_ESCAPE.search(path) else _SAFE.replace("%", "")
    path = quote(path, safe=safe)
    if any(c in path for c in "\r\n \t"):
        raise ValueError(f"invalid characters in {url[:200]}")
    return Target(scheme, host, port, authority, path)


def tls_context() -> ssl.SSLContext:
    """Certificates checked against requests' trust: ``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE``
    when set, else certifi's bundle (the system's when certifi is missing)."""
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if not bundle:
        try:
            import certifi

            bundle = certifi.where()
        except ImportError:  # pragma: no cover - requests brings certifi
            bundle = None
    if bundle and os.path.isdir(bundle):
        return ssl.create_default_context(capath=bundle)
    return ssl.create_default_context(cafile=bundle)


def environment_proxy(scheme: str, host: str) -> str | None:
    """The proxy URL the environment names for a scheme and host, or None (``no_proxy``)."""
    if not any(key.lower().endswith("_proxy") for key in os.environ):
        return None  # the usual case, without importing urllib.request
    import urllib.request

    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


@dataclass
class Connection:
    """One open connection and whether it has been used before."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    key: tuple[str, str, int, str]
    used: bool = False

    def close(self) -> None:
        """Close at once: no unread body drained, no TLS goodbye waited for."""
        self.writer.transport.abort()


class Client:
    """Connections of one run, pooled per (scheme, host, port, proxy); one event loop uses it."""

    def __init__(self, guard: AddressGuard, headers: dict[str, str], per_host: int) -> None:
        self.guard = guard
        self.headers = headers
        self.per_host = per_host
        self._idle: dict[tuple[str, str, int, str], list[Connection]] = {}
        self._context: ssl.SSLContext | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}
        self._cookies: dict[str, dict[str, str]] = {}

    async def ask(
        self,
        method: str,
        where: Target,
        headers: dict[str, str],
        connect_timeout: float,
        read_timeout: float,
    ) -> Answer:
        """Send one request and read the answer's head; the caller reads the body (or not) and
        hands the answer to ``finish``. A reused connection that fails before any answer byte is
        replaced by a new one once (the server may have closed it while it was idle)."""
        proxy = self._proxy(where)
        while True:
            conn = await self._connection(where, proxy, connect_timeout, read_timeout)
            try:
                conn.writer.write(self._request(method, where, headers, proxy))
                async with asyncio.timeout(read_timeout):
                    answer = await read_head(conn.reader, method)
            except (ConnectionError, http.client.RemoteDisconnected):
                conn.close()
                if conn.used:
                    continue
                raise
            except BaseException:
                conn.close()
                raise
            conn.used = True
            answer.conn = conn
            if answer.cookies:
                jar = self._cookies.setdefault(where.host, {})
                for cookie in answer.cookies:
                    name, _, value = cookie.split(";", 1)[0].partition("=")
                    if name.strip():
                        jar[name.strip()] = value.strip()
            return answer

    def finish(self, answer: Answer, whole: bool) -> None:
        """Give the connection back when the answer was read to its end (``whole``), else close
        it (an unread body is never drained)."""
        conn, answer.conn = answer.conn, None
        if not isinstance(conn, Connection):
            return
        body = answer.body
        reusable = whole and (body is None or body.done) and not closes(answer.headers)
        idle = self._idle.setdefault(conn.key, [])
        if reusable and len(idle) < self.per_host and not conn.reader.at_eof():
            idle.append(conn)
        else:
            conn.close()

    def close(self) -> None:
        """Close every idle connection."""
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()

    def _proxy(self, where: Target) -> str:
        key = (where.scheme, where.host)
        if key not in self._proxies:
            self._proxies[key] = environment_proxy(where.scheme, where.host)
        return self._proxies[key] or ""

    def _request(self, method: str, where: Target, headers: dict[str, str], proxy: str) -> bytes:
        merged = {k.lower(): (k, v) for k, v in self.headers.items()}
        merged.update({k.lower(): (k, v) for k, v in headers.items()})
        lines = [f"{method} {where.absolute if proxy and where.scheme == 'http' else where.path} "
                 f"HTTP/1.1", f"Host: {where.authority}"]  # fmt: skip
        lines += [f"{name}: {value}" for name, value in merged.values()]
        jar = self._cookies.get(where.host)
        if jar and "cookie" not in merged:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in jar.items()))
        if proxy and where.scheme == "http" and (auth := _proxy_auth(proxy)):
            lines.append(f"Proxy-Authorization: {auth}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")

    async def _connection(
        self, where: Target, proxy: str, connect_timeout: float, read_timeout: float
    ) -> Connection:
        key = (where.scheme, where.host, where.port, proxy)
        idle = self._idle.get(key)
        while idle:
            conn = idle.pop()
            if not conn.reader.at_eof() and not conn.writer.is_closing():
                return conn
            conn.close()
        if proxy:
            reader, writer = await _open_proxy(proxy, connect_timeout)
        else:
            addresses = self.guard.addresses(where.host)
            reader, writer = await _open(addresses, where.port, connect_timeout)
        try:
            if proxy and where.scheme == "https":
                async with asyncio.timeout(read_timeout):
                    await _tunnel(reader, writer, where, proxy)
            if where.scheme == "https":
                if self._context is None:
                    self._context = tls_context()
                async with asyncio.timeout(read_timeout):
                    await writer.start_tls(self._context, server_hostname=where.host)
        except BaseException:
            writer.transport.abort()
            raise
        return Connection(reader, writer, key)


async def _open(
    addresses: tuple[str, ...], port: int, timeout: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    # One address after the other, as urllib3's create_connection tries them.
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            async with asyncio.timeout(timeout):
                return await asyncio.open_connection(address, port, limit=_LINE_LIMIT)
        except TimeoutError:
            error = ConnectTimeout(f"no connection within {timeout:g}s")
        except OSError as exc:
            error = exc
    raise error


async def _open_proxy(
    proxy: str, timeout: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    parts = urlsplit(proxy)
    host, port = parts.hostname or "", parts.port or 8080
    try:
        async with asyncio.timeout(timeout):
            return await asyncio.open_connection(host, port, limit=_LINE_LIMIT)
    except TimeoutError:
        raise ConnectTimeout(f"no connection to the proxy within {timeout:g}s") from None


def _proxy_auth(proxy: str) -> str:
    parts = urlsplit(proxy)
    if not parts.username:
        return ""
    user = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
    return "Basic " + base64.b64encode(user.encode()).decode("ascii")


async def _tunnel(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, where: Target, proxy: str
) -> None:
    lines = [f"CONNECT {where.host}:{where.port} HTTP/1.1", f"Host: {where.host}:{where.port}"]
    if auth := _proxy_auth(proxy):
        lines.append(f"Proxy-Authorization: {auth}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace"))
    answer = await read_head(reader, "CONNECT")
    if not 200 <= answer.code < 300:
        raise OSError(f"the proxy refused the tunnel: {answer.code} {answer.reason}".strip())


__all__ = ["Client", "ConnectTimeout", "Target", "environment_proxy", "target"]
