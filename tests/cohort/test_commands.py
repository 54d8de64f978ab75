"""``mangfold cohort``: a trainer's whole cycle through the command line, with real nbgrader.

The trainer runs only ``mangfold cohort ...`` commands; the learners fetch and submit with
nbgrader's own exchange classes and work by driving the real widgets (``tests/learners.py``).
Among them are a tampered progress file (graded 0 and reported) and a notebook broken beyond
reading (nbgrader cannot grade it: reported, and the batch goes on).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit

from mangfold.cli import main
from mangfold.cohort.commands import ALL_ASSIGNMENTS, read_roster
from mangfold.cohort.config import CONFIG_NAME, DB_URL_VARIABLE, CohortError, load_cohort_config
from mangfold.cohort.dashboard_notebook import DASHBOARD_NOTEBOOK
from mangfold.content.loader import load_module_content
from tests import learners
from tests.conftest import MODULE_1, REPO_ROOT
from tests.helpers.nbgrader_course import exchange_step, learner_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("cohort-commands"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

COURSE = "mangfold-kull-cli"
ROSTER = """id,first_name,last_name,email
anne,Anne,Berg,anne@example.org
bo,Bo,"Lie, jr.",bo@example.org
tove,=SUM(A1:A9),Tamper,
kaputt,Kari,Knust,
borte,Borte,Fravær,
"""
WORK = {"anne": learners.complete, "bo": learners.partial, "tove": learners.tampered, "kaputt": learners.partial}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["cohort", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cohort-cli")


@pytest.fixture(scope="module")
def cycle(base: Path) -> dict:
    """init, release twice, learners work and submit, collect, autograde, feedback, grades."""
    course, exchange, homes = base / "kurs", base / "exchange", base / "hjem"
    exchange.mkdir(mode=0o777)
    (base / "roster.csv").write_text(ROSTER, encoding="utf-8")
    codes: dict[str, int] = {}
    codes["init"] = main(["cohort", "init", str(course), "--course-id", COURSE, "--exchange", str(exchange),
                          "--roster", str(base / "roster.csv")])
    codes["release"] = main(["cohort", "release", str(course), "--module", MODULE_1])
    codes["release again"] = main(["cohort", "release", str(course), "--module", MODULE_1])
    expected: dict[str, learners.Points] = {}
    for student, work in WORK.items():
        home = homes / student
        home.mkdir(parents=True)
        config = learner_config(home, student, exchange, MODULE_1, COURSE)
        exchange_step(ExchangeFetchAssignment, config)
        expected[student] = work(home / MODULE_1)
        if student == "kaputt":  # the notebook itself broken beyond reading
            (home / MODULE_1 / f"{MODULE_1}.ipynb").write_text("{ not a notebook", encoding="utf-8")
        exchange_step(ExchangeSubmit, config)
    codes["collect"] = main(["cohort", "collect", str(course), "--module", MODULE_1])
    return {"course": course, "exchange": exchange, "homes": homes, "codes": codes, "expected": expected}


def test_init_makes_a_course_directory_nbgrader_reads(cycle: dict) -> None:
    course: Path = cycle["course"]
    assert cycle["codes"]["init"] == 0
    config = load_cohort_config(course)
    assert config.course_id == COURSE and config.exchange_root == cycle["exchange"]
    assert config.db_url == f"sqlite:///{course / 'gradebook.db'}"
    from mangfold.cohort.config import read_nbgrader_config

    assert read_nbgrader_config(course).HTMLExporter.sanitize_html is True  # learner markup never runs there
    assert sorted(p.name for p in (course / "source").iterdir()) == sorted(ALL_ASSIGNMENTS)
    assert (course / DASHBOARD_NOTEBOOK).is_file()
    assert not list((course / "source").rglob("mangfold-progress*"))
    with Gradebook(config.db_url, COURSE) as gradebook:
        students = {s.id: s for s in gradebook.students}
    assert sorted(students) == ["anne", "bo", "borte", "kaputt", "tove"]
    assert students["bo"].last_name == "Lie, jr." and students["anne"].email == "anne@example.org"


def test_release_puts_the_module_in_the_exchange_and_can_run_twice(cycle: dict) -> None:
    assert cycle["codes"]["release"] == 0 and cycle["codes"]["release again"] == 0
    outbound = cycle["exchange"] / COURSE / "outbound" / MODULE_1
    assert (outbound / f"{MODULE_1}.ipynb").is_file() and (outbound / "content.nb.yaml").is_file()
    assert not list(outbound.rglob("mangfold-progress*"))


def test_collect_brings_in_every_submission(cycle: dict) -> None:
    assert cycle["codes"]["collect"] == 0
    submitted = cycle["course"] / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(WORK)


@pytest.fixture(scope="module")
def graded(cycle: dict) -> dict:
    course = str(cycle["course"])
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["cohort", "autograde", course, "--module", MODULE_1])
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


def test_autograde_scores_every_gradable_learner_exactly(cycle: dict, graded: dict) -> None:
    config = load_cohort_config(cycle["course"])
    maximum = learners.max_points(load_module_content(REPO_ROOT / "source" / MODULE_1, "nb"))
    with Gradebook(config.db_url, COURSE) as gradebook:
        scores = {s: gradebook.find_submission(MODULE_1, s).score for s in ("anne", "bo", "tove")}
    assert scores == {s: sum(cycle["expected"][s].values()) for s in ("anne", "bo", "tove")}
    assert scores["anne"] == maximum and 0 < scores["bo"] < maximum and scores["tove"] == 0


def test_autograde_reports_each_learner_and_goes_on(graded: dict) -> None:
    # the broken notebook fails, the batch goes on, and the command says so with exit status 1
    assert graded["code"] == 1
    out = graded["out"]
    assert "rettet / graded: 3, feilet / failed: 1, merknader / notes: 1" in out
    assert f"FEIL/ERROR kaputt {MODULE_1}:\n    JSONDecodeError: " in out  # the root cause, not "see above"
    assert f"merknad/note tove {MODULE_1}: framdriftsfilen kan ikke brukes: kontrollsummen stemmer ikke" in out
    # a progress bar counted the submissions on stderr
    assert "4/4" in graded["err"] or "4/4" in graded["err"].replace("\r", "\n")


def test_grades_csv_is_quoted_complete_and_safe_in_a_spreadsheet(cycle: dict, graded: dict, capsys) -> None:
    out_file = cycle["course"] / "karakterer.csv"
    code, out, _err = run(capsys, "grades", str(cycle["course"]), "--out", str(out_file))
    assert code == 0 and str(out_file) in out
    rows = list(csv.DictReader(out_file.read_text(encoding="utf-8").splitlines()))
    by_student = {r["student_id"]: r for r in rows if r["assignment"] == MODULE_1}
    assert sorted(by_student) == ["anne", "bo", "borte", "kaputt", "tove"]
    assert by_student["bo"]["last_name"] == "Lie, jr."
    assert by_student["tove"]["first_name"] == "'=SUM(A1:A9)"  # never a live formula
    assert float(by_student["borte"]["score"]) == 0 and by_student["borte"]["timestamp"] == ""
    assert float(by_student["anne"]["score"]) == float(by_student["anne"]["max_score"]) > 0


def test_feedback_reaches_the_learners(cycle: dict, graded: dict, capsys) -> None:
    code, out, _err = run(capsys, "feedback", str(cycle["course"]), "--module", MODULE_1, "--no-pdf")
    assert code == 0, out
    assert "feedback released" in out
    home = cycle["homes"] / "anne"
    exchange_step(ExchangeFetchFeedback, learner_config(home, "anne", cycle["exchange"], MODULE_1, COURSE))
    pages = list((home / MODULE_1 / "feedback").rglob(f"{MODULE_1}.html"))
    assert pages and "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0].read_text(encoding="utf-8")


def test_feedback_for_a_module_nobody_has_done_is_a_no_op(cycle: dict, graded: dict, capsys) -> None:
    code, out, _err = run(capsys, "feedback", str(cycle["course"]), "--module", ALL_ASSIGNMENTS[2], "--no-pdf")
    assert code == 0 and "nothing autograded yet" in out


# -- refusals and bad input: every message names the file and the place ----------------------------------
def test_init_refuses_to_overwrite_a_course_directory(cycle: dict, capsys) -> None:
    code, _out, err = run(capsys, "init", str(cycle["course"]))
    assert code == 2 and f"{cycle['course'] / CONFIG_NAME}: already exists" in err


def test_init_refuses_a_folder_that_is_not_the_course_source(tmp_path: Path, capsys) -> None:
    code, _out, err = run(capsys, "init", str(tmp_path / "kurs"), "--source", str(tmp_path))
    assert code == 2 and f"{tmp_path}: not the course's source folder" in err
    assert not (tmp_path / "kurs").exists()


@pytest.mark.parametrize(("text", "message"), [
    ("navn\nanne\n", "roster.csv:1: the header must name an 'id' column"),
    ("id,alder\nanne,40\n", "roster.csv:1: unknown column(s) alder"),
    ("id\nanne\nbo\nanne\n", "roster.csv:4: learner 'anne' is listed twice"),
    ("id\nanne\n../root\n", "roster.csv:3: id: '../root' is not a usable id"),
    ("id\n\"a b\"\n", "roster.csv:2: id: 'a b' is not a usable id"),
])
def test_a_bad_roster_is_refused_with_file_and_line(tmp_path: Path, capsys, text: str, message: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(CohortError) as error:
        read_roster(roster)
    assert message in str(error.value)
    # the command refuses it before it writes anything
    code, _out, err = run(capsys, "init", str(tmp_path / "kurs"), "--roster", str(roster))
    assert code == 2 and message in err and not (tmp_path / "kurs").exists()


def test_a_roster_with_bom_and_blank_lines_reads(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffid,first_name\nanne,Anne\n\n,\nbo,Bo\n", encoding="utf-8")
    assert [(r.id, r.first_name) for r in read_roster(roster)] == [("anne", "Anne"), ("bo", "Bo")]


def test_a_folder_that_is_not_a_course_is_named(tmp_path: Path, capsys) -> None:
    code, _out, err = run(capsys, "collect", str(tmp_path))
    assert code == 2 and f"{tmp_path / CONFIG_NAME}: not found" in err


def test_a_broken_config_file_is_named(tmp_path: Path, capsys) -> None:
    (tmp_path / CONFIG_NAME).write_text("c = get_config()\nc.CourseDirectory.root = (\n", encoding="utf-8")
    code, _out, err = run(capsys, "release", str(tmp_path))
    assert code == 2 and f"{tmp_path / CONFIG_NAME}: cannot be read: SyntaxError" in err


def test_a_moved_course_directory_is_reported(cycle: dict, tmp_path: Path, capsys) -> None:
    moved = tmp_path / "flyttet"
    shutil.copytree(cycle["course"], moved, ignore=shutil.ignore_patterns("submitted", "autograded", "feedback"))
    code, _out, err = run(capsys, "collect", str(moved))
    assert code == 2 and "CourseDirectory.root is" in err and "was the folder moved?" in err


def test_an_unknown_module_is_refused(cycle: dict, capsys) -> None:
    code, _out, err = run(capsys, "release", str(cycle["course"]), "--module", "07-finnes-ikke")
    assert code == 2 and "--module: unknown module 07-finnes-ikke" in err


def test_the_gradebook_address_can_come_from_the_environment(cycle: dict, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DB_URL_VARIABLE, f"sqlite:///{tmp_path / 'annen.db'}")
    assert load_cohort_config(cycle["course"]).db_url == f"sqlite:///{tmp_path / 'annen.db'}"
