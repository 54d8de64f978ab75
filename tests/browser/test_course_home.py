"""The course home in a real browser: the guided path, continue-where-you-left-off, resuming from the
browser's storage and from a downloaded file, the finished course, language, and accessibility.

Every test starts as a new learner on the course with all five modules. Expected texts come from the
content files and the ``ui`` catalogue (``mangfold/i18n/<language>/ui.yaml``); expected counts are
worked out from the content here, not from :mod:`mangfold.course_state`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mangfold.content.loader import load_module_content
from mangfold.content.schema import ModuleContent, TextBlock
from mangfold.content.steps import module_steps
from mangfold.progress.store import PROGRESS_FILENAME
from tests import learners
from tests.browser.conftest import (
    DESKTOP,
    RENDERED,
    CourseServer,
    PageLog,
    no_time_limits,
    open_course,
    running_servers,
)
from tests.helpers.axe import axe_scan, rule_outcomes, serious
from tests.helpers.interface_text import STRINGS
from tests.helpers.pages import (
    MODULES,
    REFLECTION,
    assert_page_clean,
    choose,
    go_to_block,
    go_to_completion,
    go_to_step,
    scenario_card,
    upload,
    walk,
)
from tests.page_watch import ServerWatch

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

NB = STRINGS["nb"]
PHONE = {"width": 375, "height": 667}
ALL_MODULES = tuple(MODULES)
MODULE_1, MODULE_2 = ALL_MODULES[0], ALL_MODULES[1]
#: the start of the lock notice on a module page (what follows names the module before)
LOCK_NOTICE = NB["module_locked"].split("{")[0].strip()


# -- fixtures ------------------------------------------------------------------------------------------
@pytest.fixture
def first_server(tmp_path: Path, chromium_executable: Path) -> Iterator[CourseServer]:
    """A whole-course server of the test's own, NOT started: the test starts (and may stop) it."""
    server = CourseServer(tmp_path / "first-root", ALL_MODULES)
    yield server
    server.stop()


@pytest.fixture
def second_server(tmp_path: Path, chromium_executable: Path) -> Iterator[CourseServer]:
    """Another whole-course server on an empty ROOT of its own, NOT started (the "next session")."""
    server = CourseServer(tmp_path / "second-root", ALL_MODULES)
    yield server
    server.stop()


@pytest.fixture
def own_context(browser) -> Iterator[object]:
    """A browser context the test holds itself: its localStorage lives as long as the test."""
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    no_time_limits(context)
    with ServerWatch(running_servers):  # no time limits: a page fails if a server it needs exits
        yield context
    context.close()


# -- helpers -------------------------------------------------------------------------------------------
def content_of(server: CourseServer, module: str, language: str = "nb") -> ModuleContent:
    return load_module_content(server.module_dirs[module], language)


def item_count(content: ModuleContent) -> int:
    """Gradable items: every block that is not plain text."""
    return sum(not isinstance(block, TextBlock) for block in content.blocks)


def home_url(server: CourseServer, language: str | None = None) -> str:
    return server.home_url + (f"?lang={language}" if language else "")


def wait_rendered(page) -> None:
    """After a click that navigates: wait until the new page's widgets are all there."""
    page.wait_for_load_state("load")
    page.wait_for_selector(RENDERED, state="visible")
    page.wait_for_selector(".mf-header .mf-progress__bar", state="visible")


def follow(page, link, url_part: str) -> None:
    """Click a link and wait until the page it leads to has rendered."""
    link.click()
    page.wait_for_url(re.compile(re.escape(url_part)))
    wait_rendered(page)


def module_cards(page):
    return page.locator(".mf-card--module")


def expect_home(page, statuses: list[str], open_modules: int, strings: dict[str, str] = NB,
                language: str = "nb") -> None:
    """The home's module cards: their status text, and which open (a link) and which are locked."""
    cards = module_cards(page)
    expect(cards).to_have_count(len(statuses))
    for number, status in enumerate(statuses, start=1):
        card = cards.nth(number - 1)
        module = ALL_MODULES[number - 1]
        expect(card.locator(".mf-status")).to_have_text(strings[f"status_{status}"])
        if number <= open_modules:
            link = card.locator("a")
            expect(link).to_have_count(1)
            expect(link).to_have_text(strings["open_module"].format(number=number))
            expect(link).to_have_attribute("href", re.compile(
                rf"release/{re.escape(module)}/{re.escape(module)}\.ipynb\?lang={language}(#mf-block-[\w-]+)?$"))
            expect(card.locator(".mf-locked")).to_have_count(0)
        else:
            expect(card.locator(".mf-locked")).to_have_text(strings["locked"].format(number=number - 1))
            expect(card.locator("a")).to_have_count(0)


