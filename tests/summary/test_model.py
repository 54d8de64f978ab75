"""The summary model: what the learner chose, saw, answered, placed and wrote, and what is missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mangfold.course import MODULE_IDS
from mangfold.course_state import DONE, IN_PROGRESS, NOT_STARTED
from mangfold.progress import PROGRESS_FILENAME
from mangfold.summary import build_summary
from tests import learners
from tests.conftest import REPO_ROOT, copy_module


@pytest.fixture
def course(tmp_path: Path) -> Path:
    for module in MODULE_IDS:
        copy_module(module, tmp_path)
    return tmp_path


def test_an_empty_course_lists_every_module_as_not_started(course: Path) -> None:
    summary = build_summary(course)
    assert [m.status for m in summary.modules] == [NOT_STARTED] * 5 and not summary.complete
    first = summary.modules[0]
    assert all(s.steps == () and s.ending_title is None for s in first.scenarios)
    assert all(c.correct is None and c.first_answer == () for c in first.checks)
    assert all(r.text == "" and not r.done for r in first.reflections)


def test_a_complete_course_records_choices_feedback_answers_and_reflections(course: Path) -> None:
    for module in MODULE_IDS:
        learners.complete(course / module)
    summary = build_summary(course, action_plan=("Skrive jobbanalyse før annonsen", "  "))
    assert summary.complete and summary.action_plan == ("Skrive jobbanalyse før annonsen",)
    first = summary.modules[0]
    assert first.status == DONE and first.done_items == first.total_items
    scenario = first.scenarios[0]
    assert scenario.steps and scenario.ending_title and scenario.debrief
    assert all(step.feedback and step.choice for step in scenario.steps)
    assert all(check.correct for check in first.checks)
    assert learners.HOSTILE_REFLECTION in [r.text for r in first.reflections]  # kept exactly as written
    job_analysis = summary.module("02-legg-grunnlaget").exercise("jobbanalyse")
    assert job_analysis.checked and job_analysis.ranked_category
    assert all(p.placed == p.suggested and p.quality == "good" for p in job_analysis.placements)
    must = job_analysis.items_in("ma")
    assert {p.item for p in must} == set(job_analysis.ranked_items)


def test_a_partial_module_is_in_progress_and_shows_what_is_missing(course: Path) -> None:
    learners.partial(course / MODULE_IDS[0])
    record = build_summary(course, "en").modules[0]
    assert record.status == IN_PROGRESS and 0 < record.done_items < record.total_items
    assert record.title == "Understand the value of diversity"
    assert any(s.ending_title is None for s in record.scenarios)
    assert any(not r.done for r in record.reflections)


def test_an_untrusted_file_counts_as_nothing_and_says_why(course: Path) -> None:
    learners.complete(course / MODULE_IDS[0])
    path = course / MODULE_IDS[0] / PROGRESS_FILENAME
    path.write_text(path.read_text(encoding="utf-8").replace('"nb"', '"en"', 1), encoding="utf-8")
    record = build_summary(course).modules[0]
    assert record.status == NOT_STARTED and "checksum" in record.problem


def test_modules_missing_from_the_folder_are_left_out(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "release" / MODULE_IDS[0], tmp_path / MODULE_IDS[0])
    assert [m.module for m in build_summary(tmp_path).modules] == [MODULE_IDS[0]]
