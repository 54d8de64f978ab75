"""An LMS launches the course on a real JupyterHub, and the score goes back (issue 19).

The stand-in LMS (lti1p3platform, tests/lti/platform.py) launches into a JupyterHub with
configurable-http-proxy that runs the course's TLJH settings and the LTI snippet
(deploy/tljh/jupyterhub_config.d/mangfold.py, then mangfold_lti.py), driven by Debian's Chromium:

- a learner clicks the course in the LMS and lands on the interactive course home as the hub user the claims
  map to; an instructor lands in JupyterLab, in the group ``instructors``;
- the learner opens module 1 and works it in Chromium through the hub, and hands it in; the trainer collects,
  autogrades and runs ``mangfold cohort lti-sync``; the grade service reads the tool's key from its key file,
  the LMS fetches the key set through the proxy, and records the score for the launch's ``sub``; a gradebook
  learner the LMS never launched is reported, not posted;
- refused, each with a log line of its own and no login: a bad signature, a wrong issuer, a wrong client id,
  an expired token, a replayed launch (state and nonce), a user claim with path or shell characters.

Unix users: names with the test prefix ``mf-`` (``MANGFOLD_LTI_NAME_PREFIX``), made under the hub tests' users
lock and removed after. No time limits: every wait ends on a state or on the hub's exit.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from mangfold.content.loader import load_module_content
from mangfold.course import MODULE_IDS
from mangfold.lti.ags import ToolKey
from mangfold.lti.names import hub_name
from tests.browser.conftest import EXPECT_NO_LIMIT
from tests.helpers.pages import walk
from tests.hub import prereqs
from tests.hub.conftest import PRIVATE_USER_SCRIPT, Workspace, make_workspace, record
from tests.hub.hub import Hub
from tests.hub.users import UnixUser, create_user, processes_of, remove_user
from tests.hub.venv import CACHE, hub_venv
from tests.learners import max_points
from tests.lti.lti_hub import LtiHub
from tests.lti.platform import INSTRUCTOR_ROLE, LEARNER_ROLE, Person, StandInLMS
from tests.page_watch import ServerWatch
from tests.waiting import process_exited, wait_for

pytestmark = [pytest.mark.hub, pytest.mark.slow, pytest.mark.xdist_group("hub"),
              pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]

CHROMIUM = Path(os.environ.get("MANGFOLD_CHROMIUM", "/usr/bin/chromium"))
COURSE_ID = "mangfold-lti-kull"
MODULE = MODULE_IDS[0]
COURSE_HOME = "voila/render/notebooks/home.ipynb"
#: the course home has rendered (tests/browser/conftest.py's RENDERED, for the home)
RENDERED = ".mf-card--summary"
PREFIX = "mf-"
#: who the LMS knows: login_hint -> the person's claims
PEOPLE = {
    "anne": Person("anne-7f3a", [LEARNER_ROLE], "Anne Testesen", "anne@example.org"),
    "kari": Person("kari-91c2", [INSTRUCTOR_ROLE], "Kari Kursholder", "kari@example.org"),
    "hostile": Person("../../root;$(id)", [LEARNER_ROLE]),
}
#: on the gradebook's roster, never launched by the LMS
NOT_LAUNCHED = "mf-utenlms"


@dataclass
class Launched:
    hub: LtiHub
    lms: StandInLMS
    users: dict[str, UnixUser]  # login_hint -> Unix user (= hub user)
    workspace: Workspace
    venv: Path
    service_url: str
    landed: dict[str, str] = field(default_factory=dict)  # login_hint -> the URL the browser landed on
    callback_posts: list[dict] = field(default_factory=list)  # what the LMS's form posted to the hub
    seconds: dict[str, float] = field(default_factory=dict)
    course_dir: Path | None = None

    def name(self, who: str) -> str:
        return self.users[who].name


def chromium_or_skip() -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        prereqs.missing(f"needs Debian's chromium ({CHROMIUM}): apt-get install chromium")


def ran(result: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def browser():
    chromium_or_skip()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_NO_LIMIT)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield launched
        launched.close()


def new_page(browser, hub: Hub):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(0)  # no time limits: a dead hub fails the page instead (ServerWatch)
    page.set_default_navigation_timeout(0)
    return context, page


@pytest.fixture(scope="module")
def lti_hub(browser, tmp_path_factory) -> Iterator[Launched]:
    prereqs.require_root()
    proxy = prereqs.require_proxy()
    prereqs.require_system_python()
    venv = hub_venv()
    record(f"hub venv ({venv.how})", venv.seconds)
    lms = StandInLMS(people=dict(PEOPLE)).start()
    names = {who: hub_name(lms.issuer, "sub", person.sub, PREFIX) for who, person in PEOPLE.items()
             if who != "hostile"}
    workspace = make_workspace("mangfold-lti-")
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "users.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the hub tests' users lock: one process makes users at a time
        users = {"kari": create_user(names["kari"], script=PRIVATE_USER_SCRIPT),
                 "anne": create_user(names["anne"])}
        hub_folder = workspace.root / "hub"
        hub_folder.mkdir(mode=0o700)
        key_file = hub_folder / "mangfold-lti-key.pem"
        key_file.write_text(ToolKey.generate().pem(), encoding="ascii")
        key_file.chmod(0o600)
        service_port = prereqs.free_port()
        hub = LtiHub(hub_folder, venv.bin, proxy, [u.name for u in users.values()],
                     uids=[u.uid for u in users.values()])
        hub.lti_environment = {
            **lms.settings(), "JUPYTERHUB_CRYPT_KEY": secrets.token_hex(32), "MANGFOLD_LTI_NAME_PREFIX": PREFIX,
            "MANGFOLD_LTI_KEY_FILE": str(key_file), "MANGFOLD_LTI_SERVICE_PORT": str(service_port),
            "MANGFOLD_LTI_CROSS_SITE_COOKIES": "0",  # http on 127.0.0.1: the LMS and the hub are one site
            "MANGFOLD_UNIX_PREFIX": "",  # the local-process spawner: the Unix name is the hub name
        }
        lms.tool_login_url = f"{hub.url}/hub/lti13/oauth_login"
        lms.tool_launch_url = f"{hub.url}/hub"
        lms.tool_jwks_url = f"{hub.url}/services/mangfold-lti/jwks.json"
        started = time.monotonic()
        hub.start()
        record("jupyterhub with LTI up", time.monotonic() - started)
        launched = Launched(hub, lms, users, workspace, venv.bin, f"http://127.0.0.1:{service_port}")
        try:
            yield launched
        finally:
            leftovers = hub.stop()
            kept = tmp_path_factory.mktemp("lti-hub-log") / "jupyterhub.log"
            kept.write_text(hub.log_text(), encoding="utf-8")  # the workspace goes; the log stays for a failure
            lms.stop()
            for user in users.values():
                remove_user(user.name)
            shutil.rmtree(workspace.root, ignore_errors=True)
            assert not leftovers, f"the hub left processes behind: {leftovers}"
            assert not any(processes_of(u.uid) for u in users.values())


def launch(lti: Launched, browser, who: str, *, record_post: bool = False):
    """``who`` clicks the course in the LMS; the page, once the hub has answered the LMS's form post."""
    context, page = new_page(browser, lti.hub)
    if record_post:
        page.on("request", lambda request: lti.callback_posts.append(
            {"url": request.url, "form": request.post_data}) if request.url.endswith("/oauth_callback") else None)
    with page.expect_response(lambda response: response.url.endswith("/hub/lti13/oauth_callback")) as callback:
        page.goto(f"{lti.lms.url}/launch?user={who}")
    return context, page, callback.value


