"""The Binder replay drives Debian's Chromium with the browser tests' fixtures (one Playwright, a fresh page)."""

from tests.browser.conftest import browser, chromium_executable, page, page_log  # noqa: F401  (fixtures)
