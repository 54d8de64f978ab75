"""Whether a progress file can be trusted: the one rule every reader of learner progress applies.

A progress file is trusted when three tests pass, in this order: it parses as the course's format
(``store.parse_progress``: JSON the course can keep, a known version, the right module), its checksum
holds (the same function), and every recorded choice and answer is one the module's content offers
(:func:`progress_problems`, a replay through the engine). The checksum alone is not enough: anyone can
recompute it, so a file that claims impossible answers with a valid checksum is as untrusted as one
with a broken checksum. The grader, the course home, the summary, the dashboard, the research export
and the restore of a browser copy all ask here, so they can never disagree about a file.

The course snapshot (the summary assignment's ``mangfold-kurset.json``) is judged here too: read as
safely as a progress file, held to the same JSON rules, and its own checksum checked.

Readers word a verdict for their audience (the learner, formgrader, the trainer's dashboard); the
verdict itself is made only here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import i18n
from ..content.errors import ContentError
from ..content.loader import load_module_content
from ..content.schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock
from ..content.steps import step_count
from ..engine.classify import exercise_state_problems
from ..engine.scenario import ScenarioRun, WrongChoice
from .model import ModuleProgress, checksum_of
from .reasons import record_text
from .refused import refused_reason
from .store import ProgressFileError, load_json, parse_progress, read_learner_bytes, read_progress

#: The summary assignment: its progress file holds only the action plan (these reflections) and the learner's post.
SUMMARY_MODULE = "06-oppsummering"
ACTION_IDS = ("tiltak-1", "tiltak-2", "tiltak-3")


def replay_problem(problems: str) -> str:
    """The trainer's problem for a file whose checksum holds but whose record the content does not allow."""
    return f"{i18n.both('grading.replay')}: {problems}"


def progress_problems(content: ModuleContent, progress: ModuleProgress) -> list[str]:
    """Recorded choices or answers that the content does not allow: signs of a tampered file."""
    problems: list[str] = []
    scenarios = {b.id: b for b in content.blocks if isinstance(b, ScenarioBlock)}
    checks = {b.id: b for b in content.blocks if isinstance(b, CheckBlock)}
    reflections = {b.id for b in content.blocks if isinstance(b, ReflectionBlock)}
    for scenario_id, saved in progress.scenarios.items():
        scenario = scenarios.get(scenario_id)
        if scenario is None:
            problems.append(record_text("replay-scenario-unknown", scenario=scenario_id))
            continue
        try:
            run = ScenarioRun.replay(scenario, [(s.node, s.choice) for s in saved.path])
        except WrongChoice as error:
            problems.append(str(error))
            continue
        if saved.ending != run.ending_id:
            problems.append(record_text("replay-ending-not-from-path", scenario=scenario_id, ending=saved.ending))
        for ending in saved.endings_reached:
            if ending not in scenario.endings:
                problems.append(record_text("replay-no-such-ending", scenario=scenario_id, ending=ending))
        for step in saved.history:
            situation = scenario.situations.get(step.node)
            if situation is None or step.choice not in {c.id for c in situation.choices}:
                problems.append(record_text("replay-unknown-step", scenario=scenario_id, node=step.node,
                                            choice=step.choice))
                break
        if saved.first_choice is not None and saved.first_choice not in {
            c.id for c in scenario.situations[scenario.start].choices
        }:
            problems.append(record_text("replay-first-choice", scenario=scenario_id, choice=saved.first_choice))
    for check_id, answer in progress.checks.items():
        check = checks.get(check_id)
        if check is None:
            problems.append(record_text("replay-check-unknown", check=check_id))
            continue
        offered = {o.id for o in check.options}
        for given in (answer.first_answer, answer.answer):
            if not set(given) <= offered or not given or (not check.multiple and len(given) != 1):
                problems.append(record_text("replay-impossible-answer", check=check_id, answer=given))
                break
    for reflection_id in progress.reflections:
        if reflection_id not in reflections:
            problems.append(record_text("replay-reflection-unknown", reflection=reflection_id))
    exercises = {b.id: b for b in content.blocks if isinstance(b, ClassifyBlock)}
    for exercise_id, saved_exercise in progress.exercises.items():
        if exercise_id not in exercises:
            problems.append(record_text("replay-exercise-unknown", exercise=exercise_id))
            continue
        problems.extend(exercise_state_problems(exercises[exercise_id], saved_exercise.state))
    if progress.post is not None:  # the learner's post is the summary's; in a module it was put there by hand
        problems.append(record_text("replay-post-not-summary"))
    return problems


