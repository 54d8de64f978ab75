"""The course snapshot that the summary assignment hands in, and how it is graded.

``nbgrader autograde`` sees only the folder of the assignment it grades. So the summary page, on the
learner's Voilà page, writes the five modules' sealed progress documents into its own folder
(``mangfold-kurset.json``, checksummed like a progress file), and the summary folder carries a copy of
every module's content (``kurs/<module>/``). The hidden test cells then grade the whole course's
completion from that snapshot, as strictly as a module's own cells grade its file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import i18n
from ..completion import item_statuses
from ..content.loader import load_module_content
from ..course import MODULE_IDS
from ..engine.text import count_words
from ..grading import ENGLISH_FIRST, GradingError
from ..progress.model import now_stamp
from ..progress.store import atomic_write_json
from ..progress.trust import (
    ACTION_IDS,
    SNAPSHOT_FILENAME,
    SNAPSHOT_FORMAT,
    SUMMARY_MODULE,
    SnapshotError,
    judge_document,
    judge_folder,
    read_snapshot_modules,
    snapshot_document,
    summary_progress_problems,
    trusted_modules,
)

__all__ = ["ACTION_IDS", "CONTENT_COPY", "MIN_ACTION_WORDS", "SNAPSHOT_FILENAME", "SNAPSHOT_FORMAT", "SUMMARY_MODULE",
           "read_action_plan", "read_snapshot", "require_action_plan", "require_module_done",
           "summary_progress_problems", "write_snapshot"]

CONTENT_COPY = "kurs"
MIN_ACTION_WORDS = 3


def write_snapshot(summary_folder: Path, course_root: Path) -> Path:
    """Save the trusted progress of every module beside the summary notebook."""
    modules = {m: p.sealed() for m, p in trusted_modules(course_root, MODULE_IDS).items()}
    path = Path(summary_folder) / SNAPSHOT_FILENAME
    atomic_write_json(path, snapshot_document(modules, now_stamp()))
    return path


def _snapshot_message(error: SnapshotError) -> str:
    """Formgrader's sentence for a snapshot that cannot be used (the test cell scores 0)."""
    return f"{i18n.both('grading.zero-points')} {_snapshot_reason(error)}"


def _snapshot_reason(error: SnapshotError) -> str:
    if error.code == "unreadable" and error.error is not None:
        return i18n.both("grading.snapshot-unreadable", file=SNAPSHOT_FILENAME, reason=error.error.reason)
    if error.code == "refused":
        return i18n.both("grading.snapshot-refused", reason=error.refused)
    if error.code == "missing":
        return i18n.both("grading.snapshot-missing", file=SNAPSHOT_FILENAME)
    if error.code == "not-json" and error.error is not None:
        return f"{i18n.both('grading.snapshot-untrusted', order=ENGLISH_FIRST)}: {error.error.both}."
    if error.code == "not-snapshot":
        return i18n.both("grading.snapshot-not-snapshot")
    if error.code == "checksum":
        return i18n.both("grading.snapshot-checksum")
    return i18n.both("grading.snapshot-empty")


def read_snapshot(summary_folder: Path) -> dict[str, Any]:
    """The snapshot's modules, or a :class:`GradingError` that says why it cannot be used."""
    try:
        return read_snapshot_modules(summary_folder)
    except SnapshotError as error:
        raise GradingError(_snapshot_message(error)) from None


def require_module_done(module: str, folder: Path | str = ".") -> None:
    """Assert, in the summary's test cell, that ``module`` was completed (read from the snapshot)."""
    folder = Path(folder)
    saved = read_snapshot(folder).get(module)
    label = f"{i18n.both('grading.module')} {module}"
    zero = i18n.both("grading.zero-points")
    if saved is None:
        raise GradingError(f"{label}: {zero} {i18n.both('grading.no-module-progress')}")
    content = load_module_content(folder / CONTENT_COPY / module, "nb")
    judged = judge_document(saved, folder / SNAPSHOT_FILENAME, module, content)
    if judged.error is not None:
        raise GradingError(f"{label}: {zero} {judged.error.both}.")
    if judged.problems:
        raise GradingError(f"{label}: {zero} {i18n.both('grading.snapshot-replay', problems=judged.problem_text(3))}")
    progress = judged.trusted
    assert progress is not None  # parsed (no error) and replayed (no problems)
    missing = [s.id for s in item_statuses(content, progress) if not s.done]
    if missing:
        not_completed = i18n.both("grading.not-completed", order=ENGLISH_FIRST)
        raise GradingError(f"{label}: {not_completed} ({', '.join(missing)}).")
    print(f"{label}: {i18n.both('grading.ok')}")


def read_action_plan(summary_folder: Path) -> tuple[str, ...]:
    """The commitments saved in the summary folder (none when there is no trusted file)."""
    progress = judge_folder(Path(summary_folder), SUMMARY_MODULE).trusted
    if progress is None:
        return ()
    return tuple(progress.reflections[i].text for i in ACTION_IDS if i in progress.reflections)


def require_action_plan(folder: Path | str = ".") -> None:
    """Assert that the learner wrote at least one concrete commitment in the action plan."""
    judged = judge_folder(Path(folder), SUMMARY_MODULE)
    label, zero = i18n.both("grading.action-plan"), i18n.both("grading.zero-points")
    if judged.error is not None:
        raise GradingError(f"{label}: {zero} {judged.error.both}.")
    if judged.problems:
        raise GradingError(f"{label}: {zero} {judged.problem_text(3)}.")
    progress = judged.progress
    texts = [progress.reflections[i].text for i in ACTION_IDS if progress and i in progress.reflections]
    if not any(count_words(t) >= MIN_ACTION_WORDS for t in texts):
        raise GradingError(f"{label}: {i18n.both('grading.not-written', order=ENGLISH_FIRST)}.")
    print(f"{label}: {i18n.both('grading.ok')}")
