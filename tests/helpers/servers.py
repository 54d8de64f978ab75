"""Servers the tests start and stop: one shape for the course server, ``jupyter server``, the dashboard and
nbgrader's formgrader.

Each runs in a process group of its own with its output in a log file, is waited for until it accepts
connections (no time limit: the wait ends on the state, or with the log once the process has exited), and
while it runs it is in :data:`RUNNING`, so a Playwright page waiting on it fails at once when it exits
(``ServerWatch`` in tests/browser/conftest.py's ``page`` fixture) instead of waiting forever.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Self

import pytest

from tests.page_watch import descendants
from tests.waiting import StateUnreachable, process_exited, read_log, wait_for

#: servers started and not yet stopped on purpose (anything with ``process``, ``url`` and ``log_text()``):
#: one that exits fails the page waiting on it (``ServerWatch`` in the ``page`` fixture)
RUNNING: set = set()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mangfold_command() -> list[str]:
    """The ``mangfold`` command of the Python running the tests."""
    script = Path(sys.executable).with_name("mangfold")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mangfold.cli"]


def accepts(port: int) -> bool:
    """True once something accepts a connection on 127.0.0.1:``port`` (the 0.5 s is one attempt, not a limit)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until_listening(process: subprocess.Popen, port: int, log_path: Path, what: str) -> None:
    """Wait until ``process`` accepts connections on ``port``; fail with its log once it has exited."""
    try:
        wait_for(lambda: accepts(port), unreachable=process_exited(process, what, log_path),
                 what=f"{what} never answered on port {port}")
    except StateUnreachable as error:
        pytest.fail(str(error), pytrace=False)


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


class ServerProcess:
    """A server on a free port of 127.0.0.1, started with :meth:`launch` and ended with :meth:`stop`.

    A subclass says what to run (its ``start`` calls ``launch``) and where its log goes (``log_path``, set in
    its ``__init__``); the process handling, the wait and the ``RUNNING`` registry live here once.
    """

    log_path: Path

    def __init__(self, url_path: str = "/") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{url_path}"
        self.process: subprocess.Popen | None = None

    def launch(self, command: list[str], cwd: Path, env: dict[str, str], name: str) -> Self:
        """Run ``command`` in ``cwd`` with exactly ``env``; return once it accepts connections on ``port``.

        ``name`` says which server it is in a failure ("the course server exited with code 1; its log: …").
        A server that exits before it answers is stopped (its kernels with it) and fails the test with its log.
        """
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_until_listening(self.process, self.port, self.log_path, name)
        except pytest.fail.Exception:
            self.stop()
            raise
        RUNNING.add(self)  # a page waiting on this server fails if it exits (the page fixture's ServerWatch)
        return self

    def stop(self) -> None:
        """End the server and any kernel it left behind; a page waiting on it is no longer failed for it."""
        RUNNING.discard(self)
        if self.process is not None:
            stop_server_process(self.process)
        self.process = None

    def log_text(self) -> str:
        return read_log(self.log_path)


class DashboardServer(ServerProcess):
    """``mangfold cohort dashboard COURSE_DIR --port P``, as a trainer serves the dashboard of a course folder."""

    def __init__(self, course: Path):
        super().__init__()
        self.course = course
        self.log_path = course.parent / "dashboard-server.log"

    def start(self) -> DashboardServer:
        command = [*mangfold_command(), "cohort", "dashboard", str(self.course), "--port", str(self.port)]
        return self.launch(command, cwd=self.course, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                           name="the dashboard server")
