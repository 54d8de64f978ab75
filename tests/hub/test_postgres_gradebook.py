"""The same cohort graded twice, with a SQLite gradebook and with a real PostgreSQL one: the same scores.

A shared hub keeps its gradebook in PostgreSQL (``mangfold cohort init --db-url postgresql+psycopg://…``).
This test starts a throwaway cluster, makes two course directories that differ only in their gradebook,
releases module 1 in each with ``mangfold cohort``, lets the same three learners (complete, partial,
tampered) fetch, work and submit through nbgrader's exchange in each, then collects and autogrades both
with ``mangfold cohort`` and compares every score, and the exported grades, between the two.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit

from mangfold.cohort.config import load_cohort_config
from mangfold.content import load_module_content
from tests import learners
from tests.conftest import MODULE_1, REPO_ROOT
from tests.helpers.nbgrader_course import exchange_step, learner_config
from tests.hub.conftest import record
from tests.hub.postgres import PostgresCluster

pytestmark = [
    pytest.mark.hub,
    pytest.mark.slow,
    pytest.mark.xdist_group("hub"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

COURSE_ID = "mangfold-pg-kull"
WORK: dict[str, Callable[[Path], learners.Points]] = {
    "anne": learners.complete, "bo": learners.partial, "cato": learners.tampered}
BACKENDS = ("sqlite", "postgresql")
#: nbgrader's gradebook tables, created when `cohort init` first opens the empty database
GRADEBOOK_TABLES = {"assignment", "notebook", "grade_cells", "student", "submitted_assignment",
                    "submitted_notebook", "grade", "comment"}


@dataclass
class GradedCourse:
    course_dir: Path
    db_url: str
    expected: dict[str, learners.Points]  # learner -> grade id -> points
    autograde: subprocess.CompletedProcess
    seconds: float


def mangfold(*args: str) -> subprocess.CompletedProcess:
    """``mangfold`` from this venv, as a trainer runs it; fails the test with its output if it fails."""
    command = [str(Path(sys.executable).with_name("mangfold")), *args]
    run = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, f"{' '.join(args)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}"
    return run


def grade_a_cohort(base: Path, db_url: str | None) -> GradedCourse:
    """Init, release module 1, three learners fetch/work/submit, collect, autograde; what came out."""
    course_dir, exchange, homes = base / "kurs", base / "exchange", base / "hjem"
    exchange.mkdir(parents=True)
    exchange.chmod(0o1777)
    roster = base / "roster.csv"
    roster.write_text("id,first_name,last_name\n" + "".join(f"{s},{s.title()},Testesen\n" for s in WORK),
                      encoding="utf-8")
    mangfold("cohort", "init", str(course_dir), "--course-id", COURSE_ID, "--exchange", str(exchange),
             "--roster", str(roster), "--source", str(REPO_ROOT / "source"),
             *(["--db-url", db_url] if db_url else []))
    mangfold("cohort", "release", str(course_dir), "--module", MODULE_1)
    expected = {}
    for student, work in WORK.items():
        home = homes / student
        home.mkdir(parents=True)
        config = learner_config(home, student, exchange, MODULE_1, COURSE_ID)
        exchange_step(ExchangeFetchAssignment, config)
        expected[student] = work(home / MODULE_1)
        exchange_step(ExchangeSubmit, config)
    mangfold("cohort", "collect", str(course_dir), "--module", MODULE_1)
    started = time.monotonic()
    graded = mangfold("cohort", "autograde", str(course_dir), "--module", MODULE_1)
    seconds = time.monotonic() - started
    return GradedCourse(course_dir, load_cohort_config(course_dir).db_url, expected, graded, seconds)


@pytest.fixture(scope="module")
def graded(postgres: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> dict[str, GradedCourse]:
    db_url = postgres.create_database("mangfold_gradebook")
    assert postgres.tables("mangfold_gradebook") == []  # empty: `cohort init` must create the schema itself
    courses = {}
    for backend in BACKENDS:
        courses[backend] = grade_a_cohort(tmp_path_factory.mktemp(f"cohort-{backend}"),
                                          db_url if backend == "postgresql" else None)
        record(f"cohort autograde on {backend} (3 learners x 1 module)", courses[backend].seconds)
    return courses


def scores(course: GradedCourse) -> dict[tuple[str, str], float]:
    """(learner, grade id or "total") -> score, read from the course's gradebook."""
    found = {}
    with Gradebook(course.db_url, COURSE_ID) as gradebook:
        for student in WORK:
            found[student, "total"] = gradebook.find_submission(MODULE_1, student).score
            for grade_id in course.expected[student]:
                found[student, grade_id] = gradebook.find_grade(grade_id, MODULE_1, MODULE_1, student).score
    return found


def test_the_course_really_uses_postgresql(graded: dict[str, GradedCourse], postgres: PostgresCluster) -> None:
    course = graded["postgresql"]
    assert course.db_url.startswith("postgresql+psycopg://") and f":{postgres.port}/" in course.db_url
    assert "postgresql+psycopg://" in (course.course_dir / "nbgrader_config.py").read_text(encoding="utf-8")
    assert not (course.course_dir / "gradebook.db").exists()
    assert set(postgres.tables("mangfold_gradebook")) >= GRADEBOOK_TABLES
    assert graded["sqlite"].db_url.startswith("sqlite:///")


def test_postgresql_scores_are_exact_and_the_same_as_sqlite(graded: dict[str, GradedCourse]) -> None:
    sqlite, postgresql = graded["sqlite"], graded["postgresql"]
    assert postgresql.expected == sqlite.expected  # the learners did the same work in both courses
    expected = {(s, g): p for s, points in sqlite.expected.items() for g, p in points.items()}
    expected |= {(s, "total"): sum(points.values()) for s, points in sqlite.expected.items()}
    assert scores(postgresql) == expected
    assert scores(sqlite) == expected
    maximum = learners.max_points(load_module_content(REPO_ROOT / "source" / MODULE_1, "nb"))
    assert [expected[s, "total"] for s in WORK] == [maximum, sum(sqlite.expected["bo"].values()), 0]
    assert 0 < expected["bo", "total"] < maximum
    with Gradebook(postgresql.db_url, COURSE_ID) as gradebook:
        assert gradebook.find_assignment(MODULE_1).max_score == maximum
        assert sorted(s.id for s in gradebook.students) == sorted(WORK)


def test_autograde_reports_the_same_on_both(graded: dict[str, GradedCourse]) -> None:
    for backend, course in graded.items():
        out = course.autograde.stdout
        assert "rettet / graded: 3, feilet / failed: 0" in out, (backend, out)
        notes = [line for line in out.splitlines() if line.startswith("merknad/note")]
        assert len(notes) == 1 and notes[0].startswith(f"merknad/note cato {MODULE_1}:") and "checksum" in notes[0]


def test_exported_grades_are_the_same(graded: dict[str, GradedCourse], tmp_path: Path) -> None:
    rows = {}
    for backend, course in graded.items():
        out = tmp_path / f"{backend}.csv"
        mangfold("cohort", "grades", str(course.course_dir), "--out", str(out))
        with out.open(newline="", encoding="utf-8") as handle:
            rows[backend] = sorted((r["student_id"], r["assignment"], float(r["score"]), float(r["max_score"]))
                                   for r in csv.DictReader(handle) if r["assignment"] == MODULE_1)
    assert rows["postgresql"] == rows["sqlite"]
    assert [r[0] for r in rows["postgresql"]] == sorted(WORK)
