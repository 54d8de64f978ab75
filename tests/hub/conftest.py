"""Fixtures for the multi-user tests: a venv every user can run, real Unix users, a JupyterHub, PostgreSQL.

- ``hub_prerequisites`` checks root, useradd/runuser, node with configurable-http-proxy and Debian's
  python3-venv before anything is built.
- ``hub_venv_ready`` is the venv built once and cached across runs (``tests/hub/venv.py``); its build
  time is reported at the end of the run with the other timings.
- ``workspace`` is a world-readable folder (pytest's own tmp folders are mode 700, closed to the users)
  with the exchange (mode 1777) and what the users need from the repository: the course's sources,
  a roster and the test learners (``tests/learners.py``, which is not installed in the venv).
- ``hub_users`` are the trainer and three learners as Unix users, removed with ``userdel -r`` after; the
  trainer is made by ``deploy/tljh/private-user.sh``, as ``deploy/tljh/setup.sh`` makes it on a server.
- ``outsider`` is a Unix user who is not on the hub (another account on the same server).
- ``jupyterhub`` runs a hub for them; stopping it must leave no process of theirs behind.
- ``postgres`` is a throwaway PostgreSQL cluster.

Each fixture checks its prerequisites first and skips naming what is missing; on CI (``CI=true``),
which installs them all, a missing prerequisite fails instead.
"""

from __future__ import annotations

import fcntl
import pwd
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mangfold.authoring.release import SKIPPED
from tests.conftest import REPO_ROOT
from tests.hub import prereqs
from tests.hub.hub import Hub
from tests.hub.postgres import PostgresCluster
from tests.hub.users import UnixUser, assert_gone, create_user, processes_of, remove_user
from tests.hub.venv import CACHE, HubVenv, hub_venv

HERE = Path(__file__).resolve().parent
TRAINER = "mf-trener"
LEARNERS = ("mf-anne", "mf-bo", "mf-cato")
OUTSIDER = "mf-fremmed"
#: how deploy/tljh/setup.sh makes the trainer's user: home 0700, course folder closed
PRIVATE_USER_SCRIPT = REPO_ROOT / "deploy" / "tljh" / "private-user.sh"
#: the hub's nbgrader settings for every user (the test's users load them, then point at the test's exchange)
DEPLOY_NBGRADER_CONFIG = REPO_ROOT / "deploy" / "tljh" / "nbgrader_config.py"
#: what every learner's server runs first on the hub: the course home, the released modules, feedback
LEARNER_START_SCRIPT = REPO_ROOT / "deploy" / "mangfold-learner-start.sh"
#: seconds each expensive step took in this process, printed at the end of the run
TIMINGS: dict[str, float] = {}


def record(step: str, seconds: float) -> None:
    TIMINGS[step] = seconds
    print(f"[hub timing] {step}: {seconds:.1f} s", file=sys.stderr)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TIMINGS:
        terminalreporter.section("hub and PostgreSQL timings")
        for step, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{step:<62} {seconds:6.1f} s")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failing hub test carries the hub's log (its servers log there too) and PostgreSQL's."""
    report = yield
    if report.failed:
        logs: dict[str, str] = {}
        for value in getattr(item, "funcargs", {}).values():
            hub = value if isinstance(value, Hub) else getattr(value, "hub", None)
            if isinstance(hub, Hub):
                logs["jupyterhub log"] = hub.log_text()[-20_000:]
            elif isinstance(value, PostgresCluster):
                logs["postgres log"] = value.log_text()[-5_000:]
        report.sections.extend(logs.items())
    return report


@dataclass
class Workspace:
    """The world-readable folder the users share: exchange, course sources, roster, test learners."""

    root: Path

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def support(self) -> Path:
        return self.root / "support"

    @property
    def source(self) -> Path:
        return self.support / "source"

    @property
    def roster(self) -> Path:
        return self.support / "roster.csv"

    @property
    def deploy_nbgrader_config(self) -> Path:
        return self.support / DEPLOY_NBGRADER_CONFIG.name

    @property
    def learner_start(self) -> Path:
        return self.support / LEARNER_START_SCRIPT.name


# -- prerequisites and the venv -------------------------------------------------------------------------
@pytest.fixture(scope="session")
def hub_prerequisites() -> None:
    """Root, useradd/runuser, node with configurable-http-proxy, Debian's python3 with venv: checked first,
    so a machine without them skips at once instead of building a venv it cannot use."""
    prereqs.require_root()
    prereqs.require_proxy()
    prereqs.require_system_python()


@pytest.fixture(scope="session")
def hub_venv_ready(hub_prerequisites: None) -> HubVenv:
    venv = hub_venv()
    record(f"hub venv ({venv.how})", venv.seconds)
    return venv


