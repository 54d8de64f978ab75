"""Uploads in a real browser against ``mangfold serve``: the page's limit is what the server takes.

A file one byte under the course's limit (20 MB, twice Tornado's 10 MiB websocket limit) goes through
in pieces and is answered by the kernel; one byte over is refused by the page, which says so. Files
that Python's JSON reader would choke on (deep nesting, a lone surrogate) are answered with their
reason instead of silence. Every wait is for a state on the page; there is no sleep and no time limit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mangfold.progress.sync import BUNDLE_FORMAT, BUNDLE_VERSION, MAX_BUNDLE_BYTES
from tests.browser.conftest import CourseServer, open_course
from tests.helpers.interface_text import STRINGS
from tests.helpers.pages import upload

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = pytest.mark.browser

NB = STRINGS["nb"]
MB = MAX_BUNDLE_BYTES // 1_000_000
NOTICE = "div.mf-notice[role=status]"
STATUS = ".mf-upload p[role=status]"


def padded_empty_bundle(path: Path, size: int) -> Path:
    """A valid bundle with no modules, padded with spaces (valid JSON) to exactly ``size`` bytes."""
    head = json.dumps({"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "modules": {}}).encode()
    path.write_bytes(head + b" " * (size - len(head)))
    assert path.stat().st_size == size
    return path


def test_a_file_just_under_the_limit_reaches_the_kernel_and_one_over_is_refused_on_the_page(
        page, home_server: CourseServer, tmp_path: Path) -> None:
    open_course(page, home_server.home_url)
    upload(page, padded_empty_bundle(tmp_path / "under.json", MAX_BUNDLE_BYTES - 1))
    # the kernel's answer: the whole file came through (19.99 MB > Tornado's 10 MiB per message). Sent as
    # one message, the server would close the page's websocket instead: wait for either state.
    answered = page.locator(NOTICE).filter(has_text=NB["upload_empty"]).or_(page.locator("#mf-disconnected"))
    expect(answered).to_be_visible(timeout=0)
    expect(page.locator("#mf-disconnected")).to_have_count(0)
    expect(page.locator(NOTICE)).to_contain_text(NB["upload_empty"])
    expect(page.locator(STATUS)).to_have_text("")

    upload(page, padded_empty_bundle(tmp_path / "over.json", MAX_BUNDLE_BYTES + 1))
    expect(page.locator(STATUS)).to_have_text(NB["upload_too_large"].format(mb=MB))


@pytest.mark.parametrize(("name", "raw", "reason"), [
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nøstet i mer enn"),
    ("surrogate.json", b'{"format": "mangfold-progress-bundle", "version": 1, "x": "\\ud800"}', "enslig surrogat"),
])
def test_a_file_pythons_json_chokes_on_is_answered_with_its_reason(
        page, home_server: CourseServer, tmp_path: Path, name: str, raw: bytes, reason: str) -> None:
    before = {m: sorted(p.name for p in d.iterdir()) for m, d in home_server.module_dirs.items()}
    open_course(page, home_server.home_url)
    (tmp_path / name).write_bytes(raw)
    upload(page, tmp_path / name)
    notice = page.locator(f"{NOTICE}.mf-notice--warning")
    expect(notice).to_contain_text(NB["reject_malformed"], timeout=0)
    expect(notice).to_contain_text(reason)
    assert {m: sorted(p.name for p in d.iterdir()) for m, d in home_server.module_dirs.items()} == before
