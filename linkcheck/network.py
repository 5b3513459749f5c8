"""Whether the network itself is missing: the "no network?" verdict of a run.

Without a network every host fails the same way (the name does not resolve, the port is refused,
nothing answers the connection) and each link would be reported for it. The watch records, host
by host, whether a connection was ever made; when (nearly) every host failed before one and no
public host answered, the run says "no network?" once and those results say nothing about the
links. It also remembers which host and port could not be reached, so the other pages of a dead
host are not asked again in the same run (a firewall that drops connections would otherwise cost
every URL its connect timeout and retries).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the HTTP engine (and requests) loads only when a request is made
    from noteatlas.linkcheck.failures import Failure

#: Ways a request fails before it reaches the server (``Failure.reach``), in words.
REACH = {
    "dns": "DNS lookup failed",
    "refused": "connection refused",
    "no-route": "no route to the host",
    "connect-timeout": "no connection in time",
}

#: Share of the hosts asked that must fail before any connection for the verdict.
NEARLY_ALL = 0.9
#: Fewer failing hosts than this prove nothing: one dead domain is one dead domain.
MIN_HOSTS = 2


@dataclass(frozen=True)
class NoNetwork:
    """The verdict: the links were not checked because the network looked absent."""

    hosts: int
    """Hosts that could not be reached."""
    ways: dict[str, int]
    """How many hosts failed each way (``REACH`` words -> hosts)."""
    example: str
    """One failure as it was reported (``DNS lookup failed for example.org: ...``)."""

    def message(self) -> str:
        """One line for the report."""
        ways = ", ".join(f"{REACH[k]} for {n} of them" for k, n in sorted(self.ways.items()))
        return (
            f"no network? none of the {self.hosts} hosts asked could be reached ({ways}; "
            f"e.g. {self.example})"
        )


class NetworkWatch:
    """What a run learned about reaching each host; shared by the worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connected: dict[str, bool] = {}  # host -> whether it is on a public address
        self._failed: dict[str, tuple[str, str]] = {}  # host -> (way, detail)
        self._down: dict[tuple[str, int | None], Failure] = {}

    def connected(self, host: str, public: bool) -> None:
        """A connection to ``host`` was made (an answer, or a failure after connecting)."""
        known = self._connected.get(host)  # read without the lock: called for every answer
        if known is True or (known is False and not public):
            return
        with self._lock:
            self._connected[host] = self._connected.get(host, False) or public
            if self._down:
                self._down = {k: v for k, v in self._down.items() if k[0] != host}

    def failed(self, host: str, port: int | None, failure: Failure, detail: str = "") -> None:
        """``host`` (at ``port``; None for the name itself) failed before any connection."""
        if not failure.reach:
            return
        with self._lock:
            self._failed.setdefault(host, (failure.reach, detail or failure.detail))
            if host not in self._connected:
                self._down[(host, port)] = failure

    def known_failure(self, host: str, port: int | None) -> Failure | None:
        """How ``host`` at ``port`` (or the name) failed earlier in this run, if it did."""
        if not self._down:  # the usual case, read without the lock
            return None
        with self._lock:
            return self._down.get((host, None)) or self._down.get((host, port))

    def verdict(self) -> NoNetwork | None:
        """The verdict when (nearly) every host asked failed before a connection and no public
        host answered; None otherwise."""
        with self._lock:
            if any(self._connected.values()):
                return None
            failed = {h: w for h, w in self._failed.items() if h not in self._connected}
            asked = len(failed) + len(self._connected)
            if len(failed) < MIN_HOSTS or len(failed) < NEARLY_ALL * asked:
                return None
            ways = Counter(way for way, _ in failed.values())
            first = sorted(failed)[0]
            return NoNetwork(len(failed), dict(ways), failed[first][1])


__all__ = ["MIN_HOSTS", "NEARLY_ALL", "REACH", "NetworkWatch", "NoNetwork"]
