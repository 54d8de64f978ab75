"""The browser tests wait without time limits; a page whose server died must fail, not hang (tests/page_watch.py)."""

from __future__ import annotations

import os
import signal

import pytest

from tests.browser.conftest import CourseServer, open_course

sync_api = pytest.importorskip("playwright.sync_api")


def test_a_page_waiting_on_a_dead_server_fails(page, fresh_server: CourseServer) -> None:
    open_course(page, fresh_server.module_url)
    assert fresh_server.process is not None
    os.killpg(fresh_server.process.pid, signal.SIGKILL)  # still registered as running: the watch must see it
    with pytest.raises(sync_api.Error, match="crash"):
        page.wait_for_selector("#mf-never-shown")  # no time limit: only the watch can end this wait