def expect_course_progress(page, done: int, total: int) -> None:
    bar = page.locator(".mf-header .mf-progress__bar")
    expect(bar).to_have_attribute("aria-valuenow", str(done))
    expect(bar).to_have_attribute("aria-valuemax", str(total))


def record_loads(page) -> list[str]:
    """Every 'load' of the page's document from now on (a reload counts again)."""
    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    return loads


def wait_for_loads(page, loads: list[str], count: int) -> None:
    """Wait (no time limit) until the page has loaded ``count`` times; fail once a running server has exited.

    Playwright delivers the page's events while it waits, so the short waits between looks go through it.
    """
    while len(loads) < count:
        reason = running_servers()
        assert reason is None, f"expected {count} page loads, saw {loads}; {reason}"
        page.wait_for_timeout(100)


def navigation_type(page) -> str:
    return page.evaluate("performance.getEntriesByType('navigation')[0].type")


def saved(server: CourseServer, module: str) -> dict | None:
    path = server.module_dirs[module] / PROGRESS_FILENAME
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def first_ending_choice(content: ModuleContent):
    """Module 1's first scenario and a first choice that goes straight to an ending."""
    scenario = content.scenarios[0]
    choice = next(c for c in scenario.situations[scenario.start].choices if c.next in scenario.endings)
    return scenario, choice


def write_reflection(page, text: str) -> None:
    card = page.locator(".mf-card--reflection").first
    card.locator("textarea").fill(text)
    expect(card.locator(".mf-status--saved")).to_contain_text(NB["saved_at"].split("{")[0].strip())


def some_progress_in_module_1(page, server: CourseServer, content: ModuleContent) -> None:
    """On module 1's page: the first scenario to an ending (one choice) and the first reflection."""
    open_course(page, server.page_url(MODULE_1, "nb"))
    scenario, choice = first_ending_choice(content)
    go_to_block(page, content, scenario.id)
    choose(page, scenario, scenario.start, choice.id)
    go_to_block(page, content, content.reflections[0].id)  # the module's first reflection: its step's first
    write_reflection(page, REFLECTION)
    expect(page.locator(".mf-header .mf-progress__bar")).to_have_attribute("aria-valuenow", "2")


def expect_progress_shown(page, content: ModuleContent) -> None:
    """Module 1's page shows what some_progress_in_module_1 did."""
    scenario, choice = first_ending_choice(content)
    go_to_block(page, content, scenario.id)
    card = scenario_card(page, scenario.id)
    expect(card.locator(".mf-ending h3")).to_have_text(scenario.endings[choice.next].title)
    go_to_block(page, content, content.reflections[0].id)
    expect(page.locator(".mf-card--reflection").first.locator("textarea")).to_have_value(REFLECTION)
    expect(page.locator(".mf-header .mf-progress__bar")).to_have_attribute("aria-valuenow", "2")


def expect_saved_progress(document: dict | None, content: ModuleContent) -> None:
    scenario, choice = first_ending_choice(content)
    assert document is not None, "no progress file on the server"
    assert document["scenarios"][scenario.id]["endings_reached"] == [choice.next]
    assert document["reflections"][content.reflections[0].id]["text"] == REFLECTION


