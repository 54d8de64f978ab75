"""The course snapshot that the summary assignment hands in, and how it is graded.

``nbgrader autograde`` sees only the folder of the assignment it grades. So the summary page, on the
learner's Voilà page, writes the five modules' sealed progress documents into its own folder
(``mangfold-kurset.json``, checksummed like a progress file), and the summary folder carries a copy of
every module's content (``kurs/<module>/``). The hidden test cells then grade the whole course's
completion from that snapshot, as strictly as a module's own cells grade its file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..completion import item_statuses
from ..content.loader import load_module_content
from ..course import MODULE_IDS
from ..engine.text import count_words
from ..grading import GradingError, progress_problems
from ..progress.model import ModuleProgress, checksum_of, now_stamp
from ..progress.refused import refused_reason
from ..progress.store import (
    ProgressFileError,
    atomic_write_json,
    load_json,
    parse_progress,
    read_learner_bytes,
    trusted_progress,
)

SUMMARY_MODULE = "06-oppsummering"
SNAPSHOT_FILENAME = "mangfold-kurset.json"
SNAPSHOT_FORMAT = "mangfold-course-snapshot"
CONTENT_COPY = "kurs"
ACTION_IDS = ("tiltak-1", "tiltak-2", "tiltak-3")
MIN_ACTION_WORDS = 3


def write_snapshot(summary_folder: Path, course_root: Path) -> Path:
    """Save the trusted progress of every module beside the summary notebook."""
    modules = {m: p.sealed() for m, p in trusted_progress(course_root, MODULE_IDS).items()}
    document: dict[str, Any] = {"format": SNAPSHOT_FORMAT, "version": 1, "taken": now_stamp(), "modules": modules}
    document["checksum"] = checksum_of(document)
    path = Path(summary_folder) / SNAPSHOT_FILENAME
    atomic_write_json(path, document)
    return path


def read_snapshot(summary_folder: Path) -> dict[str, Any]:
    """The snapshot's modules, or a :class:`GradingError` that says why it cannot be used."""
    path = Path(summary_folder) / SNAPSHOT_FILENAME
    try:
        raw = read_learner_bytes(path)  # a link or special file is refused, never followed
    except ProgressFileError as error:
        raise GradingError(f"0 points. The course snapshot ({SNAPSHOT_FILENAME}) cannot be trusted: "
                           f"{error.reason}.") from None
    if raw is None and (refused := refused_reason(Path(summary_folder), SNAPSHOT_FILENAME)):
        raise GradingError(f"0 points. The course snapshot cannot be trusted: {refused}.")
    if raw is None:
        raise GradingError(f"0 points. No course snapshot ({SNAPSHOT_FILENAME}): open the summary page "
                           "before handing in / åpne oppsummeringen før du leverer.")
    try:
        document = load_json(raw, path)  # the progress reader's rules: no deep nesting, surrogates, huge numbers
    except ProgressFileError as error:
        raise GradingError(f"0 points. The course snapshot cannot be trusted / kursets øyeblikksbilde kan ikke "
                           f"brukes: {error.both}.") from None
    if not isinstance(document, dict) or document.get("format") != SNAPSHOT_FORMAT:
        raise GradingError("0 points. The course snapshot is not a snapshot of this course.")
    if document.get("checksum") != checksum_of(document):
        raise GradingError("0 points. The course snapshot's checksum does not match: it was changed outside "
                           "the course.")
    modules = document.get("modules") or {}
    if not isinstance(modules, dict):
        raise GradingError("0 points. The course snapshot holds no modules.")
    return modules


def require_module_done(module: str, folder: Path | str = ".") -> None:
    """Assert, in the summary's test cell, that ``module`` was completed (read from the snapshot)."""
    folder = Path(folder)
    saved = read_snapshot(folder).get(module)
    label = f"Modul / module {module}"
    if saved is None:
        raise GradingError(f"{label}: 0 points. No progress for it in the snapshot / ingen framdrift.")
    try:
        progress = parse_progress(json.dumps(saved).encode("utf-8"), folder / SNAPSHOT_FILENAME, module)
    except ProgressFileError as error:
        raise GradingError(f"{label}: 0 points. {error.both}.") from None
    content = load_module_content(folder / CONTENT_COPY / module, "nb")
    problems = progress_problems(content, progress)
    if problems:
        raise GradingError(f"{label}: 0 points. The progress records what the course does not offer: "
                           f"{'; '.join(problems[:3])}.")
    missing = [s.id for s in item_statuses(content, progress) if not s.done]
    if missing:
        raise GradingError(f"{label}: not completed / ikke fullført ({', '.join(missing)}).")
    print(f"{label}: OK")


def summary_progress_problems(progress: ModuleProgress) -> list[str]:
    """What a summary progress file records beyond an action plan (a copy coming back from the browser)."""
    problems = [f"the summary has no {kind}" for kind in ("scenarios", "checks", "exercises")
                if getattr(progress, kind)]
    problems += [f"the summary has no reflection {key!r}" for key in progress.reflections if key not in ACTION_IDS]
    return problems


def read_action_plan(summary_folder: Path) -> tuple[str, ...]:
    """The commitments saved in the summary folder (none when there is no trusted file)."""
    from ..progress.store import read_progress

    try:
        progress = read_progress(Path(summary_folder), SUMMARY_MODULE)
    except ProgressFileError:
        return ()
    if progress is None:
        return ()
    return tuple(progress.reflections[i].text for i in ACTION_IDS if i in progress.reflections)


def require_action_plan(folder: Path | str = ".") -> None:
    """Assert that the learner wrote at least one concrete commitment in the action plan."""
    from ..progress.store import read_progress

    try:
        progress = read_progress(Path(folder), SUMMARY_MODULE)
    except ProgressFileError as error:
        raise GradingError(f"Handlingsplan / action plan: 0 points. {error.both}.") from None
    texts = [progress.reflections[i].text for i in ACTION_IDS if progress and i in progress.reflections]
    if not any(count_words(t) >= MIN_ACTION_WORDS for t in texts):
        raise GradingError("Handlingsplan / action plan: not written / ikke skrevet.")
    print("Handlingsplan / action plan: OK")
