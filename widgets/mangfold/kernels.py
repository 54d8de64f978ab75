"""A kernel that dies while it starts is started again: the cause is outside the notebook.

jupyter_client chooses a new kernel's five TCP ports by binding port 0 and closing the socket; the
kernel binds them a moment later. Another process starting a kernel in between (a second autograde, a
Voilà page, a test worker) can take one of them, and the new kernel exits with "Address already in
use" on its own stderr. nbgrader and nbclient report only "Kernel died before replying to
kernel_info". Nothing of the notebook has run by then, so starting it again is safe; a kernel that
cannot start at all fails the same way every time and is reported after the last attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: what nbclient (and so nbgrader's log) says when the kernel process ended before it answered
KERNEL_START_FAILED = "Kernel died before replying to kernel_info"
ATTEMPTS = 3


def kernel_start_failed(text: str) -> bool:
    """Whether an error text or nbgrader log says a kernel died while it started."""
    return KERNEL_START_FAILED in text


def autograde(api: Any, assignment: str, student: str, attempts: int = ATTEMPTS, **options: Any) -> dict:
    """``NbGraderAPI.autograde``, tried again (``attempts`` in all) while a kernel dies as it starts.

    nbgrader removes a failed submission's autograded copy, so a new attempt grades it afresh; with
    ``student="*"`` it grades only the submissions that are not graded yet.
    """
    for _ in range(attempts - 1):
        result = api.autograde(assignment, student, **options)
        log = f"{result.get('error') or ''}\n{result.get('log') or ''}"
        if result.get("success") or not kernel_start_failed(log):
            return result
    return api.autograde(assignment, student, **options)


def retry_kernel_start(action: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``action()`` (which starts a kernel with nbclient), tried again while the kernel dies as it starts."""
    for _ in range(attempts - 1):
        try:
            return action()
        except RuntimeError as error:
            if not kernel_start_failed(str(error)):
                raise
    return action()
