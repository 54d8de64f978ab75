"""What a trainer does with a cohort, step by step, each a thin layer over nbgrader's own API.

nbgrader does the work (generate, release, collect, autograde, feedback); this module adds what a
cohort session needs around it: every module at once, steps that can be run twice without harm, a
progress bar, and a report per learner that never stops the batch when one submission is broken.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .. import atomic
from ..authoring.release import SKIPPED, assignment_dirs, ensure_tools_on_path
from ..course import MODULE_IDS, locate_course
from ..extras import install_hint, require
from ..grading import ENGLISH_FIRST, grade_folder
from ..handin import DEFAULT_EXCHANGE
from ..i18n import both
from ..kernels import autograde as autograde_with_retry
from ..progress.refused import RefusedEntry, read_refused, screen_folder
from ..progress.trust import SUMMARY_MODULE
from .config import (
    CONFIG_NAME,
    DB_URL_VARIABLE,
    DEFAULT_COURSE_ID,
    CohortConfig,
    CohortError,
    check_id,
    cohort_api,
    config_text,
    default_db_url,
    load_cohort_config,
)

ALL_ASSIGNMENTS: tuple[str, ...] = (*MODULE_IDS, SUMMARY_MODULE)


@dataclass
class Learner:
    """One row of a roster."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


@dataclass
class StepResult:
    """The outcome of one nbgrader step for one module (and one learner, where it applies)."""

    module: str
    ok: bool
    message: str = ""
    learner: str | None = None


@dataclass
class AutogradeReport:
    """Every submission graded, and what went wrong with each one that was not graded cleanly."""

    graded: list[StepResult] = field(default_factory=list)
    failed: list[StepResult] = field(default_factory=list)
    warnings: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def source_folder(course: Path | str | None = None) -> Path:
    """The course's ``source/``: of ``course`` when named, else of the located course (checkout or package)."""
    return locate_course(course).source


def check_db_driver(db_url: str) -> None:
    """Refuse a gradebook address whose database driver is not installed, before anything is written.

    SQLAlchemy would fail only when the gradebook is opened, after the course folder was made.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        url = make_url(db_url)
        url.get_dialect().import_dbapi()  # imports the driver, as opening the gradebook would
    except NoSuchModuleError as error:  # an ArgumentError too: first
        raise CohortError(f"--db-url / {DB_URL_VARIABLE}: ukjent database / unknown database "
                          f"{url.drivername!r}: {error}") from error
    except (ArgumentError, ValueError) as error:
        raise CohortError(f"--db-url / {DB_URL_VARIABLE}: {db_url!r} er ikke en databaseadresse / "
                          f"is not a database address: {error}") from error
    except ImportError as error:
        extra = "postgres" if url.get_driver_name() == "psycopg" else None
        hint = install_hint(extra) if extra else f"{both('cohort.install-driver')} {url.drivername}"
        raise CohortError(
            f"--db-url / {DB_URL_VARIABLE}: databasedriveren for {url.drivername} er ikke installert "
            f"({error.name or error}); ingenting er skrevet. {hint}\n"
            f"--db-url / {DB_URL_VARIABLE}: the database driver for {url.drivername} is not installed "
            f"({error.name or error}); nothing was written. {hint}") from error


def _modules(requested: Sequence[str] | None, where: str = "--module") -> list[str]:
    if not requested:
        return list(ALL_ASSIGNMENTS)
    unknown = [m for m in requested if m not in ALL_ASSIGNMENTS]
    if unknown:
        raise CohortError(f"{where}: unknown module {', '.join(unknown)}; the course has {', '.join(ALL_ASSIGNMENTS)}")
    return list(requested)


NBGRADER_ALREADY_EXISTS = "already exists"
"""What nbgrader's release log says when the assignment is out already (its words, matched, never shown)."""


def _failed(step: str, result: dict) -> str:
    """A step nbgrader could not do, with the end of its log."""
    return both("cohort.step-failed", step=step) + "\n" + _log_tail(result)


_EXCEPTION_LINE = re.compile(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception)): (.+)$")


