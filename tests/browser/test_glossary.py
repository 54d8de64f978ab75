"""The glossary on the course home in a real browser: closed at first, opened by keyboard, readable at 375 px.

The server carries the summary's folder (``06-oppsummering``), where the case file is, as a learner's
release does. Screenshots go to ``$MANGFOLD_SHOTS`` when it is set (to look at, not compared).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mangfold.content.case import load_case
from tests.browser.conftest import DESKTOP, RENDERED, CourseServer
from tests.conftest import REPO_ROOT
from tests.helpers.axe import axe_scan, serious
from tests.helpers.interface_text import STRINGS

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

CASE = load_case(REPO_ROOT / "release" / "06-oppsummering")


@pytest.fixture(scope="module")
def glossary_server(tmp_path_factory: pytest.TempPathFactory, chromium_executable: Path) -> Iterator[CourseServer]:
    root = tmp_path_factory.mktemp("glossary") / "root"
    root.mkdir(parents=True)
    server = CourseServer(root, ("01-verdien-av-mangfold", "06-oppsummering")).start()
    yield server
    server.stop()


def _shot(page, name: str) -> None:
    folder = os.environ.get("MANGFOLD_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


@pytest.mark.parametrize(("language", "width"), [("nb", 375), ("nn", 375), ("en", 1280)])
def test_the_glossary_opens_by_keyboard_and_fits(page, glossary_server: CourseServer, language: str,
                                                  width: int) -> None:
    page.set_viewport_size({"width": width, "height": DESKTOP["height"]})
    page.goto(f"{glossary_server.home_url}?lang={language}")
    page.wait_for_selector(RENDERED, state="visible")
    toggle = page.locator("summary.mf-glossary__toggle")
    expect(toggle).to_have_text(STRINGS[language]["glossary_title"])
    first = CASE.glossary[0]
    definition = page.get_by_text(first.definition.in_language(language))
    expect(definition).to_be_hidden()
    _shot(page, f"home-{language}-{width}-closed.png")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(definition).to_be_visible()
    expect(page.locator("details.mf-glossary")).to_have_attribute("open", "")
    law = CASE.laws[2]  # a nynorsk reader sees the law's nynorsk name with the bokmål one beside it
    expect(page.locator(".mf-glossary__laws dd", has_text=law.nb if language == "nn" else law.en).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    toggle.scroll_into_view_if_needed()
    _shot(page, f"home-{language}-{width}-open.png")
    problems = serious(axe_scan(page))
    assert not problems, "\n".join(problems)
    page.keyboard.press("Space")
    expect(definition).to_be_hidden()
