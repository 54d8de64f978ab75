"""Grading from the progress file, for nbgrader's hidden test cells and the trainer's tools.

``nbgrader autograde`` re-runs the notebook with fresh kernels: widget state is gone, so the
progress file is the record. Before anything is scored, the file must be trusted twice over: its
checksum must hold (``progress.store``), and every recorded choice and answer must be one the
content offers (here). A file that fails either scores nothing, with a message that says why.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .completion import ItemStatus, check_is_correct, item_statuses
from .content.loader import load_module_content
from .content.schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock
from .engine.classify import exercise_state_problems
from .engine.scenario import ScenarioRun, WrongChoice
from .engine.text import count_words
from .markup import plain_text
from .progress.model import ModuleProgress
from .progress.store import PROGRESS_FILENAME, ProgressFileError, read_progress
from .runtime import running_in_voila


class GradingError(AssertionError):
    """Raised in an nbgrader test cell: the cell scores 0 and formgrader shows this message.

    Creating one inside an IPython kernel (nbgrader's autograde) makes the kernel show a GradingError
    as one line, ``GradingError: <message>``, instead of a traceback through the course's code: the
    trainer reads the course's reason in formgrader's test cell. The output is still an ``error``
    output, which nbgrader scores 0 (``nbgrader.utils.determine_grade``).
    """

    def __init__(self, *args: object):
        super().__init__(*args)
        _show_grading_errors_briefly()


def _brief_traceback(shell: object, etype: type, value: BaseException, _tb: object,
                     tb_offset: int | None = None) -> list[str]:
    """IPython's custom exception handler: the error output carries the message alone."""
    lines = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, lines)  # type: ignore[attr-defined]
    return lines


def _show_grading_errors_briefly() -> None:
    """Register :func:`_brief_traceback` for GradingError in the running IPython kernel, once.

    Only when no other custom handler is set (IPython keeps one handler for all its custom
    exceptions; the course never replaces someone else's).
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or getattr(shell, "custom_exceptions", None) != ():
        return
    shell.set_custom_exc((GradingError,), _brief_traceback)


def progress_problems(content: ModuleContent, progress: ModuleProgress) -> list[str]:
    """Recorded choices or answers that the content does not allow: signs of a tampered file."""
    problems: list[str] = []
    scenarios = {b.id: b for b in content.blocks if isinstance(b, ScenarioBlock)}
    checks = {b.id: b for b in content.blocks if isinstance(b, CheckBlock)}
    reflections = {b.id for b in content.blocks if isinstance(b, ReflectionBlock)}
    for scenario_id, saved in progress.scenarios.items():
        scenario = scenarios.get(scenario_id)
        if scenario is None:
            problems.append(f"scenario {scenario_id!r} is not in this module")
            continue
        try:
            run = ScenarioRun.replay(scenario, [(s.node, s.choice) for s in saved.path])
        except WrongChoice as error:
            problems.append(str(error))
            continue
        if saved.ending != run.ending_id:
            problems.append(f"scenario {scenario_id!r}: ending {saved.ending!r} does not follow from the path")
        for ending in saved.endings_reached:
            if ending not in scenario.endings:
                problems.append(f"scenario {scenario_id!r} has no ending {ending!r}")
        for step in saved.history:
            situation = scenario.situations.get(step.node)
            if situation is None or step.choice not in {c.id for c in situation.choices}:
                problems.append(f"scenario {scenario_id!r}: history has an unknown step "
                                f"{step.node!r}/{step.choice!r}")
                break
        if saved.first_choice is not None and saved.first_choice not in {
            c.id for c in scenario.situations[scenario.start].choices
        }:
            problems.append(f"scenario {scenario_id!r}: first choice {saved.first_choice!r} is not offered at start")
    for check_id, answer in progress.checks.items():
        check = checks.get(check_id)
        if check is None:
            problems.append(f"check {check_id!r} is not in this module")
            continue
        offered = {o.id for o in check.options}
        for given in (answer.first_answer, answer.answer):
            if not set(given) <= offered or not given or (not check.multiple and len(given) != 1):
                problems.append(f"check {check_id!r}: answer {given!r} is not a possible answer")
                break
    for reflection_id in progress.reflections:
        if reflection_id not in reflections:
            problems.append(f"reflection {reflection_id!r} is not in this module")
    exercises = {b.id: b for b in content.blocks if isinstance(b, ClassifyBlock)}
    for exercise_id, saved_exercise in progress.exercises.items():
        if exercise_id not in exercises:
            problems.append(f"exercise {exercise_id!r} is not in this module")
            continue
        problems.extend(exercise_state_problems(exercises[exercise_id], saved_exercise.state))
    return problems


@dataclass
class ModuleResult:
    """A learner's standing in one module, as the grader sees it."""

    module: str
    content: ModuleContent
    progress: ModuleProgress | None
    problem: str | None = None
    statuses: list[ItemStatus] = field(default_factory=list)
    correct_checks: dict[str, bool] = field(default_factory=dict)

    @property
    def trusted(self) -> bool:
        return self.progress is not None and self.problem is None

    def status(self, kind: str, item_id: str) -> ItemStatus:
        for status in self.statuses:
            if status.kind == kind and status.id == item_id:
                return status
        raise KeyError(f"{self.module} has no {kind} {item_id!r}")

    @property
    def points(self) -> int:
        """One point per completed scenario, exercise and reflection, and per check right the first time."""
        if not self.trusted:
            return 0
        return sum(
            self.correct_checks.get(s.id, False) if s.kind == "check" else s.done for s in self.statuses
        )

    @property
    def max_points(self) -> int:
        return len(self.statuses)