# -- the cohort: the trainer prepares, the learner launches, works module 1 and hands in -----------------------
@pytest.fixture(scope="module")
def course(lti_hub: Launched, browser) -> Launched:
    lti, venv, workspace = lti_hub, lti_hub.venv, lti_hub.workspace
    kari, anne = lti.users["kari"], lti.users["anne"]
    roster = workspace.support / "lti-roster.csv"
    roster.write_text(f"id,first_name,last_name,email\n{anne.name},Anne,Testesen,\n{NOT_LAUNCHED},Uten,LMS,\n",
                      encoding="utf-8")
    roster.chmod(0o644)
    course_dir = kari.home / "kurs"
    ran(kari.run(venv, "mangfold", "cohort", "init", str(course_dir), "--course-id", COURSE_ID, "--exchange",
                 str(workspace.exchange), "--roster", str(roster), "--source", str(workspace.source)), "cohort init")
    ran(kari.run(venv, "mangfold", "cohort", "release", str(course_dir), "--module", MODULE), "cohort release")
    anne.write(".jupyter/nbgrader_config.py",
               f"c = get_config()  # noqa: F821\n"
               f"load_subconfig({str(workspace.deploy_nbgrader_config)!r})  # noqa: F821\n"
               f"c.Exchange.root = {str(workspace.exchange)!r}\nc.CourseDirectory.course_id = {COURSE_ID!r}\n")
    # what the hub's start wrapper (mangfold-learner-start) does at the server's start: the course home, module 1
    ran(anne.run(venv, "bash", str(workspace.learner_start), "true",
                 env={"MANGFOLD_EXCHANGE": str(workspace.exchange), "MANGFOLD_COURSE_ID": COURSE_ID,
                      "MANGFOLD_HOME_NOTEBOOK": str(workspace.support / "home.ipynb")}), "mangfold-learner-start")
    from playwright.sync_api import expect

    folder = anne.home / "release" / MODULE
    content = load_module_content(folder, "nb")
    for who, target in (("anne", COURSE_HOME), ("kari", "lab")):
        started = time.monotonic()
        with ServerWatch(process_exited(lti.hub.process, "jupyterhub", lti.hub.log_text)):
            context, page, _ = launch(lti, browser, who, record_post=who == "anne")
            page.wait_for_url(f"**/user/{lti.name(who)}/{target}**")
            if who == "anne":
                expect(page.locator(RENDERED).first).to_be_visible()
            lti.landed[who] = page.url
            if who == "anne":  # she opens module 1 and works it in the browser, through the hub's proxy
                page.goto(f"{lti.hub.url}/user/{lti.name('anne')}/voila/render/release/{MODULE}/{MODULE}.ipynb")
                walk(page, content, "nb")
            context.close()
        lti.seconds[f"{who}: LMS click to {target}"] = time.monotonic() - started
        record(f"LTI launch of {who} to {target} (Chromium)", time.monotonic() - started)

    # the walk does every item right: every point of the module
    lti.seconds["anne's points"] = max_points(content)
    hand_in = ("import sys; from pathlib import Path; from mangfold.handin import hand_in, hand_in_target; "
               "folder = Path(sys.argv[1]); print(hand_in(hand_in_target(folder, folder.name)))")
    ran(anne.run(venv, "python", "-c", hand_in, str(folder)), "anne hands in module 1")
    ran(kari.run(venv, "mangfold", "cohort", "collect", str(course_dir), "--module", MODULE), "cohort collect")
    ran(kari.run(venv, "mangfold", "cohort", "autograde", str(course_dir), "--module", MODULE), "cohort autograde")
    lti.course_dir = course_dir
    return lti


