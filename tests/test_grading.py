"""Grading from the progress file: points, trust, and the messages a trainer reads in formgrader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mangfold.grading import GradingError, grade_folder, print_reflections, reflections_report, require
from mangfold.progress import PROGRESS_FILENAME
from mangfold.progress.model import checksum_of
from mangfold.ui import open_module
from tests.conftest import MODULE_1
from tests.helpers.widgets import complete_module


def test_complete_work_scores_every_point(module_dir: Path) -> None:
    complete_module(module_dir)
    result = grade_folder(module_dir, MODULE_1)
    assert result.trusted and result.points == result.max_points == 4
    for status in result.statuses:
        require(MODULE_1, status.kind, status.id, module_dir)


def test_no_progress_file_scores_nothing_and_says_why(module_dir: Path) -> None:
    result = grade_folder(module_dir, MODULE_1)
    assert result.points == 0 and "no progress file" in result.problem
    with pytest.raises(GradingError, match="no progress file"):
        require(MODULE_1, "scenario", result.content.scenarios[0].id, module_dir)


def test_first_wrong_answer_costs_the_check_point(module_dir: Path) -> None:
    page = open_module(MODULE_1, module_dir, "nb")
    check = page.content.checks[0]
    widget = page.show(check.id)
    widget.select([next(o.id for o in check.options if not o.correct)])
    widget.submit()
    widget.select([o.id for o in check.options if o.correct])
    widget.submit()
    with pytest.raises(GradingError, match="first answer was wrong"):
        require(MODULE_1, "check", check.id, module_dir)


def test_short_reflection_is_not_complete(module_dir: Path) -> None:
    page = open_module(MODULE_1, module_dir, "nb")
    reflection = page.content.reflections[0]
    page.show(reflection.id).write("for kort")
    with pytest.raises(GradingError, match="too short"):
        require(MODULE_1, "reflection", reflection.id, module_dir)


def test_hand_edited_file_scores_nothing(module_dir: Path) -> None:
    complete_module(module_dir)
    path = module_dir / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    document["language"] = "en"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = grade_folder(module_dir, MODULE_1)
    assert result.points == 0 and "checksum does not match" in result.problem
    assert path.exists()  # the grader reads; it never moves or rewrites the learner's file


def test_forged_file_with_a_valid_checksum_scores_nothing(module_dir: Path) -> None:
    complete_module(module_dir)
    path = module_dir / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    scenario_id = next(iter(document["scenarios"]))
    document["scenarios"][scenario_id]["path"][0]["choice"] = "not-a-choice"
    document["checksum"] = checksum_of(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    result = grade_folder(module_dir, MODULE_1)
    assert result.points == 0 and "has no choice 'not-a-choice'" in result.problem


def test_forged_ending_without_a_path(module_dir: Path) -> None:
    complete_module(module_dir)
    path = module_dir / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    for scenario in document["scenarios"].values():
        scenario["path"] = []
    document["checksum"] = checksum_of(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    assert "does not follow from the path" in grade_folder(module_dir, MODULE_1).problem


def test_reflections_report_is_plain_text_with_every_prompt(module_dir: Path, capsys, monkeypatch) -> None:
    complete_module(module_dir, "<script>alert(1)</script> og \x1b[31mfarge\x1b[0m tekst " * 5)
    report = reflections_report(MODULE_1, module_dir)
    assert "<script>alert(1)</script>" in report  # plain text: formgrader escapes text/plain output
    assert "\x1b" not in report  # control characters removed
    for monkey_var in ("VOILA_KERNEL_ID", "VOILA_PREHEAT", "VOILA_BASE_URL"):
        monkeypatch.delenv(monkey_var, raising=False)
    print_reflections(MODULE_1, module_dir)
    assert capsys.readouterr().out.startswith("Refleksjoner / reflections")
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    print_reflections(MODULE_1, module_dir)
    assert capsys.readouterr().out == ""  # never on the learner's Voilà page


# -- what the checksum and the replay can and cannot tell (README "For trainers", docs/progress-integrity.md)

def answer_checks_wrong_then_right(folder: Path) -> None:
    """Every check answered wrong first, then right: an honest learner who scores 2 of 4 on module 1."""
    complete_module(folder)
    path = folder / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    page = open_module(MODULE_1, folder, "nb")
    for check in page.content.checks:
        document["checks"][check.id]["first_answer"] = [next(o.id for o in check.options if not o.correct)]
    document["checksum"] = checksum_of(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_forged_file_with_a_recomputed_checksum_is_accepted_it_is_the_known_limit(module_dir: Path) -> None:
    """The checksum is unkeyed and the learner's own kernel writes the file: a learner who rewrites their
    first answers and recomputes the checksum is not detected. This test measures that limit, so the
    README and the docs say no more than is true; the replay still refuses an answer the course never
    offered."""
    from mangfold.progress.store import parse_progress

    answer_checks_wrong_then_right(module_dir)
    honest = grade_folder(module_dir, MODULE_1)
    assert honest.trusted and honest.points == 2

    path = module_dir / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    for saved in document["checks"].values():
        saved["first_answer"] = saved["answer"]  # "right the first time", after the fact
    document["checksum"] = checksum_of(document)
    forged = json.dumps(document).encode("utf-8")
    parse_progress(forged, path, MODULE_1)  # accepted: nothing in the file tells the forgery apart
    path.write_bytes(forged)
    assert grade_folder(module_dir, MODULE_1).points == 4

    impossible = json.loads(forged)
    next(iter(impossible["checks"].values()))["first_answer"] = ["finnes-ikke"]
    impossible["checksum"] = checksum_of(impossible)
    path.write_text(json.dumps(impossible), encoding="utf-8")
    parse_progress(path.read_bytes(), path, MODULE_1)  # the checksum holds ...
    result = grade_folder(module_dir, MODULE_1)  # ... and the replay refuses it
    assert result.points == 0 and "is not a possible answer" in result.problem


# -- every malformed file: one reason, in bokmål and English, never a bare exception

def write_sealed(folder: Path, module: str, change) -> None:
    """A valid empty progress document for ``module``, changed by ``change``, with its checksum recomputed."""
    from mangfold.progress.model import ModuleProgress

    document = ModuleProgress(module=module).sealed()
    change(document)
    document["checksum"] = checksum_of(document)
    (folder / PROGRESS_FILENAME).write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize("state", [
    {"placements": {"x": ["a", "list"]}},  # the TypeError (unhashable list) of issue 14
    {"placements": ["not", "a", "mapping"]},
    {"first_check": {"1": 2}},
    {"order": [["nested"]]},
    {"order": "a text"},
    {"checked": "yes"},
])
def test_wrong_types_in_an_exercise_state_are_a_reason_not_a_crash(tmp_path: Path, state: dict) -> None:
    from tests.conftest import copy_module

    module = "02-legg-grunnlaget"
    folder = copy_module(module, tmp_path)
    exercise = next(b.id for b in grade_folder(folder, module).content.blocks if b.kind == "classify")
    write_sealed(folder, module, lambda d: d["exercises"].update(
        {exercise: {"state": state, "updated": "2026-12-02T00:00:00+00:00"}}))
    result = grade_folder(folder, module)
    assert result.points == 0 and "edited by hand" in result.problem and "endret for hånd" in result.problem
    with pytest.raises(GradingError, match="0 points"):
        require(module, "exercise", exercise, folder)


@pytest.mark.parametrize(("raw", "nb", "en"), [
    (b"[" * 100_000 + b"]" * 100_000, "nøstet i mer enn", "nested more than"),
    (b'{"format": "mangfold-progress", "version": 2, "x": "\\ud800"}', "enslig surrogat", "lone surrogate"),
    (b'{"format": "mangfold-progress", "version": 2, "x": ' + b"9" * 5000 + b"}", "flere sifre", "more digits"),
    (b'{"format": "mangfold-progress", "version": 2, "x": 1e999}', "tallet ved x", "the number at x"),
    (b"\xff", "ikke UTF-8", "not UTF-8"),
])
def test_a_malformed_file_is_told_in_both_languages(module_dir: Path, raw: bytes, nb: str, en: str) -> None:
    (module_dir / PROGRESS_FILENAME).write_bytes(raw)
    result = grade_folder(module_dir, MODULE_1)
    assert result.points == 0
    bokmal, english = result.problem.split(" / the progress file cannot be trusted: ")
    assert bokmal.startswith("framdriftsfilen kan ikke brukes: ") and nb in bokmal and en in english


def test_a_wrong_type_is_named_by_its_place(module_dir: Path) -> None:
    write_sealed(module_dir, MODULE_1, lambda d: d["reflections"].update({"r": {"text": ["x"], "updated": "u"}}))
    assert "reflections.r.text" in grade_folder(module_dir, MODULE_1).problem


# -- formgrader: the test cell shows the course's message, not a traceback

@pytest.mark.slow
def test_a_grading_error_in_a_kernel_is_one_line_and_nbgrader_scores_it_0(module_dir: Path) -> None:
    """Run test cells as nbgrader's autograde does (nbclient, a real ipykernel, errors allowed), then
    score them with nbgrader's own ``determine_grade``."""
    import nbformat
    from nbclient import NotebookClient
    from nbgrader.utils import determine_grade

    (module_dir / PROGRESS_FILENAME).write_bytes(b"{not json")
    cells = [
        nbformat.v4.new_code_cell(f"from mangfold.grading import require\n"
                                  f"require({MODULE_1!r}, 'scenario', 'passe-inn', {str(module_dir)!r})"),
        nbformat.v4.new_code_cell("undefined_name"),  # any other error keeps IPython's full traceback
    ]
    for index, cell in enumerate(cells):
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": f"t{index}", "points": 1}
    notebook = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(notebook, kernel_name="python3", allow_errors=True, resources={"metadata": {
        "path": str(module_dir)}}).execute()

    grading, other = notebook.cells
    [error] = [o for o in grading.outputs if o.output_type == "error"]
    assert error.ename == "GradingError" and "not valid JSON" in error.evalue and "ikke gyldig JSON" in error.evalue
    assert error.traceback == [f"GradingError: {error.evalue}"]
    assert determine_grade(grading) == (0, 1)
    [plain] = [o for o in other.outputs if o.output_type == "error"]
    assert plain.ename == "NameError" and len(plain.traceback) > 1
    assert determine_grade(other) == (0, 1)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's gradebook, not ours
