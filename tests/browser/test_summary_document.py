"""The learner's HTML summary (the file they download and keep) read on a phone: nothing reaches past the
right edge, so the page never scrolls sideways (WCAG 1.4.10 reflow at 320 CSS px wide as well)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mangfold.summary.html import summary_html
from tests.helpers.pages import WIDE_ELEMENTS
from tests.helpers.summary_courses import complete_course, summary_of


@pytest.fixture(scope="module")
def summary_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole course's summary, with every exercise's placements table, as the learner downloads it."""
    root = complete_course(tmp_path_factory.mktemp("summary-document"))
    path = root / "oppsummering.html"
    path.write_text(summary_html(summary_of(root, "nb", ("Skrive jobbanalysen før annonsen",))), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_summary_never_scrolls_sideways(page, summary_file: Path, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(summary_file.as_uri())
    assert page.locator("table.placements").count() > 0  # the tables that once did
    assert page.evaluate(WIDE_ELEMENTS, width) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