def sync(lti: Launched, token: str, *extra: str) -> subprocess.CompletedProcess:
    return lti.users["kari"].run(lti.venv, "mangfold", "cohort", "lti-sync", str(lti.course_dir), *extra,
                                 env={"JUPYTERHUB_API_TOKEN": token, "MANGFOLD_LTI_SERVICE_URL": lti.service_url,
                                      "LANG": "nb_NO.UTF-8"})


def test_the_learner_lands_on_the_course_home_as_the_mapped_hub_user(course: Launched) -> None:
    anne = course.name("anne")
    assert course.landed["anne"].startswith(f"{course.hub.url}/user/{anne}/{COURSE_HOME}")
    model = course.hub.api("GET", f"users/{anne}").json()
    assert model["groups"] == []
    assert f"LTI launch: {anne} as learner" in course.hub.log_text()


def test_the_instructor_lands_in_jupyterlab_as_a_trainer(course: Launched) -> None:
    kari = course.name("kari")
    assert course.landed["kari"].startswith(f"{course.hub.url}/user/{kari}/lab")
    assert course.hub.api("GET", f"users/{kari}").json()["groups"] == ["instructors"]


def test_auth_state_holds_the_line_item_and_nothing_personal(course: Launched) -> None:
    state = course.hub.api("GET", f"users/{course.name('anne')}").json()["auth_state"]  # admin:users may read it
    assert state["ags"]["lineitem"] == course.lms.lineitem and state["sub"] == PEOPLE["anne"].sub
    assert state["iss"] == course.lms.issuer and state["trainer"] is False and state["locale"] == "nb-NO"
    assert PEOPLE["anne"].name not in repr(state) and PEOPLE["anne"].email not in repr(state)
    database = (course.hub.folder / "jupyterhub.sqlite").read_bytes()
    assert b"anne-7f3a" not in database and b"lineitems/course" not in database, "auth_state is encrypted at rest"


