"""``load_cohort`` on a course directory filled as nbgrader fills it: learners who drove the real widgets
(``tests/learners.py``) in their autograded folders, a roster in the gradebook, and scores set through
nbgrader's own ORM. Expected values are worked out here from the files and from nbgrader, not from
:mod:`mangfold.cohort.data`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from mangfold.authoring.release import SKIPPED, ensure_tools_on_path
from mangfold.cohort.commands import init_course
from mangfold.cohort.config import load_cohort_config
from mangfold.cohort.data import NOT_SUBMITTED, SUBMITTED, UNTRUSTED, CourseDirError, load_cohort
from mangfold.content.loader import load_module_content
from mangfold.course import MODULE_IDS
from tests import learners
from tests.conftest import MODULE_1, REPO_ROOT

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

#: learner id -> (how they work in module 1, first name, last name)
WORK = {
    "kari": (learners.complete, "Kari", "Nordmann"),
    "ola": (learners.partial, "Ola", "Hansen"),
    "nils": (learners.no_progress, "Nils", "Berg"),
    "tove": (learners.tampered, "Tove", "Lie"),
    "emil": (learners.corrupt, "Emil", "Dahl"),
    "siri": (learners.forged, "Siri", "Vik"),
}
ABSENT = ("borte", "Borte", "Fravær")


def work_in(course: Path, learner: str, module: str, work) -> Path:
    """The learner's autograded folder: the module's files as nbgrader copies them, then the learner's work."""
    folder = course / "autograded" / learner / module
    shutil.copytree(REPO_ROOT / "release" / module, folder, ignore=shutil.ignore_patterns(*SKIPPED))
    work(folder)
    return folder


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ensure_tools_on_path()
    root = tmp_path_factory.mktemp("cohort-data") / "kurs"
    config = init_course(root, course_id="kull-test")
    with Gradebook(config.db_url, config.course_id) as gradebook:
        for learner, (_work, first, last) in WORK.items():
            gradebook.add_student(learner, first_name=first, last_name=last)
        gradebook.add_student(ABSENT[0], first_name=ABSENT[1], last_name=ABSENT[2])
    for learner, (work, _first, _last) in WORK.items():
        work_in(root, learner, MODULE_1, work)
    work_in(root, "kari", MODULE_IDS[1], learners.complete)
    work_in(root, "utenfor", MODULE_1, learners.partial)  # a folder with no roster entry
    return root


@pytest.fixture(scope="module")
def cohort(course: Path):
    return load_cohort(course)


def progress_json(course: Path, learner: str, module: str = MODULE_1) -> dict:
    return json.loads((course / "autograded" / learner / module / "mangfold-progress.json").read_text("utf-8"))


def cell(cohort, learner: str, module: str = MODULE_1):
    rows = cohort.completion[(cohort.completion.learner == learner) & (cohort.completion.module == module)]
    assert len(rows) == 1, (learner, module)
    return rows.iloc[0]


@pytest.mark.slow
def test_every_learner_and_module_has_a_row(cohort) -> None:
    expected = sorted([*WORK, ABSENT[0], "utenfor"])
    assert list(cohort.learners.learner) == expected
    assert list(cohort.learners.number) == list(range(1, len(expected) + 1))
    assert cohort.modules == [*MODULE_IDS, "06-oppsummering"]
    assert len(cohort.completion) == len(expected) * len(cohort.modules)
    names = dict(zip(cohort.learners.learner, cohort.learners.first_name, strict=True))
    assert names["kari"] == "Kari" and names["borte"] == "Borte" and names["utenfor"] == ""


@pytest.mark.slow
def test_status_and_items_done_follow_the_files(cohort, course: Path) -> None:
    content = load_module_content(course / "source" / MODULE_1, "nb")
    total = learners.max_points(content)
    kari, ola, nils = cell(cohort, "kari"), cell(cohort, "ola"), cell(cohort, "nils")
    assert (kari.status, kari.done, kari.total) == (SUBMITTED, total, total)
    # partial: every scenario but the last done, every check answered, every reflection but the first long enough
    assert (ola.status, ola.done) == (SUBMITTED, len(content.scenarios) - 1 + len(content.checks)
                                      + len(content.reflections) - 1)
    assert (nils.status, nils.done, nils.total) == (SUBMITTED, 0, total)
    for learner in ("tove", "emil", "siri"):
        assert cell(cohort, learner).status == UNTRUSTED, learner
    for module in cohort.modules:
        assert cell(cohort, "borte", module).status == NOT_SUBMITTED
    assert cell(cohort, "kari", MODULE_IDS[1]).status == SUBMITTED
    assert cell(cohort, "kari", MODULE_IDS[2]).status == NOT_SUBMITTED
    assert cohort.completion.score.isna().all()  # nothing was graded into the gradebook


@pytest.mark.slow
def test_untrusted_files_are_listed_with_the_reason(cohort) -> None:
    reasons = {r.learner: r.reason for r in cohort.untrusted.itertuples()}
    assert set(reasons) == {"tove", "emil", "siri"}
    assert "checksum does not match" in reasons["tove"]
    assert "not valid JSON" in reasons["emil"]
    assert "finnes-ikke" in reasons["siri"]


@pytest.mark.slow
def test_untrusted_files_feed_no_figures(cohort) -> None:
    for frame in (cohort.choices, cohort.checks, cohort.reflections):
        assert not set(frame.learner) & {"tove", "emil", "siri", "nils", "borte"}


