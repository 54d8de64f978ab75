"""A learner's steps on the course's pages in the browser (a module page, the course home), and what the page
must show after each.

Texts come from the module's content files and the interface strings from the i18n catalogue
(``tests.helpers.interface_text``), so the steps follow the course text when authors edit it. Playwright's
``expect`` waits without a time limit (the ``browser`` fixture sets it): a page whose server died fails
through the ``page`` fixture's watch.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from mangfold.content import find_module_dirs
from mangfold.content.schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock
from mangfold.content.steps import module_steps, step_count, step_of_block
from mangfold.ui.classify import short_label
from tests.conftest import REPO_ROOT
from tests.helpers.interface_text import STRINGS

if TYPE_CHECKING:
    from tests.browser.conftest import CourseServer, PageLog

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

NB = STRINGS["nb"]

#: every released module, in course order
MODULES = [m.name for m in find_module_dirs(REPO_ROOT / "release")]
#: what :func:`walk` writes into every reflection (long enough for every prompt's minimum)
REFLECTION = ("Jeg vil skrive ned kravene før jeg leser søknadene, og vurdere alle søkerne mot de samme "
              "kravene. Da styrer dataene valget, ikke magefølelsen eller hvem som ligner meg mest.")


def plain(markdown: str) -> str:
    """A telling sentence of a Markdown text (the first one of 20 characters or more), without emphasis
    marks: the page must show it. "Godt valg." alone would prove little."""
    first_paragraph = markdown.strip().split("\n")[0]
    sentences = re.split(r"(?<=[.!?])\s", first_paragraph)
    sentence = next((s for s in sentences if len(s) >= 20), sentences[0])
    return re.sub(r"[*_`]", "", sentence)


def scenario_card(page, scenario_id: str):
    # the situation (or, at an ending, the ending heading) carries this id in every state
    return page.locator(".mf-card--scenario").filter(has=page.locator(f"#mf-{scenario_id}-situation"))


def check_card(page, check_id: str):
    return page.locator(".mf-card--check").filter(has=page.locator(f"#mf-{check_id}-question"))


def reflection_card(page, content: ModuleContent, reflection_id: str):
    prompt = content.block(reflection_id).prompt
    return page.locator(".mf-card--reflection").filter(has_text=plain(prompt))


def expect_progress(page, done: int) -> None:
    expect(page.locator(".mf-progress__bar")).to_have_attribute("aria-valuenow", str(done))


def decide(card, label: str, strings: dict[str, str] = NB) -> None:
    """Make a scenario decision as a learner does: select the choice's radio button, then press «Velg»."""
    card.get_by_role("radio", name=label, exact=True).check()
    card.get_by_role("button", name=strings["choose_button"], exact=True).click()


def choose(page, scenario: ScenarioBlock, node: str, choice_id: str, strings: dict[str, str] = NB) -> None:
    """Decide for a choice and check its feedback, the focus move, and what follows (situation or ending)."""
    card = scenario_card(page, scenario.id)
    choice = next(c for c in scenario.situations[node].choices if c.id == choice_id)
    decide(card, choice.label, strings)
    feedback = card.locator(f".mf-feedback.mf-feedback--{choice.quality}")
    expect(feedback).to_be_visible()
    expect(feedback).to_contain_text(choice.label)
    expect(feedback).to_contain_text(strings[f"quality_{choice.quality}"])
    expect(feedback).to_contain_text(plain(choice.feedback))
    expect(page.locator(f"#mf-{scenario.id}-feedback")).to_be_focused()
    if choice.next in scenario.endings:
        expect_ending(card, scenario, choice.next, strings)
    else:
        situation = scenario.situations[choice.next]
        expect(card.locator(".mf-situation")).to_contain_text(plain(situation.text))
        expect(card.locator(".mf-choose")).to_have_text(situation.question or strings["choose"])
        expect(card.get_by_role("radiogroup", name=situation.question or strings["choose"])).to_be_visible()
        for follow_up in situation.choices:
            expect(card.get_by_role("radio", name=follow_up.label, exact=True)).not_to_be_checked()
        expect(card.get_by_role("button", name=strings["choose_button"], exact=True)).to_be_disabled()


