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
from tests.helpers.pages import WIDE_ELEMENTS
from tests.helpers.summary_page import link_data, open_summary_page

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
    page.locator(".mf-action-plan textarea").first.fill(PLAN)
    # the preview above grows with the plan: wait for it, so no link moves while it is clicked (a click that
    # landed beside a moving link started no download, and the wait for it never ended)
    expect(page.frame_locator(".mf-summary-frame").locator("body")).to_contain_text("Skrive jobbanalysen")
    page.get_by_role("button", name="Lag dokumentene").click()
    links = page.locator("a.mf-export")
    expect(links.first).to_be_visible()
    # one real download proves the mechanism (a data: link with a file name); the files themselves are read from
    # their links. Clicking all twelve in a row sometimes started no download at all, and the wait never ended.
    with page.expect_download() as download:
        links.first.click()
    assert download.value.suggested_filename == links.first.get_attribute("download")
    assert Path(download.value.path()).read_bytes() == link_data(links.first)
    names = []
    for index in range(links.count()):
        name, data = links.nth(index).get_attribute("download"), link_data(links.nth(index))
        names.append(name)
        if name.endswith(".html"):
            text = data.decode("utf-8")
            assert "<script>window.__xss" not in text and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in text
        elif name.endswith(".docx"):
            docx.Document(io.BytesIO(data))
        elif name.endswith(".pdf"):
            assert data.startswith(b"%PDF")
    assert {"jobbstotte.pdf", "jobbstotte.docx", "jobbstotte.html", "kurslogg.pdf", "kurslogg.docx", "kurslogg.html",
            "jobbanalyse.docx", "intervjuguide-1.docx", "intervjuguide-2.docx", "intervjuguide-1.pdf",
            "intervjuguide-2.pdf"} <= set(names)  # PDFs: no browser needed
    assert "refleksjonskort.pdf" in names  # the reflection cards for the learner's management team (issue 17)
    assert page.evaluate("window.__xss") is None


def preview_fits(page) -> tuple[dict, dict]:
    """The preview frame's size and its document's: the frame must hold the whole document, in both directions."""
    frame = page.locator(".mf-summary-frame")
    document = frame.element_handle().content_frame()
    return frame.evaluate(FRAME_SIZES), document.evaluate(DOCUMENT_SIZES)


def frame_holds_document(page) -> bool:
    sizes, document = preview_fits(page)
    return sizes["frameHeight"] >= document["height"]


#: the preview frame and its document, measured: the frame's size and the document's whole size
FRAME_SIZES = """(frame) => ({frameHeight: frame.clientHeight, frameWidth: frame.clientWidth})"""
DOCUMENT_SIZES = """() => ({height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
                          bodyWidth: document.body.scrollWidth})"""


def test_the_summary_preview_fits_a_phone_without_a_scroll_of_its_own(page, course_server: CourseServer) -> None:
    """At 375 px the page never scrolls sideways, and the preview is no page in the page: the frame is as tall
    and as wide as its document, so neither it nor the page scrolls but the page itself, up and down."""
    page.set_viewport_size({"width": 375, "height": 667})
    open_summary_page(page, course_server)
    frame = page.locator(".mf-summary-frame")
    expect(page.frame_locator(".mf-summary-frame").locator("h1")).to_be_visible()
    assert page.evaluate(WIDE_ELEMENTS, 375) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    frame.element_handle().content_frame().wait_for_load_state("load")
    page.evaluate("() => new Promise(done => setTimeout(done))")  # the page's own load handlers have run
    assert frame_holds_document(page), f"the preview scrolls inside its frame: {preview_fits(page)}"
    sizes, document = preview_fits(page)
    assert document["width"] <= sizes["frameWidth"] and document["bodyWidth"] <= sizes["frameWidth"], (
        f"the summary scrolls sideways inside its frame: {document} in {sizes}")
    assert frame.bounding_box()["height"] > 667, "a document longer than the screen is shown whole"
    Path("/tmp/shots-uifix").mkdir(exist_ok=True)
    page.screenshot(path="/tmp/shots-uifix/summary-375.png", full_page=False)


def test_the_summary_preview_shows_the_action_plan_as_it_is_typed(page, course_server: CourseServer) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    open_summary_page(page, course_server)
    preview = page.frame_locator(".mf-summary-frame")
    expect(preview.locator("h1")).to_be_visible()
    plan = "Skrive jobbanalysen før jeg leser en eneste søknad"
    expect(preview.locator("body")).not_to_contain_text(plan)
    page.locator(".mf-action-plan textarea").first.fill(plan)
    expect(preview.locator("body")).to_contain_text(plan)  # no reload: the page is the same page
    page.locator(".mf-action-plan textarea").nth(1).press_sequentially("Be om en kollega i panelet")
    expect(preview.locator("body")).to_contain_text("Be om en kollega i panelet")
    assert frame_holds_document(page), f"the frame did not follow its document: {preview_fits(page)}"
    page.screenshot(path="/tmp/shots-uifix/summary-1280.png", full_page=True)
