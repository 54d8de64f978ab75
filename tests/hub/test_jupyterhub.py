"""A cohort on a real JupyterHub: a trainer and three learners, each a Unix user with a server of their own.

The hub runs the course's TLJH settings (its pre-spawn hook: learner mode for learners, JupyterLab and
formgrader for the trainer). The trainer (made as deploy/tljh/setup.sh makes them) makes the course with
``mangfold cohort init`` and releases every module. Each learner, with the hub's nbgrader settings
(deploy/tljh/nbgrader_config.py), gets the modules as on the hub, from deploy/mangfold-learner-start.sh run
as their Unix user (learner mode has no assignment list), works through two of them by driving the real
widgets, and hands them in with the course page's own hand-in (``mangfold.handin``). The trainer collects,
autogrades and releases feedback with ``mangfold cohort``; the learners' next start fetches it, and the
gradebook holds exactly the points the learners earned. Then another learner and an account that is not on
the hub try to read every file the cohort left behind; the learners' servers answer only the course; and
the trainer opens the dashboard through the hub.

Learners: mf-anne does everything, mf-bo some of it, mf-cato edits her progress file (scores nothing).
The flow runs once for the module (``hub_course``); each test checks one thing it left behind.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from nbgrader.api import Gradebook

from mangfold import i18n
from mangfold.cohort.commands import ALL_ASSIGNMENTS
from mangfold.cohort.config import load_cohort_config
from mangfold.cohort.dashboard_notebook import DASHBOARD_NOTEBOOK
from mangfold.cohort.privacy import PRIVATE_MODE
from mangfold.content import load_module_content
from mangfold.course import MODULE_IDS
from mangfold.progress.store import PROGRESS_FILENAME
from tests import learners
from tests.browser.conftest import EXPECT_NO_LIMIT
from tests.hub import prereqs
from tests.hub.conftest import LEARNERS, TRAINER, Workspace, record
from tests.hub.hub import Hub
from tests.hub.permissions import Entry, everything_under, readable_by
from tests.hub.users import UnixUser
from tests.hub.venv import HubVenv
from tests.page_watch import ServerWatch
from tests.waiting import process_exited, wait_for

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
#: the course home, under every learner's server (deploy/tljh/jupyterhub_config.d/mangfold.py's COURSE_HOME_URL)
COURSE_HOME = "voila/render/notebooks/home.ipynb"
#: Debian's Chromium, as the browser tests use it (MANGFOLD_CHROMIUM overrides the path)
CHROMIUM = Path(os.environ.get("MANGFOLD_CHROMIUM", "/usr/bin/chromium"))


@dataclass
class HubCourse:
    hub: Hub
    users: dict[str, UnixUser]
    course_dir: Path
    tokens: dict[str, str]
    listed: dict[str, dict[str, bool]]  # learner -> module -> fetched into ~/release at the server's start
    handed_in: dict[str, dict[str, str]]  # learner -> module -> what the page's hand-in said
    restarted: dict[str, subprocess.CompletedProcess]  # learner -> the start after feedback was released
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


#: the course page's "Lever inn": mangfold.handin, as the module page's kernel runs it
HAND_IN = ("import sys; from pathlib import Path; from mangfold.handin import hand_in, hand_in_target; "
           "folder = Path(sys.argv[1]); target = hand_in_target(folder, folder.name); "
           "print('no exchange' if target is None else hand_in(target))")


def module_folder(learner: UnixUser, module: str) -> Path:
    """Where nbgrader fetches a module on the hub (Exchange.assignment_dir = ~/release), beside the course home."""
    return learner.home / "release" / module


def server_start(learner: UnixUser, venv: Path, workspace: Workspace) -> subprocess.CompletedProcess:
    """What every start of a learner's server runs first on the hub (TLJH's Spawner.cmd wrapper)."""
    return ran(learner.run(venv, "bash", str(workspace.learner_start), "true",
                           env={"MANGFOLD_EXCHANGE": str(workspace.exchange), "MANGFOLD_COURSE_ID": COURSE_ID,
                                "MANGFOLD_HOME_NOTEBOOK": str(workspace.support / "home.ipynb")}),
               f"mangfold-learner-start as {learner.name}")


def learner_session(learner: UnixUser, kind: str, venv: Path, workspace: Workspace
                    ) -> tuple[dict[str, bool], dict[str, learners.Points], dict[str, str]]:
    """One learner's session: the server's start fetches every released module, the learner works through
    ``WORKED`` by driving the widgets (``tests/learners.py``, as ``kind``) and hands each in from the page.
    Which modules arrived, the points each worked module should earn, what each hand-in said."""
    server_start(learner, venv, workspace)
    listed = {module: (module_folder(learner, module) / f"{module}.ipynb").is_file() for module in ALL_ASSIGNMENTS}
    work = ran(learner.run(venv, "python", str(workspace.support / "learner_work.py"), kind,
                           *(str(module_folder(learner, module)) for module in WORKED),
                           env={"PYTHONPATH": str(workspace.support)}), f"{learner.name} working through {WORKED}")
    handed_in = {module: ran(learner.run(venv, "python", "-c", HAND_IN, str(module_folder(learner, module))),
                             f"{learner.name} hands in {module}").stdout.strip() for module in WORKED}
    return listed, last_json(work), handed_in


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
    for name in LEARNERS:  # the hub's settings, with the test's exchange and course id
        hub_users[name].write(".jupyter/nbgrader_config.py",
                              f"c = get_config()  # noqa: F821\n"
                              f"load_subconfig({str(workspace.deploy_nbgrader_config)!r})  # noqa: F821\n"
                              f"c.Exchange.root = {str(workspace.exchange)!r}\n"
                              f"c.CourseDirectory.course_id = {COURSE_ID!r}\n")
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
        sessions = {name: pool.submit(learner_session, hub_users[name], kind, venv, workspace)
                    for name, kind in WORK.items()}
        results = {name: session.result() for name, session in sessions.items()}
    listed = {name: result[0] for name, result in results.items()}
    expected = {name: result[1] for name, result in results.items()}
    handed_in = {name: result[2] for name, result in results.items()}
    record("3 learners fetch 6, work through 2, hand in 2 (in parallel)", time.monotonic() - started)

    started = time.monotonic()
    commands["collect"] = ran(trainer.run(venv, "mangfold", "cohort", "collect", str(course_dir)),
                              "mangfold cohort collect")
    record("cohort collect", time.monotonic() - started)
    started = time.monotonic()
    commands["autograde"] = trainer.run(venv, "mangfold", "cohort", "autograde", str(course_dir))
    record(f"cohort autograde ({len(LEARNERS)} learners x {len(WORKED)} modules)", time.monotonic() - started)
    record("hub flow: spawn to graded", time.monotonic() - flow_started)
    started = time.monotonic()
    commands["feedback"] = ran(trainer.run(venv, "mangfold", "cohort", "feedback", str(course_dir),
                                           *(f"--module={module}" for module in WORKED)), "mangfold cohort feedback")
    restarted = {name: server_start(hub_users[name], venv, workspace) for name in LEARNERS}
    record("cohort feedback, and every learner's next start fetches theirs", time.monotonic() - started)
    return HubCourse(hub, hub_users, course_dir, tokens, listed, handed_in, restarted, expected, commands)


def test_every_module_is_released_and_every_learner_fetched_them(hub_course: HubCourse) -> None:
    for name in LEARNERS:
        assert hub_course.listed[name] == dict.fromkeys(ALL_ASSIGNMENTS, True), (name, hub_course.listed[name])
        assert (hub_course.users[name].home / "notebooks" / "home.ipynb").is_file(), name


def test_learners_submitted_as_themselves(hub_course: HubCourse) -> None:
    for name in LEARNERS:
        assert hub_course.handed_in[name] == dict.fromkeys(WORKED, "HandInResult(ok=True, message='')"), name
        learner = hub_course.users[name]
        for module in WORKED:
            progress = module_folder(learner, module) / PROGRESS_FILENAME
            assert progress.stat().st_uid == learner.uid, f"{progress} was not written by {name}"
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
    refused = [("ls", bo.home), ("cat", module_folder(bo, WORKED[0]) / PROGRESS_FILENAME),
               ("cat", hub_course.course_dir / "gradebook.db"),
               ("ls", course / "inbound")]  # nor who handed in what
    for command, target in refused:
        peek = anne.run(venv_bin, command, str(target))
        assert peek.returncode != 0 and "Permission denied" in peek.stderr, (command, target, peek.stdout)
    # the exchange is mode 1777: she may write there, but not move the trainer's course folder away
    moved = anne.run(venv_bin, "mv", str(course), str(workspace.exchange / "borte"))
    assert moved.returncode != 0 and course.is_dir(), moved.stderr
    # while her own work is readable to her
    assert anne.run(venv_bin, "cat", str(module_folder(anne, WORKED[0]) / PROGRESS_FILENAME)).returncode == 0


def test_every_learner_fetched_their_own_feedback(hub_course: HubCourse) -> None:
    result = hub_course.commands["feedback"]
    assert result.stdout.count("feedback released / tilbakemelding delt ut") == len(WORKED), result.stdout
    for name in LEARNERS:
        learner = hub_course.users[name]
        log = (learner.home / ".mangfold-start.log").read_text(encoding="utf-8", errors="replace")
        for module in WORKED:
            fetched = list((module_folder(learner, module) / "feedback").glob(f"*/{module}.html"))
            assert len(fetched) == 1, (name, module, fetched, log[-3000:])
            assert fetched[0].stat().st_uid == learner.uid


def test_trainer_home_and_course_folder_are_private(hub_course: HubCourse) -> None:
    for folder in (hub_course.trainer.home, hub_course.course_dir):
        assert folder.stat().st_mode & 0o777 == PRIVATE_MODE, (folder, oct(folder.stat().st_mode))


def learner_of(entry: Entry, hub_course: HubCourse, exchange: Path, hashes: dict[Path, str]) -> str | None:
    """Whose text a file is, when it is one learner's: in their home, their copy in inbound/, their feedback."""
    for name in LEARNERS:
        if entry.path == hub_course.users[name].home or hub_course.users[name].home in entry.path.parents:
            return name
    inbound = exchange / COURSE_ID / "inbound"
    if inbound in entry.path.parents:
        return entry.path.relative_to(inbound).parts[0].split("+")[0]
    return hashes.get(entry.path)


