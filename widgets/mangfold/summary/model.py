"""The learner's course summary as plain data: what they chose, saw, answered and wrote, module by module.

Every export (the summary page, HTML, Word, PDF, the job-analysis and interview templates) is built
from this one structure, so they cannot disagree. It holds learner text exactly as written; each
export escapes it for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..completion import check_is_correct, item_statuses
from ..content.loader import load_module_content
from ..content.schema import ClassifyBlock, ModuleContent, ScenarioBlock
from ..course import MODULE_IDS, module_number
from ..course_state import DONE, IN_PROGRESS, NOT_STARTED
from ..engine.classify import placement_quality
from ..engine.text import count_words
from ..progress.model import ModuleProgress, now_stamp
from ..progress.trust import SUMMARY_MODULE, judge_folder
from .post import LearnerPost, post_from_record
from .prefill import read_prefill


@dataclass(frozen=True)
class StepSeen:
    """One choice the learner made in a scenario, with the feedback they were shown."""

    situation: str
    choice: str
    quality: str
    feedback: str


@dataclass(frozen=True)
class ScenarioRecord:
    id: str
    title: str
    steps: tuple[StepSeen, ...]
    ending_title: str | None
    debrief: str | None


@dataclass(frozen=True)
class CheckRecord:
    id: str
    question: str
    first_answer: tuple[str, ...]
    correct: bool | None  # None: not answered
    right_answer: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class ReflectionRecord:
    id: str
    prompt: str
    text: str
    words: int
    min_words: int

    @property
    def done(self) -> bool:
        return self.words >= self.min_words


@dataclass(frozen=True)
class PlacementRecord:
    item: str
    placed: str | None
    suggested: str
    quality: str | None
    feedback: str


@dataclass(frozen=True)
class MissingItem:
    """Something the learner has still to do: a summary sentence (key and values), and the course text
    it refers to (a question or a prompt, in Markdown) where the sentence alone would be vague."""

    key: str
    values: tuple[tuple[str, object], ...] = ()
    reference: str | None = None


@dataclass(frozen=True)
class ExerciseRecord:
    id: str
    title: str
    checked: bool
    placements: tuple[PlacementRecord, ...]
    ranked_category: str | None
    ranked_items: tuple[str, ...]
    categories: tuple[tuple[str, str], ...]  # (id, label) in order

    @property
    def done(self) -> bool:
        """The course's rule (``engine.classify.exercise_done``): every item placed, and checked."""
        return self.checked and all(p.placed for p in self.placements)

    def items_in(self, category_id: str) -> tuple[PlacementRecord, ...]:
        label = dict(self.categories)[category_id]
        return tuple(p for p in self.placements if p.placed == label)


@dataclass(frozen=True)
class SourceRecord:
    """One source a module names: its id in the course's briefs (``S64``, a range ``S92–S96``), its title and
    its address where the content gives one. The id and address let a list name each source once."""

    id: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class ModuleRecord:
    module: str
    number: int
    title: str
    status: str
    done_items: int
    total_items: int
    scenarios: tuple[ScenarioRecord, ...]
    checks: tuple[CheckRecord, ...]
    reflections: tuple[ReflectionRecord, ...]
    exercises: tuple[ExerciseRecord, ...]
    learning_points: tuple[str, ...]
    sources: tuple[str, ...]
    problem: str | None = None  # the progress file could not be trusted
    #: the sources with their ids and addresses (``sources`` holds their titles alone)
    source_records: tuple[SourceRecord, ...] = ()

    def exercise(self, exercise_id: str) -> ExerciseRecord | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    @property
    def missing(self) -> list[MissingItem]:
        """What the learner has still to do here, in page order of kind: scenarios, checks, reflections, exercises."""
        items = [MissingItem("missing_scenario", (("title", s.title),)) for s in self.scenarios
                 if s.ending_title is None]
        items += [MissingItem("missing_check", (), c.question) for c in self.checks if c.correct is None]
        items += [MissingItem("missing_reflection", (("min_words", r.min_words),), r.prompt)
                  for r in self.reflections if not r.done]
        items += [MissingItem("missing_exercise", (("title", e.title),)) for e in self.exercises if not e.done]
        return items


@dataclass(frozen=True)
class CourseSummary:
    language: str
    modules: tuple[ModuleRecord, ...]
    action_plan: tuple[str, ...] = ()
    generated: str = field(default_factory=now_stamp)
    #: the post the learner will fill next (summary page or a trainer's prefill); None when not given
    post: LearnerPost | None = None

    @property
    def complete(self) -> bool:
        return len(self.modules) == len(MODULE_IDS) and all(m.status == DONE for m in self.modules)

    def module(self, module_id: str) -> ModuleRecord | None:
        return next((m for m in self.modules if m.module == module_id), None)


