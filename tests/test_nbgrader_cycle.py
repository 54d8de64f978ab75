"""A real nbgrader cycle for module 1, in a throwaway course: release, fetch, work, submit, collect,
autograde, gradebook, export and feedback, with learners who do everything, some of it, nothing,
or hand in a file that cannot be trusted.

The cycle itself is built in ``tests/helpers/nbgrader_course.py``; the learners work by driving the real
widgets on their own fetched copy (``tests/learners.py``).
The trainer's side runs in one in-process ``NbGraderAPI`` configured from the course's
``nbgrader_config.py``; the learners' side runs nbgrader's own exchange classes with each learner's
home as their course root and ``CourseDirectory.student_id`` as the id (what ``--student`` sets),
as nbgrader's tests do. Only the grade export goes through the ``nbgrader`` command, as trainers run
it (the API has no export).
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook, MissingEntry
from traitlets.config import Config

from tests import learners
from tests.conftest import MODULE_1
from tests.helpers.nbgrader_course import (
    ABSENT,
    COURSE,
    LEARNERS,
    NOTEBOOK,
    Cycle,
    build_cycle,
    grade_cells,
    ok,
)

pytestmark = [
    pytest.mark.slow,
    # one course for the whole module: under xdist run with --dist loadgroup so it is built once
    pytest.mark.xdist_group("nbgrader-cycle"),
    # nbgrader's own gradebook code trips SQLAlchemy's autoflush warnings; not ours to fix
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    return build_cycle(tmp_path_factory.mktemp("nbgrader-cycle"))


def test_every_learner_handed_in_their_own_work(cycle: Cycle) -> None:
    submitted = cycle.root / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(LEARNERS)
    for student in LEARNERS:
        progress = submitted / student / MODULE_1 / "mangfold-progress.json"
        assert progress.exists() == (student != "nils"), student
    # the lock file beside the progress file is not part of what is collected
    assert not list(submitted.rglob(".mangfold-progress.lock"))


def test_collect_and_one_autograde_batch_handle_every_learner(cycle: Cycle) -> None:
    assert "[WARNING]" not in cycle.collect_log and "[ERROR]" not in cycle.collect_log, cycle.collect_log
    for student in LEARNERS:
        assert f"Collecting submission: {student} {MODULE_1}" in cycle.collect_log
        assert f"SubmittedAssignment<{MODULE_1} for {student}> submitted" in cycle.autograde_log
        assert (cycle.root / "autograded" / student / MODULE_1 / f"{NOTEBOOK}.ipynb").is_file()
    # nbgrader warns "Attribute 'checksum' ... has changed" for every hidden-test cell (jupyter/nbgrader#1961,
    # the checksum is stored before the hidden tests are cleared); errors would be ours
    assert "[ERROR]" not in cycle.autograde_log, cycle.autograde_log


def test_gradebook_scores_are_exact(cycle: Cycle) -> None:
    maximum = learners.max_points(cycle.content)
    assert maximum == sum(cycle.expected["kari"].values())  # one point per scenario, check and reflection
    assert 0 < sum(cycle.expected["ola"].values()) < maximum  # 1 of 4 for module 1
    with Gradebook(cycle.db_url, COURSE) as gradebook:
        assert gradebook.find_assignment(MODULE_1).max_score == maximum
        for student, points in cycle.expected.items():
            submission = gradebook.find_submission(MODULE_1, student)
            notebook = gradebook.find_submission_notebook(NOTEBOOK, MODULE_1, student)
            assert (submission.score, notebook.score, notebook.max_score) == (sum(points.values()),) * 2 + (
                maximum,), student
            for grade_id, point in points.items():
                grade = gradebook.find_grade(grade_id, NOTEBOOK, MODULE_1, student)
                assert grade.score == point, (student, grade_id)
        with pytest.raises(MissingEntry):
            gradebook.find_submission(MODULE_1, ABSENT)


def cell(notebook: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def text_of(cell_: nbformat.NotebookNode, output_type: str = "stream") -> str:
    return "".join(o.get("text", "") for o in cell_.outputs if o.output_type == output_type)


def test_complete_learner_notebook_shows_reflections_as_plain_text(cycle: Cycle) -> None:
    notebook = cycle.autograded("kari")
    tests = grade_cells(notebook)
    assert len(tests) == learners.max_points(cycle.content)
    for test in tests:
        assert not [o for o in test.outputs if o.output_type == "error"], test.metadata.nbgrader.grade_id
        assert text_of(test).rstrip().endswith(": OK")
    reflections = cell(notebook, "refleksjoner")
    assert [o.output_type for o in reflections.outputs] == ["stream"]
    printed = text_of(reflections)
    assert printed.startswith("Refleksjoner / reflections")
    assert printed.count(learners.HOSTILE_REFLECTION) == len(cycle.content.reflections)
    assert learners.SCRIPT_TAG in printed and learners.IMG_TAG in printed  # text, escaped where it is shown
    no_html = [o for c in notebook.cells for o in c.outputs if "text/html" in o.get("data", {})]
    assert not any(learners.SCRIPT_TAG in o.data["text/html"] for o in no_html)


def test_partial_learner_is_told_what_is_missing(cycle: Cycle) -> None:
    notebook = cycle.autograded("ola")
    errors = {c.metadata.nbgrader.grade_id: "\n".join(o.evalue for o in c.outputs if o.output_type == "error")
              for c in grade_cells(notebook)}
    for grade_id, point in cycle.expected["ola"].items():
        assert bool(errors[grade_id]) == (point == 0), grade_id
    first_check = learners.grade_id("check", cycle.content.checks[0].id)
    assert "first answer was wrong" in errors[first_check]
    short = learners.grade_id("reflection", cycle.content.reflections[0].id)
    assert "too short" in errors[short]
    assert "no ending reached" in errors[learners.grade_id("scenario", cycle.content.scenarios[-1].id)]


def errors_of(notebook: nbformat.NotebookNode) -> list[str]:
    """The error message of every test cell, each of which must have failed."""
    messages = []
    for test in grade_cells(notebook):
        failures = [o for o in test.outputs if o.output_type == "error"]
        assert [o.ename for o in failures] == ["GradingError"], test.metadata.nbgrader.grade_id
        messages.append(failures[0].evalue)
    return messages


@pytest.mark.parametrize(("student", "reason"), [
    ("nils", "no progress file"),
    ("siri", "has no choice 'finnes-ikke'"),
])
def test_missing_or_forged_file_fails_every_test_cell_and_says_why(cycle: Cycle, student: str, reason: str) -> None:
    messages = errors_of(cycle.autograded(student))
    assert all(reason in m and "0 points" in m for m in messages), messages


@pytest.mark.parametrize(("student", "reason"), [
    ("tove", "checksum does not match"),
    ("emil", "not valid JSON"),
])
def test_tampered_or_corrupt_file_scores_nothing_and_says_why(cycle: Cycle, student: str, reason: str) -> None:
    """The grader reports the real reason, and leaves the handed-in file where it was."""
    messages = errors_of(cycle.autograded(student))
    assert messages and all(reason in m and "0 points" in m for m in messages), messages
    assert (cycle.root / "autograded" / student / MODULE_1 / "mangfold-progress.json").exists()


def test_grader_leaves_the_handed_in_files_as_they_were(cycle: Cycle) -> None:
    for student in ("kari", "ola", "siri", "tove", "emil"):
        submitted = cycle.root / "submitted" / student / MODULE_1 / "mangfold-progress.json"
        autograded = cycle.root / "autograded" / student / MODULE_1 / "mangfold-progress.json"
        assert autograded.read_bytes() == submitted.read_bytes(), student


def test_export_has_a_row_per_learner_with_the_right_score(cycle: Cycle, tmp_path: Path) -> None:
    target = tmp_path / "grades.csv"
    nbgrader = Path(sys.executable).parent / "nbgrader"
    run = subprocess.run([str(nbgrader), "export", f"--to={target}"], cwd=cycle.root, capture_output=True,
                         text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    with target.open(newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == sorted([*LEARNERS, ABSENT])
    maximum = learners.max_points(cycle.content)
    for student, points in {**cycle.expected, ABSENT: {}}.items():
        row = rows[student]
        assert row["assignment"] == MODULE_1
        assert float(row["score"]) == sum(points.values()), student
        assert float(row["max_score"]) == maximum
    assert rows["kari"]["first_name"] == "Kari" and rows["kari"]["email"] == "kari@example.org"
    assert rows[ABSENT]["timestamp"] == ""


def test_feedback_escapes_the_learners_text(cycle: Cycle) -> None:
    ok(cycle.api.generate_feedback(MODULE_1, "kari"))
    page = (cycle.root / "feedback" / "kari" / MODULE_1 / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    maximum = learners.max_points(cycle.content)
    assert f"Score: {maximum:.1f} / {maximum:.1f}" in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == len(cycle.content.reflections)
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") == len(cycle.content.reflections)
    assert learners.SCRIPT_TAG not in page and "<script>alert" not in page
    assert learners.IMG_TAG not in page and "<img src=x" not in page


def test_formgrader_view_escapes_the_learners_text(cycle: Cycle) -> None:
    """The page formgrader renders for a submission (its own template and exporter settings)."""
    from nbconvert import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {"assignment_id": MODULE_1, "notebook_id": NOTEBOOK, "submission_id": "x", "index": 0,
                 "total": 1, "base_url": "", "student": "kari", "last_name": "Testesen", "first_name": "Kari",
                 "notebook_path": f"autograded/kari/{MODULE_1}/{NOTEBOOK}.ipynb"}
    path = cycle.root / "autograded" / "kari" / MODULE_1 / f"{NOTEBOOK}.ipynb"
    page, _ = HTMLExporter(config=config).from_filename(str(path), resources=resources)
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == len(cycle.content.reflections)
    assert learners.SCRIPT_TAG not in page and learners.IMG_TAG not in page