# -- 1. the guided path for a new learner ----------------------------------------------------------------
def test_new_learner_follows_the_guided_path(page, page_log: PageLog, home_server: CourseServer) -> None:
    server = home_server
    first = content_of(server, MODULE_1)
    total = sum(item_count(content_of(server, m)) for m in ALL_MODULES)

    page.goto(server.url)  # "/" leads to the home
    wait_rendered(page)
    assert page.url == server.home_url
    expect(page.locator("h1")).to_have_text(NB["home_title"])
    expect_home(page, ["not-started"] * 5, open_modules=1)
    expect_course_progress(page, 0, total)
    start = page.locator("a.mf-continue")
    expect(start).to_have_text(NB["start_course"])
    expect(start).to_have_attribute("href", re.compile(rf"release/{MODULE_1}/{MODULE_1}\.ipynb\?lang=nb$"))

    # module 2 straight from its address: the lock notice, nothing of the module
    page.goto(server.page_url(MODULE_2))
    notice = page.locator(".mf-notice").filter(has_text=LOCK_NOTICE)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(NB["module_locked"].format(number=1, title=first.title))
    expect(notice.get_by_role("link", name=NB["go_to_module"].format(number=1))).to_have_attribute(
        "href", re.compile(rf"{MODULE_1}\.ipynb\?lang=nb$"))
    expect(page.locator(".mf-card--scenario")).to_have_count(0)
    expect(page.locator(".mf-card--check, .mf-card--reflection, textarea")).to_have_count(0)

    # module 1 in the browser, from the home's link, to the end
    open_course(page, server.home_url)
    follow(page, module_cards(page).first.locator("a"), f"{MODULE_1}.ipynb")
    walk(page, first, "nb")
    follow(page, page.locator(".mf-card--summary a.mf-home-link"), "notebooks/home.ipynb?lang=nb")

    expect(page.locator("h1")).to_have_text(NB["home_title"])
    expect_home(page, ["done", "not-started", "not-started", "not-started", "not-started"], open_modules=2)
    expect_course_progress(page, item_count(first), total)
    expect(page.locator("a.mf-continue")).to_have_attribute(
        "href", re.compile(rf"release/{MODULE_2}/{MODULE_2}\.ipynb\?lang=nb$"))
    assert_page_clean(page_log, server)  # the home and the module pages: no errors, nothing from outside


# -- 2. continue where you left off ---------------------------------------------------------------------
def test_continue_link_goes_to_the_next_unfinished_block(page, home_server: CourseServer) -> None:
    server = home_server
    content = content_of(server, MODULE_1)
    scenario, choice = first_ending_choice(content)
    open_course(page, server.page_url(MODULE_1, "nb"))
    go_to_block(page, content, scenario.id)
    choose(page, scenario, scenario.start, choice.id)
    expect(page.locator(".mf-header .mf-progress__bar")).to_have_attribute("aria-valuenow", "1")

    # the first gradable block in page order that is not the scenario just finished
    gradable = [b.id for b in content.blocks if not isinstance(b, TextBlock)]
    target = next(block for block in gradable if block != scenario.id)

    go_to_completion(page, content)  # the way home is on the completion screen
    follow(page, page.locator(".mf-card--summary a.mf-home-link"), "notebooks/home.ipynb")
    expect_home(page, ["in-progress", "not-started", "not-started", "not-started", "not-started"],
                open_modules=1)
    resume = page.locator("a.mf-continue")
    expect(resume).to_have_text(NB["continue"].format(title=content.title))
    expect(resume).to_have_attribute(
        "href", f"../release/{MODULE_1}/{MODULE_1}.ipynb?lang=nb#mf-block-{target}")

    follow(page, resume, f"{MODULE_1}.ipynb?lang=nb#mf-block-{target}")
    expect(page.locator("h1")).to_have_text(content.title)
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'mf-block-{target}'")
    top = page.evaluate(f"document.getElementById('mf-block-{target}').getBoundingClientRect().top")
    # a fraction of a pixel above the top is rounding of the scroll position (seen: -0.2 px), not a miss
    assert -1 < top < DESKTOP["height"] / 2, f"the block is not scrolled into view (top at {top} px)"
    assert page.evaluate("window.scrollY") > 0, "the page did not scroll to the block"


