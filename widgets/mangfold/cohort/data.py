"""A cohort's results as pandas frames: the gradebook's scores and the handed-in progress files.

The trainer's dashboard needs two sources that nbgrader keeps apart: the scores are in the gradebook,
but the choices, check answers and reflection texts are only in each learner's autograded progress
file. Both are read directly, in one pass, so a cohort of a thousand learners opens in about a second:
the gradebook with three SQL queries (nbgrader's ORM loads one object per grade and is far slower),
each progress file once. A file counts only when the grader would trust it (checksum, then a replay
against the module's content in ``source/``); the others are listed with the reason, never guessed at.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy
from sqlalchemy.engine import make_url

from .. import i18n
from ..completion import check_is_correct, item_statuses
from ..content.loader import find_module_dirs, language_of, load_module_content
from ..content.schema import ModuleContent
from ..course import MODULE_IDS
from ..engine.text import count_words
from ..markup import plain_text
from ..progress.model import ModuleProgress, checksum_of
from ..progress.trust import (
    ACTION_IDS,
    SNAPSHOT_FILENAME,
    SUMMARY_MODULE,
    Judged,
    SnapshotError,
    judge_document,
    judge_folder,
    read_snapshot_modules,
    replay_problem,
)
from ..summary.snapshot import MIN_ACTION_WORDS
from .config import load_cohort_config

#: a learner's standing in one module
NOT_SUBMITTED = "not-submitted"
SUBMITTED = "submitted"
UNTRUSTED = "untrusted"
STATUSES = (SUBMITTED, UNTRUSTED, NOT_SUBMITTED)

LEARNER_COLUMNS = ["learner", "first_name", "last_name", "number"]
COMPLETION_COLUMNS = ["learner", "module", "done", "total", "score", "max_score", "status"]
CHOICE_COLUMNS = ["module", "scenario", "situation", "choice", "label", "quality", "first", "learner"]
CHECK_COLUMNS = ["module", "check", "learner", "first_correct", "first_answer", "answer", "attempts"]
OPTION_COLUMNS = ["module", "check", "option", "text", "correct", "first_count", "final_count"]
REFLECTION_COLUMNS = ["module", "reflection", "prompt", "learner", "text", "words"]
UNTRUSTED_COLUMNS = ["learner", "module", "reason"]


class CourseDirError(ValueError):
    """The folder is not a cohort's course directory (or its gradebook cannot be read); the message names it."""


@dataclass
class CohortData:
    """Everything the dashboard shows, as frames (see the ``*_COLUMNS`` lists for their columns).

    ``learners`` holds every learner in the gradebook or with a folder in ``autograded/``, sorted by id
    and numbered 1..N (the dashboard's "Deltaker N" when names are hidden). ``completion`` has one row
    per learner and module, also for modules never handed in. ``choices`` has one row per decision a
    learner took in a scenario (``first`` marks the first decision of the scenario), ``checks`` one row
    per learner and check, ``check_options`` one per option with how many gave it as first and as last
    answer, ``reflections`` one per non-empty text. Only trusted files feed these; ``untrusted`` says why
    the others were left out.
    """

    course_dir: Path
    course_id: str
    language: str
    modules: list[str]
    titles: dict[str, str]
    learners: pd.DataFrame
    completion: pd.DataFrame
    choices: pd.DataFrame
    checks: pd.DataFrame
    check_options: pd.DataFrame
    reflections: pd.DataFrame
    untrusted: pd.DataFrame
    contents: dict[str, ModuleContent] = field(default_factory=dict, repr=False)

    @property
    def collected(self) -> bool:
        """Whether anything has been handed in or graded yet."""
        return bool((self.completion["status"] != NOT_SUBMITTED).any()) if len(self.completion) else False


