"""A learner's walk through every module of the course, in bokmål, nynorsk and English, in a real browser.

Each walk starts as a new learner, takes every scenario to an ending, answers every check and
exercise as suggested and writes every reflection, then expects the module's progress bar full.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangfold.content import load_module_content
from tests import learners
from tests.browser.conftest import RENDERED, CourseServer
from tests.helpers.pages import MODULES, walk


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
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