def saved_step(content: ModuleContent, progress: ModuleProgress | None) -> int:
    """The step to open the module at: the saved one when the content has it, else step 1.

    The step is where the learner was, not what they did, so it is never one of the replay's problems: an
    unknown or out-of-range step (the content gained or lost steps since, or a hand edit) opens step 1.
    """
    mark = progress.step if progress is not None else None
    if mark is None or not 1 <= mark.number <= step_count(content):
        return 1
    return mark.number


def summary_progress_problems(progress: ModuleProgress) -> list[str]:
    """What a summary progress file records beyond an action plan: the summary's own replay."""
    problems = [record_text(f"summary-has-{kind}") for kind in ("scenarios", "checks", "exercises")
                if getattr(progress, kind)]
    problems += [record_text("summary-has-reflection", reflection=key)
                 for key in progress.reflections if key not in ACTION_IDS]
    return problems


@dataclass(frozen=True)
class Judged:
    """The verdict on one progress file.

    ``progress`` is what the file holds once its format and checksum held, kept even when the replay
    found ``problems`` (formgrader shows such a file's reflections beside the problem). ``error`` is why
    the format or checksum failed. A file that is not there has neither.
    """

    module: str
    progress: ModuleProgress | None = None
    error: ProgressFileError | None = None
    problems: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """Whether there was a file (trusted or not)."""
        return self.progress is not None or self.error is not None

    @property
    def trusted(self) -> ModuleProgress | None:
        """The progress when the file passed all three tests; None when it is missing or untrusted."""
        return self.progress if self.error is None and not self.problems else None

    @property
    def untrusted(self) -> bool:
        return self.found and self.trusted is None

    def problem_text(self, limit: int) -> str:
        """The first ``limit`` replay problems, joined, for a reason line."""
        return "; ".join(self.problems[:limit])


def _problems(module: str, progress: ModuleProgress, content: ModuleContent | None, folder: Path | None) -> list[str]:
    """The replay: the summary's file against the action plan, any other against the module's content.

    Without ``content``, the reference (bokmål) content in ``folder`` is read, as the grader reads it.
    The content's ids are the same in every language (``content.rules.parity_problems``).
    """
    if module == SUMMARY_MODULE:
        return summary_progress_problems(progress)
    if content is None:
        if folder is None:
            raise ValueError(f"judging {module!r} needs its content or the folder that holds it")
        content = load_module_content(folder, "nb")
    return progress_problems(content, progress)


def judge(progress: ModuleProgress, content: ModuleContent | None = None, folder: Path | None = None) -> Judged:
    """Judge progress already parsed (its format and checksum held): the replay alone."""
    problems = _problems(progress.module, progress, content, folder)
    return Judged(progress.module, progress, None, tuple(problems))


def judge_bytes(raw: bytes, where: Path, module: str, content: ModuleContent | None = None,
                folder: Path | None = None) -> Judged:
    """Judge a copy of a progress file (an upload, a browser copy, a snapshot's module) by all three tests."""
    try:
        progress = parse_progress(raw, where, module)
    except ProgressFileError as error:
        return Judged(module, None, error)
    return judge(progress, content, folder)