def expect_ending(card, scenario: ScenarioBlock, ending_id: str, strings: dict[str, str] = NB) -> None:
    ending = scenario.endings[ending_id]
    box = card.locator(".mf-ending")
    expect(box).to_be_visible()
    expect(box).to_contain_text(strings["ending"])
    expect(box.locator("h3")).to_have_text(ending.title)
    expect(box).to_contain_text(plain(ending.text))
    expect(box.locator(".mf-debrief")).to_contain_text(strings["debrief"])
    expect(box.locator(".mf-debrief")).to_contain_text(plain(ending.debrief))
    expect(card.locator(".mf-choice")).to_have_count(0)


def try_other(page, scenario: ScenarioBlock, back_to: str) -> None:
    card = scenario_card(page, scenario.id)
    card.get_by_role("button", name=NB["try_other"], exact=True).click()
    expect(page.locator(f"#mf-{scenario.id}-situation")).to_be_focused()
    expect(card.locator(".mf-ending")).to_have_count(0)
    for choice in scenario.situations[back_to].choices:
        expect(card.get_by_role("radio", name=choice.label, exact=True)).to_be_visible()


def answer_check(page, check: CheckBlock, option_ids: list[str]) -> None:
    card = check_card(page, check.id)
    role = "checkbox" if check.multiple else "radio"
    for option in check.options:
        control = card.get_by_role(role, name=option.text, exact=True)
        if option.id in option_ids:
            control.check()
        elif check.multiple:
            control.uncheck()
    card.get_by_role("button", name=NB["check_submit"], exact=True).click()


def expect_check_result(page, check: CheckBlock, verdict: str) -> None:
    result = check_card(page, check.id).locator(".mf-check-result")
    expect(result).to_contain_text(verdict)
    expect(result).to_contain_text(plain(check.explanation))


def expect_check_selected(page, check: CheckBlock, option_ids: list[str]) -> None:
    card = check_card(page, check.id)
    role = "checkbox" if check.multiple else "radio"
    for option in check.options:
        control = card.get_by_role(role, name=option.text, exact=True)
        expect(control).to_be_checked(checked=option.id in option_ids)


#: On unload Voilà posts a shutdown request for the page's kernel; a reload may abort it (and any
#: other request still in flight) before it completes. That is the browser leaving, not an error.
ABORTED_BY_NAVIGATION = "net::ERR_ABORTED"


def assert_page_clean(page_log: PageLog, server: CourseServer) -> None:
    """No errors in the console, no failed request, no request to anything but the course server."""
    assert not page_log.page_errors, f"uncaught errors in the page: {page_log.page_errors}"
    assert not page_log.console_errors, f"console errors: {page_log.console_errors}"
    failed = [r for r in page_log.failed_requests if not r.endswith(ABORTED_BY_NAVIGATION)]
    assert not failed, f"failed requests: {failed}"
    assert not page_log.bad_responses, f"error responses: {page_log.bad_responses}"
    outside = [url for url in page_log.requests
               if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]
    assert not outside, f"requests that left 127.0.0.1: {outside}"
    ours = [url for url in page_log.requests if urlsplit(url).hostname == "127.0.0.1"]
    assert all(urlsplit(url).port == server.port for url in ours), ours


# -- steps (issue 16): a module page shows one step at a time ------------------------------------------------
STEP_HEADING = "#mf-step-heading"
CURRENT_STEP = "els => els.findIndex(e => e.getAttribute('aria-current') === 'step') + 1"


def current_step(page) -> int:
    """The step the page shows (1 is the first): the one the step list marks ``aria-current="step"``."""
    return page.locator(".mf-stepbar__item").evaluate_all(CURRENT_STEP)


def expect_step(page, content: ModuleContent, number: int, strings: dict[str, str] = NB) -> None:
    """The page shows step ``number``: its heading says "Steg n av N", the step list marks it."""
    count = strings["step_of"].format(number=number, total=step_count(content))
    expect(page.locator(f"{STEP_HEADING} .mf-stepbar__count")).to_have_text(count)
    expect(page.locator(".mf-stepbar__item").nth(number - 1)).to_have_attribute("aria-current", "step")


def change_step(page, content: ModuleContent, forward: bool, strings: dict[str, str] = NB) -> None:
    """Click Next (or Back); expect the step after (before) it, with the focus on its heading."""
    number = current_step(page) + (1 if forward else -1)
    name = strings["step_next" if forward else "step_back"]
    page.locator(".mf-stepnav").get_by_role("button", name=name, exact=True).click()
    expect_step(page, content, number, strings)
    expect(page.locator(STEP_HEADING)).to_be_focused()


def go_to_step(page, content: ModuleContent, number: int, strings: dict[str, str] = NB) -> None:
    """Next or Back until the page shows step ``number``."""
    while (now := current_step(page)) != number:
        change_step(page, content, now < number, strings)


