"""The whole course through nbgrader: every module released, worked, submitted, collected and graded.

The detailed cycle with every kind of bad submission runs on module 1 (``test_nbgrader_cycle``);
this test proves the same machinery holds for every module of the course, exercises included.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit
from traitlets.config import PyFileConfigLoader

from mangfold.authoring.release import SKIPPED, nbgrader_api
from mangfold.content import find_module_dirs, load_module_content
from mangfold.kernels import autograde
from mangfold.summary.build import build_course
from mangfold.summary.snapshot import SUMMARY_MODULE
from mangfold.ui.summary_page import open_summary
from tests import learners
from tests.conftest import REPO_ROOT
from tests.helpers.nbgrader_course import CONFIG_FILE, exchange_step, learner_config, ok

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("nbgrader-course"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

COURSE = "mangfold-hele-kurset"
MODULES = [m.name for m in find_module_dirs(REPO_ROOT / "source")]
WORK = {"anne": learners.complete, "bo": learners.partial, "cato": learners.no_progress}
#: what each learner writes as the first commitment of the action plan (None: never opens the summary)
SUMMARY_WORK = {"anne": "Jeg skriver jobbanalysen før annonsen", "bo": "Strukturert intervju neste gang", "cato": None}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("nbgrader-course")


@pytest.fixture(scope="module")
def course(base: Path) -> tuple[str, dict[str, dict[str, learners.Points]]]:
    root, exchange = base / "kurs", base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    for module in MODULES:
        shutil.copytree(REPO_ROOT / "source" / module, root / "source" / module,
                        ignore=shutil.ignore_patterns(*SKIPPED))
    db_url = f"sqlite:///{base / 'gradebook.db'}"
    (root / "nbgrader_config.py").write_text(CONFIG_FILE.format(
        root=str(root), course=COURSE, db_url=db_url, exchange=str(exchange), cache=str(base / "cache")))
    api = nbgrader_api(root, db_url)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    api.update_config(config)
    api.coursedir.update_config(config)
    with Gradebook(db_url, COURSE) as gradebook:
        for student in WORK:
            gradebook.add_student(student)
    expected: dict[str, dict[str, learners.Points]] = {student: {} for student in WORK}
    for module in MODULES:
        ok(api.generate_assignment(module))
        ok(api.release_assignment(module))
        for student, work in WORK.items():
            home = base / "hjem" / student
            home.mkdir(parents=True, exist_ok=True)
            config = learner_config(home, student, exchange, module, COURSE)
            exchange_step(ExchangeFetchAssignment, config)
            expected[student][module] = work(home / module)
            exchange_step(ExchangeSubmit, config)
        ok(api.collect(module))
        ok(autograde(api, module, "*"))
    # the summary assignment: taken on each learner's own page, after the modules
    shutil.copytree(REPO_ROOT / "source" / SUMMARY_MODULE, root / "source" / SUMMARY_MODULE,
                    ignore=shutil.ignore_patterns(*SKIPPED))
    ok(api.generate_assignment(SUMMARY_MODULE))
    ok(api.release_assignment(SUMMARY_MODULE))
    for student, plan in SUMMARY_WORK.items():
        home = base / "hjem" / student
        config = learner_config(home, student, exchange, SUMMARY_MODULE, COURSE)
        exchange_step(ExchangeFetchAssignment, config)
        if plan is not None:
            os.environ["VOILA_KERNEL_ID"] = "the-learner's-page"  # the snapshot is taken on the learner's page
            try:
                page = open_summary(home / SUMMARY_MODULE, "nb")
            finally:
                del os.environ["VOILA_KERNEL_ID"]
            page.action_plan()
            page.action_boxes[0].value = plan
        exchange_step(ExchangeSubmit, config)
    ok(api.collect(SUMMARY_MODULE))
    ok(autograde(api, SUMMARY_MODULE, "*"))
    # the trainer hands every learner their summary as the summary notebook's feedback
    ok(api.generate_feedback(SUMMARY_MODULE))
    assert all(r.error is None for r in build_course(root, with_pdf=False))
    ok(api.release_feedback(SUMMARY_MODULE))
    for student in WORK:
        exchange_step(ExchangeFetchFeedback,
                      learner_config(base / "hjem" / student, student, exchange, SUMMARY_MODULE, COURSE))
    return db_url, expected


def test_the_course_has_five_modules() -> None:
    assert len(MODULES) == 5


@pytest.mark.parametrize("module", MODULES)
def test_every_module_is_graded_exactly(course, module: str) -> None:
    db_url, expected = course
    maximum = learners.max_points(load_module_content(REPO_ROOT / "source" / module, "nb"))
    with Gradebook(db_url, COURSE) as gradebook:
        assert gradebook.find_assignment(module).max_score == maximum
        for student in WORK:
            score = gradebook.find_submission(module, student).score
            assert score == sum(expected[student][module].values()), (student, module)
    assert sum(expected["anne"][module].values()) == maximum
    assert 0 < sum(expected["bo"][module].values()) < maximum
    assert sum(expected["cato"][module].values()) == 0


def test_the_summary_assignment_grades_the_whole_course(course) -> None:
    db_url, _expected = course
    with Gradebook(db_url, COURSE) as gradebook:
        assert gradebook.find_assignment(SUMMARY_MODULE).max_score == len(MODULES) + 1
        scores = {s: gradebook.find_submission(SUMMARY_MODULE, s).score for s in WORK}
    # anne finished every module and wrote a plan; bo finished none but wrote one; cato took no snapshot
    assert scores == {"anne": len(MODULES) + 1, "bo": 1, "cato": 0}


def test_learners_fetch_their_summary_as_feedback(course, base: Path) -> None:
    fetched = {student: list((base / "hjem" / student / SUMMARY_MODULE / "feedback").rglob(f"{SUMMARY_MODULE}.html"))
               for student in WORK}
    anne = fetched["anne"][0].read_text(encoding="utf-8")
    assert "Jobbstøtte for mangfoldsrekruttering" in anne and "Du har fullført hele kurset." in anne
    assert SUMMARY_WORK["anne"] in anne and "&lt;script&gt;alert(1)&lt;/script&gt;" in anne
    bo = fetched["bo"][0].read_text(encoding="utf-8")
    assert "ikke komplett" in bo and SUMMARY_WORK["bo"] in bo