# -- the course directory and its gradebook -----------------------------------------------------------
def _course_settings(course_dir: Path) -> tuple[str, str]:
    """(course id, gradebook URL) from the course's ``nbgrader_config.py``, or an error naming the folder."""
    from .config import CohortError

    if not course_dir.is_dir():
        raise CourseDirError(f"{course_dir}: no such folder")
    try:
        config = load_cohort_config(course_dir)
    except CohortError as error:
        raise CourseDirError(str(error)) from error
    return config.course_id, config.db_url


def _engine(db_url: str) -> sqlalchemy.Engine | None:
    """An engine for the gradebook, or None when an SQLite gradebook has not been created yet."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        return None  # reading must never create an empty database file
    return sqlalchemy.create_engine(url)


_STUDENTS = "SELECT id AS learner, first_name, last_name FROM student"
_SCORES = """
SELECT sa.student_id AS learner, a.name AS module,
       SUM(CASE WHEN g.manual_score IS NOT NULL THEN g.manual_score + COALESCE(g.extra_credit, 0.0)
                WHEN g.auto_score IS NOT NULL THEN g.auto_score + COALESCE(g.extra_credit, 0.0)
                ELSE 0.0 END) AS score
FROM submitted_assignment sa
JOIN assignment a ON a.id = sa.assignment_id
LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id
LEFT JOIN grade g ON g.notebook_id = sn.id
WHERE a.course_id = :course
GROUP BY sa.student_id, a.name
"""
_MAX_SCORES = """
SELECT a.name AS module, SUM(COALESCE(gc.max_score, tc.max_score, 0.0)) AS max_score
FROM assignment a
LEFT JOIN notebook n ON n.assignment_id = a.id
LEFT JOIN base_cell bc ON bc.notebook_id = n.id
LEFT JOIN grade_cells gc ON gc.id = bc.id
LEFT JOIN task_cells tc ON tc.id = bc.id
WHERE a.course_id = :course
GROUP BY a.name
"""


def read_gradebook(db_url: str, course_id: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(students, scores per learner and module, max score per module), straight from nbgrader's tables.

    The score is nbgrader's own rule (manual score over auto score, plus extra credit), summed in SQL.
    """
    empty = (pd.DataFrame(columns=["learner", "first_name", "last_name"]),
             pd.DataFrame(columns=["learner", "module", "score"]), pd.DataFrame(columns=["module", "max_score"]))
    engine = _engine(db_url)
    if engine is None:
        return empty
    try:
        with engine.connect() as connection:
            if not sqlalchemy.inspect(connection).has_table("student"):
                return empty
            students = pd.read_sql_query(sqlalchemy.text(_STUDENTS), connection)
            scores = pd.read_sql_query(sqlalchemy.text(_SCORES), connection, params={"course": course_id})
            maxima = pd.read_sql_query(sqlalchemy.text(_MAX_SCORES), connection, params={"course": course_id})
    except sqlalchemy.exc.SQLAlchemyError as error:
        raise CourseDirError(f"the gradebook {engine.url.render_as_string(hide_password=True)} cannot be read: "
                             f"{type(error).__name__}: {str(error).splitlines()[0]}") from error
    finally:
        engine.dispose()
    return students, scores, maxima


# -- one learner's files --------------------------------------------------------------------------------
@dataclass
class _Rows:
    """The rows collected while reading the files, turned into frames at the end (faster than appending)."""

    completion: dict[tuple[str, str], tuple[int, int, str]] = field(default_factory=dict)
    choices: list[tuple] = field(default_factory=list)
    checks: list[tuple] = field(default_factory=list)
    reflections: list[tuple] = field(default_factory=list)
    untrusted: list[tuple] = field(default_factory=list)


