"""The summary page in the browser: reached from the home, an action plan, and every download working."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
from playwright.sync_api import expect

from mangfold.course import MODULE_IDS
from mangfold.summary.snapshot import SNAPSHOT_FILENAME, SUMMARY_MODULE
from tests import learners
from tests.browser.conftest import CourseServer
from tests.conftest import REPO_ROOT
from tests.helpers.axe import axe_scan, serious

PLAN = '<script>window.__xss=1</script> Skrive jobbanalysen før annonsen'


def test_summary_from_home_to_downloads(page, whole_course_server: CourseServer) -> None:
    server = whole_course_server
    server.reset_learner()
    summary_dir = server.root / "release" / SUMMARY_MODULE
    if not summary_dir.exists():
        shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, summary_dir)
    learners.complete(server.module_dirs[MODULE_IDS[0]])
    page.goto(server.home_url)
    page.locator("a.mf-summary-link").click()
    page.wait_for_selector(".mf-card--summary")
    expect(page.locator("h1")).to_contain_text("Min oppsummering")
    assert (summary_dir / SNAPSHOT_FILENAME).exists()  # taken on the learner's page, for autograding
    results = axe_scan(page)
    assert not serious(results), "\n".join(serious(results))
    page.locator(".mf-card--reflection textarea").first.fill(PLAN)
    page.get_by_role("button", name="Lag dokumentene").click()
    links = page.locator("a.mf-export")
    expect(links.first).to_be_visible()
    names = []
    for index in range(links.count()):
        with page.expect_download() as download:
            links.nth(index).click()
        saved = download.value
        names.append(saved.suggested_filename)
        data = Path(saved.path()).read_bytes()
        if saved.suggested_filename.endswith(".html"):
            text = data.decode("utf-8")
            assert "<script>window.__xss" not in text and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text
        elif saved.suggested_filename.endswith(".docx"):
            docx.Document(io.BytesIO(data))
        elif saved.suggested_filename.endswith(".pdf"):
            assert data.startswith(b"%PDF")
    assert {"oppsummering.html", "oppsummering.docx", "jobbanalyse.docx", "intervjuguide-1.docx",
            "intervjuguide-2.docx"} <= set(names)
    assert page.evaluate("window.__xss") is None
