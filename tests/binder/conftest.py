"""The Binder replay drives Debian's Chromium with the browser tests' fixtures (one Playwright, a fresh page)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.binder.replay import BinderServer
from tests.browser.conftest import browser, chromium_executable, page, page_log  # noqa: F401  (fixtures)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Attach the Binder server's log (``binder/start jupyter server``) to a failure's report."""
    report = yield
    if report.failed:
        for value in getattr(item, "funcargs", {}).values():
            if isinstance(value, BinderServer):
                report.sections.append((f"binder server log ({value.url})", value.log_text()[-20_000:]))
    return report