class _ModuleReader:
    """Judges the progress files of one module against its content, loaded once for the whole cohort."""

    def __init__(self, module: str, content: ModuleContent):
        self.module = module
        self.content = content
        self.total = len(item_statuses(content, _blank(module)))
        self.labels = {(s.id, node, c.id): (c.label, c.quality) for s in content.scenarios
                       for node, situation in s.situations.items() for c in situation.choices}
        self.checks = {c.id: c for c in content.checks}
        #: verified checksum -> items done: a course snapshot repeats the module files it was taken from
        self.done_by_checksum: dict[str, int] = {}

    def judge(self, document: dict[str, Any], where: Path) -> Judged:
        """A copy of a module's file (from a snapshot) judged as the grader judges it."""
        return judge_document(document, where, self.module, self.content)

    def read(self, learner: str, folder: Path, rows: _Rows) -> None:
        judged = judge_folder(folder, self.module, self.content)
        if judged.error is not None:
            self._untrusted(learner, judged.error.both, rows)
            return
        progress = judged.progress
        if progress is None:
            rows.completion[learner, self.module] = (0, self.total, SUBMITTED)
            return
        if judged.problems:
            self._untrusted(learner, replay_problem(judged.problem_text(3)), rows)
            return
        done = sum(s.done for s in item_statuses(self.content, progress))
        if progress.checksum:
            self.done_by_checksum[progress.checksum] = done
        rows.completion[learner, self.module] = (done, self.total, SUBMITTED)
        module = self.module
        for scenario_id, saved in progress.scenarios.items():
            for index, step in enumerate(saved.history):
                label, quality = self.labels[scenario_id, step.node, step.choice]
                rows.choices.append((module, scenario_id, step.node, step.choice, label, quality, index == 0, learner))
        for check_id, answer in progress.checks.items():
            check = self.checks[check_id]
            rows.checks.append((module, check_id, learner, check_is_correct(check, answer.first_answer),
                                tuple(answer.first_answer), tuple(answer.answer), answer.attempts))
        for block in self.content.reflections:
            saved_text = progress.reflections.get(block.id)
            if saved_text is not None and saved_text.text.strip():
                text = _plain(saved_text.text)
                rows.reflections.append((module, block.id, block.prompt, learner, text, count_words(text)))

    def _untrusted(self, learner: str, reason: str, rows: _Rows) -> None:
        rows.completion[learner, self.module] = (0, self.total, UNTRUSTED)
        rows.untrusted.append((learner, self.module, reason))


def _plain(text: str) -> str:
    """:func:`mangfold.markup.plain_text`, with a fast path for the usual text that has no control character."""
    return text if text.replace("\n", "").replace("\t", "").replace(" ", "").isprintable() else plain_text(text)


def _blank(module: str) -> ModuleProgress:
    return ModuleProgress(module=module)


def _snapshot_reason(error: SnapshotError) -> str | None:
    """The dashboard's reason for a snapshot that cannot be used; None when none was handed in (nothing done)."""
    unusable = i18n.both("grading.dashboard-snapshot-untrusted")
    if error.code == "missing":
        return None
    if error.code == "refused":
        return f"{unusable}: {error.refused}"
    if error.error is not None:  # unreadable (a link or special file) or not JSON the course can keep
        return f"{unusable}: {error.error.both}"
    if error.code == "not-snapshot":
        return i18n.both("grading.dashboard-snapshot-not-snapshot")
    if error.code == "checksum":
        return i18n.both("grading.dashboard-snapshot-checksum")
    return i18n.both("grading.dashboard-snapshot-empty")


