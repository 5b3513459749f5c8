"""Per-host gates: how many requests may be in flight to one host, and when it may be asked again.

The gates live in the check's event loop: waiting for one is waiting for a future, and a run
stopped by Ctrl-C cancels its waiters with everything else.
"""

from __future__ import annotations

import asyncio
import collections
import time

from noteatlas.linkcheck.config import CheckConfig


class HostGate:
    """A counting limit for one host that a rate-limit answer can shrink and pause."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._active = 0
        self._not_before = 0.0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def limit(self) -> int:
        """Requests allowed in flight now (1 after the host asked us to slow down)."""
        return self._limit

    async def acquire(self) -> None:
        """Wait for a free slot and for any pause the host asked for."""
        while True:
            wait = self._not_before - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            if self._active < self._limit:
                self._active += 1
                return
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
                elif not waiter.cancelled():
                    self._wake()  # woken, then cancelled: the next in line gets the slot
                raise

    def release(self) -> None:
        """Give the slot back."""
        self._active -= 1
        self._wake()

    def slow_down(self, delay: float) -> None:
        """Pause every request to the host for ``delay`` seconds, then send one at a time."""
        self._not_before = max(self._not_before, time.monotonic() + delay)
        self._limit = 1

    def _wake(self) -> None:
        # The first in line tries again (a newcomer may take the slot first; it then waits again).
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return


class HostGates:
    """The gates of all hosts seen in a run, created on first use with the host's limit."""

    def __init__(self, config: CheckConfig) -> None:
        self._config = config
        self._gates: dict[str, HostGate] = {}

    def __call__(self, host: str) -> HostGate:
        """The gate of a host (lower-case name without port)."""
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = HostGate(self._config.host_concurrency(host))
        return gate
