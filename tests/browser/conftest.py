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

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mangfold.authoring.release import LEARNER_FILES
from mangfold.serving import start_path
from tests.conftest import MODULE_1, REPO_ROOT, copy_module
from tests.helpers.servers import RUNNING, ServerProcess, mangfold_command
from tests.page_watch import ServerWatch
from tests.waiting import read_log

HERE = Path(__file__).resolve().parent
#: Debian's Chromium (Playwright's own browser download is never used); MANGFOLD_CHROMIUM overrides the path
CHROMIUM = Path(os.environ.get("MANGFOLD_CHROMIUM", "/usr/bin/chromium"))
DESKTOP = {"width": 1280, "height": 900}
#: every page of the course must have rendered this before a test looks at it: the footer, the last card of
#: the home and the summary; on a module page the step's Back/Next bar, the last widget of every step
RENDERED = ".mf-card--summary, .mf-stepnav"


# -- marking ----------------------------------------------------------------------------------------
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` (the hook sees the whole session: filter by path)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Attach the log of every server the test used (course, dashboard, jupyter) to its failure report."""
    report = yield
    if report.failed:
        servers = {id(v): v for v in getattr(item, "funcargs", {}).values() if isinstance(v, ServerProcess)}
        for server in servers.values():
            report.sections.append((f"{type(server).__name__} log ({server.url})", server.log_text()))
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


#: "no limit" for Playwright's expect: it reads 0 as "the default 5 s" (playwright/_impl/assertions.py:
#: ``self._timeout or 5_000``), so the largest timer Node accepts (2**31 - 1 ms, 24.8 days) stands in for it.
#: Waits end on the state, or when a server the page needs exits (ServerWatch), never on this.
EXPECT_NO_LIMIT = 2**31 - 1
#: the one Chromium of this test process and how many fixture instances hold it (see ``browser``)
_SHARED_BROWSER: dict[str, object] = {}


@pytest.fixture(scope="session")
def browser(chromium_executable: Path) -> Iterator[object]:
    """One Chromium per test process.

    tests/server/conftest.py imports this fixture, so a session running tests/browser and tests/server has two
    instances of it; a second Playwright in the same thread fails ("Sync API inside the asyncio loop"), so the
    second instance hands out the first one's browser.
    """
    if "browser" in _SHARED_BROWSER:
        _SHARED_BROWSER["holders"] += 1
        try:
            yield _SHARED_BROWSER["browser"]
        finally:
            _SHARED_BROWSER["holders"] -= 1
        return
    from playwright.sync_api import expect

    # no time limit: a page view starts a kernel, and a loaded 2-core CI machine takes what it takes; a page
    # whose server died fails through the ``page`` fixture's watch instead (see ServerWatch)
    expect.set_options(timeout=debug_wait_limit() or EXPECT_NO_LIMIT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_executable))
        _SHARED_BROWSER.update(browser=chromium, holders=1)
        try:
            yield chromium
        finally:
            _SHARED_BROWSER.clear()
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
    no_time_limits(context)
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
    with ServerWatch(running_servers):
        yield new_page
    context.close()


def no_time_limits(context) -> None:
    """Playwright waits (locators, navigation) with no limit: they end on the state, or when a server died.

    ``MANGFOLD_DEBUG_WAIT_MS`` sets a limit instead, only to find where a hung test waits (never in CI)."""
    limit = debug_wait_limit()
    context.set_default_timeout(limit)
    context.set_default_navigation_timeout(limit)


def debug_wait_limit() -> int:
    """``MANGFOLD_DEBUG_WAIT_MS`` (0, no limit, unless set): a limit for every Playwright wait and ``expect``."""
    return int(os.environ.get("MANGFOLD_DEBUG_WAIT_MS", "0"))


def running_servers() -> str | None:
    """Why a page can no longer reach its state: a server that was started and not stopped has exited."""
    for server in list(RUNNING):
        process = server.process
        if process is not None and process.poll() is not None:
            log = getattr(server, "log_text", None) or getattr(server, "log_path", None)
            return f"the server {server.url} exited with code {process.returncode}; its log:\n{read_log(log)}"
    return None


def open_course(page, url: str) -> None:
    """Go to ``url`` and wait until the widgets of the page (on a module page: of its step) have rendered."""
    page.goto(url)
    page.wait_for_selector(RENDERED, state="visible")
    page.wait_for_selector(".mf-header .mf-progress__bar", state="visible")


# -- the course server --------------------------------------------------------------------------------
class CourseServer(ServerProcess):
    """``mangfold --root ROOT serve --port PORT`` in its own process group, with its log in a file."""

    def __init__(self, root: Path, modules: tuple[str, ...] = (MODULE_1,)):
        super().__init__()
        self.root = root
        self.module_dirs = {module: copy_module(module, root / "release") for module in modules}
        (root / "notebooks").mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / "notebooks" / "home.ipynb", root / "notebooks" / "home.ipynb")
        self.module_dir = self.module_dirs[modules[0]]
        self.log_path = root.parent / f"{root.name}-server.log"

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

    def start(self) -> CourseServer:
        command = [*mangfold_command(), "--root", str(self.root), "serve", "--port", str(self.port)]
        # cwd=ROOT: Voilà also reads a voila.json from its working directory; use only serve's settings
        return self.launch(command, cwd=self.root, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                           name="the course server")

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


@pytest.fixture
def home_server(whole_course_server: CourseServer) -> CourseServer:
    """The whole course (five modules and the home), with no learner files: a new learner."""
    whole_course_server.reset_learner()
    return whole_course_server