def released_feedback_owners(hub_course: HubCourse, exchange: Path) -> dict[Path, str]:
    """Each file of the exchange's feedback/ and its learner, by nbgrader's own naming (the submission's secret)."""
    from nbgrader.utils import notebook_hash

    owners = {}
    for secret in (hub_course.course_dir / "feedback").glob("*/*/submission_secret.txt"):
        learner, module = secret.parent.parent.name, secret.parent.name
        for html in secret.parent.glob("*.html"):
            name = notebook_hash(secret=secret.read_text(encoding="utf-8"), notebook_id=html.stem)
            owners[exchange / COURSE_ID / "feedback" / f"{name}.html"] = learner
        assert module in WORKED
    return owners


def test_no_learner_text_is_readable_by_another_learner_or_an_outsider(
        hub_course: HubCourse, workspace: Workspace, outsider: UnixUser) -> None:
    """After hand-in, collect, autograde and feedback: mf-bo (another learner) and mf-fremmed (an account
    that is not on the hub) try every file and folder under the course folder, the whole exchange and
    mf-anne's home. Only the released modules (outbound/) and the exchange's own folders may be open."""
    anne = hub_course.users["mf-anne"]
    exchange = workspace.exchange
    entries = everything_under(hub_course.course_dir, exchange, anne.home)
    hashes = released_feedback_owners(hub_course, exchange)
    kinds = {"inbound": 0, "feedback": 0, "submitted": 0}
    for entry in entries:
        for kind in kinds:
            kinds[kind] += entry.kind == "file" and kind in entry.path.parts
    assert all(kinds.values()), f"the cohort left nothing to try in some place: {kinds}"
    assert len(hashes) == len(LEARNERS) * len(WORKED)
    public = exchange / COURSE_ID / "outbound"
    open_folders = {exchange, exchange / COURSE_ID, public}
    exposed: list[str] = []
    for prober in (hub_course.users["mf-bo"], outsider):
        started = time.monotonic()
        readable = readable_by(prober, entries)
        record(f"permission walk as {prober.name} ({len(entries)} files and folders)", time.monotonic() - started)
        exposed += sorted(f"{prober.name} reads {entry.path} ({entry.kind}, mode {entry.mode:04o})"
                          for entry in entries if entry.path in readable and entry.path not in open_folders
                          and public not in entry.path.parents
                          and learner_of(entry, hub_course, exchange, hashes) != prober.name)
        assert any(public in path.parents for path in readable), f"{prober.name} cannot even read outbound/"
    assert not exposed, "learner text open to others:\n" + "\n".join(exposed)


