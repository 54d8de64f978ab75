"""What the trainer's debrief shows, worked out once from a cohort's frames: plain numbers and texts, no markup.

:func:`mangfold.cohort.data.load_cohort` reads the files into pandas frames; this module is the one place
that groups and counts them for the dashboard. The result is plain data (dataclasses, dicts keyed by
module), so the page that renders it never indexes a frame, and a redraw after the trainer moves the
module filter or the names switch reads these lookups instead of grouping the frames again. Texts here
are as the course or the learner wrote them (course Markdown is marked as such): escaping is the view's job.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from ..content.schema import ModuleContent
from ..progress.trust import SUMMARY_MODULE
from .data import NOT_SUBMITTED, SUBMITTED, UNTRUSTED, CohortData

#: the key the summary assignment's action plan is shown under (its commitments are one list of answers)
PLAN = "plan"


def percent(count: float, total: float) -> int:
    """A whole percentage; 0 of nothing is 0."""
    return round(100 * count / total) if total else 0


@dataclass(frozen=True)
class Learner:
    """A learner as the debrief names them: ``number`` when names are hidden, else ``name`` and ``id``."""

    id: str
    number: int
    name: str  # the roster's "first last", "" when the gradebook has no name


@dataclass(frozen=True)
class Cell:
    """One learner's standing in one module (``score`` and ``max_score`` None until graded)."""

    status: str
    done: int
    total: int
    score: float | None
    max_score: float | None

    @property
    def graded(self) -> bool:
        return self.score is not None and self.max_score is not None

    @property
    def complete(self) -> bool:
        """Handed in, trusted and every item done."""
        return self.status == SUBMITTED and bool(self.total) and self.done == self.total


@dataclass(frozen=True)
class ChoiceTally:
    """How often one choice of a situation was taken; ``quality`` as the course rates it."""

    label: str
    quality: str
    count: int


@dataclass(frozen=True)
class SituationTally:
    """Every choice made in one situation, retries included; ``text`` is course Markdown."""

    node: str
    number: int
    text: str
    made: int
    choices: tuple[ChoiceTally, ...]


@dataclass(frozen=True)
class ScenarioTally:
    """A scenario's first choices (one per learner) and its choices situation by situation."""

    module: str
    id: str
    title: str
    first_made: int
    first: tuple[ChoiceTally, ...]
    situations: tuple[SituationTally, ...]


@dataclass(frozen=True)
class OptionTally:
    """How many learners gave one option of a check in their first answer."""

    text: str
    correct: bool
    count: int


@dataclass(frozen=True)
class CheckTally:
    """A check: how many answered, how many were right at once, and the options of the first answers."""

    module: str
    id: str
    question: str  # course Markdown
    answered: int
    right_first: int
    options: tuple[OptionTally, ...]


@dataclass(frozen=True)
class Answer:
    """One learner's text to one prompt (plain learner text: the view escapes it)."""

    learner: str
    text: str
    words: int


@dataclass(frozen=True)
class Prompt:
    """A reflection prompt and its answers, in the learners' fixed order."""

    module: str
    key: str
    prompt: str
    markdown: bool  # a module's prompt is course Markdown; the action plan's lead is plain text
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Rejected:
    """A handed-in file the debrief leaves out, and why."""

    learner: str
    module: str
    reason: str


@dataclass(frozen=True)
class KeyFigures:
    """The summary line for the modules selected."""

    learners: int
    submitted: int
    complete: int
    score_percent: int
    untrusted: int


@dataclass
class Debrief:
    """Everything the dashboard shows, per module, so any module selection is a lookup."""

    course_id: str
    modules: list[str]
    titles: dict[str, str]
    collected: bool
    learners: list[Learner]
    cells: dict[tuple[str, str], Cell]
    scenarios: dict[str, list[ScenarioTally]]
    checks: dict[str, list[CheckTally]]
    prompts: dict[str, list[Prompt]]
    rejected: list[Rejected]

    def key_figures(self, modules: list[str]) -> KeyFigures:
        """Learners who handed in anything, who completed everything, the share of points, the files left out."""
        per_learner: dict[str, list[Cell]] = defaultdict(list)
        for learner in self.learners:
            for module in modules:
                cell = self.cells.get((learner.id, module))
                if cell is not None:
                    per_learner[learner.id].append(cell)
        cells = [cell for learner_cells in per_learner.values() for cell in learner_cells]
        graded = [cell for cell in cells if cell.graded]
        return KeyFigures(
            learners=len(self.learners),
            submitted=sum(any(c.status != NOT_SUBMITTED for c in learner_cells)
                          for learner_cells in per_learner.values()),
            complete=sum(all(c.complete for c in learner_cells) for learner_cells in per_learner.values()),
            score_percent=percent(sum(c.score for c in graded), sum(c.max_score for c in graded)) if graded else 0,
            untrusted=sum(cell.status == UNTRUSTED for cell in cells),
        )

    def rejected_in(self, modules: list[str]) -> list[Rejected]:
        """The files left out in ``modules``, by learner number, then module."""
        return [r for r in self.rejected if r.module in modules]


