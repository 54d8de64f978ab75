"""A whole module done with the keyboard alone: Tab to move, Enter and Space to act, typing to write.

The robot knows nothing of the page's structure beyond what a keyboard user sees: the focused
element's role and name. It selects a choice in each scenario decision and presses «Velg», ticks the
right answers, submits, writes the reflections and places exercise items, until the module's progress
bar is full. The module shows one step at a time: the robot presses Next when Tab reaches it (it has
passed every control of the step); on the last step, with the progress bar not yet full, it goes Back
through the steps and on again.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangfold.content import load_module_content
from mangfold.progress import read_progress
from tests import learners
from tests.browser.conftest import RENDERED, CourseServer
from tests.helpers.interface_text import STRINGS
from tests.helpers.pages import current_step, go_to_block, scenario_card

#: what a keyboard user knows of an element: its role and name, where it is, its value
DESCRIBE = """(e) => {
  if (!e || e === document.body) return null;
  const label = e.closest("label");
  return {tag: e.tagName.toLowerCase(), type: e.type || "", text: (e.innerText || "").trim(),
          label: label ? label.innerText.trim() : "", classes: (e.closest(".jupyter-button") || e).className,
          value: e.value || "", decision: !!e.closest(".mf-choice-group"), checked: !!e.checked};
}"""
FOCUSED = f"() => ({DESCRIBE})(document.activeElement)"
REFLECTION = ("Jeg skriver ned kravene før jeg leser søknadene, og jeg vurderer alle søkerne mot de samme "
              "kravene hver gang, slik at dataene styrer valget og ikke magefølelsen min.")


#: the elements Tab stops at: a walk that passes all of them this many times without the module's progress
#: moving is stuck (a state, not a time: however slow the machine, each Tab is one step of the walk)
TABBABLE = """() => document.querySelectorAll(
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]),'
  + ' [tabindex]:not([tabindex="-1"])').length"""
ROUNDS_WITHOUT_PROGRESS = 3
#: the page has answered an action on ``pressed``: the kernel replaced the element,
#: moved the focus to what it shows next (feedback, a check's or an exercise's result), or put up an alert
ANSWERED = """(pressed) => !pressed.isConnected || document.activeElement !== pressed
  || !!(pressed.closest('.mf-card') && pressed.closest('.mf-card').querySelector('[role=alert]'))"""
STEP_CHANGED = """(before) => [...document.querySelectorAll('.mf-stepbar__item')]
  .findIndex(e => e.getAttribute('aria-current') === 'step') + 1 !== before"""


def press_and_wait_for_the_page(page, element, key: str) -> None:
    """Press ``key`` on ``element`` (the control the walk Tabbed to) and wait until the page has answered it, so
    the next Tab starts from where a keyboard user would be (a fixed pause let the walk run ahead of a busy
    kernel).

    The key goes to ``element`` itself, not to whatever has the focus when it is pressed: on a busy machine a
    focus move the kernel asked for earlier (to a feedback, a result) can land between the Tab and the key,
    and a key pressed on that element answers nothing, so the wait would never end."""
    element.press(key)
    page.wait_for_function(ANSWERED, arg=element, polling=50)  # not "raf": a page not in front gets no frames


def press_and_wait_for_the_step(page, element, key: str) -> None:
    """Press ``key`` on ``element`` (Next or Back) and wait until the page shows another step. The state is the
    step, not the focus: the focus follows a moment later, and a walk waiting for it alone hung under load."""
    before = current_step(page)
    element.press(key)
    page.wait_for_function(STEP_CHANGED, arg=before, polling=50)


def keyboard_walk(page, content, strings) -> None:
    right_options = {o.text for c in content.checks for o in c.options if o.correct}
    expected = {i.text.strip("*"): {c.id: c.label for c in e.categories}[i.expected]
                for e in content.exercises for i in e.items}
    total = len(content.scenarios) + len(content.checks) + len(content.reflections) + len(content.exercises)
    # stuck means: no progress through ROUNDS passes over the whole module (a turn at its first or last step
    # ends a pass), or through ROUNDS rounds of Tab on one step without leaving it. Counting Tabs against the
    # current step alone failed a walk that needed a second pass (the step holds fewer controls than the way
    # back through the others), as it did twice under load in clean-clone CI.
    progress, tabs_on_step, turns = None, 0, 0
    forward = True  # Next when Tab reaches it; Back (from the last step) when something is still to do
    element = None
    while True:
        now = page.locator(".mf-progress__bar").get_attribute("aria-valuenow")
        if now == str(total):
            return
        if now != progress:
            progress, tabs_on_step, turns = now, 0, 0
        elif turns > 2 * ROUNDS_WITHOUT_PROGRESS or tabs_on_step > ROUNDS_WITHOUT_PROGRESS * page.evaluate(TABBABLE):
            raise AssertionError(f"the module could not be completed with the keyboard alone: progress stayed at "
                                 f"{progress} of {total} through {turns} turns over the module "
                                 f"and {tabs_on_step} Tabs on this step")
        page.keyboard.press("Tab")
        tabs_on_step += 1
        if element is not None:
            element.dispose()
        element = page.evaluate_handle("document.activeElement")  # every key below goes to this element
        focused = element.evaluate(DESCRIBE)
        if not focused:
            continue
        if focused["text"] in (strings["step_next"], strings["step_back"]):
            on_last_step = page.get_by_role("button", name=strings["step_next"], exact=True).count() == 0
            on_first_step = page.get_by_role("button", name=strings["step_back"], exact=True).count() == 0
            turned = (forward and not on_last_step) or on_first_step
            turns += turned != forward
            forward = turned
            if focused["text"] == strings["step_next" if forward else "step_back"]:
                press_and_wait_for_the_step(page, element, "Enter")  # the focus then moves to the step's heading
                tabs_on_step = 0
        elif focused["decision"]:  # a scenario's radio group: select (Space), then Tab on to «Velg»
            if not focused["checked"]:
                element.press("Space")
        elif focused["text"] == strings["choose_button"]:
            press_and_wait_for_the_page(page, element, "Enter")
        elif focused["type"] in ("radio", "checkbox") and focused["label"] in right_options:
            if not element.evaluate("(e) => e.checked"):
                element.press("Space")
        elif focused["text"] in (strings["check_submit"], strings["exercise_submit"]):
            press_and_wait_for_the_page(page, element, "Enter")
        elif focused["tag"] == "textarea" and focused["value"] != REFLECTION:
            # typed whole, or again from the start: a late focus move can take the rest of the keys elsewhere,
            # and a box left with half the text never counts as done (the walk then stuck at 3 of 4)
            element.press("Control+a")
            element.type(REFLECTION)
        elif focused["tag"] == "select":
            item_text = element.evaluate(
                "(e) => e.closest('.mf-classify-item').querySelector('.mf-classify-text').innerText")
            wanted = next(label for text, label in expected.items() if text in item_text)
            for _ in range(8):  # the keyboard way to pick an option of a closed list
                if element.evaluate("(e) => e.selectedOptions[0].text") == wanted:
                    break
                element.press("ArrowDown")


def not_done(folder, content) -> list[str]:
    """What the saved progress file lacks, by block id: a failed walk then says which item it could not do."""
    saved = read_progress(folder, content.module)
    missing = [s.id for s in content.scenarios if not (saved and saved.scenarios.get(s.id)
                                                        and saved.scenarios[s.id].endings_reached)]
    missing += [c.id for c in content.checks if not (saved and c.id in saved.checks)]
    missing += [r.id for r in content.reflections if not (saved and r.id in saved.reflections)]
    return missing


def test_module_1_with_the_keyboard_alone(page, course_server: CourseServer) -> None:
    content = load_module_content(course_server.module_dir, "nb")
    page.goto(course_server.module_url)
    page.wait_for_selector(RENDERED)
    try:
        keyboard_walk(page, content, STRINGS["nb"])
    except AssertionError as error:
        focused = page.evaluate(FOCUSED)
        raise AssertionError(f"{error}; not done in the saved file: {not_done(course_server.module_dir, content)}; "
                             f"focused: {focused}") from None
    for scenario in content.scenarios:  # each on its own step
        go_to_block(page, content, scenario.id)
        expect(scenario_card(page, scenario.id).locator(".mf-ending")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "nn"])
def test_an_exercise_with_the_keyboard_alone(page, whole_course_server: CourseServer, language: str) -> None:
    whole_course_server.reset_learner()
    modules = list(whole_course_server.module_dirs)
    learners.complete(whole_course_server.module_dirs[modules[0]])  # the guided path opens module 2
    content = load_module_content(whole_course_server.module_dirs[modules[1]], language)
    page.goto(whole_course_server.page_url(modules[1], language))
    page.wait_for_selector(RENDERED)
    keyboard_walk(page, content, STRINGS[language])
    for exercise in content.exercises:
        go_to_block(page, content, exercise.id, STRINGS[language])
        expect(page.locator(".mf-card--exercise").filter(has_text=exercise.title).locator(
            ".mf-exercise-result")).to_be_visible()
