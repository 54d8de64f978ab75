"""Wait for a state, never for a time: the one way the tests wait for servers, hubs, kernels and processes.

CI machines are busy 2-core VMs: a limit in seconds that holds on a quiet laptop fails there (a scrubber test
with a 10 s limit took 12.4 s under load). So a wait here ends only when the state is reached, or when the
thing waited on can no longer reach it (its process exited, the hub says the spawn failed); then it fails
with the reason and the log. The polls in between are short sleeps that never fail anything.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
#: between two looks at the state; only how often we look, never how long we wait
POLL = 0.1


class StateUnreachable(AssertionError):
    """What a test waited for can no longer happen (the process it needed exited, the spawn failed)."""


def wait_for(reached: Callable[[], T], *, unreachable: Callable[[], str | None], what: str,
             poll: float = POLL) -> T:
    """Poll ``reached`` until it returns something true (returned); fail once ``unreachable`` gives a reason.

    ``reached`` is looked at once more after ``unreachable`` answered, so a state reached just before the
    process ended still counts.
    """
    while True:
        value = reached()
        if value:
            return value
        reason = unreachable()
        if reason is not None:
            value = reached()
            if value:
                return value
            raise StateUnreachable(f"{what}: {reason}")
        time.sleep(poll)


def process_exited(process: subprocess.Popen, name: str, log: Path | Callable[[], str] | None = None
                   ) -> Callable[[], str | None]:
    """An ``unreachable`` for :func:`wait_for`: the reason (exit code and log) once ``process`` has exited."""
    def reason() -> str | None:
        if process.poll() is None:
            return None
        return f"{name} exited with code {process.returncode}; its log:\n{read_log(log)}"
    return reason


def read_log(log: Path | Callable[[], str] | None) -> str:
    if log is None:
        return "(no log)"
    if callable(log):
        return log()
    try:
        return log.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"(no log: {error})"


def never() -> None:
    """An ``unreachable`` for a state nothing can prevent (a SIGKILLed process disappears)."""
    return None