class _SummaryReader:
    """The summary assignment: the action plan in its progress file, and the course snapshot beside it.

    Its items are those its test cells grade: each module completed according to the snapshot, and an
    action plan with at least one commitment of ``MIN_ACTION_WORDS`` words.
    """

    module = SUMMARY_MODULE

    def __init__(self, readers: dict[str, _ModuleReader], prompt: str):
        self.readers = readers
        self.prompt = prompt
        self.total = len(MODULE_IDS) + 1

    def read(self, learner: str, folder: Path, rows: _Rows) -> None:
        judged = judge_folder(folder, SUMMARY_MODULE)
        if judged.error is not None:
            self._untrusted(learner, judged.error.both, rows)
            return
        if judged.problems:
            self._untrusted(learner, judged.problem_text(3), rows)
            return
        progress = judged.progress
        snapshot, reason = self._snapshot(folder)
        if reason:
            self._untrusted(learner, reason, rows)
            return
        done = sum(self._module_done(module, document, folder) for module, document in snapshot.items()
                   if module in self.readers)
        plan = [(i, _plain(progress.reflections[i].text)) for i in ACTION_IDS
                if progress is not None and i in progress.reflections and progress.reflections[i].text.strip()]
        done += any(count_words(text) >= MIN_ACTION_WORDS for _, text in plan)
        rows.completion[learner, SUMMARY_MODULE] = (done, self.total, SUBMITTED)
        for action_id, text in plan:
            rows.reflections.append((SUMMARY_MODULE, action_id, self.prompt, learner, text, count_words(text)))

    def _snapshot(self, folder: Path) -> tuple[dict[str, Any], str | None]:
        """The snapshot's modules and None, or nothing and the reason it cannot be used (``progress.trust``)."""
        try:
            return read_snapshot_modules(folder), None
        except SnapshotError as error:
            return {}, _snapshot_reason(error)

    def _module_done(self, module: str, document: Any, folder: Path) -> bool:
        """Whether the snapshot's copy of a module is trusted and complete, as ``require_module_done`` judges.

        The copy is usually the very file judged a moment ago: when its verified checksum is one already
        seen in a trusted file, the bodies are identical and that verdict is reused.
        """
        reader = self.readers[module]
        if not isinstance(document, dict):
            return False
        actual = checksum_of(document)
        if document.get("checksum") != actual:
            return False
        done = reader.done_by_checksum.get(actual)
        if done is None:
            progress = reader.judge(document, folder / SNAPSHOT_FILENAME).trusted
            if progress is None:
                return False
            done = sum(s.done for s in item_statuses(reader.content, progress))
        return done == reader.total

    def _untrusted(self, learner: str, reason: str, rows: _Rows) -> None:
        rows.completion[learner, SUMMARY_MODULE] = (0, self.total, UNTRUSTED)
        rows.untrusted.append((learner, SUMMARY_MODULE, reason))


# -- the whole cohort ---------------------------------------------------------------------------------------
def _module_list(course_dir: Path, maxima: pd.DataFrame) -> list[str]:
    """The course's assignments: those in ``source/`` and those the gradebook knows, in course order."""
    source = course_dir / "source"
    names = {p.name for p in find_module_dirs(source)} if source.is_dir() else set()
    if (source / SUMMARY_MODULE).is_dir():
        names.add(SUMMARY_MODULE)
    names |= set(maxima["module"])
    return sorted(names)


