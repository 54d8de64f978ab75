"""A cohort on a real JupyterHub: a trainer and three learners, each a Unix user with a server of their own.

The trainer makes the course with ``mangfold cohort init`` and releases every module; each learner
fetches the modules through nbgrader's API on their own server (through the hub's proxy, with a token
of their own), works through two of them by driving the real widgets as their Unix user, and submits
through the same API. The trainer collects and autogrades with ``mangfold cohort``, and the gradebook
holds exactly the points the learners earned. The trainer then opens the dashboard through the hub.

Learners: mf-anne does everything, mf-bo some of it, mf-cato edits her progress file (scores nothing).
The flow runs once for the module (``hub_course``); each test checks one thing it left behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from nbgrader.api import Gradebook

from mangfold.cohort.commands import ALL_ASSIGNMENTS
from mangfold.cohort.config import load_cohort_config
from mangfold.cohort.dashboard_notebook import DASHBOARD_NOTEBOOK
from mangfold.content import load_module_content
from mangfold.course import MODULE_IDS
from mangfold.progress.store import PROGRESS_FILENAME
from mangfold.ui.dashboard_strings import DASHBOARD_STRINGS
from tests import learners
from tests.hub import prereqs
from tests.hub.conftest import LEARNERS, TRAINER, Workspace, record
from tests.hub.hub import Hub
from tests.hub.users import UnixUser
from tests.hub.venv import HubVenv

pytestmark = [
    pytest.mark.hub,
    pytest.mark.slow,
    pytest.mark.xdist_group("hub"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

COURSE_ID = "mangfold-hub-kull"
#: the modules the learners work through and hand in (all of them are released and fetched)
WORKED = MODULE_IDS[:2]
WORK = {"mf-anne": "complete", "mf-bo": "partial", "mf-cato": "tampered"}
#: Debian's Chromium, as the browser tests use it (MANGFOLD_CHROMIUM overrides the path)
CHROMIUM = Path(os.environ.get("MANGFOLD_CHROMIUM", "/usr/bin/chromium"))


@dataclass
class HubCourse:
    hub: Hub
    users: dict[str, UnixUser]
    course_dir: Path
    tokens: dict[str, str]
    listed: dict[str, dict[str, str]]  # learner -> module -> status after fetching
    expected: dict[str, dict[str, learners.Points]]  # learner -> module -> grade id -> points
    commands: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)

    @property
    def trainer(self) -> UnixUser:
        return self.users[TRAINER]


def ran(result: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


def last_json(result: subprocess.CompletedProcess) -> object:
    return json.loads(result.stdout.strip().splitlines()[-1])


def assignments(hub: Hub, name: str, token: str) -> dict[str, str]:
    """module -> status ("released", "fetched", "submitted") as nbgrader's assignment list API shows it."""
    answer = hub.server_json(name, "GET", f"assignments?course_id={COURSE_ID}", token)
    assert answer["success"], answer
    return {a["assignment_id"]: a["status"] for a in answer["value"]}


def nbgrader_action(hub: Hub, name: str, token: str, action: str, module: str) -> object:
    return hub.server_json(name, "POST", f"assignments/{action}", token,
                           data={"course_id": COURSE_ID, "assignment_id": module})


def learner_session(hub: Hub, learner: UnixUser, token: str, kind: str, venv: Path,
                    workspace: Workspace) -> tuple[dict[str, str], dict[str, learners.Points]]:
    """One learner's session: see the released modules, fetch them all, work through ``WORKED`` by
    driving the widgets (``tests/learners.py``, as ``kind``), submit them. What the assignment list
    said after fetching, and the points each worked module should earn."""
    name = learner.name
    assert set(assignments(hub, name, token).values()) == {"released"}
    for module in ALL_ASSIGNMENTS:
        after_fetch = nbgrader_action(hub, name, token, "fetch", module)
    assert isinstance(after_fetch, dict) and after_fetch["success"], after_fetch
    listed = {a["assignment_id"]: a["status"] for a in after_fetch["value"]}
    work = ran(learner.run(venv, "python", str(workspace.support / "learner_work.py"), kind,
                           *(str(learner.home / module) for module in WORKED),
                           env={"PYTHONPATH": str(workspace.support)}), f"{name} working through {WORKED}")
    for module in WORKED:
        answer = nbgrader_action(hub, name, token, "submit", module)
        assert isinstance(answer, dict) and answer.get("success"), (name, module, answer)
    return listed, last_json(work)


