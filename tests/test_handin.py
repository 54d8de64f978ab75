"""Handing a module in from the course page, through nbgrader's real exchange (``nbgrader submit``).

A trainer's course is set up and released with ``mangfold cohort``; the learner's nbgrader config
lives in their own Jupyter config folder (as on a hub), the module is fetched into ``~/release``,
worked through the real widgets, and handed in with the page's button. The trainer then collects
and grades what arrived.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.exchange.default import ExchangeFetchAssignment

from mangfold.cli import main
from mangfold.cohort.config import load_cohort_config
from mangfold.handin import hand_in_target
from mangfold.summary.snapshot import SUMMARY_MODULE
from mangfold.ui import open_module
from mangfold.ui.summary_page import open_summary
from tests import learners
from tests.conftest import MODULE_1
from tests.helpers.interface_text import STRINGS
from tests.helpers.nbgrader_course import exchange_step, learner_config
from tests.helpers.widgets import widget_tree

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("hand-in"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

COURSE = "mangfold-innlevering"
LEARNER_CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course!r}
c.Exchange.root = {exchange!r}
c.Exchange.assignment_dir = {release!r}
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A released module 1 and a learner whose nbgrader points at the exchange (their ~/release)."""
    base = tmp_path_factory.mktemp("hand-in")
    exchange, course, home = base / "exchange", base / "kurs", base / "hjem"
    exchange.mkdir(mode=0o777)
    assert main(["cohort", "init", str(course), "--course-id", COURSE, "--exchange", str(exchange)]) == 0
    assert main(["cohort", "release", str(course), "--module", MODULE_1, "--module", SUMMARY_MODULE]) == 0
    release = home / "release"
    release.mkdir(parents=True)
    config_dir = base / "jupyter-config"
    config_dir.mkdir()
    (config_dir / "nbgrader_config.py").write_text(LEARNER_CONFIG.format(
        course=COURSE, exchange=str(exchange), release=str(release)), encoding="utf-8")
    for module in (MODULE_1, SUMMARY_MODULE):
        config = learner_config(home, "ignored", exchange, module, COURSE)
        config.Exchange.assignment_dir = str(release)
        exchange_step(ExchangeFetchAssignment, config)
    return {"course": course, "exchange": exchange, "folder": release / MODULE_1, "config_dir": config_dir}


@pytest.fixture
def learner_env(hub: dict, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(hub["config_dir"]))
    return hub


def hand_in_card(page):
    footer = page.completion()  # the completion screen, the module's last step
    return [w for w in widget_tree(footer) if "mf-handin__button" in getattr(w, "_dom_classes", ())]


def status_text(page) -> str:
    return page.hand_in.status.value


def test_a_page_without_an_exchange_offers_no_hand_in(module_dir: Path) -> None:
    assert hand_in_target(module_dir, MODULE_1) is None
    assert hand_in_card(open_module(MODULE_1, module_dir, "nb")) == []


def test_the_page_hands_the_module_in_and_the_trainer_grades_it(learner_env: dict) -> None:
    folder: Path = learner_env["folder"]
    target = hand_in_target(folder, MODULE_1)
    assert target is not None and target.course_id == COURSE and target.run_in == folder.parent
    expected = learners.complete(folder)
    page = open_module(MODULE_1, folder, "nb")
    buttons = hand_in_card(page)
    assert [b.description for b in buttons] == [STRINGS["nb"]["handin_button"].format(number=1)]
    buttons[0].click()
    assert "Levert kl." in status_text(page), status_text(page)
    inbound = list((learner_env["exchange"] / COURSE / "inbound").iterdir())
    assert len(inbound) == 1 and (inbound[0] / "mangfold-progress.json").is_file()
    course = str(learner_env["course"])
    assert main(["cohort", "collect", course, "--module", MODULE_1]) == 0
    assert main(["cohort", "autograde", course, "--module", MODULE_1]) == 0
    config = load_cohort_config(learner_env["course"])
    with Gradebook(config.db_url, COURSE) as gradebook:
        (submission,) = gradebook.assignments[0].submissions
        assert submission.score == sum(expected.values()) > 0


def test_a_failed_hand_in_says_why_and_the_learner_can_try_again(learner_env: dict) -> None:
    page = open_module(MODULE_1, learner_env["folder"], "en")
    button = hand_in_card(page)[0]
    outbound = learner_env["exchange"] / COURSE / "outbound"
    hidden = outbound.with_name("outbound-hidden")
    outbound.rename(hidden)  # the trainer withdrew the release: nbgrader refuses the submission
    try:
        button.click()
    finally:
        hidden.rename(outbound)
    assert "The hand-in did not go through (" in status_text(page) and not button.disabled
    button.click()
    assert "Handed in at" in status_text(page)


def test_a_module_fetched_elsewhere_is_not_offered(learner_env: dict, tmp_path: Path) -> None:
    elsewhere = tmp_path / MODULE_1
    shutil.copytree(learner_env["folder"], elsewhere)
    assert hand_in_target(elsewhere, MODULE_1) is None  # nbgrader would submit ~/release's copy, not this one


def test_the_summary_is_handed_in_with_a_fresh_snapshot_of_the_modules(learner_env: dict) -> None:
    folder: Path = learner_env["folder"].parent / SUMMARY_MODULE
    page = open_summary(folder, "nb")
    buttons = [w for w in widget_tree(page.footer()) if "mf-handin__button" in getattr(w, "_dom_classes", ())]
    assert [b.description for b in buttons] == [STRINGS["nb"]["handin_summary_button"]]
    buttons[0].click()
    assert "Levert kl." in page.hand_in.status.value
    arrived = [p for p in (learner_env["exchange"] / COURSE / "inbound").iterdir() if SUMMARY_MODULE in p.name]
    assert len(arrived) == 1 and (arrived[0] / "mangfold-kurset.json").is_file()