def _learner_dirs(course_dir: Path) -> list[Path]:
    autograded = course_dir / "autograded"
    if not autograded.is_dir():
        return []
    return sorted(p for p in autograded.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_cohort(course_dir: Path | str = ".", language: str = "nb") -> CohortData:
    """Read the cohort of the course directory ``course_dir``; course texts (labels, prompts) in ``language``."""
    course_dir = Path(course_dir).resolve()
    course_id, db_url = _course_settings(course_dir)
    students, scores, maxima = read_gradebook(db_url, course_id)
    modules = _module_list(course_dir, maxima)

    readers: dict[str, _ModuleReader] = {}
    titles: dict[str, str] = {}
    contents: dict[str, ModuleContent] = {}
    for module in modules:
        folder = course_dir / "source" / module
        if module == SUMMARY_MODULE or not (folder / "content.nb.yaml").exists():
            continue
        content = load_module_content(folder, language_of(folder, language))  # bokmål where a copy lacks it
        readers[module] = _ModuleReader(module, content)
        titles[module] = content.title
        contents[module] = content
    all_readers: dict[str, _ModuleReader | _SummaryReader] = dict(readers)
    if SUMMARY_MODULE in modules:
        all_readers[SUMMARY_MODULE] = _SummaryReader(readers, i18n.text(language, "summary.action_plan_lead"))
        titles[SUMMARY_MODULE] = i18n.text(language, "ui.summary_title")

    rows = _Rows()
    learner_dirs = _learner_dirs(course_dir)
    for learner_dir in learner_dirs:
        for module, reader in all_readers.items():
            folder = learner_dir / module
            if folder.is_dir():
                reader.read(learner_dir.name, folder, rows)
    for module in modules:
        if module not in all_readers:
            for learner_dir in learner_dirs:
                if (learner_dir / module).is_dir():
                    reason = i18n.both("grading.dashboard-content-missing", folder=course_dir / "source" / module)
                    rows.completion[learner_dir.name, module] = (0, 0, UNTRUSTED)
                    rows.untrusted.append((learner_dir.name, module, reason))

    learners = _learners(students, [d.name for d in learner_dirs], scores)
    completion = _completion(learners, modules, rows, scores, maxima, all_readers)
    return CohortData(
        course_dir=course_dir, course_id=course_id, language=language, modules=modules, titles=titles,
        learners=learners, completion=completion,
        choices=pd.DataFrame(rows.choices, columns=CHOICE_COLUMNS),
        checks=pd.DataFrame(rows.checks, columns=CHECK_COLUMNS),
        check_options=_check_options(readers, rows.checks),
        reflections=pd.DataFrame(rows.reflections, columns=REFLECTION_COLUMNS),
        untrusted=pd.DataFrame(rows.untrusted, columns=UNTRUSTED_COLUMNS).sort_values(
            ["learner", "module"], ignore_index=True),
        contents=contents,
    )


def _learners(students: pd.DataFrame, folders: list[str], scores: pd.DataFrame) -> pd.DataFrame:
    """Roster names from the gradebook, plus anyone with a folder or a score but no roster entry."""
    known = set(students["learner"])
    extra = sorted((set(folders) | set(scores["learner"])) - known)
    frame = pd.concat([students, pd.DataFrame({"learner": extra})], ignore_index=True) if extra else students
    frame = frame.sort_values("learner", ignore_index=True)
    frame["first_name"] = frame["first_name"].fillna("").astype(str)
    frame["last_name"] = frame["last_name"].fillna("").astype(str)
    frame["number"] = range(1, len(frame) + 1)
    return frame[LEARNER_COLUMNS]


def _completion(learners: pd.DataFrame, modules: list[str], rows: _Rows, scores: pd.DataFrame,
                maxima: pd.DataFrame, readers: dict[str, Any]) -> pd.DataFrame:
    score_of = {(r.learner, r.module): float(r.score) for r in scores.itertuples(index=False)}
    max_of = {r.module: float(r.max_score) for r in maxima.itertuples(index=False)}
    records = []
    for learner in learners["learner"]:
        for module in modules:
            total = getattr(readers.get(module), "total", 0)
            done, total, status = rows.completion.get((learner, module), (0, total, NOT_SUBMITTED))
            score = score_of.get((learner, module))
            if status == NOT_SUBMITTED and score is not None:
                status = SUBMITTED  # graded, but the autograded folder has since been removed
            records.append((learner, module, done, total, score, max_of.get(module), status))
    frame = pd.DataFrame(records, columns=COMPLETION_COLUMNS)
    frame["score"] = frame["score"].astype("float64")
    frame["max_score"] = frame["max_score"].astype("float64")
    return frame


def _check_options(readers: dict[str, _ModuleReader], checks: list[tuple]) -> pd.DataFrame:
    """Every option of every check, with how many learners gave it in their first and in their last answer."""
    first: Counter[tuple[str, str, str]] = Counter()
    final: Counter[tuple[str, str, str]] = Counter()
    for module, check_id, _learner, _correct, first_answer, answer, _attempts in checks:
        first.update((module, check_id, option) for option in first_answer)
        final.update((module, check_id, option) for option in answer)
    records = [(module, check.id, option.id, option.text, option.correct, first[module, check.id, option.id],
                final[module, check.id, option.id])
               for module, reader in readers.items() for check in reader.content.checks for option in check.options]
    return pd.DataFrame(records, columns=OPTION_COLUMNS)

