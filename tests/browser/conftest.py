"""Browser fixtures: a real course server (``mangfold serve``) and Debian's Chromium driven by Playwright.

- ``chromium_executable`` finds ``/usr/bin/chromium``; without it the browser tests skip, except on
  CI (``CI=true``), where a missing browser is a failure, not a silent skip.
- ``shared_server`` is one ``mangfold serve`` process per session (per xdist worker) on a throwaway
  ROOT; ``course_server`` hands it to a test with the learner files removed, so every test starts
  as a new learner without paying for a new server (each page view starts its own kernel, which
  reads the progress file afresh).
- ``fresh_server`` starts a new server on a new ROOT for a test that needs a folder of its own.
- ``browser`` is one Chromium per session; ``page`` is a fresh context (no storage, no cookies) per
  test that records console errors, failed requests and every URL the page asks for.

Every test in this folder is marked ``browser`` (``pytest -m "not browser"`` leaves them out).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mangfold.authoring.release import LEARNER_FILES
from mangfold.serving import start_path
from tests.conftest import MODULE_1, REPO_ROOT, copy_module

HERE = Path(__file__).resolve().parent
#: Debian's Chromium (Playwright's own browser download is never used); MANGFOLD_CHROMIUM overrides the path
CHROMIUM = Path(os.environ.get("MANGFOLD_CHROMIUM", "/usr/bin/chromium"))
START_TIMEOUT = 30.0
DESKTOP = {"width": 1280, "height": 900}
#: every page of the course must have rendered this before a test looks at it (the footer is the last card)
RENDERED = ".mf-card--summary"


# -- marking ----------------------------------------------------------------------------------------
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` (the hook sees the whole session: filter by path)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Attach the log of every course server the test used to its failure report."""
    report = yield
    if report.failed:
        servers = {id(v): v for v in getattr(item, "funcargs", {}).values() if isinstance(v, CourseServer)}
        for server in servers.values():
            report.sections.append((f"course server log ({server.url})", server.log_text()))
    return report