def test_a_token_opens_only_its_owners_server(hub_course: HubCourse) -> None:
    hub = hub_course.hub
    assert hub.server("mf-anne", "GET", "api/status", hub_course.tokens["mf-anne"]).status_code == 200
    for other in ("mf-bo", TRAINER):
        answer = hub.server(other, "GET", "api/status", hub_course.tokens["mf-anne"])
        assert answer.status_code == 403, (other, answer.status_code)


#: what a learner's server must not answer in learner mode (the hub's pre-spawn hook sets MANGFOLD_MODE=learner)
LEARNER_CLOSED = ("lab", "lab/tree/release", "tree", "terminals/1", "terminals/websocket/1", "api/terminals",
                  "api/contents", "api/contents/release", "api/sessions", "files/.mangfold-start.log",
                  "voila/tree", "voila/render/.jupyter/nbgrader_config.py", "formgrader",
                  f"assignments?course_id={COURSE_ID}")


def leave_page(hub: Hub, name: str, token: str, page: str) -> None:
    """Do what a Voilà page does when it is left: shut its kernel down; then wait until the server has.

    A kernel left running when the hub stops could outlive its server's shutdown on a busy machine.
    """
    found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page)
    assert found, "the page names no kernel"
    kernel = found.group(1)
    answer = hub.server(name, "POST", f"voila/api/shutdown/{kernel}", token)
    assert answer.status_code in (200, 204), (answer.status_code, answer.text[:500])
    wait_for(lambda: hub.server(name, "GET", f"api/kernels/{kernel}", token).status_code == 404,
             unreachable=process_exited(hub.process, "jupyterhub", hub.log_text),
             what=f"kernel {kernel} of {name} still running", poll=0.2)


