"""A module's steps: the screens a learner goes through, one at a time, derived from the content's blocks.

The grouping rule is part of the content contract (authors order their blocks to it): a new step begins
at every ``text``, ``scenario`` and ``classify`` block, and a ``check`` or ``reflection`` joins the step of
the block before it, so a question sits on the screen that taught what it asks. It lives here, below the
progress layer, because the progress reader judges a saved step against it and the pages show it.

After the content's steps comes one more: the completion screen (what was done, learning points,
sources, the way on). Step numbers count from 1 and include it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Block, CheckBlock, ModuleContent, ReflectionBlock

#: block kinds that join the step before them instead of beginning one
JOINS_PREVIOUS: tuple[type, ...] = (CheckBlock, ReflectionBlock)


@dataclass(frozen=True)
class ModuleStep:
    """One screen of content: its blocks, in the content's order, and a title (its first block's)."""

    number: int
    blocks: tuple[Block, ...]

    @property
    def title(self) -> str | None:
        """The first block's title; None when the step opens with a block that has none (a check first)."""
        return getattr(self.blocks[0], "title", None)

    @property
    def block_ids(self) -> tuple[str, ...]:
        return tuple(block.id for block in self.blocks)


def module_steps(content: ModuleContent) -> list[ModuleStep]:
    """The content's steps, numbered from 1 (the completion screen is not among them: see :func:`step_count`)."""
    groups: list[list[Block]] = []
    for block in content.blocks:
        if groups and isinstance(block, JOINS_PREVIOUS):
            groups[-1].append(block)
        else:
            groups.append([block])
    return [ModuleStep(number, tuple(blocks)) for number, blocks in enumerate(groups, start=1)]


def step_count(content: ModuleContent) -> int:
    """How many steps the learner sees: the content's steps and the completion screen."""
    return len(module_steps(content)) + 1


def step_of_block(content: ModuleContent, block_id: str) -> int | None:
    """The number of the step that shows ``block_id``; None when the module has no such block."""
    for step in module_steps(content):
        if block_id in step.block_ids:
            return step.number
    return None
