"""Fixtures shared by every test module.

The browser fixtures live in ``tests/browser.py``; registering them here once makes the
session-scoped Chromium one instance for the whole run (a fixture re-exported by two modules
would start Playwright twice, which its sync API refuses).
"""

from browser import chromium_browser, chromium_page

__all__ = ["chromium_browser", "chromium_page"]