# -- the shared folder and the users ------------------------------------------------------------------
def make_workspace(prefix: str) -> Workspace:
    root = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    root.chmod(0o755)
    workspace = Workspace(root)
    workspace.exchange.mkdir()
    workspace.exchange.chmod(0o1777)  # sticky: a learner can write, but not rename another's folder
    workspace.support.mkdir(mode=0o755)
    shutil.copytree(REPO_ROOT / "source", workspace.source, ignore=shutil.ignore_patterns(*SKIPPED))
    shutil.copy2(REPO_ROOT / "tests" / "learners.py", workspace.support / "learners.py")
    shutil.copy2(HERE / "learner_work.py", workspace.support / "learner_work.py")
    shutil.copy2(HERE / "run_notebook.py", workspace.support / "run_notebook.py")
    shutil.copy2(DEPLOY_NBGRADER_CONFIG, workspace.deploy_nbgrader_config)
    shutil.copy2(LEARNER_START_SCRIPT, workspace.learner_start)
    shutil.copy2(REPO_ROOT / "notebooks" / "home.ipynb", workspace.support / "home.ipynb")
    rows = ["id,first_name,last_name,email"] + [f"{name},{name[3:].title()},Testesen,{name}@example.org"
                                                for name in LEARNERS]
    workspace.roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    open_to_all(workspace.support)
    return workspace


def open_to_all(path: Path) -> None:
    for item in [path, *path.rglob("*")]:
        item.chmod(0o755 if item.is_dir() else 0o644)


@pytest.fixture(scope="module")
def workspace(hub_prerequisites: None) -> Iterator[Workspace]:
    made = make_workspace("mangfold-hub-")
    yield made
    shutil.rmtree(made.root, ignore_errors=True)


@pytest.fixture(scope="module")
def hub_users(hub_prerequisites: None) -> Iterator[dict[str, UnixUser]]:
    """The trainer and the three learners as real Unix users, with private homes; removed afterwards.

    The names are fixed, so one process at a time may hold them: a lock makes a second pytest process
    (another xdist worker, should the tests ever be split across workers) wait instead of clashing.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "users.lock", "w") as lock:
        waited = time.monotonic()
        fcntl.flock(lock, fcntl.LOCK_EX)
        if time.monotonic() - waited > 1:
            record("waited for another process's hub users", time.monotonic() - waited)
        started = time.monotonic()
        users = {TRAINER: create_user(TRAINER, script=PRIVATE_USER_SCRIPT),
                 **{name: create_user(name) for name in LEARNERS}}
        outsider = create_user(OUTSIDER)
        record("create 5 Unix users", time.monotonic() - started)
        yield users
        for name, user in {**users, OUTSIDER: outsider}.items():
            remove_user(name)
            assert_gone(name)
            assert not user.home.exists(), f"userdel -r left {user.home}"


@pytest.fixture(scope="module")
def outsider(hub_users: dict[str, UnixUser]) -> UnixUser:
    """An account on the same server that is not on the hub (made and removed with ``hub_users``)."""
    entry = pwd.getpwnam(OUTSIDER)
    return UnixUser(OUTSIDER, entry.pw_uid, entry.pw_gid, Path(entry.pw_dir))


@pytest.fixture(scope="module")
def jupyterhub(hub_venv_ready: HubVenv, workspace: Workspace, hub_users: dict[str, UnixUser]) -> Iterator[Hub]:
    hub = Hub(workspace.root / "hub", hub_venv_ready.bin, Path(shutil.which("configurable-http-proxy") or ""),
              list(hub_users), uids=[u.uid for u in hub_users.values()], trainers=[TRAINER])
    started = time.monotonic()
    hub.start()
    record("jupyterhub up", time.monotonic() - started)
    yield hub
    started = time.monotonic()
    leftovers = hub.stop()
    record("jupyterhub stopped", time.monotonic() - started)
    still = {u.name: processes_of(u.uid) for u in hub_users.values() if processes_of(u.uid)}
    assert not leftovers and not still, f"the hub left processes behind: {leftovers} {still}"


# -- PostgreSQL ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresCluster]:
    pg_bin = prereqs.postgres_bin()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        prereqs.missing("needs psycopg (pip install 'psycopg[binary]', in the dev extra)")
    folder = Path(tempfile.mkdtemp(prefix="mangfold-pg-", dir="/tmp"))
    folder.chmod(0o755)  # Debian's postgres user owns the cluster inside it
    cluster = PostgresCluster(pg_bin, folder / "cluster")
    started = time.monotonic()
    cluster.start()
    record("postgres cluster up", time.monotonic() - started)
    yield cluster
    cluster.stop()
    shutil.rmtree(folder, ignore_errors=True)
