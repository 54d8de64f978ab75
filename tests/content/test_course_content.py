"""The real course content: valid, in both languages, with what every module must have."""

from __future__ import annotations

import pytest

from mangfold.content import find_module_dirs, load_module_content, validate_tree
from mangfold.engine.text import count_words
from tests.conftest import REPO_ROOT

MODULES = find_module_dirs(REPO_ROOT / "source")


def all_paths(scenario, node: str | None = None) -> list[list[str]]:
    """Every walk from ``node`` (default: start) to an ending, as lists of choice ids."""
    node = node or scenario.start
    if node in scenario.endings:
        return [[]]
    return [[choice.id, *rest] for choice in scenario.situations[node].choices
            for rest in all_paths(scenario, choice.next)]


def good_paths(scenario, node: str | None = None) -> list[list[str]]:
    """Every walk from ``node`` (default: start) to an ending rated good."""
    node = node or scenario.start
    if node in scenario.endings:
        return [[]] if scenario.endings[node].quality == "good" else []
    return [[choice.id, *rest] for choice in scenario.situations[node].choices
            for rest in good_paths(scenario, choice.next)]


def test_all_source_and_release_content_is_valid() -> None:
    assert [str(p) for p in validate_tree(REPO_ROOT / "source")] == []
    assert [str(p) for p in validate_tree(REPO_ROOT / "release")] == []


@pytest.mark.parametrize("module_dir", MODULES, ids=[m.name for m in MODULES])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_module_has_the_required_parts(module_dir, language) -> None:
    """Issue 16's shape: one main scenario of 3-4 decisions, two checks that apply it, one reflection."""
    content = load_module_content(module_dir, language)
    assert content.scenarios
    assert all(len(s.situations[s.start].choices) >= 3 for s in content.scenarios)
    assert any(all(3 <= len(path) <= 4 for path in good_paths(s)) and good_paths(s) for s in content.scenarios), (
        "the main scenario needs 3-4 decisions on every path to a good ending")
    assert len(content.checks) >= 2
    assert len(content.reflections) == 1
    assert 3 <= len(content.learning_points) <= 6
    assert content.sources


@pytest.mark.parametrize("module_dir", MODULES, ids=[m.name for m in MODULES])
def test_every_choice_has_feedback_and_every_ending_a_debrief(module_dir) -> None:
    for language in ("nb", "en"):
        for scenario in load_module_content(module_dir, language).scenarios:
            for situation in scenario.situations.values():
                assert all(count_words(choice.feedback) >= 5 for choice in situation.choices)
            assert all(count_words(ending.debrief) >= 5 for ending in scenario.endings.values())


@pytest.mark.parametrize("module_dir", MODULES, ids=[m.name for m in MODULES])
def test_every_path_of_every_scenario_ends_and_every_ending_is_met(module_dir) -> None:
    from mangfold.engine import ScenarioRun

    for scenario in load_module_content(module_dir, "nb").scenarios:
        endings = set()
        for path in all_paths(scenario):
            run = ScenarioRun(scenario)
            for choice in path:
                run.choose(choice)
            assert run.ending is not None
            endings.add(run.ending_id)
        assert endings == set(scenario.endings), scenario.id


def test_the_course_has_its_five_modules_in_order() -> None:
    from mangfold.course import MODULE_IDS

    assert tuple(m.name for m in MODULES) == MODULE_IDS