def judge_document(document: Any, where: Path, module: str, content: ModuleContent | None = None,
                   folder: Path | None = None) -> Judged:
    """:func:`judge_bytes` for a copy already decoded from JSON (a module inside a snapshot or a bundle)."""
    return judge_bytes(json.dumps(document).encode("utf-8"), where, module, content, folder)


def judge_folder(folder: Path, module: str, content: ModuleContent | None = None) -> Judged:
    """Judge the progress file in a module folder; without ``content``, against the folder's own content.

    The file is read without side effects and never through a link (``store.read_progress``); a file
    refused at hand-in is untrusted with that reason, not missing.
    """
    folder = Path(folder)
    try:
        progress = read_progress(folder, module)
    except ProgressFileError as error:
        return Judged(module, None, error)
    if progress is None:
        return Judged(module)
    return judge(progress, content, folder)


def read_trusted(folder: Path, module: str, content: ModuleContent | None = None) -> ModuleProgress | None:
    """A module folder's progress when it can be trusted; None when it is missing or cannot be."""
    return judge_folder(folder, module, content).trusted


def trusted_modules(course_root: Path, modules: Iterable[str]) -> dict[str, ModuleProgress]:
    """Every module's trusted progress under ``course_root`` (``<course_root>/<module>/``), in the order given.

    A file whose module folder has no content to judge it by is left out with the untrusted ones:
    what cannot be replayed is not passed on (into a bundle or a snapshot).
    """
    found = {}
    for module in modules:
        try:
            progress = read_trusted(Path(course_root) / module, module)
        except ContentError:
            continue
        if progress is not None:
            found[module] = progress
    return found


# -- the course snapshot ----------------------------------------------------------------------------------
SNAPSHOT_FILENAME = "mangfold-kurset.json"
SNAPSHOT_FORMAT = "mangfold-course-snapshot"


class SnapshotError(ValueError):
    """Why a course snapshot cannot be used. ``code`` says which test failed; ``error`` is the file error
    behind ``unreadable``/``not-json``; ``refused`` the hand-in's record behind ``refused``.

    codes: ``unreadable`` (a link or special file), ``refused`` (set aside at hand-in), ``missing``,
    ``not-json``, ``not-snapshot``, ``checksum``, ``no-modules``.
    """

    def __init__(self, code: str, error: ProgressFileError | None = None, refused: str | None = None):
        self.code, self.error, self.refused = code, error, refused
        super().__init__(code if error is None else f"{code}: {error.reason}")


def snapshot_document(modules: dict[str, dict[str, Any]], taken: str) -> dict[str, Any]:
    """A snapshot of sealed module documents, sealed with its own checksum: the one writer of the format."""
    document: dict[str, Any] = {"format": SNAPSHOT_FORMAT, "version": 1, "taken": taken, "modules": modules}
    document["checksum"] = checksum_of(document)
    return document


def read_snapshot_modules(summary_folder: Path) -> dict[str, Any]:
    """The snapshot's modules (module -> sealed document, each still to be judged), or :class:`SnapshotError`."""
    path = Path(summary_folder) / SNAPSHOT_FILENAME
    try:
        raw = read_learner_bytes(path)  # a link or special file is refused, never followed
    except ProgressFileError as error:
        raise SnapshotError("unreadable", error) from None
    if raw is None:
        refused = refused_reason(Path(summary_folder), SNAPSHOT_FILENAME)
        raise SnapshotError("refused" if refused else "missing", refused=refused)
    try:
        document = load_json(raw, path)  # the progress reader's rules: no deep nesting, surrogates, huge numbers
    except ProgressFileError as error:
        raise SnapshotError("not-json", error) from None
    if not isinstance(document, dict) or document.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError("not-snapshot")
    if document.get("checksum") != checksum_of(document):
        raise SnapshotError("checksum")
    modules = document.get("modules") or {}
    if not isinstance(modules, dict):
        raise SnapshotError("no-modules")
    return modules
