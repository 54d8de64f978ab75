"""Grading from the progress file: points, trust, and the messages a trainer reads in formgrader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mangfold.grading import GradingError, grade_folder, print_reflections, reflections_report, require
from mangfold.progress import PROGRESS_FILENAME
from mangfold.progress.model import checksum_of
from mangfold.ui import open_module
from tests.conftest import MODULE_1
from tests.ui.test_widgets import path_to_ending


def complete_module(folder: Path, reflection_text: str = "Dette er en ærlig refleksjon " * 6) -> None:
    """Do every item right, through the real widgets."""
    page = open_module(MODULE_1, folder, "nb")
    for scenario in page.content.scenarios:
        player = page.show(scenario.id)
        for choice in path_to_ending(scenario):
            player.choice_buttons[choice].click()
    for check in page.content.checks:
        widget = page.show(check.id)
        widget.select([o.id for o in check.options if o.correct])
        widget.submit_button.click()
    for reflection in page.content.reflections:
        page.show(reflection.id).write(reflection_text)


def test_complete_work_scores_every_point(module_dir: Path) -> None:
    complete_module(module_dir)
    result = grade_folder(module_dir, MODULE_1)
    assert result.trusted and result.points == result.max_points == 6
    for status in result.statuses:
        require(MODULE_1, status.kind, status.id, module_dir)


def test_no_progress_file_scores_nothing_and_says_why(module_dir: Path) -> None:
    result = grade_folder(module_dir, MODULE_1)
    assert result.points == 0 and "no progress file" in result.problem
    with pytest.raises(GradingError, match="no progress file"):
        require(MODULE_1, "scenario", result.content.scenarios[0].id, module_dir)


def test_first_wrong_answer_costs_the_check_point(module_dir: Path) -> None:
    page = open_module(MODULE_1, module_dir, "nb")
    check = page.content.checks[0]
    widget = page.show(check.id)
    widget.select([next(o.id for o in check.options if not o.correct)])
    widget.submit()
    widget.select([o.id for o in check.options if o.correct])
    widget.submit()
    with pytest.raises(GradingError, match="first answer was wrong"):
        require(MODULE_1, "check", check.id, module_dir)


def test_short_reflection_is_not_complete(module_dir: Path) -> None:
    page = open_module(MODULE_1, module_dir, "nb")
    reflection = page.content.reflections[0]
    page.show(reflection.id).write("for kort")
    with pytest.raises(GradingError, match="too short"):
        require(MODULE_1, "reflection", reflection.id, module_dir)


def test_hand_edited_file_scores_nothing(module_dir: Path) -> None:
    complete_module(module_dir)
    path = module_dir / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    document["language"] = "en"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = grade_folder(module_dir, MODULE_1)
    assert result.points == 0 and "checksum does not match" in result.problem
    assert path.exists()  # the grader reads; it never moves or rewrites the learner's file


def test_forged_file_with_a_valid_checksum_scores_nothing(module_dir: Path) -> None:
    complete_module(module_dir)
    path = module_dir / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    scenario_id = next(iter(document["scenarios"]))
    document["scenarios"][scenario_id]["path"][0]["choice"] = "not-a-choice"
    document["checksum"] = checksum_of(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    result = grade_folder(module_dir, MODULE_1)
    assert result.points == 0 and "has no choice 'not-a-choice'" in result.problem


def test_forged_ending_without_a_path(module_dir: Path) -> None:
    complete_module(module_dir)
    path = module_dir / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    for scenario in document["scenarios"].values():
        scenario["path"] = []
    document["checksum"] = checksum_of(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    assert "does not follow from the path" in grade_folder(module_dir, MODULE_1).problem


def test_reflections_report_is_plain_text_with_every_prompt(module_dir: Path, capsys, monkeypatch) -> None:
    complete_module(module_dir, "<script>alert(1)</script> og \x1b[31mfarge\x1b[0m tekst " * 5)
    report = reflections_report(MODULE_1, module_dir)
    assert "<script>alert(1)</script>" in report  # plain text: formgrader escapes text/plain output
    assert "\x1b" not in report  # control characters removed
    for monkey_var in ("VOILA_KERNEL_ID", "VOILA_PREHEAT", "VOILA_BASE_URL"):
        monkeypatch.delenv(monkey_var, raising=False)
    print_reflections(MODULE_1, module_dir)
    assert capsys.readouterr().out.startswith("Refleksjoner / reflections")
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    print_reflections(MODULE_1, module_dir)
    assert capsys.readouterr().out == ""  # never on the learner's Voilà page