# -- 3. resume from the browser's storage on a server that forgot everything -----------------------------
def test_progress_comes_back_from_the_browser(own_context, first_server: CourseServer,
                                              second_server: CourseServer) -> None:
    first = first_server.start()
    content = content_of(first, MODULE_1)
    page = own_context.new_page()
    some_progress_in_module_1(page, first, content)
    stored = page.evaluate(f"localStorage.getItem('mangfold-progress:{MODULE_1}')")
    assert stored and json.loads(stored)["reflections"][content.reflections[0].id]["text"] == REFLECTION
    # module 2's progress, done elsewhere; the home puts every module's copy in the browser
    learners.complete(first.module_dirs[MODULE_2])
    open_course(page, first.home_url)
    page.wait_for_function(f"localStorage.getItem('mangfold-progress:{MODULE_2}') !== null")
    page.close()
    first.stop()  # the session ends
    # localStorage belongs to an origin (scheme, host AND port): the next session answers at the same
    # address, as ``mangfold serve`` on its default port or Binder's hub address do
    second_server.port, second_server.url = first.port, first.url
    second = second_server.start()
    assert saved(second, MODULE_1) is None and saved(second, MODULE_2) is None
    page = own_context.new_page()
    loads = record_loads(page)
    page.goto(second.page_url(MODULE_1, "nb"))
    wait_for_loads(page, loads, 2)
    wait_rendered(page)
    assert navigation_type(page) == "reload"
    expect_progress_shown(page, content)
    expect_saved_progress(saved(second, MODULE_1), content)
    page.wait_for_timeout(3_000)
    assert len(loads) == 2, f"the page should reload once, not {len(loads) - 1} times: {loads}"
    # a module page brings back its own module only
    assert saved(second, MODULE_2) is None

    # the home brings back every module
    loads.clear()
    page.goto(second.home_url)
    wait_for_loads(page, loads, 2)
    wait_rendered(page)
    assert navigation_type(page) == "reload"
    document = saved(second, MODULE_2)
    assert document is not None, "the home did not restore module 2 from the browser"
    assert all(document["scenarios"][s.id]["endings_reached"] for s in content_of(second, MODULE_2).scenarios)
    expect_saved_progress(saved(second, MODULE_1), content)
    expect(module_cards(page).nth(0).locator(".mf-status")).to_have_text(NB["status_in-progress"])
    expect(module_cards(page).nth(1).locator(".mf-status")).to_have_text(NB["status_done"])
    page.wait_for_timeout(2_000)
    assert len(loads) == 2, f"the home should reload once: {loads}"


