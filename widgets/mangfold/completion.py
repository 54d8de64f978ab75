"""What counts as done: one rule, shared by the module header, the grader and later the reports.

A scenario is done when any ending has been reached; a knowledge check when it has been answered
(its score is the first answer); a reflection when it holds at least the prompt's minimum of words;
an exercise when every item is placed and the placements have been checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content.schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock
from .engine.classify import exercise_done
from .engine.text import count_words
from .progress.model import ModuleProgress


@dataclass(frozen=True)
class ItemStatus:
    kind: str  # "scenario" | "check" | "reflection" | "exercise"
    id: str
    done: bool


def check_is_correct(check: CheckBlock, answer: list[str]) -> bool:
    return set(answer) == {o.id for o in check.options if o.correct}


def item_statuses(content: ModuleContent, progress: ModuleProgress) -> list[ItemStatus]:
    """Every gradable item of the module in page order, with whether the learner has done it."""
    statuses: list[ItemStatus] = []
    for block in content.blocks:
        if isinstance(block, ScenarioBlock):
            saved = progress.scenarios.get(block.id)
            statuses.append(ItemStatus("scenario", block.id, bool(saved and saved.endings_reached)))
        elif isinstance(block, CheckBlock):
            statuses.append(ItemStatus("check", block.id, block.id in progress.checks))
        elif isinstance(block, ReflectionBlock):
            saved_text = progress.reflections.get(block.id)
            words = count_words(saved_text.text) if saved_text else 0
            statuses.append(ItemStatus("reflection", block.id, words >= block.min_words))
        elif isinstance(block, ClassifyBlock):
            saved_state = progress.exercises.get(block.id)
            statuses.append(ItemStatus("exercise", block.id,
                                       exercise_done(block, saved_state.state if saved_state else None)))
    return statuses