@pytest.mark.slow
def test_choices_are_every_recorded_decision(cohort, course: Path) -> None:
    saved = progress_json(course, "kari")
    mine = cohort.choices[(cohort.choices.learner == "kari") & (cohort.choices.module == MODULE_1)]
    for scenario_id, scenario in saved["scenarios"].items():
        rows = mine[mine.scenario == scenario_id]
        assert [(r.situation, r.choice) for r in rows.itertuples()] == [
            (s["node"], s["choice"]) for s in scenario["history"]]
        firsts = rows[rows["first"]]
        assert list(firsts.choice) == [scenario["first_choice"]]
    content = load_module_content(course / "source" / MODULE_1, "nb")
    labels = {(s.id, node, c.id): c.label for s in content.scenarios for node, n in s.situations.items()
              for c in n.choices}
    assert all(r.label == labels[r.scenario, r.situation, r.choice] for r in mine.itertuples())


@pytest.mark.slow
def test_checks_and_their_options(cohort, course: Path) -> None:
    content = load_module_content(course / "source" / MODULE_1, "nb")
    first = content.checks[0]
    rows = cohort.checks[(cohort.checks.module == MODULE_1) & (cohort.checks.check == first.id)]
    by_learner = {r.learner: r for r in rows.itertuples()}
    # kari answered right at once; ola and utenfor (learners.partial) wrong at first, then right
    assert set(by_learner) == {"kari", "ola", "utenfor"}
    assert by_learner["kari"].first_correct and not by_learner["ola"].first_correct
    assert not by_learner["utenfor"].first_correct
    assert by_learner["ola"].attempts == 2
    options = cohort.check_options[(cohort.check_options.module == MODULE_1)
                                   & (cohort.check_options.check == first.id)]
    counts = dict(zip(options.option, options.first_count, strict=True))
    wrong = learners.wrong_answer(first)[0]
    for option in first.options:
        expected = (1 if option.correct else 0) + (2 if option.id == wrong else 0)
        assert counts[option.id] == expected, option.id
    assert list(options.option) == [o.id for o in first.options]


@pytest.mark.slow
def test_reflections_are_plain_text_with_word_counts(cohort) -> None:
    kari = cohort.reflections[(cohort.reflections.learner == "kari") & (cohort.reflections.module == MODULE_1)]
    assert list(kari.text) == [learners.HOSTILE_REFLECTION] * len(kari)
    assert set(kari.words) == {learners.words(learners.HOSTILE_REFLECTION)}
    assert kari.prompt.str.len().min() > 0


@pytest.mark.slow
def test_scores_are_nbgraders_own(tmp_path: Path) -> None:
    """manual score over auto score, plus extra credit, summed per submission: compared with nbgrader's ORM."""
    ensure_tools_on_path()
    config = init_course(tmp_path / "kurs")
    with Gradebook(config.db_url, config.course_id) as gradebook:
        gradebook.add_student("anne", first_name="Anne", last_name="Berg")
        gradebook.add_student("bo")
        gradebook.update_or_create_assignment(MODULE_1)
        gradebook.update_or_create_notebook(MODULE_1, MODULE_1)
        for name in ("a", "b", "c"):
            gradebook.update_or_create_grade_cell(name, MODULE_1, MODULE_1, max_score=2, cell_type="code")
        for learner, scores in (("anne", [(2, None, None), (0, 1.5, 0.5), (None, None, None)]),
                                ("bo", [(1, None, 1), (2, 0, None), (2, None, None)])):
            gradebook.add_submission(MODULE_1, learner)
            for name, (auto, manual, extra) in zip("abc", scores, strict=True):
                grade = gradebook.find_grade(name, MODULE_1, MODULE_1, learner)
                grade.auto_score, grade.manual_score, grade.extra_credit = auto, manual, extra
            gradebook.db.commit()
        expected = {s: gradebook.find_submission(MODULE_1, s).score for s in ("anne", "bo")}
        maximum = gradebook.find_assignment(MODULE_1).max_score
    assert expected == {"anne": 4.0, "bo": 4.0}
    cohort = load_cohort(config.course_dir)
    assert {s: cell(cohort, s).score for s in expected} == expected
    assert cell(cohort, "anne").max_score == maximum == 6
    assert cell(cohort, "anne").status == SUBMITTED  # graded, though its folder is gone
    assert not cohort.collected or cell(cohort, "anne").done == 0


@pytest.mark.slow
def test_empty_course(tmp_path: Path) -> None:
    ensure_tools_on_path()
    config = init_course(tmp_path / "kurs")
    cohort = load_cohort(config.course_dir)
    assert not cohort.collected
    assert cohort.learners.empty and cohort.completion.empty and cohort.untrusted.empty
    assert cohort.modules == [*MODULE_IDS, "06-oppsummering"]


def test_a_folder_that_is_no_course_is_named(tmp_path: Path) -> None:
    with pytest.raises(CourseDirError, match=str(tmp_path)) as raised:
        load_cohort(tmp_path)
    assert "nbgrader_config.py" in str(raised.value)
    with pytest.raises(CourseDirError, match="no such folder"):
        load_cohort(tmp_path / "finnes-ikke")


@pytest.mark.slow
def test_reading_never_creates_a_gradebook(tmp_path: Path) -> None:
    ensure_tools_on_path()
    config = init_course(tmp_path / "kurs")
    database = Path(load_cohort_config(config.course_dir).db_url.removeprefix("sqlite:///"))
    database.unlink()
    assert load_cohort(config.course_dir).learners.empty
    assert not database.exists()