# -- 4. download, then upload in another browser ---------------------------------------------------------
WATCH_NOTICES = """() => {
  const keep = () => document.querySelectorAll('div.mf-notice[role=status]').forEach(
      (n) => sessionStorage.setItem('mf-upload-notice', n.textContent));
  new MutationObserver(keep).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def broken_bundle(tmp_path: Path) -> Path:
    """A progress file cut off half way (an interrupted copy): not JSON any more."""
    path = tmp_path / "mangfold-framdrift-broken.json"
    path.write_text('{"format": "mangfold-progress-bundle", "version": 1, "modules": {"01-verdien', encoding="utf-8")
    return path


def test_download_then_upload_in_a_new_browser(page, home_server: CourseServer, own_context,
                                               second_server: CourseServer, tmp_path: Path) -> None:
    content = content_of(home_server, MODULE_1)
    some_progress_in_module_1(page, home_server, content)
    open_course(page, home_server.home_url)
    with page.expect_download() as info:
        page.locator("a.mf-download").click()
    download = info.value
    assert download.suggested_filename == "mangfold-framdrift.json"
    bundle_path = tmp_path / "mangfold-framdrift.json"
    download.save_as(bundle_path)
    bundle = json.loads(bundle_path.read_text(encoding="utf-8"))
    assert bundle["format"] == "mangfold-progress-bundle"
    assert set(bundle["modules"]) == {MODULE_1}
    expect_saved_progress(bundle["modules"][MODULE_1], content)

    # another computer: an empty browser, a server that knows nothing
    second = second_server.start()
    fresh = own_context.new_page()
    open_course(fresh, second.home_url)
    expect_home(fresh, ["not-started"] * 5, open_modules=1)
    loads = record_loads(fresh)
    fresh.evaluate(WATCH_NOTICES)
    upload(fresh, bundle_path)
    wait_for_loads(fresh, loads, 1)
    wait_rendered(fresh)
    message = fresh.evaluate("sessionStorage.getItem('mf-upload-notice')")
    assert message == f"{content.title}: {NB['upload_merged']}", message
    expect_home(fresh, ["in-progress", "not-started", "not-started", "not-started", "not-started"],
                open_modules=1)
    expect_course_progress(fresh, 2, sum(item_count(content_of(second, m)) for m in ALL_MODULES))
    expect_saved_progress(saved(second, MODULE_1), content)
    fresh.wait_for_timeout(1_500)
    assert len(loads) == 1, f"the upload should reload the page once: {loads}"
    # and the restored module page shows it
    open_course(fresh, second.page_url(MODULE_1, "nb"))
    expect_progress_shown(fresh, content)

    # a broken file: said so, nothing changed, no reload
    open_course(fresh, second.home_url)
    before = (second.module_dirs[MODULE_1] / PROGRESS_FILENAME).read_bytes()
    loads.clear()
    upload(fresh, broken_bundle(tmp_path))
    notice = fresh.locator("div.mf-notice--warning[role=status]")
    expect(notice).to_contain_text(NB["upload_rejected"].split("(")[0] + "(")
    fresh.wait_for_timeout(2_000)
    assert not loads, f"a rejected upload must not reload the page: {loads}"
    assert (second.module_dirs[MODULE_1] / PROGRESS_FILENAME).read_bytes() == before
    assert all(saved(second, m) is None for m in ALL_MODULES[1:])
    expect(module_cards(fresh).first.locator(".mf-status")).to_have_text(NB["status_in-progress"])


# -- 5. the finished course --------------------------------------------------------------------------------
def test_finished_course_opens_every_module(page, home_server: CourseServer) -> None:
    server = home_server
    for module in ALL_MODULES:
        learners.complete(server.module_dirs[module])
    total = sum(item_count(content_of(server, m)) for m in ALL_MODULES)

    open_course(page, server.home_url)
    expect(page.locator(".mf-header .mf-notice")).to_have_text(NB["course_done"])
    expect(page.locator("a.mf-continue")).to_have_count(0)
    expect_home(page, ["done"] * 5, open_modules=5)
    expect_course_progress(page, total, total)

    for module in ALL_MODULES:
        content = content_of(server, module)
        open_course(page, server.page_url(module, "nb"))
        expect(page.locator("h1")).to_have_text(content.title)
        expect(page.get_by_text(LOCK_NOTICE)).to_have_count(0)
        for step in module_steps(content):  # every scenario, each on its step
            go_to_step(page, content, step.number)
            expect(page.locator(".mf-card--scenario")).to_have_count(sum(b.kind == "scenario" for b in step.blocks))
        expect(page.locator(".mf-header .mf-progress__bar")).to_have_attribute(
            "aria-valuenow", str(item_count(content)))


# -- 6. the language holds across pages ----------------------------------------------------------------------
@pytest.mark.parametrize("language", ["en", "nn"])
def test_language_holds_from_home_to_module_and_back(page, home_server: CourseServer, language: str) -> None:
    server = home_server
    strings = STRINGS[language]
    first = content_of(server, MODULE_1, language)
    following = content_of(server, MODULE_2, language)
    open_course(page, server.home_url)
    expect(page.locator("a.mf-lang-switch")).to_have_count(2)  # bokmål offers nynorsk and English
    follow(page, page.locator(f'a.mf-lang-switch[hreflang="{language}"]'), f"home.ipynb?lang={language}")
    expect(page.locator("h1")).to_have_text(strings["home_title"])
    assert page.evaluate("document.documentElement.lang") == language
    expect(page.locator('a.mf-lang-switch[hreflang="nb"]')).to_have_text(NB["language_name"])
    expect_home(page, ["not-started"] * 5, open_modules=1, strings=strings, language=language)
    expect_axe_clean(page, f"the home in {language}")

    follow(page, module_cards(page).first.locator("a"), f"{MODULE_1}.ipynb?lang={language}")
    expect(page.locator("h1")).to_have_text(first.title)
    assert page.evaluate("document.documentElement.lang") == language
    expect_axe_clean(page, f"module 1 in {language}")
    go_to_completion(page, first, strings)
    footer = page.locator(".mf-card--summary")
    expect(footer.locator("a.mf-next")).to_have_text(strings["next_module"].format(title=following.title))
    expect(footer.locator("a.mf-next")).to_have_attribute("href", re.compile(rf"\?lang={language}$"))
    expect(footer.locator("a.mf-home-link")).to_have_text(strings["back_home"])
    expect(footer.locator("a.mf-home-link")).to_have_attribute("href", re.compile(rf"home\.ipynb\?lang={language}$"))

    follow(page, footer.locator("a.mf-home-link"), f"home.ipynb?lang={language}")
    expect(page.locator("h1")).to_have_text(strings["home_title"])
    assert page.evaluate("document.documentElement.lang") == language
    expect(module_cards(page).first.locator(".mf-status")).to_have_text(strings["status_not-started"])


# -- 7. accessibility ---------------------------------------------------------------------------------------
def expect_axe_clean(page, where: str) -> None:
    results = axe_scan(page)
    assert not serious(results), f"axe on {where}:\n" + "\n".join(serious(results))
    outcomes = rule_outcomes(results)
    assert outcomes.get("page-has-heading-one") != "violations", where


def test_axe_on_the_home_and_every_module(page, home_server: CourseServer) -> None:
    server = home_server
    open_course(page, server.home_url)
    expect_axe_clean(page, "the home of a new learner")
    for module in ALL_MODULES:
        open_course(page, server.page_url(module, "nb"))
        expect(page.get_by_text(LOCK_NOTICE)).to_have_count(0)
        expect_axe_clean(page, f"module {module}")
        learners.complete(server.module_dirs[module])  # the next module opens
    open_course(page, server.home_url)
    expect(page.locator(".mf-header .mf-notice")).to_have_text(NB["course_done"])
    expect_axe_clean(page, "the home of a learner who has finished")


def test_keyboard_only_from_the_home_into_module_1(page, home_server: CourseServer) -> None:
    content = content_of(home_server, MODULE_1)
    open_course(page, home_server.home_url)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    focused = []
    for _ in range(10):
        page.keyboard.press("Tab")
        focused.append(page.evaluate(
            "(() => { const e = document.activeElement; return e.tagName + '.' + e.className; })()"))
        if "mf-continue" in focused[-1]:
            break
    assert "mf-continue" in focused[-1], f"Tab never reached the start link; focus went {focused}"
    assert len(focused) <= 4, f"too many stops before the start link: {focused}"
    expect(page.locator("a.mf-continue")).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused start link shows no focus outline"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"{MODULE_1}\.ipynb"))
    wait_rendered(page)
    expect(page.locator("h1")).to_have_text(content.title)


def test_home_screenshots_phone_and_desktop(page, home_server: CourseServer, tmp_path: Path) -> None:
    page.set_viewport_size(PHONE)
    open_course(page, home_server.home_url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the home scrolls sideways on a phone: scrollWidth {width}"
    page.screenshot(path=str(tmp_path / "home-375.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    open_course(page, home_server.home_url)
    page.screenshot(path=str(tmp_path / "home-1280.png"), full_page=True)
    print(f"screenshots: {tmp_path / 'home-375.png'} {tmp_path / 'home-1280.png'}")


# -- uploads that go wrong, and the upload button ---------------------------------------------------------
def test_rejected_upload_says_why_in_bokmal(page, home_server: CourseServer, tmp_path: Path) -> None:
    open_course(page, home_server.home_url)
    upload(page, broken_bundle(tmp_path))
    notice = page.locator("div.mf-notice--warning[role=status]")
    expect(notice).to_contain_text(NB["upload_rejected"].split("(")[0])
    text = notice.inner_text()
    assert not text.lstrip().startswith("*"), f"the message names no module or file: {text!r}"
    english = [word for word in ("not a progress file", "Error", "not used") if word in text]
    assert not english, f"English in the bokmål message {text!r}: {english}"


def test_upload_button_says_only_what_it_does(page, home_server: CourseServer) -> None:
    open_course(page, home_server.home_url)
    button = page.locator(".mf-card--summary .mf-upload label")
    expect(button).to_have_count(1)
    assert button.inner_text().strip() == NB["upload_progress"], f"the button reads {button.inner_text()!r}"
    expect(page.get_by_label(NB["upload_progress"], exact=True)).to_have_attribute("type", "file")


# -- the research question ----------------------------------------------------------------------------------
def test_research_question_is_answered_by_keyboard_and_remembered(page, home_server: CourseServer) -> None:
    open_course(page, home_server.home_url)
    card = page.locator(".mf-card--research")
    expect(card.locator(".mf-research__question")).to_have_text(NB["research_question"])
    no = card.locator("button", has_text=re.compile(rf"^{re.escape(NB['research_no'])}$"))
    no.focus()
    page.keyboard.press("Enter")
    status = page.locator("#mf-research-status")
    expect(status).to_have_text(NB["research_saved_no"])
    expect(status).to_be_focused()  # the button is gone: focus is not thrown to the top of the page
    for module in ALL_MODULES:
        document = saved(home_server, module)
        assert document is not None and document["consent"]["research"] is False, module
    open_course(page, home_server.home_url)
    expect(page.locator(".mf-research__answer")).to_have_text(NB["research_answer_no"])
    page.locator("button.mf-research__change").click()
    expect(page.locator("#mf-research-status")).to_have_text(NB["research_saved_yes"])
    assert all(saved(home_server, m)["consent"]["research"] is True for m in ALL_MODULES)
    expect_axe_clean(page, "the home after answering the research question")
