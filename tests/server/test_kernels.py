"""Kernels under jupyter-server: a left page's kernel ends, idle ones are culled, with the shipped configuration.

Before the course's extension, Voilà's shutdown call from a left page was refused (no ``_xsrf`` cookie) and
the culling settings were never read: 13 page views left 13 kernels (969 MB), enough to exhaust a learner's
Binder within one course.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mangfold.serving import KERNEL_CULLING
from mangfold.summary.snapshot import SUMMARY_MODULE
from tests.browser.conftest import DESKTOP, no_time_limits, running_servers
from tests.page_watch import ServerWatch
from tests.server.conftest import MODULES, TOKEN, JupyterServer, server_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: the test's own culling, shorter than the course's 10 minutes (the test config overrides the course's)
TEST_CULLING = {"cull_idle_timeout": 120, "cull_interval": 2}
#: what every course page shows once its widgets render (a locked module shows no more than its header)
SHOWN = ".mf-header"
REFUSED_SHUTDOWN = re.compile(r"\b4\d\d POST \S*/voila/api/shutdown/")


@pytest.fixture
def walk_server(course: Path, tmp_path: Path) -> Iterator[JupyterServer]:
    server = JupyterServer(course, tmp_path / "config", "learner", settings={"MappingKernelManager": TEST_CULLING})
    server.start()
    yield server
    server.stop()


def views(server: JupyterServer) -> list[str]:
    """13 page views as a learner makes them: home, each module, the summary, back home, reloads."""
    home, pages = server.home_url, [server.page_url(m) for m in (*MODULES, SUMMARY_MODULE)]
    return [home, pages[0], pages[0], home, pages[1], pages[2], pages[2], pages[3], pages[4], pages[5], home,
            pages[0], home]


def until(condition, what: str, server: JupyterServer):
    """Wait for ``condition()`` to hold (polling the server's state); its value."""
    while not (value := condition()):
        assert server.process is not None and server.process.poll() is None, f"the server ended while {what}"
        time.sleep(0.2)
    return value


def test_page_views_leave_at_most_two_kernels(browser, walk_server: JupyterServer) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    no_time_limits(context)
    page = context.new_page()
    try:
        with ServerWatch(running_servers):  # no time limits: the page fails if the server exits
            for number, url in enumerate(views(walk_server)):
                page.goto(url + (f"?token={TOKEN}" if number == 0 else ""))  # leaving a page sends its shutdown call
                page.wait_for_selector(SHOWN, state="visible")  # the page's widget manager runs
            page.goto("about:blank")  # the last page is left too

        def settled() -> bool:
            refused = len(REFUSED_SHUTDOWN.findall(walk_server.log_text()))
            return len(walk_server.kernels()) <= 2 or refused >= len(views(walk_server))

        until(settled, "waiting for the left pages' kernels to end", walk_server)
        log = walk_server.log_text()
        refused = REFUSED_SHUTDOWN.findall(log)
        started = log.count("Kernel started:")
        kernels = walk_server.kernels()
        assert started >= len(views(walk_server)), f"only {started} kernels started for the page views"
        assert not refused, f"{len(refused)} shutdown calls refused; {len(kernels)} kernels left"
        assert len(kernels) <= 2, f"{len(kernels)} kernels left after {started} page views"
    finally:
        context.close()


def test_the_course_culling_reaches_the_kernel_manager(learner_server: JupyterServer) -> None:
    """With nothing else configured, the server culls idle kernels with the course's settings."""
    server_page(learner_server, "voila/render/notebooks/home.ipynb")  # its kernel's start starts the culler
    log = learner_server.log_text()
    culler = re.search(r"Culling kernels with idle durations > (\d+) seconds at (\d+) second", log)
    assert culler, "the kernel manager culls no kernel (the course's culling was not applied)"
    assert (int(culler.group(1)), int(culler.group(2))) == (KERNEL_CULLING["cull_idle_timeout"],
                                                            KERNEL_CULLING["cull_interval"])


#: culling fast enough for a test (the course's own: 10 minutes); the rest (cull_connected) stays the course's
FAST_CULLING = {"cull_idle_timeout": 5, "cull_interval": 1}
CULLER_POLL = "Polling every"


@pytest.fixture
def culling_server(course: Path, tmp_path: Path) -> Iterator[JupyterServer]:
    """A trainer's server (its kernel API is open to the test) with fast culling and the culler's polls logged."""
    settings = {"MappingKernelManager": FAST_CULLING, "ServerApp": {"log_level": "DEBUG"}}
    server = JupyterServer(course, tmp_path / "config", "trainer", settings=settings)
    server.start()
    yield server
    server.stop()


def test_a_tab_closed_without_its_shutdown_call_is_culled(browser, culling_server: JupyterServer) -> None:
    """A crashed tab or a lost network sends no shutdown call: the idle, unconnected kernel is culled.

    The server's own culling settings (here the test's, fast) win over the course's 10 minutes.
    """
    def kernel_ids() -> list[str]:
        return [kernel["id"] for kernel in culling_server.api("api/kernels")]

    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    no_time_limits(context)
    page = context.new_page()
    with ServerWatch(running_servers):  # no time limits: the page fails if the server exits
        page.goto(culling_server.home_url + f"?token={TOKEN}")
        page.wait_for_selector(SHOWN, state="visible")
    (kernel,) = kernel_ids()
    page.close(run_before_unload=False)  # no beforeunload: no shutdown call
    context.close()
    polls_at_close = culling_server.log_text().count(CULLER_POLL)
    enough = FAST_CULLING["cull_idle_timeout"] // FAST_CULLING["cull_interval"] + 5  # culler runs, not seconds

    until(lambda: kernel not in kernel_ids() or culling_server.log_text().count(CULLER_POLL) - polls_at_close > enough,
          "waiting for the culler", culling_server)
    assert kernel not in kernel_ids(), f"the culler ran {enough} times and left the kernel of a closed tab"
    assert re.search(rf"Culling '\w+' kernel '\w+' \({kernel}\)", culling_server.log_text()), \
        "the kernel ended, but not by culling"
