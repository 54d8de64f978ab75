"""A module page as steps in a real browser (issue 16): Next and Back by keyboard move the screen and the focus,
a reload opens the learner's step, nothing scrolls sideways at 375 px, and axe finds nothing on a step or on
the completion screen. Screenshots of a step and of the completion screen at 1280 and 375 px go to
``MANGFOLD_SHOTS`` when it is set (the issue's look is checked by eye).

Written against block kinds and the step grouping (``content.steps``), not the course's block ids.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mangfold.content.loader import load_module_content
from mangfold.content.schema import ModuleContent, ScenarioBlock
from mangfold.content.steps import module_steps, step_count
from tests.browser.conftest import RENDERED, CourseServer, open_course, running_servers
from tests.helpers.axe import axe_scan
from tests.helpers.interface_text import STRINGS
from tests.helpers.pages import (
    STEP_HEADING,
    WIDE_ELEMENTS,
    current_step,
    expect_step,
    go_to_completion,
    go_to_step,
)
from tests.waiting import wait_for

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

NB = STRINGS["nb"]
PHONE = {"width": 375, "height": 667}
#: the element that has focus, as a keyboard user knows it: its text (a button's label) or its id
FOCUSED = "(() => { const e = document.activeElement; return e ? (e.innerText || '').trim() || e.id : null; })()"
#: where the top of the step is in the viewport, and whether the page could scroll further down to it
STEP_TOP = """() => ({top: document.getElementById('mf-steps').getBoundingClientRect().top,
  atBottom: Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight - 1})"""


@pytest.fixture
def nb(course_server: CourseServer) -> ModuleContent:
    return load_module_content(course_server.module_dir, "nb")


def first_block_shown(page, step) -> None:
    """The step's first block is on the screen (every block carries ``mf-block-<id>``)."""
    expect(page.locator(f"#mf-block-{step.blocks[0].id}")).to_be_visible()


def tab_to(page, label: str, limit: int = 200) -> None:
    """Tab until the control labelled ``label`` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


def saved_step(server: CourseServer) -> int | None:
    if not server.progress_path.exists():
        return None
    return (json.loads(server.progress_path.read_text(encoding="utf-8")).get("step") or {}).get("number")


def shoot(page, name: str) -> None:
    folder = os.environ.get("MANGFOLD_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_next_and_back_by_keyboard_move_the_screen_and_the_focus(page, course_server: CourseServer,
                                                                 nb: ModuleContent) -> None:
    steps = module_steps(nb)
    open_course(page, course_server.module_url)
    expect_step(page, nb, 1)
    first_block_shown(page, steps[0])
    expect(page.get_by_role("button", name=NB["step_back"], exact=True)).to_have_count(0)

    tab_to(page, NB["step_next"])
    page.keyboard.press("Enter")
    expect_step(page, nb, 2)
    expect(page.locator(STEP_HEADING)).to_be_focused()
    expect(page.locator(STEP_HEADING)).to_contain_text(steps[1].title)
    first_block_shown(page, steps[1])
    expect(page.locator(f"#mf-block-{steps[0].blocks[0].id}")).to_have_count(0)  # one screen, not a long page
    expect(page.locator(".mf-intro")).to_be_hidden()  # the introduction belongs to step 1
    # the page is scrolled to the top of the step (or as far as it goes)
    wait_for(lambda: (lambda at: abs(at["top"]) <= 2 or (at["top"] > 0 and at["atBottom"]))(page.evaluate(STEP_TOP)),
             unreachable=running_servers, what="the page scrolled to the top of the new step")

    tab_to(page, NB["step_back"])
    page.keyboard.press("Enter")
    expect_step(page, nb, 1)
    expect(page.locator(STEP_HEADING)).to_be_focused()
    first_block_shown(page, steps[0])
    expect(page.locator(".mf-intro")).to_be_visible()

    # the step list says where the learner is, for a screen reader too
    items = page.locator("nav.mf-stepbar ol li")
    expect(items).to_have_count(step_count(nb))
    expect(page.locator('nav.mf-stepbar li[aria-current="step"]')).to_have_count(1)
    expect(page.locator("nav.mf-stepbar")).to_have_attribute("aria-label", NB["steps_label"])


def test_a_reload_opens_the_learners_step(page, course_server: CourseServer, nb: ModuleContent) -> None:
    steps = module_steps(nb)
    open_course(page, course_server.module_url)
    target = min(3, len(steps))
    go_to_step(page, nb, target)
    wait_for(lambda: saved_step(course_server) == target, unreachable=running_servers,
             what="the step saved in the progress file")
    page.reload()
    page.wait_for_selector(RENDERED, state="visible")
    expect_step(page, nb, target)
    first_block_shown(page, steps[target - 1])
    go_to_completion(page, nb)
    page.reload()
    page.wait_for_selector(RENDERED, state="visible")
    expect_step(page, nb, step_count(nb))
    expect(page.locator(".mf-completion")).to_be_visible()


def test_no_sideways_scroll_at_375_px_on_any_step(page, course_server: CourseServer, nb: ModuleContent) -> None:
    page.set_viewport_size(PHONE)
    open_course(page, course_server.module_url)
    for number in range(1, step_count(nb) + 1):
        go_to_step(page, nb, number)
        if number == step_count(nb):
            page.locator(".mf-completion details summary").click()  # the sources open: long titles wrap
            expect(page.locator(".mf-completion details")).to_have_attribute("open", "")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (f"step {number} scrolls sideways at 375 px: scrollWidth {width}; "
                                         f"{page.evaluate(WIDE_ELEMENTS, PHONE['width'])}")
        for button in page.locator(".mf-stepnav .mf-btn").all():
            box = button.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], button.inner_text()


def test_axe_finds_nothing_on_a_step_or_on_the_completion_screen(page, course_server: CourseServer,
                                                                 nb: ModuleContent) -> None:
    steps = module_steps(nb)
    with_scenario = next(s.number for s in steps if any(isinstance(b, ScenarioBlock) for b in s.blocks))
    open_course(page, course_server.module_url)
    go_to_step(page, nb, with_scenario)
    shoot(page, "step-1280")
    violations = axe_scan(page)["violations"]
    assert not violations, f"axe on step {with_scenario}: {[(v['id'], v['impact']) for v in violations]}"

    go_to_completion(page, nb)
    page.locator(".mf-completion details summary").click()
    completion = page.locator(".mf-completion")
    expect(completion).to_contain_text(NB["learning_points"])
    for source in nb.sources:
        if source.url:
            expect(completion.get_by_role("link", name=source.text, exact=True)).to_have_attribute("href", source.url)
    assert "http" not in completion.inner_text(), "a raw address is shown on the completion screen"
    expect(completion.locator(".mf-learning-points")).to_have_count(0)  # no green ticks before anything is done
    shoot(page, "completion-1280")
    violations = axe_scan(page)["violations"]
    assert not violations, f"axe on the completion screen: {[(v['id'], v['impact']) for v in violations]}"

    page.set_viewport_size(PHONE)
    shoot(page, "completion-375")
    go_to_step(page, nb, with_scenario)
    assert current_step(page) == with_scenario
    shoot(page, "step-375")
