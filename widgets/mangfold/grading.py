"""Grading from the progress file, for nbgrader's hidden test cells and the trainer's tools.

``nbgrader autograde`` re-runs the notebook with fresh kernels: widget state is gone, so the
progress file is the record. Before anything is scored, the file must be trusted
(``progress.trust``: its format and checksum hold, and every recorded choice and answer is one the
content offers). A file that fails scores nothing, with a message that says why.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import i18n
from .completion import ItemStatus, check_is_correct, item_statuses
from .content.loader import load_module_content
from .content.schema import ModuleContent
from .engine.text import count_words
from .markup import plain_text
from .progress.model import ModuleProgress
from .progress.store import PROGRESS_FILENAME, ProgressFileError
from .progress.trust import judge_folder, replay_problem
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


def untrusted_problem(error: ProgressFileError) -> str:
    """The trainer's sentence for a file that cannot be trusted: bokmål, then English, each whole."""
    return i18n.both("grading.untrusted", in_language=lambda language, _values: {"reason": error.reason_in(language)})


def grade_folder(folder: Path, module: str) -> ModuleResult:
    """Read and judge the progress file in ``folder`` against the module's content there."""
    folder = Path(folder)
    content = load_module_content(folder, "nb")
    empty = ModuleResult(module, content, None, statuses=item_statuses(content, ModuleProgress(module=module)))
    judged = judge_folder(folder, module, content)
    if judged.error is not None:
        empty.problem = untrusted_problem(judged.error)
        return empty
    progress = judged.progress
    if progress is None:
        empty.problem = i18n.both("grading.no-progress-file", file=PROGRESS_FILENAME)
        return empty
    if judged.problems:
        return ModuleResult(module, content, progress, replay_problem(judged.problem_text(5)), empty.statuses)
    correct = {c.id: check_is_correct(c, progress.checks[c.id].first_answer)
               for c in content.checks if c.id in progress.checks}
    return ModuleResult(module, content, progress, None, item_statuses(content, progress), correct)


ENGLISH_FIRST = ("en", "nb")
"""The order of the grader's verdicts, which have always read English first ("not answered / ikke besvart")."""


def require(module: str, kind: str, item_id: str, folder: Path | str = ".") -> None:
    """Assert, in an nbgrader test cell, that the learner completed one item; explain when not."""
    result = grade_folder(Path(folder), module)
    label = f"{i18n.both(f'grading.kind-{kind}')} '{item_id}'"
    if not result.trusted:
        raise GradingError(f"{label}: {i18n.both('grading.zero-points')} {result.problem}.")
    status = result.status(kind, item_id)
    if kind == "check":
        if not status.done:
            raise GradingError(f"{label}: {i18n.both('grading.not-answered', order=ENGLISH_FIRST)}.")
        if not result.correct_checks[item_id]:
            raise GradingError(f"{label}: {i18n.both('grading.first-answer-wrong', order=ENGLISH_FIRST)}.")
    elif not status.done:
        not_done = i18n.both(f"grading.not-done-{kind}", order=ENGLISH_FIRST)
        raise GradingError(f"{label}: {i18n.both('grading.not-completed', order=ENGLISH_FIRST)} ({not_done}).")
    print(f"{label}: {i18n.both('grading.ok')}")


def reflections_report(module: str, folder: Path | str = ".") -> str:
    """The learner's reflections as plain text, for formgrader (plain text output is escaped there)."""
    result = grade_folder(Path(folder), module)
    lines = [f"{i18n.both('grading.reflections')} — {result.content.title}"]
    if result.problem:
        lines.append(f"[{result.problem}]")
    saved = result.progress.reflections if result.progress else {}
    for block in result.content.reflections:
        text = plain_text(saved[block.id].text) if block.id in saved else ""
        length = i18n.both("grading.reflection-length", words=count_words(text), minimum=block.min_words)
        question = i18n.both("grading.question", prompt=plain_text(block.prompt).strip())
        lines += ["", f"## {block.id} ({length})", question, "", text or f"({i18n.both('grading.empty')})"]
    return "\n".join(lines)


def print_reflections(module: str, folder: Path | str = ".") -> None:
    """Print the reflections for the trainer, except on the learner's Voilà page."""
    if not running_in_voila():
        print(reflections_report(module, folder))