#: The start of the problem for a file whose checksum holds but whose record the content does not allow.
REPLAY_PROBLEM = ("framdriftsfilen viser valg og svar kurset ikke tilbyr (endret for hånd?) / the progress file "
                  "records what the course does not offer (edited by hand?): ")


def untrusted_problem(error: ProgressFileError) -> str:
    """The trainer's sentence for a file that cannot be trusted: bokmål, then English, each whole."""
    return (f"framdriftsfilen kan ikke brukes: {error.reason_in('nb')} / "
            f"the progress file cannot be trusted: {error.reason}")


def grade_folder(folder: Path, module: str) -> ModuleResult:
    """Read and judge the progress file in ``folder`` against the module's content there."""
    folder = Path(folder)
    content = load_module_content(folder, "nb")
    empty = ModuleResult(module, content, None, statuses=item_statuses(content, ModuleProgress(module=module)))
    try:
        progress = read_progress(folder, module)
    except ProgressFileError as error:
        empty.problem = untrusted_problem(error)
        return empty
    if progress is None:
        empty.problem = (f"ingen framdriftsfil ({PROGRESS_FILENAME}) er levert / "
                         f"no progress file ({PROGRESS_FILENAME}) was handed in")
        return empty
    problems = progress_problems(content, progress)
    if problems:
        return ModuleResult(module, content, progress, REPLAY_PROBLEM + "; ".join(problems[:5]), empty.statuses)
    correct = {c.id: check_is_correct(c, progress.checks[c.id].first_answer)
               for c in content.checks if c.id in progress.checks}
    return ModuleResult(module, content, progress, None, item_statuses(content, progress), correct)


_KIND_NAMES = {"scenario": "Scenario", "check": "Kunnskapssjekk / knowledge check",
               "reflection": "Refleksjon / reflection", "exercise": "Øvelse / exercise"}
_NOT_DONE = {"scenario": "no ending reached / ingen slutt er nådd",
             "reflection": "too short or empty / for kort eller tom",
             "exercise": "not every item placed and checked / ikke alt er plassert og sjekket"}


def require(module: str, kind: str, item_id: str, folder: Path | str = ".") -> None:
    """Assert, in an nbgrader test cell, that the learner completed one item; explain when not."""
    result = grade_folder(Path(folder), module)
    label = f"{_KIND_NAMES[kind]} '{item_id}'"
    if not result.trusted:
        raise GradingError(f"{label}: 0 points. {result.problem}.")
    status = result.status(kind, item_id)
    if kind == "check":
        if not status.done:
            raise GradingError(f"{label}: not answered / ikke besvart.")
        if not result.correct_checks[item_id]:
            raise GradingError(f"{label}: first answer was wrong / første svar var feil.")
    elif not status.done:
        raise GradingError(f"{label}: not completed / ikke fullført ({_NOT_DONE[kind]}).")
    print(f"{label}: OK")


def reflections_report(module: str, folder: Path | str = ".") -> str:
    """The learner's reflections as plain text, for formgrader (plain text output is escaped there)."""
    result = grade_folder(Path(folder), module)
    lines = [f"Refleksjoner / reflections — {result.content.title}"]
    if result.problem:
        lines.append(f"[{result.problem}]")
    saved = result.progress.reflections if result.progress else {}
    for block in result.content.reflections:
        text = plain_text(saved[block.id].text) if block.id in saved else ""
        lines += ["", f"## {block.id} ({count_words(text)} ord/words, minimum {block.min_words})",
                  f"Spørsmål: {plain_text(block.prompt).strip()}", "", text or "(tom / empty)"]
    return "\n".join(lines)


def print_reflections(module: str, folder: Path | str = ".") -> None:
    """Print the reflections for the trainer, except on the learner's Voilà page."""
    if not running_in_voila():
        print(reflections_report(module, folder))
