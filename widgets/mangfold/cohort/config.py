"""A cohort's course directory: its ``nbgrader_config.py`` is the one place its settings live.

Trainers run nbgrader's own tools (formgrader, ``nbgrader``) beside ``mangfold cohort``, so the
settings are written as an ordinary nbgrader config file that both read, not as a file of our own.
The gradebook address may come from the environment (``MANGFOLD_DB_URL``) so that a PostgreSQL
password need not sit in a file in the trainer's home.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config, PyFileConfigLoader

from ..handin import DEFAULT_EXCHANGE

#: the feedback class that keeps released feedback private (private_exchange.py), named here without nbgrader
RELEASE_FEEDBACK_CLASS = "mangfold.cohort.private_exchange.PrivateExchangeReleaseFeedback"
#: the collect class that never follows a learner's link into the trainer's files (cohort/private_exchange.py)
COLLECT_CLASS = "mangfold.cohort.private_exchange.PrivateExchangeCollect"

CONFIG_NAME = "nbgrader_config.py"
DEFAULT_COURSE_ID = "mangfoldsrekruttering"
DB_URL_VARIABLE = "MANGFOLD_DB_URL"
#: nbgrader keeps these out of a submission; the lock beside a progress file is the course's own
IGNORED = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".mangfold-progress.lock"]
#: nbgrader uses ids in paths and in the exchange's file names: keep them to safe characters
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")


class CohortError(RuntimeError):
    """A course directory or its input cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class CohortConfig:
    """What ``mangfold cohort`` needs to know about one course directory."""

    course_dir: Path
    course_id: str
    db_url: str
    exchange_root: Path = Path(DEFAULT_EXCHANGE)

    @property
    def config_file(self) -> Path:
        return self.course_dir / CONFIG_NAME

    def exchange_outbound(self, module: str) -> Path:
        """Where nbgrader's exchange keeps a released module."""
        return self.exchange_root / self.course_id / "outbound" / module


def default_db_url(course_dir: Path) -> str:
    return f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"


def config_text(config: CohortConfig) -> str:
    """The course's ``nbgrader_config.py``: plain nbgrader settings, readable and editable by a trainer."""
    return f'''"""nbgrader settings for the course {config.course_id!r}, written by `mangfold cohort init`.

`mangfold cohort`, `nbgrader` and formgrader all read this file. Set {DB_URL_VARIABLE} in the
environment to use another gradebook (for example PostgreSQL) without writing its password here.
"""

import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.root = {str(config.course_dir)!r}
c.CourseDirectory.course_id = {config.course_id!r}
c.CourseDirectory.db_url = os.environ.get({DB_URL_VARIABLE!r}, {config.db_url!r})
# the exchange is always written out, so nbgrader, formgrader and `mangfold cohort` use the same one
c.Exchange.root = {str(config.exchange_root)!r}
# the lock file beside a learner's progress is not part of a submission
c.CourseDirectory.ignore = {IGNORED!r}
# a module notebook runs in a few seconds; anything slower is a hung kernel
c.ExecutePreprocessor.timeout = 120
# formgrader and feedback show the learner's notebook as HTML: a learner who edits it in JupyterLab
# could put markup there, so it is sanitised (the course's own outputs are plain text)
c.HTMLExporter.sanitize_html = True
# released feedback is readable by its own learner and the trainer only, never by other accounts
c.ExchangeFactory.release_feedback = {RELEASE_FEEDBACK_CLASS!r}
# collect copies a learner's regular files and folders only: a link a learner put into inbound/ is
# recorded (mangfold-refused.json), never followed into the trainer's files
c.ExchangeFactory.collect = {COLLECT_CLASS!r}
'''


def read_nbgrader_config(course_dir: Path) -> Config:
    """Execute the course's config file as nbgrader does; a broken file is named with its error."""
    path = Path(course_dir) / CONFIG_NAME
    if not path.is_file():
        raise CohortError(f"{path}: not found; is {course_dir} a course directory? "
                          f"(make one with `mangfold cohort init {course_dir}`)")
    try:
        return PyFileConfigLoader(CONFIG_NAME, path=str(path.parent)).load_config()
    except Exception as error:  # any error in a config file is the trainer's to fix
        raise CohortError(f"{path}: cannot be read: {type(error).__name__}: {error}") from error


def load_cohort_config(course_dir: Path | str) -> CohortConfig:
    """The settings of the course in ``course_dir``, as nbgrader would see them."""
    course_dir = Path(course_dir).resolve()
    config = read_nbgrader_config(course_dir)
    settings = config.get("CourseDirectory", {})
    exchange = config.get("Exchange", {}).get("root")
    root = Path(settings.get("root", course_dir)).resolve()
    if root != course_dir:
        raise CohortError(f"{course_dir / CONFIG_NAME}: CourseDirectory.root is {str(root)!r}, "
                          f"not this folder; was the folder moved? Fix the root or run init again with --force")
    return CohortConfig(course_dir=course_dir, course_id=settings.get("course_id", DEFAULT_COURSE_ID),
                        db_url=settings.get("db_url", default_db_url(course_dir)),
                        exchange_root=Path(exchange or DEFAULT_EXCHANGE))


def cohort_api(config: CohortConfig):
    """nbgrader's in-process API for the course, configured from its own config file."""
    from ..authoring.release import nbgrader_api

    api = nbgrader_api(config.course_dir, config.db_url)
    loaded = read_nbgrader_config(config.course_dir)
    api.update_config(loaded)
    api.coursedir.update_config(loaded)
    api.exchange.update_config(loaded)  # built with the API: without this it keeps nbgrader's own classes
    return api


def check_id(value: str, where: str) -> str:
    """A learner or module id that nbgrader can use in a path; otherwise an error naming ``where``."""
    value = value.strip()
    if not SAFE_ID.match(value) or value in {".", ".."}:
        raise CohortError(f"{where}: {value!r} is not a usable id (letters, digits, '.', '_', '@' and '-'; "
                          "at most 100 characters)")
    return value