@pytest.fixture(scope="module")
def hub_course(jupyterhub: Hub, hub_users: dict[str, UnixUser], hub_venv_ready: HubVenv,
               workspace: Workspace) -> HubCourse:
    hub, venv = jupyterhub, hub_venv_ready.bin
    trainer = hub_users[TRAINER]
    flow_started = time.monotonic()
    spawn_asked = hub.request_spawn(*hub_users)  # the servers start while the trainer prepares the course

    course_dir = trainer.home / "kurs"
    started = time.monotonic()
    commands = {"init": ran(trainer.run(venv, "mangfold", "cohort", "init", str(course_dir), "--course-id", COURSE_ID,
                                        "--exchange", str(workspace.exchange), "--roster", str(workspace.roster),
                                        "--source", str(workspace.source)), "mangfold cohort init")}
    record("cohort init", time.monotonic() - started)
    # formgrader (on the trainer's server) reads ~/.jupyter: point it at the course's own settings
    trainer.write(".jupyter/nbgrader_config.py",
                  f"c = get_config()  # noqa: F821\nload_subconfig({str(course_dir / 'nbgrader_config.py')!r})\n")
    for name in LEARNERS:
        hub_users[name].write(".jupyter/nbgrader_config.py",
                              f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(workspace.exchange)!r}\n")
    started = time.monotonic()
    commands["release"] = ran(trainer.run(venv, "mangfold", "cohort", "release", str(course_dir)),
                              "mangfold cohort release")
    record("cohort release (every module)", time.monotonic() - started)

    ready = hub.wait_ready(*hub_users, since=spawn_asked)
    record("4 servers ready (from the spawn request)", max(ready.values()))
    started = time.monotonic()
    tokens = {name: hub.user_token(name) for name in hub_users}
    record("4 user tokens", time.monotonic() - started)

    # the three learners at the same time, each on their own server and as their own Unix user
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(WORK)) as pool:
        sessions = {name: pool.submit(learner_session, hub, hub_users[name], tokens[name], kind, venv, workspace)
                    for name, kind in WORK.items()}
        results = {name: session.result() for name, session in sessions.items()}
    listed = {name: result[0] for name, result in results.items()}
    expected = {name: result[1] for name, result in results.items()}
    record("3 learners fetch 6, work through 2, submit 2 (in parallel)", time.monotonic() - started)

    started = time.monotonic()
    commands["collect"] = ran(trainer.run(venv, "mangfold", "cohort", "collect", str(course_dir)),
                              "mangfold cohort collect")
    record("cohort collect", time.monotonic() - started)
    started = time.monotonic()
    commands["autograde"] = trainer.run(venv, "mangfold", "cohort", "autograde", str(course_dir))
    record(f"cohort autograde ({len(LEARNERS)} learners x {len(WORKED)} modules)", time.monotonic() - started)
    record("hub flow: spawn to graded", time.monotonic() - flow_started)
    return HubCourse(hub, hub_users, course_dir, tokens, listed, expected, commands)


def test_every_module_is_released_and_every_learner_fetched_them(hub_course: HubCourse) -> None:
    for name in LEARNERS:
        statuses = hub_course.listed[name]
        assert sorted(statuses) == sorted(ALL_ASSIGNMENTS), name
        assert set(statuses.values()) == {"fetched"}, (name, statuses)
        for module in ALL_ASSIGNMENTS:
            assert (hub_course.users[name].home / module / f"{module}.ipynb").is_file(), (name, module)


def test_learners_submitted_as_themselves(hub_course: HubCourse) -> None:
    for name in LEARNERS:
        statuses = assignments(hub_course.hub, name, hub_course.tokens[name])
        for module in WORKED:
            assert statuses[module] == "submitted", (name, module, statuses)
        home = hub_course.users[name]
        for module in WORKED:
            progress = home.home / module / PROGRESS_FILENAME
            assert progress.stat().st_uid == home.uid, f"{progress} was not written by {name}"
    submitted = hub_course.course_dir / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted(LEARNERS)
    for name in LEARNERS:
        for module in WORKED:
            assert (submitted / name / module / PROGRESS_FILENAME).is_file(), (name, module)


def test_autograde_grades_everyone_and_names_the_tampered_file(hub_course: HubCourse) -> None:
    result = hub_course.commands["autograde"]
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    graded = len(LEARNERS) * len(WORKED)
    assert f"rettet / graded: {graded}, feilet / failed: 0" in result.stdout, result.stdout
    notes = [line for line in result.stdout.splitlines() if line.startswith("merknad/note")]
    assert sorted(line.split()[1:3] for line in notes) == sorted([["mf-cato", m + ":"] for m in WORKED]), notes
    assert all("checksum" in line for line in notes), notes


def test_gradebook_scores_are_exact(hub_course: HubCourse) -> None:
    config = load_cohort_config(hub_course.course_dir)
    assert config.course_id == COURSE_ID and config.db_url.startswith("sqlite:///")
    with Gradebook(config.db_url, COURSE_ID) as gradebook:
        assert sorted(s.id for s in gradebook.students) == sorted(LEARNERS)
        for module in WORKED:
            maximum = learners.max_points(load_module_content(hub_course.course_dir / "source" / module, "nb"))
            assert gradebook.find_assignment(module).max_score == maximum
            for name in LEARNERS:
                points = hub_course.expected[name][module]
                assert gradebook.find_submission(module, name).score == sum(points.values()), (name, module)
                for grade_id, point in points.items():
                    assert gradebook.find_grade(grade_id, module, module, name).score == point, (name, grade_id)
            assert sum(hub_course.expected["mf-anne"][module].values()) == maximum
            assert 0 < sum(hub_course.expected["mf-bo"][module].values()) < maximum
            assert sum(hub_course.expected["mf-cato"][module].values()) == 0