def _log_tail(result: dict, lines: int = 4) -> str:
    """What went wrong, from nbgrader's captured log: its error lines and the first exception's message.

    nbgrader logs a whole traceback whose last line only says "see above"; the root cause (the
    exception raised first) is what a trainer can act on.
    """
    text = "\n".join(filter(None, (result.get("log"), result.get("error")))).splitlines()
    errors = [line.split("[ERROR]", 1)[1].strip() for line in text
              if "[ERROR]" in line and "Traceback" not in line]
    causes = [f"{m.group(1)}: {m.group(2).strip()}" for m in map(_EXCEPTION_LINE.match, text) if m]
    summary = [*causes[:1], *errors[:lines]]
    return "\n".join(summary) if summary else "\n".join(line.strip() for line in text[-lines:])


# -- set up ----------------------------------------------------------------------------------------
#: characters no roster name or address may hold: nbgrader 0.9's formgrader puts a learner's first and last
#: name into its grading page without escaping them (formgrade_macros.html.j2), so a name a learner chose
#: (an LMS export) could run script in the trainer's Jupyter session
_MARKUP = re.compile(r'[<>"]')


def read_roster(path: Path | str) -> list[Learner]:
    """A CSV roster with a header: ``id`` and optionally ``first_name``, ``last_name``, ``email``.

    Every problem names the file and line, and nothing is added until the whole file reads cleanly.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CohortError(f"{path}: cannot be read: {error}") from error
    rows = csv.DictReader(text.splitlines())
    if not rows.fieldnames or "id" not in [f.strip() for f in rows.fieldnames]:
        raise CohortError(f"{path}:1: the header must name an 'id' column (and optionally first_name, last_name, "
                          "email)")
    unknown = {f.strip() for f in rows.fieldnames} - {"id", "first_name", "last_name", "email"}
    if unknown:
        raise CohortError(f"{path}:1: unknown column(s) {', '.join(sorted(unknown))}")
    learners: dict[str, Learner] = {}
    for line, row in enumerate(rows, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(row.values()):
            continue
        learner_id = check_id(row.get("id", ""), f"{path}:{line}: id")
        if learner_id in learners:
            raise CohortError(f"{path}:{line}: learner {learner_id!r} is listed twice")
        for column in ("first_name", "last_name", "email"):
            if _MARKUP.search(row.get(column) or ""):
                raise CohortError(f"{path}:{line}: {column} {row[column]!r} holds <, > or \"; a name or address "
                                  "cannot (nbgrader's formgrader shows names as HTML, unescaped)")
        learners[learner_id] = Learner(learner_id, row.get("first_name") or None, row.get("last_name") or None,
                                       row.get("email") or None)
    return list(learners.values())


def open_gradebook(config: CohortConfig):
    """nbgrader's gradebook for the course (opening it creates or upgrades its tables with ``alembic``)."""
    from nbgrader.api import Gradebook

    ensure_tools_on_path()
    return Gradebook(config.db_url, config.course_id)


def add_learners(config: CohortConfig, learners: Iterable[Learner]) -> int:
    """Add (or update the names of) learners in the gradebook; return how many there were."""
    count = 0
    with open_gradebook(config) as gradebook:
        for learner in learners:
            gradebook.update_or_create_student(learner.id, first_name=learner.first_name,
                                               last_name=learner.last_name, email=learner.email)
            count += 1
    return count


def init_course(course_dir: Path | str, *, course_id: str = DEFAULT_COURSE_ID, db_url: str | None = None,
                exchange_root: Path | str | None = None, source: Path | str | None = None,
                roster: Path | str | None = None, force: bool = False) -> CohortConfig:
    """Make ``course_dir`` a course directory: config, the course's sources, the dashboard, the gradebook."""
    from .dashboard_notebook import write_dashboard_notebook
    from .privacy import make_private

    course_dir = Path(course_dir).resolve()
    source_root = Path(source).resolve() if source else source_folder()
    check_id(course_id, "--course-id")
    # the address the written config will give nbgrader (the environment wins, as in the config file)
    check_db_driver(os.environ.get(DB_URL_VARIABLE) or db_url or default_db_url(course_dir))
    if (course_dir / CONFIG_NAME).exists() and not force:
        raise CohortError(f"{course_dir / CONFIG_NAME}: already exists; this is a course directory "
                          "(use --force to write its settings and sources again)")
    modules = assignment_dirs(source_root) if source_root.is_dir() else []
    if [m.name for m in modules] != list(ALL_ASSIGNMENTS):
        raise CohortError(f"{source_root}: not the course's source folder (expected {', '.join(ALL_ASSIGNMENTS)}); "
                          "pass --source <the course's source folder>")
    learners = read_roster(roster) if roster else []  # read before writing anything
    config = CohortConfig(course_dir, course_id, db_url or default_db_url(course_dir),
                          Path(exchange_root or DEFAULT_EXCHANGE).resolve())
    make_private(course_dir)  # 0700: learners' reflections are collected here (issue 13)
    for module in modules:
        target = course_dir / "source" / module.name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(module, target, ignore=shutil.ignore_patterns(*SKIPPED), copy_function=atomic.copy)
    atomic.write_text(course_dir / CONFIG_NAME, config_text(config))
    write_dashboard_notebook(course_dir)
    config = load_cohort_config(course_dir)  # what nbgrader will read, environment included
    with open_gradebook(config):
        pass  # opening the gradebook creates its tables (never `nbgrader db upgrade` on an empty PostgreSQL)
    if learners:
        add_learners(config, learners)
    return config


