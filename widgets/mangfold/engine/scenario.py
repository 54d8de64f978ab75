"""The branching scenario as a state machine over the content graph and the saved path.

It knows nothing about widgets or files: the player widget asks it what to show and tells it what
the learner chose; the grader replays saved paths through it to check that they are real walks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.schema import Choice, Ending, ScenarioBlock, Situation


class WrongChoice(ValueError):
    """A choice that the current situation does not offer (a stale click or a tampered file)."""


@dataclass
class ScenarioRun:
    """Where a learner stands in one scenario: the steps taken so far from ``start``."""

    scenario: ScenarioBlock
    steps: list[tuple[str, str]] = field(default_factory=list)  # (situation id, choice id)

    @classmethod
    def replay(cls, scenario: ScenarioBlock, steps: list[tuple[str, str]]) -> ScenarioRun:
        """Rebuild a run from saved steps; raise :class:`WrongChoice` if they are not a valid walk."""
        run = cls(scenario)
        for node, choice in steps:
            if node != run.node:
                raise WrongChoice(f"scenario {scenario.id!r}: a step starts at {node!r}, but the path is at "
                                  f"{run.node!r}")
            run.choose(choice)
        return run

    @property
    def node(self) -> str:
        """The id of the situation or ending the learner is at now."""
        if not self.steps:
            return self.scenario.start
        node, choice = self.steps[-1]
        return self._choice(node, choice).next

    @property
    def situation(self) -> Situation | None:
        return self.scenario.situations.get(self.node)

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings.get(self.node)

    @property
    def ending_id(self) -> str | None:
        return self.node if self.node in self.scenario.endings else None

    @property
    def last_choice(self) -> Choice | None:
        """The choice that brought the learner here: its feedback is shown above the new situation."""
        if not self.steps:
            return None
        return self._choice(*self.steps[-1])

    def choose(self, choice_id: str) -> Choice:
        situation = self.situation
        if situation is None:
            raise WrongChoice(f"scenario {self.scenario.id!r} has ended; there is nothing to choose")
        choice = self._choice(self.node, choice_id)
        self.steps.append((self.node, choice.id))
        return choice

    def back(self) -> None:
        if self.steps:
            self.steps.pop()

    def restart(self) -> None:
        self.steps.clear()

    def _choice(self, node: str, choice_id: str) -> Choice:
        situation = self.scenario.situations.get(node)
        if situation is None:
            raise WrongChoice(f"scenario {self.scenario.id!r} has no situation {node!r}")
        for choice in situation.choices:
            if choice.id == choice_id:
                return choice
        raise WrongChoice(f"situation {node!r} of scenario {self.scenario.id!r} has no choice {choice_id!r}")
