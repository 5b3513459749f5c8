"""Per-host gates: how many requests may be in flight to one host, and when it may be asked again."""

from __future__ import annotations

import threading
import time

from noteatlas.linkcheck.config import CheckConfig


class Stopped(Exception):
    """The run was interrupted while waiting for a host."""


class HostGate:
    """A counting limit for one host that a rate-limit answer can shrink and pause."""

    def __init__(self, limit: int, stop: threading.Event) -> None:
        self._cond = threading.Condition()
        self._limit = limit
        self._active = 0
        self._not_before = 0.0
        self._stop = stop

    @property
    def limit(self) -> int:
        """Requests allowed in flight now (1 after the host asked us to slow down)."""
        return self._limit

    def acquire(self) -> None:
        """Wait for a free slot and for any pause the host asked for; raise ``Stopped`` on stop."""
        with self._cond:
            while True:
                if self._stop.is_set():
                    raise Stopped
                wait = self._not_before - time.monotonic()
                if self._active < self._limit and wait <= 0:
                    self._active += 1
                    return
                # Wake up at the end of a pause, and now and then to notice a stop.
                self._cond.wait(timeout=min(wait, 0.25) if wait > 0 else 0.25)

    def release(self) -> None:
        """Give the slot back."""
        with self._cond:
            self._active -= 1
            self._cond.notify_all()

    def slow_down(self, delay: float) -> None:
        """Pause every request to the host for ``delay`` seconds, then send one at a time."""
        with self._cond:
            self._not_before = max(self._not_before, time.monotonic() + delay)
            self._limit = 1
            self._cond.notify_all()


class HostGates:
    """The gates of all hosts seen in a run, created on first use with the host's limit."""

    def __init__(self, config: CheckConfig, stop: threading.Event) -> None:
        self._config = config
        self._stop = stop
        self._lock = threading.Lock()
        self._gates: dict[str, HostGate] = {}

    def __call__(self, host: str) -> HostGate:
        """The gate of a host (lower-case name without port)."""
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = HostGate(self._config.host_concurrency(host), self._stop)
                self._gates[host] = gate
            return gate