# -- the nbgrader steps ----------------------------------------------------------------------------
def release(config: CohortConfig, modules: Sequence[str] | None = None) -> list[StepResult]:
    """Generate and release each module; one already released is left as it is (learners may hold it).

    ``generate_assignment --force`` on a module that has submissions deletes its release, so a module
    with a generated release is never generated again here.
    """
    api = cohort_api(config)
    results = []
    for module in _modules(modules):
        outbound = config.exchange_outbound(module)
        if outbound is not None and outbound.exists():
            results.append(StepResult(module, True, both("cohort.already-released", order=ENGLISH_FIRST)))
            continue
        if not (config.course_dir / "release" / module).exists():
            generated = api.generate_assignment(module, force=False, create=True)
            if not generated.get("success"):
                results.append(StepResult(module, False, _failed("generate", generated)))
                continue
        released = api.release_assignment(module)
        if released.get("success"):
            results.append(StepResult(module, True, both("cohort.released", order=ENGLISH_FIRST)))
        elif NBGRADER_ALREADY_EXISTS in (released.get("log") or "") + (released.get("error") or ""):
            results.append(StepResult(module, True, both("cohort.already-released", order=ENGLISH_FIRST)))
        else:
            results.append(StepResult(module, False, _failed("release", released)))
    return results


def collect(config: CohortConfig, modules: Sequence[str] | None = None) -> list[StepResult]:
    """Collect the newest submission of every learner for each module."""
    from .private_exchange import PrivateExchangeCollect

    api = cohort_api(config)
    if not issubclass(api.exchange.collect, PrivateExchangeCollect):
        # a course config written before the class existed: never follow a learner's link all the same
        api.exchange.collect = PrivateExchangeCollect
    results = []
    for module in _modules(modules):
        collected = api.collect(module, update=True)
        count = len(submitted_learners(config, module))
        message = (f"{count} {both('cohort.submissions', order=ENGLISH_FIRST)}" if collected.get("success")
                   else _log_tail(collected))
        results.append(StepResult(module, bool(collected.get("success")), message))
    return results


def submitted_learners(config: CohortConfig, module: str) -> list[str]:
    submitted = config.course_dir / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / module).is_dir())


def _progress_bar(total: int, stream: TextIO):
    tqdm = require("tqdm", "trainer", "mangfold cohort autograde").tqdm

    return tqdm(total=total, file=stream, unit="submission", dynamic_ncols=True,
                disable=total == 0, bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]")


def autograde(config: CohortConfig, modules: Sequence[str] | None = None,
              learners: Sequence[str] | None = None, stream: TextIO | None = None) -> AutogradeReport:
    """Autograde every collected submission, one learner at a time, and report each one's trouble.

    A submission nbgrader cannot grade is reported and the batch goes on; a submission whose
    progress file cannot be trusted is graded (it scores 0) and reported with the reason.
    """
    api = cohort_api(config)
    report = AutogradeReport()
    wanted = set(learners or [])
    work = [(module, learner) for module in _modules(modules) for learner in submitted_learners(config, module)
            if not wanted or learner in wanted]
    with _progress_bar(len(work), stream or sys.stderr) as bar:
        for module, learner in work:
            bar.set_description(f"{module} {learner}")
            try:
                refused = screen_submission(config, module, learner)
                result = autograde_with_retry(api, module, learner, force=True, create=True)
            except Exception as error:  # one learner's failure never stops the batch
                result = {"success": False, "error": f"{type(error).__name__}: {error}"}
            if result.get("success"):
                report.graded.append(StepResult(module, True, "", learner))
                problem = _progress_problem(config, module, learner)
                if problem:
                    report.warnings.append(StepResult(module, True, problem, learner))
                if refused:
                    refusals = "; ".join(f"{e.path}: {e.reason}" for e in refused)
                    report.warnings.append(StepResult(module, True, f"{both('cohort.refused-at-handin')}: {refusals}",
                                                      learner))
            else:
                report.failed.append(StepResult(module, False, _log_tail(result), learner))
            bar.update(1)
    return report