def debrief(data: CohortData) -> Debrief:
    """Group and count the cohort's frames once, for every module."""
    learners = [Learner(row.learner, int(row.number), " ".join(p for p in (row.first_name, row.last_name) if p))
                for row in data.learners.itertuples(index=False)]
    numbers = {learner.id: learner.number for learner in learners}
    cells = {(row.learner, row.module): Cell(row.status, int(row.done), int(row.total), _number(row.score),
                                             _number(row.max_score))
             for row in data.completion.itertuples(index=False)}
    contents = {module: data.contents[module] for module in data.modules if module in data.contents}
    rejected = [Rejected(r.learner, r.module, r.reason) for r in sorted(
        data.untrusted.itertuples(index=False), key=lambda r: (numbers.get(r.learner, 0), r.module))]
    return Debrief(
        course_id=data.course_id, modules=list(data.modules), titles=dict(data.titles), collected=data.collected,
        learners=learners, cells=cells, scenarios=_scenarios(data.choices, contents),
        checks=_checks(data.checks, data.check_options, contents),
        prompts=_prompts(data.reflections, contents, numbers), rejected=rejected)


def _number(value: object) -> float | None:
    """A gradebook score as a float, None where the frame has no score (NaN)."""
    return None if pd.isna(value) else float(value)


def _scenarios(choices: pd.DataFrame, contents: dict[str, ModuleContent]) -> dict[str, list[ScenarioTally]]:
    firsts = choices[choices["first"].astype(bool)]
    first_counts = firsts.groupby(["module", "scenario", "choice"]).size().to_dict()
    first_totals = firsts.groupby(["module", "scenario"]).size().to_dict()
    all_counts = choices.groupby(["module", "scenario", "situation", "choice"]).size().to_dict()
    all_totals = choices.groupby(["module", "scenario", "situation"]).size().to_dict()
    tallies: dict[str, list[ScenarioTally]] = {}
    for module, content in contents.items():
        tallies[module] = []
        for scenario in content.scenarios:
            start = scenario.situations[scenario.start]
            situations = tuple(
                SituationTally(node, number, situation.whole_text, int(all_totals.get((module, scenario.id, node), 0)),
                               tuple(ChoiceTally(c.label, c.quality,
                                                 int(all_counts.get((module, scenario.id, node, c.id), 0)))
                                     for c in situation.choices))
                for number, (node, situation) in enumerate(scenario.situations.items(), start=1))
            tallies[module].append(ScenarioTally(
                module, scenario.id, scenario.title, int(first_totals.get((module, scenario.id), 0)),
                tuple(ChoiceTally(c.label, c.quality, int(first_counts.get((module, scenario.id, c.id), 0)))
                      for c in start.choices),
                situations))
    return tallies


def _checks(checks: pd.DataFrame, options: pd.DataFrame,
            contents: dict[str, ModuleContent]) -> dict[str, list[CheckTally]]:
    answered = checks.groupby(["module", "check"]).size().to_dict()
    right_first = checks.groupby(["module", "check"])["first_correct"].sum().to_dict()
    first_option = {(r.module, r.check, r.option): int(r.first_count) for r in options.itertuples(index=False)}
    return {module: [CheckTally(module, check.id, check.question, int(answered.get((module, check.id), 0)),
                                int(right_first.get((module, check.id), 0)),
                                tuple(OptionTally(o.text, o.correct, first_option.get((module, check.id, o.id), 0))
                                      for o in check.options))
                     for check in content.checks]
            for module, content in contents.items()}


def _prompts(reflections: pd.DataFrame, contents: dict[str, ModuleContent],
             numbers: dict[str, int]) -> dict[str, list[Prompt]]:
    """Each module's prompts with their answers; the action plan's commitments are one list under :data:`PLAN`."""
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for row in reflections.itertuples(index=False):
        grouped[row.module, row.reflection if row.module != SUMMARY_MODULE else PLAN].append(row)
    answers = {key: tuple(Answer(r.learner, r.text, int(r.words))
                          for r in sorted(rows, key=lambda r: numbers.get(r.learner, 0)))
               for key, rows in grouped.items()}
    prompts = {module: [Prompt(module, block.id, block.prompt, True, answers.get((module, block.id), ()))
                        for block in content.reflections]
               for module, content in contents.items()}
    if (SUMMARY_MODULE, PLAN) in grouped:
        prompts[SUMMARY_MODULE] = [Prompt(SUMMARY_MODULE, PLAN, grouped[SUMMARY_MODULE, PLAN][0].prompt, False,
                                          answers[SUMMARY_MODULE, PLAN])]
    return prompts
