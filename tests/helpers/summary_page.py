"""Opening the summary page in the browser tests, and reading the files its download links carry."""

from __future__ import annotations

import base64
import shutil

from mangfold.course import MODULE_IDS
from mangfold.progress.trust import SUMMARY_MODULE
from tests import learners
from tests.conftest import REPO_ROOT


def link_data(link) -> bytes:
    """The file a download link carries (its ``data:…;base64,`` address), as bytes."""
    href = link.get_attribute("href")
    assert href.startswith("data:") and ";base64," in href
    return base64.b64decode(href.split(";base64,", 1)[1])


def open_summary_page(page, server) -> None:
    """A learner who has done module 1 opens the summary page (a new one: no action plan yet)."""
    server.reset_learner()
    summary_dir = server.root / "release" / SUMMARY_MODULE
    shutil.rmtree(summary_dir, ignore_errors=True)
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, summary_dir)
    learners.complete(server.module_dirs[MODULE_IDS[0]])
    page.goto(server.page_url(SUMMARY_MODULE))
    page.wait_for_selector(".mf-summary-frame")
