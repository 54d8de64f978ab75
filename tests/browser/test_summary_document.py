"""The learner's HTML documents (the course log and the jobbstøtte they download and keep) read on a phone:
nothing reaches past the right edge, so the page never scrolls sideways (WCAG 1.4.10 reflow at 320 CSS px
wide as well)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mangfold.summary.html import summary_html
from mangfold.summary.jobaid_export import jobaid_html
from mangfold.summary.post import LearnerPost
from tests.conftest import REPO_ROOT
from tests.helpers.pages import WIDE_ELEMENTS
from tests.helpers.summary_courses import complete_course, summary_of


@pytest.fixture(scope="module")
def summary_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A whole course's course log (every exercise's placements table) and jobbstøtte, as the learner downloads them;
    the jobbstøtte for a post with a long, unbroken title."""
    root = complete_course(tmp_path_factory.mktemp("summary-document"))
    summary = summary_of(root, "nb", ("Skrive jobbanalysen før annonsen",))
    summary = dataclasses.replace(summary, post=LearnerPost(title="Seniorrådgiver" * 8, unit="Seksjon for økonomi"))
    files = {"kurslogg.html": summary_html(summary), "jobbstotte.html": jobaid_html(summary, REPO_ROOT / "source")}
    for name, html in files.items():
        (root / name).write_text(html, encoding="utf-8")
    return {name: root / name for name in files}


@pytest.mark.parametrize("name", ["kurslogg.html", "jobbstotte.html"])
@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_summary_never_scrolls_sideways(page, summary_files: dict[str, Path], name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(summary_files[name].as_uri())
    if name == "kurslogg.html":
        assert page.locator("table.placements").count() > 0  # the tables that once did
    assert page.evaluate(WIDE_ELEMENTS, width) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