def test_learners_servers_answer_only_the_course(hub_course: HubCourse) -> None:
    """Through the hub, with each learner's own token: no JupyterLab, terminals, contents, file tree or
    formgrader (404), while the course home renders."""
    hub = hub_course.hub
    for name in LEARNERS:
        token = hub_course.tokens[name]
        answers = {path: hub.server(name, "GET", path, token).status_code for path in LEARNER_CLOSED}
        assert set(answers.values()) == {404}, (name, answers)
    started = time.monotonic()
    home = hub.server("mf-anne", "GET", COURSE_HOME, hub_course.tokens["mf-anne"])
    record("a learner's course home through the hub (HTTP)", time.monotonic() - started)
    assert home.status_code == 200, home.text[:2000]
    assert "There was an error when executing cell" not in home.text
    leave_page(hub, "mf-anne", hub_course.tokens["mf-anne"], home.text)


def test_the_trainer_keeps_jupyterlab_and_the_contents(hub_course: HubCourse) -> None:
    hub, token = hub_course.hub, hub_course.tokens[TRAINER]
    for path in ("lab", "api/contents", "api/terminals"):
        answer = hub.server(TRAINER, "GET", path, token)
        assert answer.status_code == 200, (path, answer.status_code)


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
    leave_page(hub_course.hub, TRAINER, hub_course.tokens[TRAINER], page.text)


def test_trainer_logs_in_and_opens_the_dashboard(hub_course: HubCourse) -> None:
    """As a trainer does it: log in to the hub with the shared password, land on the dashboard, read it."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        prereqs.missing(f"needs Debian's chromium ({CHROMIUM}) to open the dashboard in a browser: "
                        "apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    target = f"/user/{TRAINER}/voila/render/{dashboard_path(hub_course)}"
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page()
            # no time limits (a loaded 2-core machine takes what it takes); a dead hub fails the page instead
            page.set_default_timeout(0)
            page.set_default_navigation_timeout(0)
            expect.set_options(timeout=EXPECT_NO_LIMIT)  # 0 would mean Playwright's default 5 s
            with ServerWatch(process_exited(hub_course.hub.process, "jupyterhub", hub_course.hub.log_text)):
                page.goto(f"{hub_course.hub.url}/hub/login?next={quote(target)}")
                page.fill("#username_input", TRAINER)
                page.fill("#password_input", hub_course.hub.password)
                page.click("#login_submit")
                page.wait_for_url(f"**{target}")
                expect(page.get_by_role("heading", level=1, name=i18n.text("nb", "dashboard.title"))).to_be_visible()
                header = page.locator(".mf-header__eyebrow")
                expect(header).to_have_text(i18n.text("nb", "dashboard.course", course=COURSE_ID, count=len(LEARNERS)))
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
    # the page was drawn from this cohort: its course, its three learners, mf-cato's two edited files
    assert f'<h1 class="mf-header__title">{i18n.text("nb", "dashboard.title")}</h1>' in text
    assert i18n.text("nb", "dashboard.course", course=COURSE_ID, count=len(LEARNERS)) in text
    assert text.count("checksum does not match") == len(WORKED), text