def test_the_trainer_syncs_and_the_lms_records_the_score(course: Launched) -> None:
    token = course.hub.user_token(course.name("kari"))
    started = time.monotonic()
    result = ran(sync(course, token), "mangfold cohort lti-sync")
    record("mangfold cohort lti-sync (2 learners)", time.monotonic() - started)
    lines = result.stdout.splitlines()
    anne = course.name("anne")
    assert any(line.startswith(f"{anne}: ") and "sendt til LMS-et" in line and "Fullført" in line for line in lines), \
        result.stdout
    assert any(line.startswith(f"{NOT_LAUNCHED}: ikke sendt") for line in lines), result.stdout
    (score,) = course.lms.scores
    assert score["userId"] == PEOPLE["anne"].sub
    assert score["scoreGiven"] == course.seconds["anne's points"] and score["scoreMaximum"] > 0
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert course.lms.token_requests == 1


def test_a_learner_cannot_post_scores(course: Launched) -> None:
    token = course.hub.user_token(course.name("anne"))
    before = len(course.lms.scores)
    result = sync(course, token)
    assert result.returncode == 2 and "HTTP 403" in result.stderr, result.stderr
    assert len(course.lms.scores) == before


# -- refusals: a log line each, and no login --------------------------------------------------------------------
def hub_users(lti: Launched) -> set[str]:
    return {user["name"] for user in lti.hub.api("GET", "users").json()}


REFUSALS = {
    "bad signature": ({"bad_signature": True}, "anne", "Signature verification failed"),
    "wrong issuer": ({"iss": "https://evil.example.org"}, "anne", "Invalid issuer"),
    "wrong client id": ({"client_id": "another-tool"}, "anne", "Audience doesn't match"),
    "expired token": ({"expired": True}, "anne", "Signature has expired"),
    "hostile user claim": ({}, "hostile", "LTI launch refused: the user claim 'sub' has characters not allowed"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_launch_is_refused_with_a_log_line_and_no_login(course: Launched, browser, case: str) -> None:
    tamper, who, message = REFUSALS[case]
    before_users, before_log = hub_users(course), len(course.hub.log_text())
    course.lms.tamper = dict(tamper)
    try:
        context, _page, callback = launch(course, browser, who)
        status = callback.status
        cookies = {c["name"] for c in context.cookies()}
        context.close()
    finally:
        course.lms.tamper = {}
    new_log = course.hub.log_text()[before_log:]
    assert status in (400, 401), status
    lines = [line for line in new_log.splitlines() if message in line]
    assert lines, f"no log line with {message!r}:\n{new_log[-3000:]}"
    assert hub_users(course) == before_users
    assert not any(name.startswith("jupyterhub-session") for name in cookies), cookies


def test_a_replayed_launch_is_refused(course: Launched, browser) -> None:
    (posted,) = [p for p in course.callback_posts if p["form"]]
    before_log = len(course.hub.log_text())
    # the same id_token and state again, from a browser without the launch's state cookie (an eavesdropper)
    stranger = requests.post(posted["url"], data=posted["form"], allow_redirects=False,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert stranger.status_code == 400
    # and from a browser in the middle of a launch of its own: its state cookie is not the replayed state
    context, page = new_page(browser, course.hub)
    started = page.request.get(f"{course.hub.url}/hub/lti13/oauth_login", max_redirects=0, params={
        "iss": course.lms.issuer, "login_hint": "kari", "target_link_uri": f"{course.hub.url}/hub"})
    assert started.status == 302  # the hub set its state cookie and sends the browser to the LMS (not followed)
    replay = page.request.post(posted["url"], data=posted["form"],
                                headers={"Content-Type": "application/x-www-form-urlencoded"}, max_redirects=0)
    context.close()
    assert replay.status == 400
    new_log = course.hub.log_text()[before_log:]
    assert "OAuth state missing from cookies" in new_log and "OAuth state mismatch" in new_log, new_log[-3000:]


def test_the_lms_reads_the_tools_key_set_through_the_proxy(course: Launched) -> None:
    keys = requests.get(course.lms.tool_jwks_url).json()["keys"]
    assert [k["alg"] for k in keys] == ["RS256"] and "d" not in keys[0]


def test_no_server_or_process_is_left_after_the_users_log_out(course: Launched) -> None:
    for who in ("anne", "kari"):
        answer = course.hub.api("DELETE", f"users/{course.name(who)}/server")
        assert answer.status_code in (202, 204), answer.text
    wait_for(lambda: all(not course.hub.api("GET", f"users/{course.name(w)}").json()["servers"]
                         for w in ("anne", "kari")),
             unreachable=process_exited(course.hub.process, "jupyterhub", course.hub.log_text),
             what="the servers never stopped")