def _scenario(block: ScenarioBlock, progress: ModuleProgress) -> ScenarioRecord:
    saved = progress.scenarios.get(block.id)
    steps: list[StepSeen] = []
    for step in saved.history if saved else []:
        situation = block.situations[step.node]
        choice = next(c for c in situation.choices if c.id == step.choice)
        steps.append(StepSeen(situation.whole_text, choice.label, choice.quality, choice.feedback))
    ending = block.endings.get(saved.endings_reached[-1]) if saved and saved.endings_reached else None
    return ScenarioRecord(block.id, block.title, tuple(steps), ending.title if ending else None,
                          ending.debrief if ending else None)


def _exercise(block: ClassifyBlock, progress: ModuleProgress) -> ExerciseRecord:
    saved = progress.exercises.get(block.id)
    state = saved.state if saved else {}
    placements_saved = state.get("placements") or {}
    labels = {c.id: c.label for c in block.categories}
    placements = []
    for item in block.items:
        placed = placements_saved.get(item.id)
        placements.append(PlacementRecord(item.text, labels.get(placed), labels[item.expected],
                                          placement_quality(item, placed) if placed else None, item.feedback))
    texts = {i.id: i.text for i in block.items}
    ranked = tuple(texts[i] for i in state.get("order") or [] if i in texts)
    return ExerciseRecord(block.id, block.title, bool(state.get("checked")), tuple(placements),
                          labels.get(block.rank) if block.rank else None, ranked,
                          tuple((c.id, c.label) for c in block.categories))


def module_record(content: ModuleContent, progress: ModuleProgress | None, problem: str | None = None) -> ModuleRecord:
    """One module's record from its content (in the summary's language) and the learner's progress."""
    saved = progress or ModuleProgress(module=content.module)
    statuses = item_statuses(content, saved)
    done = sum(s.done for s in statuses)
    started = progress is not None and any(getattr(saved, kind) for kind in
                                           ("scenarios", "checks", "reflections", "exercises"))
    status = DONE if statuses and done == len(statuses) else IN_PROGRESS if started else NOT_STARTED
    checks = []
    for check in content.checks:
        answer = saved.checks.get(check.id)
        text = {o.id: o.text for o in check.options}
        checks.append(CheckRecord(
            check.id, check.question,
            tuple(text[i] for i in answer.first_answer) if answer else (),
            check_is_correct(check, answer.first_answer) if answer else None,
            tuple(o.text for o in check.options if o.correct), check.explanation))
    reflections = []
    for block in content.reflections:
        text = saved.reflections[block.id].text if block.id in saved.reflections else ""
        reflections.append(ReflectionRecord(block.id, block.prompt, text, count_words(text), block.min_words))
    return ModuleRecord(
        content.module, module_number(content.module), content.title, status, done, len(statuses),
        tuple(_scenario(b, saved) for b in content.scenarios), tuple(checks), tuple(reflections),
        tuple(_exercise(b, saved) for b in content.exercises), tuple(content.learning_points),
        tuple(s.text for s in content.sources), problem,
        tuple(SourceRecord(s.id, s.text, s.url) for s in content.sources))


def read_module(folder: Path, module: str, language: str) -> ModuleRecord:
    """A module folder's record; an untrusted or impossible progress file counts as no progress."""
    content = load_module_content(folder, language)
    judged = judge_folder(folder, module)  # against the reference content, as the grader judges it
    if judged.error is not None:
        return module_record(content, None, judged.error.reason)
    if judged.problems:
        return module_record(content, None, judged.problem_text(3))
    return module_record(content, judged.progress)


def learner_post(summary_folder: Path, prefill_folder: Path | None = None) -> LearnerPost | None:
    """The post the documents are built from: the learner's own, saved in the summary folder's progress;
    without one, the trainer's prefill (``post.yaml`` in ``prefill_folder``, by default the summary folder
    itself, where nbgrader put it). None when neither says anything.

    The learner's saved post wins whole, even where they emptied a field the prefill had filled: what they
    saved is what they meant. An untrusted summary file counts as no post, as it counts as no action plan.
    """
    saved = judge_folder(Path(summary_folder), SUMMARY_MODULE).trusted
    if saved is not None and saved.post is not None:
        post = post_from_record(saved.post)
    else:
        post = read_prefill(Path(prefill_folder) if prefill_folder is not None else Path(summary_folder))
    return None if post is None or post.empty else post


def build_summary(course_root: Path, language: str = "nb", action_plan: tuple[str, ...] = (),
                  prefill_folder: Path | None = None) -> CourseSummary:
    """The summary of every module folder under ``course_root`` (a learner's course or ``release/``).

    The learner's post comes from ``course_root``'s summary folder (:func:`learner_post`); a trainer's build
    names the course's own ``source/06-oppsummering/`` as ``prefill_folder``.
    """
    course_root = Path(course_root)
    modules = tuple(read_module(course_root / m, m, language) for m in MODULE_IDS
                    if (course_root / m / f"content.{language}.yaml").exists())
    return CourseSummary(language, modules, tuple(a for a in action_plan if a.strip()),
                         post=learner_post(course_root / SUMMARY_MODULE, prefill_folder))
