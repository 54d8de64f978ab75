"""Where a course notebook is running: in Voilà for a learner, or in nbgrader's autograde for a trainer.

Kept free of imports on purpose: the first cell of every module asks before anything else is loaded,
and under autograde the answer decides that the page's widgets are never imported at all.
"""

from __future__ import annotations

import os
from pathlib import Path

#: nbgrader's folder of graded copies (CourseDirectory.autograded_directory, left at its default):
#: a learner's submission runs in ``autograded/<learner>/<module>/``
AUTOGRADED_FOLDER = "autograded"


def running_in_voila() -> bool:
    """Voilà sets these in its kernels; the grader's printout must never show on the learner's page."""
    return any(name in os.environ for name in ("VOILA_KERNEL_ID", "VOILA_PREHEAT", "VOILA_BASE_URL"))


def running_in_autograde(folder: Path) -> bool:
    """Whether nbgrader is executing the notebook in ``folder`` to grade it: ``autograded/<learner>/<module>``.

    Grading reads only the progress file, so the display cells need not build the page (a third of
    autograde's time went to widgets nobody sees). Voilà never serves from there, but its kernels are
    checked first all the same.
    """
    return not running_in_voila() and Path(folder).resolve().parent.parent.name == AUTOGRADED_FOLDER
