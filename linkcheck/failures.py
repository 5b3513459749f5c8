"""What a failed request means: a status, a plain detail and whether trying again may help.

The transport (``noteatlas.linkcheck.wire``) raises the socket's, TLS's or ``http.client``'s own
exceptions; the cause that says what happened may sit behind another in the chain. The rules below go from the most specific cause to the least, so that
each kind of failure keeps its own words (a refused port is not a "reset", a TLS handshake with a
plain-HTTP port is not an "internal error").
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
from dataclasses import dataclass
from typing import TypeVar

from noteatlas.linkcheck.addresses import AddressRefused
from noteatlas.linkcheck.results import LinkStatus
from noteatlas.linkcheck.wire import ConnectTimeout

# OpenSSL reasons seen when the other end does not speak TLS at all (a plain HTTP port).
_NOT_TLS = frozenset({"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "HTTP_REQUEST"})
_NOT_TLS |= {"PACKET_LENGTH_TOO_LONG", "UNKNOWN_PROTOCOL"}


@dataclass(frozen=True)
class Failure:
    """A request that got no usable answer."""

    status: LinkStatus
    """What it means for the link."""
    detail: str
    """What happened, in words."""
    retryable: bool
    """True when the same request may well succeed in a moment."""
    reach: str = ""
    """How the way to the server failed before any connection (a key of
    ``noteatlas.linkcheck.network.REACH``), or "" when a connection was made or the failure is
    not about the network."""


# Socket errors that say the network, not the server, is missing.
_NO_ROUTE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN})


def causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception behind it (cause, context, urllib3's ``reason``, args)."""
    seen: list[BaseException] = []
    stack: list[BaseException] = [exc]
    while stack:
        item = stack.pop()
        if any(item is s for s in seen):
            continue
        seen.append(item)
        # ssl.SSLError.reason is a string; only exceptions lead further.
        linked = [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
        stack += [x for x in linked if isinstance(x, BaseException)]
    return seen


_E = TypeVar("_E", bound=BaseException)


def _first(found: list[BaseException], kind: type[_E]) -> _E | None:
    return next((c for c in found if isinstance(c, kind)), None)


def _tls_detail(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted: {error.verify_message or error.reason}"
    if isinstance(error, ssl.SSLEOFError | ssl.SSLZeroReturnError):
        return "TLS handshake failed: the server closed the connection"
    reason = str(error.reason or "").upper()
    words = reason.replace("_", " ").lower() or str(error)
    if reason in _NOT_TLS:
        return f"TLS handshake failed ({words}): the server does not speak TLS on this port"
    return f"TLS handshake failed: {words}"


def _os_detail(error: OSError) -> str:
    return (error.strerror or str(error) or type(error).__name__).lower()


def classify_exception(exc: BaseException, timeouts: tuple[float, float]) -> Failure:
    """What a failed request means, and whether trying again may help."""
    found = causes(exc)
    if (refused := _first(found, AddressRefused)) is not None:
        return Failure(LinkStatus.EXCLUDED, str(refused), False)
    if _first(found, ConnectTimeout):
        detail = f"no connection within {timeouts[0]:g}s"
        return Failure(LinkStatus.TIMEOUT, detail, True, "connect-timeout")
    if _first(found, socket.timeout):
        return Failure(LinkStatus.TIMEOUT, f"no answer within {timeouts[1]:g}s", True)
    # No connection at all: the page may be fine; the way to it is not (status unreachable).
    if _first(found, ConnectionRefusedError):
        return Failure(LinkStatus.UNREACHABLE, "connection refused", False, "refused")
    if (lookup := _first(found, socket.gaierror)) is not None:
        detail = f"DNS lookup failed: {_os_detail(lookup)}"
        return Failure(LinkStatus.UNREACHABLE, detail, False, "dns")
    no_route = [c for c in found if isinstance(c, OSError) and c.errno in _NO_ROUTE]
    if no_route:
        detail = f"connection failed: {_os_detail(no_route[0])}"
        return Failure(LinkStatus.UNREACHABLE, detail, True, "no-route")
    if (tls := _first(found, ssl.SSLError)) is not None:
        return Failure(LinkStatus.ERROR, _tls_detail(tls), False)
    return _connection_failure(exc, found)


def _connection_failure(exc: BaseException, found: list[BaseException]) -> Failure:
    # After the connection was made: the server hung up, or answered something that is not HTTP.
    if _first(found, http.client.RemoteDisconnected):  # before resets: it is one
        return Failure(LinkStatus.ERROR, "the server closed the connection without answering", True)
    if _first(found, ConnectionResetError):
        return Failure(LinkStatus.ERROR, "connection reset by the server", True)
    if (incomplete := _first(found, http.client.IncompleteRead)) is not None:
        got = f" after {len(incomplete.partial)} bytes" if incomplete.partial else ""
        return Failure(LinkStatus.ERROR, f"the answer ended early{got}", True)
    if (line := _first(found, http.client.LineTooLong)) is not None:
        return Failure(LinkStatus.ERROR, f"not a valid HTTP answer: {line}", False)
    if (status := _first(found, http.client.BadStatusLine)) is not None:
        return Failure(LinkStatus.ERROR, f"not an HTTP answer: {str(status)[:80]!r}", False)
    if (other := _first(found, http.client.HTTPException)) is not None:
        return Failure(LinkStatus.ERROR, f"not a valid HTTP answer: {other}", False)
    if (closed := _first(found, ConnectionError)) is not None:  # aborted, broken pipe
        return Failure(LinkStatus.ERROR, f"connection closed: {_os_detail(closed)}", True)
    os_errors = [c for c in found if type(c) is OSError or isinstance(c, socket.herror)]
    if os_errors:  # anything else the socket says before a connection
        return Failure(LinkStatus.ERROR, f"connection failed: {_os_detail(os_errors[0])}", True)
    return Failure(LinkStatus.ERROR, f"{type(exc).__name__}: {exc}", False)