def go_to_block(page, content: ModuleContent, block_id: str, strings: dict[str, str] = NB) -> None:
    """Next or Back until the page shows the step with ``block_id`` on it."""
    go_to_step(page, content, step_of_block(content, block_id), strings)


def go_to_completion(page, content: ModuleContent, strings: dict[str, str] = NB) -> None:
    """Next until the completion screen, the last step."""
    go_to_step(page, content, step_count(content), strings)
    expect(page.locator(".mf-completion")).to_be_visible()


def walk(page, content: ModuleContent, language: str) -> None:
    """Do the whole module right, step by step with Next: every scenario to an ending, every check and exercise,
    every reflection; end on the completion screen with the progress bar full."""
    strings = STRINGS[language]
    expect(page.locator("h1")).to_have_text(content.title)
    go_to_step(page, content, 1, strings)
    for step in module_steps(content):
        expect_step(page, content, step.number, strings)
        for block in step.blocks:
            do_block(page, content, block, strings)
        change_step(page, content, True, strings)
    expect(page.locator(".mf-completion")).to_be_visible()
    statuses = len(content.scenarios) + len(content.checks) + len(content.reflections) + len(content.exercises)
    expect(page.locator(".mf-progress__bar")).to_have_attribute("aria-valuenow", str(statuses))


def do_block(page, content: ModuleContent, block, strings: dict[str, str]) -> None:
    """Do one block on the current step right (a text block asks for nothing)."""
    if isinstance(block, ScenarioBlock):
        scenario = block
        card = page.locator(".mf-card--scenario").filter(has=page.locator(f"#mf-{scenario.id}-situation"))
        for step in range(1, len(scenario.situations) + 2):
            if card.locator(".mf-ending").count():
                break
            expect(card.locator(".mf-step")).to_have_text(strings["step"].format(number=step))
            decide(card, card.locator(".mf-choice").first.inner_text(), strings)
            expect(card.locator(".mf-feedback")).to_be_visible()
            # wait for what follows (an ending, or the next decision) before looking for the next choice
            following = strings["step"].format(number=step + 1)
            expect(card.locator(f".mf-ending, .mf-step:text-is('{following}')")).to_be_visible()
        expect(card.locator(".mf-ending")).to_be_visible()
        expect(card.locator(".mf-done")).to_have_text(strings["completed"])
    elif isinstance(block, CheckBlock):
        check = block
        card = page.locator(".mf-card--check").filter(has=page.locator(f"#mf-{check.id}-question"))
        role = "checkbox" if check.multiple else "radio"
        for option in check.options:
            if option.correct:
                card.get_by_role(role, name=option.text, exact=True).check()
        card.get_by_role("button", name=strings["check_submit"], exact=True).click()
        expect(card.locator(".mf-check-result--correct")).to_be_visible()
    elif isinstance(block, ClassifyBlock):
        exercise = block
        card = page.locator(".mf-card--exercise").filter(has_text=exercise.title)
        labels = {c.id: c.label for c in exercise.categories}
        for item in exercise.items:  # each drop-down found by its accessible name, which names its item
            name = strings["placement"].format(item=short_label(item))
            card.get_by_label(name, exact=True).select_option(label=labels[item.expected])
        card.get_by_role("button", name=strings["exercise_submit"], exact=True).click()
        total = len(exercise.items)
        expect(card.locator(".mf-exercise-result")).to_contain_text(
            strings["exercise_score"].format(good=total, total=total).split(".")[0])
    elif isinstance(block, ReflectionBlock):
        card = reflection_card(page, content, block.id)
        card.locator("textarea").fill(REFLECTION)
        expect(card.locator(".mf-status--saved")).to_contain_text(strings["saved_at"].split("{")[0].strip())


def upload(page, path: Path) -> None:
    """Choose ``path`` in the course home's upload control, as a learner restoring their progress does."""
    with page.expect_file_chooser() as chooser:
        page.locator(".mf-upload label").click()
    chooser.value.set_files(str(path))

#: the outermost elements that reach past the right edge ``limit`` (what makes a page scroll sideways);
#: the first eight, to name in a failure
WIDE_ELEMENTS = """(limit) => {
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > limit + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > limit + 1)) {
      out.push(e.tagName + '.' + String(e.className).slice(0, 60) + ' ' + Math.round(r.right));
    }
  }
  return out.slice(0, 8);
}"""
