"""Hand a module in from the course page, through nbgrader's exchange, when the course runs on a hub.

Learners on a JupyterHub see only Voilà pages; without this they would have to find JupyterLab's
assignment list to submit. The module page offers "Lever inn" only where nbgrader's exchange is
set up for the module's folder (a hub where the trainer released the course); on Binder or a
laptop there is nothing to hand in to, and the button is not shown.

The submission is nbgrader's own ``nbgrader submit``, run as the learner in a separate process
(so a slow or failing exchange never blocks the page's kernel), from the folder nbgrader fetched
the module into. The progress file is saved at every change, so whatever is on disk is handed in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config, PyFileConfigLoader

from . import i18n

CONFIG_NAME = "nbgrader_config.py"
#: nbgrader's own default exchange (``Exchange.root`` of nbgrader 0.9's default exchange), the one place the
#: course names it: ``cohort init`` writes it into a course's config, the page looks for it. Written out,
#: not read from nbgrader's trait: importing nbgrader's exchange would add seconds to every page (1.6 s here);
#: tests/cohort/test_setup.py checks that it is still nbgrader's default.
DEFAULT_EXCHANGE = "/usr/local/share/nbgrader/exchange"
TIMEOUT_SECONDS = 90


@dataclass(frozen=True)
class HandInTarget:
    """Where and how a module folder would be handed in."""

    module: str
    course_id: str
    exchange_root: Path
    run_in: Path  # the folder ``nbgrader submit`` runs in: the module folder's parent


@dataclass(frozen=True)
class HandInResult:
    ok: bool
    message: str  # nbgrader's reason when it failed; empty on success


def nbgrader_config(folder: Path) -> Config:
    """The config nbgrader would read from ``folder``: Jupyter's config path, then the folder itself."""
    from jupyter_core.paths import jupyter_config_path

    merged = Config()
    for directory in [*reversed(jupyter_config_path()), str(folder)]:
        if (Path(directory) / CONFIG_NAME).is_file():
            try:
                merged.merge(PyFileConfigLoader(CONFIG_NAME, path=directory).load_config())
            except Exception:  # a broken config elsewhere must not break the learner's page
                continue
    return merged


def hand_in_target(module_folder: Path, module: str) -> HandInTarget | None:
    """The exchange this module folder hands in to, or None where there is none (Binder, a laptop)."""
    folder = Path(module_folder).resolve()
    if folder.name != module:
        return None
    config = nbgrader_config(folder.parent)
    course_id = config.get("CourseDirectory", {}).get("course_id") or ""
    exchange = Path(config.get("Exchange", {}).get("root") or DEFAULT_EXCHANGE)
    assignment_dir = config.get("Exchange", {}).get("assignment_dir")
    if not course_id or not (exchange / course_id / "inbound").is_dir():
        return None
    if assignment_dir and Path(os.path.expanduser(assignment_dir)).resolve() != folder.parent:
        return None  # nbgrader would look for the module somewhere else
    if not os.access(exchange / course_id / "inbound", os.W_OK | os.X_OK):
        return None
    return HandInTarget(module, course_id, exchange, folder.parent)


def exchange_exists(module_folder: Path, module: str) -> bool:
    """Whether this module folder hands in to an nbgrader exchange (a hub where the trainer released the course).

    The one test for which words a learner's page may use: handing in, grading and "the course folder" mean
    something only where there is an exchange; on Binder or a laptop the learner studies on their own.
    """
    return hand_in_target(module_folder, module) is not None


def hand_in(target: HandInTarget) -> HandInResult:
    """Run ``nbgrader submit`` for the module; the learner keeps working whatever happens."""
    command = [sys.executable, "-m", "nbgrader", "submit", target.module, f"--course={target.course_id}"]
    try:
        done = subprocess.run(command, cwd=target.run_in, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return HandInResult(False, str(error))
    log = (done.stdout + done.stderr).strip()
    if done.returncode == 0 and "ERROR]" not in log:  # nbgrader logs "[SubmitApp | ERROR] ..."
        return HandInResult(True, "")
    errors = [line.split("ERROR]", 1)[1].strip() for line in log.splitlines() if "ERROR]" in line]
    # with nothing in the log, say so in English like the nbgrader errors this stands in for
    fallback = i18n.text("en", "cohort.submit-failed")
    return HandInResult(False, errors[0] if errors else (log.splitlines() or [fallback])[-1])
