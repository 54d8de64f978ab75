"""Rules of the classify exercise, shared by its widget and the grader: quality, completion, trust."""

from __future__ import annotations

from ..content.schema import ClassifyBlock, ClassifyItem


def placement_quality(item: ClassifyItem, placed: str) -> str:
    """good when placed as suggested, partly when defensible, weak otherwise."""
    if placed == item.expected:
        return "good"
    return "partly" if placed in item.acceptable else "weak"


def _is_mapping_of_names(value: object, keys: set[str], values: set[str]) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) and k in keys and v in values for k, v in value.items()
    )


def exercise_state_problems(block: ClassifyBlock, state: object) -> list[str]:
    """What a saved state records that the exercise does not offer (the grader's tamper check).

    The state comes from a learner's file, so any JSON value can be here: each part is checked for
    its type before it is used, and a wrong type is a problem named like any other, never an exception.
    """
    if not isinstance(state, dict):
        return [f"exercise {block.id!r}: the state is not a mapping"]
    items = {i.id for i in block.items}
    categories = {c.id for c in block.categories}
    problems = []
    for key in ("placements", "first_check"):
        placements = state.get(key) or {}
        if not _is_mapping_of_names(placements, items, categories):
            problems.append(f"exercise {block.id!r}: {key} names items or categories it does not have")
    order = state.get("order") or []
    if not isinstance(order, list) or not all(isinstance(i, str) and i in items for i in order):
        problems.append(f"exercise {block.id!r}: order names items it does not have")
    if not isinstance(state.get("checked", False), bool):
        problems.append(f"exercise {block.id!r}: checked must be true or false")
    return problems


def exercise_done(block: ClassifyBlock, state: object) -> bool:
    """Done when every item is placed and the learner has checked the placements.

    Readers that show progress without replaying it (the course home, the dashboard) call this on
    a state of any shape: a state that is not the exercise's own is simply not done.
    """
    if not isinstance(state, dict) or state.get("checked") is not True:
        return False
    placements = state.get("placements")
    return isinstance(placements, dict) and all(
        isinstance(placements.get(item.id), str) and placements.get(item.id) for item in block.items
    )
