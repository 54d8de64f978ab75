"""The scenario state machine: walks, steps back, refuses choices the situation does not offer."""

from __future__ import annotations

import pytest

from mangfold.content import load_module_content
from mangfold.engine import ScenarioRun, WrongChoice, count_words
from tests.conftest import FILES

SCENARIO = load_module_content(FILES / "content" / "01-verdien-av-mangfold", "nb").scenarios[0]


def test_a_walk_from_start_to_an_ending() -> None:
    run = ScenarioRun(SCENARIO)
    assert run.node == "start" and run.last_choice is None and run.ending is None
    assert run.choose("a").quality == "good"
    assert run.node == "videre" and run.last_choice.id == "a"
    run.choose("a")
    assert run.ending_id == "slutt-god" and run.ending.debrief == "Kravene styrte."
    assert run.situation is None


def test_back_and_restart() -> None:
    run = ScenarioRun(SCENARIO)
    run.choose("a")
    run.back()
    assert run.node == "start"
    run.back()  # nothing to undo is not an error
    run.choose("b")
    run.restart()
    assert run.steps == []


def test_choices_that_are_not_offered_are_refused() -> None:
    run = ScenarioRun(SCENARIO)
    with pytest.raises(WrongChoice, match="has no choice 'z'"):
        run.choose("z")
    run.choose("c")
    with pytest.raises(WrongChoice, match="has ended"):
        run.choose("a")


def test_replay_rebuilds_a_saved_walk_and_rejects_a_forged_one() -> None:
    assert ScenarioRun.replay(SCENARIO, [("start", "a"), ("videre", "b")]).ending_id == "slutt-svak"
    with pytest.raises(WrongChoice, match="a step starts at 'videre', but the path is at 'start'"):
        ScenarioRun.replay(SCENARIO, [("videre", "a")])


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("Én  to\ntre", 3), ("fler-språklig team's", 2), ("  ... -- !!", 0), ("<b>ord</b>", 3),
     ("æøå ÆØÅ 123", 3)],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words
