"""The trainer's dashboard in a real browser, served as a trainer serves it (``mangfold cohort dashboard``)
on a demo cohort: the matrix renders, names stay hidden until the switch is turned on with the keyboard,
axe finds nothing serious, and the page works on a phone (the matrix scrolls inside its card).
Screenshots go to /tmp (dashboard-1280.png, dashboard-375.png).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mangfold import i18n
from mangfold.cohort.data import load_cohort
from mangfold.cohort.demo import make_demo_cohort
from tests.browser.conftest import DESKTOP
from tests.helpers.axe import axe_scan, rule_outcomes, serious
from tests.helpers.pages import WIDE_ELEMENTS
from tests.helpers.servers import DashboardServer

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]
PHONE = {"width": 375, "height": 740}
LEARNERS = 40
SCREENSHOTS = Path("/tmp")


def nb(key: str, **values: object) -> str:
    """The dashboard's text ``key`` in bokmål."""
    return i18n.text("nb", f"dashboard.{key}", **values)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("dashboard-browser") / "kurs"
    make_demo_cohort(course, learners=LEARNERS, seed=5)
    return course


@pytest.fixture(scope="module")
def server(course: Path, chromium_executable: Path) -> Iterator[DashboardServer]:
    running = DashboardServer(course).start()
    yield running
    running.stop()




def open_dashboard_page(page, server: DashboardServer) -> None:
    page.goto(server.url)
    page.wait_for_selector(".mf-dashboard table.mf-matrix", state="visible")
    page.wait_for_selector(".mf-dashboard .mf-chart", state="visible")


def test_dashboard_renders_hides_names_and_passes_axe(page, server: DashboardServer, course: Path) -> None:
    roster = load_cohort(course).learners
    names = [f"{r.first_name} {r.last_name}" for r in roster.itertuples()]
    open_dashboard_page(page, server)
    expect(page.locator("h1")).to_have_text(nb("title"))
    rows = page.locator("table.mf-matrix tbody tr")
    expect(rows).to_have_count(LEARNERS)
    expect(rows.first.locator("th")).to_have_text(nb("participant", number=1))
    expect(page.locator("table.mf-matrix caption")).to_contain_text(nb("completion_caption"))
    body = page.locator("body").inner_text()
    assert not [n for n in names if n in body], "a learner's name is shown before the trainer asks for names"

    results = axe_scan(page)
    assert not serious(results), "axe on the dashboard:\n" + "\n".join(serious(results))
    assert rule_outcomes(results).get("page-has-heading-one") != "violations"

    # keyboard only: from the module filter, Tab to the names switch, Space turns it on
    page.get_by_label(nb("module_filter")).focus()
    page.keyboard.press("Tab")
    switch = page.get_by_label(nb("show_names"))
    expect(switch).to_be_focused()
    page.keyboard.press("Space")
    expect(switch).to_be_checked()
    first = roster.iloc[0]
    expect(rows.first.locator("th")).to_have_text(f"{first.first_name} {first.last_name} ({first.learner})")
    page.keyboard.press("Space")
    expect(rows.first.locator("th")).to_have_text(nb("participant", number=1))

    # the module filter by keyboard: the matrix keeps one module column
    filter_ = page.get_by_label(nb("module_filter"))
    filter_.focus()
    filter_.select_option(index=2)
    expect(page.locator("table.mf-matrix thead th")).to_have_count(2)
    results = axe_scan(page)
    assert not serious(results), "axe after filtering:\n" + "\n".join(serious(results))


def test_dashboard_on_a_phone_and_a_desktop(page, server: DashboardServer) -> None:
    page.set_viewport_size(DESKTOP)
    open_dashboard_page(page, server)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-1280.png"), full_page=False)
    page.locator(".mf-dash-scenario").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-1280-charts.png"), full_page=False)
    page.set_viewport_size(PHONE)
    open_dashboard_page(page, server)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDE_ELEMENTS, PHONE["width"])
    assert width <= PHONE["width"], f"the dashboard scrolls sideways on a phone: scrollWidth {width}; {wide}"
    region = page.locator(".mf-table-scroll")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "the matrix should scroll inside its card"
    page.screenshot(path=str(SCREENSHOTS / "dashboard-375.png"), full_page=False)
    page.locator(".mf-dash-scenario").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-375-charts.png"), full_page=False)
