"""Shared Playwright fixtures for HTML outputs: Debian's chromium, offline, everything watched.

The fixtures are registered once in ``tests/conftest.py``; a test module just asks for them::

    from browser import PageWatch

    def test_page(chromium_page: PageWatch) -> None:
        chromium_page.goto(path)
        ...
        chromium_page.assert_clean()

The page may load only ``file:``, ``data:``, ``about:`` and ``blob:`` URLs; anything else is aborted
and fails the test. Console errors, uncaught exceptions and dialogs (``alert`` ...) are collected.
When ``/usr/bin/chromium`` is missing the tests are skipped, unless ``NOTEATLAS_REQUIRE_BROWSER=1``
(CI), in which case they fail. Never ``playwright install``: the system chromium is the browser.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ALLOWED_SCHEMES = ("file:", "data:", "about:", "blob:")
VIEWPORT = {"width": 1440, "height": 900}


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when ``NOTEATLAS_REQUIRE_BROWSER=1`` says a browser must be there."""
    if os.environ.get("NOTEATLAS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NOTEATLAS_REQUIRE_BROWSER=1 requires a browser)")
    pytest.skip(reason)


def allowed_url(url: str, allow: tuple[str, ...] = ()) -> bool:
    """True for URLs an offline page may load (and those starting with one of ``allow``: the
    loopback server of ``noteatlas serve``)."""
    return url.lower().startswith(ALLOWED_SCHEMES + allow)


@dataclass
class PageWatch:
    """A page plus everything it did that a test may want to fail on."""

    page: Any
    """The Playwright ``Page``."""
    console_errors: list[str] = field(default_factory=list)
    """Texts of ``console.error`` messages."""
    page_errors: list[str] = field(default_factory=list)
    """Uncaught exceptions."""
    dialogs: list[str] = field(default_factory=list)
    """Messages of ``alert``/``confirm``/``prompt`` dialogs (dismissed at once)."""
    blocked: list[str] = field(default_factory=list)
    """URLs the page tried to load that are not local."""

    def goto(self, path: Path) -> None:
        """Open a local file."""
        self.page.goto(Path(path).resolve().as_uri())

    def problems(self) -> list[str]:
        """Everything that went wrong, one line each."""
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"dialog: {m}" for m in self.dialogs]
            + [f"network request: {u}" for u in self.blocked]
        )

    def assert_clean(self) -> None:
        """Fail when the page logged errors, raised, opened dialogs or touched the network."""
        problems = self.problems()
        assert not problems, "\n".join(problems)


def launch_options() -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch``: the system chromium, headless."""
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One headless Debian chromium for the whole session (starting one takes a second)."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options())
        try:
            yield browser
        finally:
            browser.close()


def watch_page(browser: Any, allow: tuple[str, ...] = ()) -> tuple[Any, PageWatch]:
    """A fresh context and page on ``browser``, offline and watched. Close the context when done.
    ``allow`` lists URL prefixes it may load besides local files (a server on 127.0.0.1)."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, service_workers="block")
    page = context.new_page()
    watch = PageWatch(page)

    def route(route: Any) -> None:
        # Recorded by the "request" listener below; here it is only stopped.
        if allowed_url(route.request.url, allow):
            route.continue_()
        else:
            route.abort()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    page.on("request", lambda r: None if allowed_url(r.url, allow) else watch.blocked.append(r.url))
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
    page.on("dialog", on_dialog)
    return context, watch


@pytest.fixture
def chromium_page(chromium_browser: Any) -> Iterator[PageWatch]:
    """A new offline page; the test fails if it requested anything that is not local."""
    context, watch = watch_page(chromium_browser)
    try:
        yield watch
    finally:
        context.close()
    if watch.blocked:
        pytest.fail("the page tried to use the network: " + ", ".join(sorted(set(watch.blocked))))
