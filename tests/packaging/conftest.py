"""The installed-wheel tests drive Debian's Chromium with the browser tests' one shared Playwright."""

from tests.browser.conftest import browser, chromium_executable  # noqa: F401  (fixtures)