def screen_submission(config: CohortConfig, module: str, learner: str) -> list[RefusedEntry]:
    """Move links and special files out of ``submitted/<learner>/<module>/`` before nbgrader reads it.

    nbgrader's autograde copies the submission with ``shutil.copy`` and reads its notebooks, both
    following links, as the trainer. The course's collect never copies a link, but a trainer may have
    collected with plain nbgrader or copied a folder by hand; so every entry is looked at with
    ``lstat`` and what is not a regular file or folder goes to ``refused/<learner>/<module>/`` in the
    course folder (kept, never followed) and into the submission's ``mangfold-refused.json``. Returns
    everything the record lists, so the report names what was refused at collect too.
    """
    folder = config.course_dir / "submitted" / learner / module
    screen_folder(folder, config.course_dir / "refused" / learner / module)
    return read_refused(folder)


def _progress_problem(config: CohortConfig, module: str, learner: str) -> str | None:
    """Why a graded module scored nothing because of its progress file (None when all is well)."""
    folder = config.course_dir / "autograded" / learner / module
    if module == SUMMARY_MODULE or not folder.is_dir():
        return None
    try:
        return grade_folder(folder, module).problem
    except Exception as error:  # the report must go on
        return f"{type(error).__name__}: {error}"


def feedback(config: CohortConfig, modules: Sequence[str] | None = None, with_pdf: bool = True) -> list[StepResult]:
    """Generate feedback (for the summary: each learner's summary page) and release it to the learners."""
    from ..summary.build import build_course

    api = cohort_api(config)
    results = []
    for module in _modules(modules):
        if not any((config.course_dir / "autograded").glob(f"*/{module}")):
            results.append(StepResult(module, True, both("cohort.nothing-autograded", order=ENGLISH_FIRST)))
            continue
        generated = api.generate_feedback(module)
        if not generated.get("success"):
            results.append(StepResult(module, False, _failed("generate_feedback", generated)))
            continue
        notes = ""
        if module == SUMMARY_MODULE:
            built = build_course(config.course_dir, with_pdf=with_pdf)
            broken = [f"{b.learner}: {b.error}" for b in built if b.error]
            notes = f"; {both('cohort.summaries-built', count=len(built) - len(broken))}" + "".join(
                f"\n  {line}" for line in broken)
        released = api.release_feedback(module)
        ok = bool(released.get("success"))
        results.append(StepResult(module, ok, both("cohort.feedback-released", order=ENGLISH_FIRST) + notes if ok
                                  else _failed("release_feedback", released)))
    return results


#: a spreadsheet runs a cell that starts with one of these as a formula (CSV injection)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


GRADE_COLUMNS = ["assignment", "student_id", "last_name", "first_name", "email", "timestamp", "score", "max_score"]


def export_grades(config: CohortConfig, out: Path | str) -> int:
    """Write every learner's score per module as CSV (nbgrader's columns); return the number of rows.

    Like ``nbgrader export``, a learner with no submission gets a 0 row; unlike it, fields are quoted
    and a name that starts like a formula cannot run in the spreadsheet a trainer opens it in.
    """
    from nbgrader.api import MissingEntry

    out = Path(out)
    rows = []
    with open_gradebook(config) as gradebook:
        for assignment in sorted(gradebook.assignments, key=lambda a: a.name):
            for student in sorted(gradebook.students, key=lambda s: s.id):
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                    score, timestamp = submission.score, submission.timestamp
                except MissingEntry:
                    score, timestamp = 0.0, None
                rows.append([assignment.name, student.id, student.last_name or "", student.first_name or "",
                             student.email or "", timestamp.isoformat() if timestamp else "", score,
                             assignment.max_score])
    with atomic.replacing(out, text=True, newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(GRADE_COLUMNS)
        writer.writerows([_cell(v) for v in row] for row in rows)
    return len(rows)