def test_learners_cannot_read_each_other_or_the_gradebook(hub_course: HubCourse, workspace: Workspace) -> None:
    venv_bin = hub_course.hub.venv_bin
    anne, bo = hub_course.users["mf-anne"], hub_course.users["mf-bo"]
    course = workspace.exchange / COURSE_ID
    refused = [("ls", bo.home), ("cat", bo.home / WORKED[0] / PROGRESS_FILENAME),
               ("cat", hub_course.course_dir / "gradebook.db"),
               ("ls", course / "inbound")]  # nor who handed in what
    for command, target in refused:
        peek = anne.run(venv_bin, command, str(target))
        assert peek.returncode != 0 and "Permission denied" in peek.stderr, (command, target, peek.stdout)
    # the exchange is mode 1777: she may write there, but not move the trainer's course folder away
    moved = anne.run(venv_bin, "mv", str(course), str(workspace.exchange / "borte"))
    assert moved.returncode != 0 and course.is_dir(), moved.stderr
    # while her own work is readable to her
    assert anne.run(venv_bin, "cat", str(anne.home / WORKED[0] / PROGRESS_FILENAME)).returncode == 0


def test_a_token_opens_only_its_owners_server(hub_course: HubCourse) -> None:
    hub = hub_course.hub
    assert hub.server("mf-anne", "GET", "api/status", hub_course.tokens["mf-anne"]).status_code == 200
    for other in ("mf-bo", TRAINER):
        answer = hub.server(other, "GET", "api/contents", hub_course.tokens["mf-anne"])
        assert answer.status_code == 403, (other, answer.status_code)


def dashboard_path(hub_course: HubCourse) -> str:
    """The dashboard's path under the trainer's server root (their home)."""
    return str((hub_course.course_dir / DASHBOARD_NOTEBOOK).relative_to(hub_course.trainer.home))


def test_dashboard_renders_through_the_hub_without_errors(hub_course: HubCourse) -> None:
    """Voilà on the trainer's server runs the dashboard's cell before it answers: an error would be in the page."""
    started = time.monotonic()
    page = hub_course.hub.server(TRAINER, "GET", f"voila/render/{dashboard_path(hub_course)}",
                                 hub_course.tokens[TRAINER])
    record("dashboard page through the hub (HTTP)", time.monotonic() - started)
    assert page.status_code == 200, page.text[:2000]
    assert "There was an error when executing cell" not in page.text and "Traceback" not in page.text
    assert "application/vnd.jupyter.widget-view+json" in page.text  # the page widget, drawn by the browser


def test_trainer_logs_in_and_opens_the_dashboard(hub_course: HubCourse) -> None:
    """As a trainer does it: log in to the hub with the shared password, land on the dashboard, read it."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        prereqs.missing(f"needs Debian's chromium ({CHROMIUM}) to open the dashboard in a browser: "
                        "apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    strings = DASHBOARD_STRINGS["nb"]
    target = f"/user/{TRAINER}/voila/render/{dashboard_path(hub_course)}"
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            page.goto(f"{hub_course.hub.url}/hub/login?next={quote(target)}")
            page.fill("#username_input", TRAINER)
            page.fill("#password_input", hub_course.hub.password)
            page.click("#login_submit")
            page.wait_for_url(f"**{target}", timeout=60_000)
            expect(page.get_by_role("heading", level=1, name=strings["title"])).to_be_visible(timeout=60_000)
            header = page.locator(".mf-header__eyebrow")
            expect(header).to_have_text(strings["course"].format(course=COURSE_ID, count=len(LEARNERS)))
            untrusted = page.locator(".mf-untrusted li")
            expect(untrusted).to_have_count(len(WORKED))  # mf-cato's two edited files
        finally:
            browser.close()
    record("trainer logs in and sees the dashboard (Chromium)", time.monotonic() - started)


def test_dashboard_notebook_runs_cleanly_as_the_trainer(hub_course: HubCourse, workspace: Workspace) -> None:
    result = ran(hub_course.trainer.run(Path(hub_course.hub.venv_bin), "python",
                                        str(workspace.support / "run_notebook.py"),
                                        str(hub_course.course_dir / DASHBOARD_NOTEBOOK)), "the dashboard notebook")
    report = last_json(result)
    assert report["errors"] == [] and report["stderr"] == [], report
    text = "\n".join(report["widget_text"])
    strings = DASHBOARD_STRINGS["nb"]
    # the page was drawn from this cohort: its course, its three learners, mf-cato's two edited files
    assert f'<h1 class="mf-header__title">{strings["title"]}</h1>' in text
    assert strings["course"].format(course=COURSE_ID, count=len(LEARNERS)) in text
    assert text.count("checksum does not match") == len(WORKED), text
