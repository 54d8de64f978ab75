"""«Stillingen du skal fylle» in the browser at 375 px: filled by keyboard alone, saved as typed, restored on reload."""

from __future__ import annotations

from playwright.sync_api import expect

from mangfold.progress import read_progress
from mangfold.progress.trust import SUMMARY_MODULE
from tests.browser.conftest import CourseServer
from tests.helpers.axe import axe_scan, serious
from tests.helpers.pages import WIDE_ELEMENTS
from tests.helpers.summary_page import open_summary_page
from tests.waiting import wait_for

PHONE = {"width": 375, "height": 667}
TITLE = '<script>window.__xss=1</script> Seniorrådgiver'
TASKS = ["behandle klager på vedtak", "lære opp nye saksbehandlere"]


def open_new_summary(page, server: CourseServer) -> None:
    """A learner who has done module 1 opens the summary page for the first time."""
    open_summary_page(page, server)
    page.wait_for_selector(".mf-post-form .mf-post-add", state="visible")


def saved_post(server: CourseServer):
    progress = read_progress(server.root / "release" / SUMMARY_MODULE, SUMMARY_MODULE)
    return progress.post if progress is not None else None


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_the_post_is_filled_by_keyboard_on_a_phone_and_restored_on_reload(page, course_server: CourseServer) -> None:
    page.set_viewport_size(PHONE)
    open_new_summary(page, course_server)
    results = axe_scan(page)
    assert not serious(results), "\n".join(serious(results))

    page.get_by_label("Stillingstittel", exact=True).focus()  # from here on, the keyboard only
    keys = page.keyboard
    keys.type(TITLE)
    keys.press("Tab")
    keys.type("Seksjon Nord")
    keys.press("Tab")
    keys.type(TASKS[0])
    keys.press("Enter")
    keys.type(TASKS[1])
    keys.press("Tab")
    keys.type("Ingen av oss har jobbet i en kommune.")
    keys.press("Tab")  # row 1: the requirement
    keys.type("master i rettsvitenskap")
    keys.press("Tab")  # its type: Kunnskap og utdanning, as it is
    keys.press("Tab")  # must or should: must, as it is
    keys.press("Tab")  # «Fjern krav 1»
    expect(page.locator(":focus")).to_have_text("Fjern krav 1")
    keys.press("Tab")  # «Legg til et krav»
    expect(page.locator(":focus")).to_have_text("Legg til et krav")
    keys.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'mf-post-row-2'")
    keys.press("Tab")  # row 2: the requirement
    expect(page.get_by_label("Kravet (krav 2)", exact=True)).to_be_focused()
    keys.type("erfaring med klagesaker")
    keys.press("Tab")
    expect(page.get_by_label("Type (krav 2)", exact=True)).to_be_focused()
    keys.press("ArrowDown")  # Erfaring
    keys.press("Tab")
    expect(page.get_by_label("Må eller bør (krav 2)", exact=True)).to_be_focused()
    keys.press("ArrowDown")  # Bør-krav

    def complete():
        post = saved_post(course_server)
        return post is not None and len(post.requirements) == 2 and not post.requirements[1].must and post

    post = wait_for(complete, unreachable=lambda: None, what="the post saved by the kernel")
    assert post.title == TITLE and post.unit == "Seksjon Nord" and post.tasks == TASKS
    assert [(r.text, r.kind, r.must) for r in post.requirements] == [
        ("master i rettsvitenskap", "knowledge", True), ("erfaring med klagesaker", "experience", False)]
    expect(page.locator(".mf-post-form .mf-status--saved")).to_be_visible()
    assert page.evaluate(WIDE_ELEMENTS, 375) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    results = axe_scan(page)
    assert not serious(results), "\n".join(serious(results))
    assert page.evaluate("window.__xss") is None

    page.reload()
    page.wait_for_selector(".mf-post-form .mf-post-add", state="visible")
    expect(page.get_by_label("Stillingstittel", exact=True)).to_have_value(TITLE)
    expect(page.get_by_label("Enhet", exact=True)).to_have_value("Seksjon Nord")
    expect(page.get_by_label("Hovedoppgaver, én per linje", exact=True)).to_have_value("\n".join(TASKS))
    expect(page.get_by_label("Hva mangler teamet i dag?", exact=True)).to_have_value(
        "Ingen av oss har jobbet i en kommune.")
    expect(page.get_by_label("Kravet (krav 1)", exact=True)).to_have_value("master i rettsvitenskap")
    expect(page.get_by_label("Kravet (krav 2)", exact=True)).to_have_value("erfaring med klagesaker")
    expect(page.get_by_label("Type (krav 2)", exact=True)).to_have_value("Erfaring")  # an option's value is its label
    expect(page.get_by_label("Må eller bør (krav 2)", exact=True)).to_have_value("Bør-krav")
    expect(page.get_by_role("button", name="Fjern krav 2")).to_be_visible()
    assert page.evaluate("window.__xss") is None
