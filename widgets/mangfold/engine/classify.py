"""Rules of the classify exercise, shared by its widget and the grader: quality, completion, trust."""

from __future__ import annotations

from typing import Any

from ..content.schema import ClassifyBlock, ClassifyItem


def placement_quality(item: ClassifyItem, placed: str) -> str:
    """good when placed as suggested, partly when defensible, weak otherwise."""
    if placed == item.expected:
        return "good"
    return "partly" if placed in item.acceptable else "weak"


def exercise_state_problems(block: ClassifyBlock, state: dict[str, Any]) -> list[str]:
    """What a saved state records that the exercise does not offer (the grader's tamper check)."""
    items = {i.id for i in block.items}
    categories = {c.id for c in block.categories}
    problems = []
    for key in ("placements", "first_check"):
        placements = state.get(key) or {}
        if not isinstance(placements, dict) or not all(
            k in items and v in categories for k, v in placements.items()
        ):
            problems.append(f"exercise {block.id!r}: {key} names items or categories it does not have")
    order = state.get("order") or []
    if not isinstance(order, list) or not set(order) <= items:
        problems.append(f"exercise {block.id!r}: order names items it does not have")
    if not isinstance(state.get("checked", False), bool):
        problems.append(f"exercise {block.id!r}: checked must be true or false")
    return problems


def exercise_done(block: ClassifyBlock, state: dict[str, Any] | None) -> bool:
    """Done when every item is placed and the learner has checked the placements."""
    if not state or not state.get("checked"):
        return False
    placements = state.get("placements") or {}
    return all(placements.get(item.id) for item in block.items)
