"""The real course content: valid, in every language (bokmål, nynorsk, English), with what every module must have."""

from __future__ import annotations

import re

import pytest

from mangfold.content import LANGUAGES, find_module_dirs, load_module_content, validate_tree
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
    # release/ is nbgrader's copy of source/ and may be from before a language came (the stale-release test
    # says so); what it has is valid
    assert [str(p) for p in validate_tree(REPO_ROOT / "release", required=("nb", "en"))] == []


@pytest.mark.parametrize("module_dir", MODULES, ids=[m.name for m in MODULES])
@pytest.mark.parametrize("language", LANGUAGES)
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
    for language in LANGUAGES:
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


@pytest.mark.parametrize("module_dir", MODULES, ids=[m.name for m in MODULES])
def test_the_nynorsk_module_is_nynorsk_not_bokmal(module_dir) -> None:
    """A cheap guard against a bokmål text left in the nynorsk file: its commonest words, outside the sources
    (whose titles are quoted as published) and the case's names."""
    content = load_module_content(module_dir, "nn")
    text = " ".join([content.title, content.subtitle, content.intro, *content.learning_points,
                     *(t for block in content.blocks for t in _texts(block))])
    words = set(re.findall(r"[a-zæøåéA-ZÆØÅÉ]+", text.lower()))
    assert not words & {"ikke", "hva", "hvordan", "hvorfor", "jeg", "hvis", "mye", "noe", "være", "fra",
                        "søker", "søkere", "arbeidsgiver", "ansettelse", "hvilken"}, module_dir.name
    assert {"ikkje", "kva"} & words or {"eit", "ein"} & words


def _texts(block) -> list[str]:
    """Every text of a block: each string field, and those of its parts, in any depth."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("id", "kind", "quality", "next", "start", "expected", "acceptable", "rank"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(block.model_dump())
    return found
