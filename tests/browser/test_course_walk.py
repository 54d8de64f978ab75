"""A learner's walk through every module of the course, in bokmål and in English, in a real browser.

Each walk starts as a new learner, takes every scenario to an ending, answers every check and
exercise as suggested and writes every reflection, then expects the module's progress bar full.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangfold.content import find_module_dirs, load_module_content
from mangfold.content.schema import ModuleContent
from tests import learners
from tests.browser.conftest import RENDERED, CourseServer
from tests.conftest import REPO_ROOT
from tests.interface_text import STRINGS

MODULES = [m.name for m in find_module_dirs(REPO_ROOT / "release")]
REFLECTION = ("Jeg vil skrive ned kravene før jeg leser søknadene, og vurdere alle søkerne mot de samme "
              "kravene. Da styrer dataene valget, ikke magefølelsen eller hvem som ligner meg mest.")


def walk(page, content: ModuleContent, language: str) -> None:
    strings = STRINGS[language]
    expect(page.locator("h1")).to_have_text(content.title)
    for scenario in content.scenarios:
        card = page.locator(".mf-card--scenario").filter(has=page.locator(f"#mf-{scenario.id}-situation"))
        for step in range(1, len(scenario.situations) + 2):
            if card.locator(".mf-ending").count():
                break
            expect(card.locator(".mf-step")).to_have_text(strings["step"].format(number=step))
            card.locator(".mf-choice").first.click()
            expect(card.locator(".mf-feedback")).to_be_visible()
            # wait for what follows (an ending, or the next decision) before looking for the next choice
            following = strings["step"].format(number=step + 1)
            expect(card.locator(f".mf-ending, .mf-step:text-is('{following}')")).to_be_visible()
        expect(card.locator(".mf-ending")).to_be_visible()
        expect(card.locator(".mf-done")).to_have_text(strings["completed"])
    for check in content.checks:
        card = page.locator(".mf-card--check").filter(has=page.locator(f"#mf-{check.id}-question"))
        role = "checkbox" if check.multiple else "radio"
        for option in check.options:
            if option.correct:
                card.get_by_role(role, name=option.text, exact=True).check()
        card.get_by_role("button", name=strings["check_submit"], exact=True).click()
        expect(card.locator(".mf-check-result--correct")).to_be_visible()
    for exercise in content.exercises:
        card = page.locator(".mf-card--exercise").filter(has_text=exercise.title)
        labels = {c.id: c.label for c in exercise.categories}
        for number, item in enumerate(exercise.items, start=1):
            name = strings["placement"].format(number=number)
            card.get_by_label(name, exact=True).select_option(label=labels[item.expected])
        card.get_by_role("button", name=strings["exercise_submit"], exact=True).click()
        total = len(exercise.items)
        expect(card.locator(".mf-exercise-result")).to_contain_text(
            strings["exercise_score"].format(good=total, total=total).split(".")[0])
    for reflection in content.reflections:
        card = page.locator(".mf-card--reflection").nth(content.reflections.index(reflection))
        card.locator("textarea").fill(REFLECTION)
        expect(card.locator(".mf-status--saved")).to_contain_text(strings["saved_at"].split("{")[0].strip())
    statuses = len(content.scenarios) + len(content.checks) + len(content.reflections) + len(content.exercises)
    expect(page.locator(".mf-progress__bar")).to_have_attribute("aria-valuenow", str(statuses))


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("module", MODULES)
def test_walk_through_module(page, whole_course_server: CourseServer, module: str, language: str) -> None:
    whole_course_server.reset_learner()
    for earlier in MODULES[: MODULES.index(module)]:  # the guided path: the modules before are done
        learners.complete(whole_course_server.module_dirs[earlier])
    content = load_module_content(whole_course_server.module_dirs[module], language)
    page.goto(whole_course_server.page_url(module, language))
    page.wait_for_selector(RENDERED)
    assert page.evaluate("document.documentElement.lang") == language
    walk(page, content, language)
    page.reload()
    page.wait_for_selector(RENDERED)
    total = len(content.scenarios) + len(content.checks) + len(content.reflections) + len(content.exercises)
    expect(page.locator(".mf-progress__bar")).to_have_attribute("aria-valuenow", str(total))
