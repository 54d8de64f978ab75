"""Fail a Playwright page whose server died, instead of letting a wait without time limit hang.

The tests give Playwright no time limits (CI is a busy 2-core VM: a page takes what it takes). A page waiting
on a server that has exited would then wait forever; :class:`ServerWatch` watches the server from a thread
and, when it is gone, crashes this process's Chromium renderers so the pending Playwright call fails at once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path


class ServerWatch:
    """While a test drives a page, watch the servers it depends on; if one exits, crash the page's renderers.

    Playwright waits without a time limit (``no_time_limits``), so a page whose server died would wait
    forever. Playwright's sync API cannot be called from another thread, but a renderer that is killed makes
    every pending Playwright call fail at once ("Target crashed"); the reason is printed and kept in
    ``reason`` (pytest shows it with the server log). Only this process's Chromium renderers are killed: the
    browser itself lives on for the next test, which gets a fresh context.
    """

    def __init__(self, unreachable: Callable[[], str | None], poll: float = 0.5):
        self.unreachable = unreachable
        self.poll = poll
        self.reason: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="server-watch", daemon=True)

    def __enter__(self) -> ServerWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(self.poll):
            reason = self.unreachable()
            if reason is not None:
                self.reason = reason
                print(f"--- the page cannot reach its state: {reason}", file=sys.stderr)
                for pid in renderers_of(os.getpid()):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                return


def renderers_of(pid: int) -> list[int]:
    """The Chromium renderer processes started below ``pid`` (by this test process's Playwright)."""
    found = []
    for child in descendants(pid):
        with contextlib.suppress(OSError):
            if b"--type=renderer" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
    return found


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