def test_formgrader_test_cells_show_the_courses_message_as_one_line(tmp_path_factory) -> None:
    """Through nbgrader's real autograde (the cycle of tests/helpers/nbgrader_course.py, built here once):
    every failed test cell's output is the course's message alone, and the gradebook scores it 0."""
    from nbgrader.api import Gradebook

    from tests.helpers.nbgrader_course import COURSE, NOTEBOOK, build_cycle, grade_cells

    cycle = build_cycle(tmp_path_factory.mktemp("nbgrader-cycle"))
    failed = 0
    with Gradebook(cycle.db_url, COURSE) as gradebook:
        for student in ("ola", "nils", "tove", "emil", "siri"):
            for test in grade_cells(cycle.autograded(student)):
                errors = [o for o in test.outputs if o.output_type == "error"]
                grade = gradebook.find_grade(test.metadata.nbgrader.grade_id, NOTEBOOK, MODULE_1, student)
                if not errors:
                    assert grade.score == 1, (student, test.metadata.nbgrader.grade_id)
                    continue
                [error] = errors
                assert error.ename == "GradingError"
                assert error.traceback == [f"GradingError: {error.evalue}"], error.traceback
                assert grade.score == 0, (student, test.metadata.nbgrader.grade_id)
                failed += 1
    # ola misses 3 of 4 (the scenario only started, the first check, a short reflection); the others every cell
    assert failed == 3 + 4 * 4
