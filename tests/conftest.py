"""Fixtures shared by every test module.

The browser fixtures live in ``tests/browser.py``; registering them here once makes the
session-scoped Chromium one instance for the whole run (a fixture re-exported by two modules
would start Playwright twice, which its sync API refuses).

``ctrl_c_works``: tests press Ctrl-C (in this process, and in servers and checks they start,
which inherit how SIGINT is handled). A shell that runs the suite in the background (``make
test &``) starts it with SIGINT ignored, and Python then leaves it ignored: those tests would
fail for a reason that is not theirs. So the session handles SIGINT as an interactive one does.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from browser import chromium_browser, chromium_page


@pytest.fixture(scope="session", autouse=True)
def ctrl_c_works() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt during the session, as in a terminal."""
    before = signal.getsignal(signal.SIGINT)
    if before is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


__all__ = ["chromium_browser", "chromium_page", "ctrl_c_works"]