# -- the browser --------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """Debian's Chromium; skip without it, but fail on CI, which always installs it."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = "Debian's chromium is not installed: apt-get install chromium"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: the browser tests must run here)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium_executable: Path) -> Iterator[object]:
    from playwright.sync_api import expect

    # a page view starts a kernel; on a loaded 2-core machine that can take longer than Playwright's 5 s
    expect.set_options(timeout=20_000)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_executable))
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did besides rendering: console errors, uncaught errors, failed and all requests."""

    console_errors: list[str] = field(default_factory=list)  # "text @ url" (the url says which resource)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)  # "status url", status >= 400
    requests: list[str] = field(default_factory=list)  # every request and websocket url


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser, page_log: PageLog) -> Iterator[object]:
    """A new page in a fresh browser context (nothing stored from other tests), desktop size."""
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    context.set_default_timeout(15_000)
    new_page = context.new_page()

    def on_console(message) -> None:
        if message.type == "error":
            page_log.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    new_page.on("requestfailed", lambda r: page_log.failed_requests.append(f"{r.url}: {r.failure}"))
    new_page.on("response", lambda r: page_log.bad_responses.append(f"{r.status} {r.url}") if r.status >= 400
                else None)
    new_page.on("request", lambda r: page_log.requests.append(r.url))
    new_page.on("websocket", lambda ws: page_log.requests.append(ws.url))
    yield new_page
    context.close()


def open_course(page, url: str) -> None:
    """Go to ``url`` and wait until the widgets of the whole module have rendered."""
    page.goto(url)
    page.wait_for_selector(RENDERED, state="visible", timeout=30_000)
    page.wait_for_selector(".mf-header .mf-progress__bar", state="visible")


# -- the course server --------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mangfold_command() -> list[str]:
    script = Path(sys.executable).with_name("mangfold")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mangfold.cli"]


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, from the parent ids in /proc (Linux); empty elsewhere."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        kids = parents.get(queue.pop(0), [])
        found += kids
        queue += kids
    return found

def stop_server_process(process: subprocess.Popen) -> None:
    """End a Jupyter/Voilà server's process group politely, then firmly; then any kernel it left behind.

    Voilà and jupyter_server shut their kernels down on SIGTERM, but jupyter_client starts each kernel in
    a session of its own, outside the server's process group: those still alive afterwards are killed by id.
    """
    kernels = descendants(process.pid)
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    for pid in kernels:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def wait_until_listening(process: subprocess.Popen, port: int, log_path: Path, what: str,
                         timeout: float = START_TIMEOUT) -> None:
    """Wait until ``process`` accepts connections on ``port``; fail with its log if it exits or never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited:\n{log_path.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    stop_server_process(process)
    pytest.fail(f"{what} did not answer:\n{log_path.read_text(errors='replace')}")



class CourseServer:
    """``mangfold --root ROOT serve --port PORT`` in its own process group, with its log in a file."""

    def __init__(self, root: Path, modules: tuple[str, ...] = (MODULE_1,)):
        self.root = root
        self.module_dirs = {module: copy_module(module, root / "release") for module in modules}
        (root / "notebooks").mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / "notebooks" / "home.ipynb", root / "notebooks" / "home.ipynb")
        self.module_dir = self.module_dirs[modules[0]]
        self.log_path = root.parent / f"{root.name}-server.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    @property
    def module_url(self) -> str:
        """Module 1's page (the course home at ``/`` links to it)."""
        return self.page_url(MODULE_1)

    @property
    def home_url(self) -> str:
        return self.url + start_path()

    @property
    def progress_path(self) -> Path:
        from mangfold.progress.store import PROGRESS_FILENAME

        return self.module_dir / PROGRESS_FILENAME

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            return f"(no log: {error})"

    def start(self) -> CourseServer:
        command = [*mangfold_command(), "--root", str(self.root), "serve", "--port", str(self.port)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "wb") as log:
            # cwd=ROOT: Voilà also reads a voila.json from its working directory; use only serve's settings
            self.process = subprocess.Popen(command, cwd=self.root, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._give_up(f"the course server exited with code {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self._give_up(f"the course server did not answer on port {self.port} within {START_TIMEOUT:.0f} s")
        raise AssertionError("unreachable")

    def _give_up(self, reason: str) -> None:
        log = self.log_text()
        self.stop()
        print(f"--- course server log ({self.log_path}) ---\n{log}", file=sys.stderr)
        pytest.fail(f"{reason}; its log:\n{log}", pytrace=False)

    def stop(self) -> None:
        """End the server's process group politely, then firmly; then any kernel it left behind.

        Voilà shuts its kernels down on SIGTERM, but jupyter_client starts each kernel in a session
        of its own, outside the server's process group: those still alive afterwards are killed by id.
        """
        if self.process is not None:
            stop_server_process(self.process)
        self.process = None

    def page_url(self, module: str, language: str | None = None) -> str:
        query = f"?lang={language}" if language else ""
        return f"{self.url}voila/render/release/{module}/{module}.ipynb{query}"

    def reset_learner(self) -> None:
        """Remove the learner's files (progress, set-aside copies): the next page view starts afresh."""
        for pattern in LEARNER_FILES:
            for path in (p for d in self.module_dirs.values() for p in d.glob(pattern)):
                if path.name.endswith(".lock"):
                    continue  # a kernel may hold the lock; it carries no data
                path.unlink(missing_ok=True) if path.is_file() else shutil.rmtree(path)


def _server_fixture(root: Path, modules: tuple[str, ...] = (MODULE_1,)) -> Iterator[CourseServer]:
    """Start a server on ``root``; a failing test gets its log in the report (pytest_runtest_makereport)."""
    root.mkdir(parents=True, exist_ok=True)
    server = CourseServer(root, modules).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory, chromium_executable: Path) -> Iterator[CourseServer]:
    """One server for the session (per xdist worker); use it through ``course_server``."""
    yield from _server_fixture(tmp_path_factory.mktemp("course") / "root")


@pytest.fixture
def course_server(shared_server: CourseServer) -> CourseServer:
    """The shared server, with no learner files: the test's first page view is a new learner's."""
    shared_server.reset_learner()
    return shared_server


@pytest.fixture
def fresh_server(tmp_path: Path, chromium_executable: Path) -> Iterator[CourseServer]:
    """A server of the test's own on a new ROOT in the test's tmp folder."""
    yield from _server_fixture(tmp_path / "root")


@pytest.fixture(scope="module")
def whole_course_server(tmp_path_factory: pytest.TempPathFactory, chromium_executable: Path) -> Iterator[CourseServer]:
    """A server with every released module (for walks through the whole course)."""
    from mangfold.content import find_module_dirs

    modules = tuple(m.name for m in find_module_dirs(REPO_ROOT / "release"))
    yield from _server_fixture(tmp_path_factory.mktemp("whole-course") / "root", modules)
