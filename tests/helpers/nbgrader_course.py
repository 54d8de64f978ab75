"""A real nbgrader course for module 1 in a throwaway folder, and the cycle through it: release, fetch, work,
submit, collect and autograde, with learners who do everything, some of it, nothing, or hand in a file that
cannot be trusted.

The learners work by driving the real widgets on their own fetched copy (``tests/learners.py``).
The trainer's side runs in one in-process ``NbGraderAPI`` configured from the course's
``nbgrader_config.py``; the learners' side runs nbgrader's own exchange classes with each learner's
home as their course root and ``CourseDirectory.student_id`` as the id (what ``--student`` sets),
as nbgrader's tests do.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit
from traitlets.config import Config, PyFileConfigLoader

from mangfold.authoring.release import SKIPPED, nbgrader_api
from mangfold.content.loader import load_module_content
from mangfold.content.schema import ModuleContent
from mangfold.kernels import autograde
from tests import learners
from tests.conftest import MODULE_1, REPO_ROOT

COURSE = "mangfold-test-kull"
NOTEBOOK = MODULE_1  # the notebook's name without .ipynb, as the gradebook names it

#: student id -> (how the learner works, first name). Every one of them submits but "borte".
LEARNERS: dict[str, tuple[Callable[[Path], learners.Points], str]] = {
    "kari": (learners.complete, "Kari"),
    "ola": (learners.partial, "Ola"),
    "nils": (learners.no_progress, "Nils"),
    "tove": (learners.tampered, "Tove"),
    "emil": (learners.corrupt, "Emil"),
    "siri": (learners.forged, "Siri"),
}
ABSENT = "borte"  # in the gradebook, never submits: exported with 0

CONFIG_FILE = """\
c = get_config()  # noqa: F821
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = {course!r}
c.CourseDirectory.db_url = {db_url!r}
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".mangfold-progress.lock"]
c.Exchange.root = {exchange!r}
c.Exchange.cache = {cache!r}
c.ExecutePreprocessor.timeout = 120
# every learner in this test is the same Unix user (root), so collect's owner check would warn for each
c.ExchangeCollect.check_owner = False  # (the warning text says CollectApp; the trait is here)
"""


@dataclass
class Cycle:
    api: NbGraderAPI
    root: Path
    db_url: str
    content: ModuleContent
    expected: dict[str, learners.Points]  # student id -> grade id -> points
    collect_log: str
    autograde_log: str

    def autograded(self, student: str) -> nbformat.NotebookNode:
        path = self.root / "autograded" / student / MODULE_1 / f"{NOTEBOOK}.ipynb"
        return nbformat.read(path, as_version=4)


def ok(result: dict) -> dict:
    """An NbGraderAPI result, or a failure that shows nbgrader's log."""
    assert result.get("success"), result.get("error") or result.get("log")
    return result


def learner_config(home: Path, student: str, exchange: Path, assignment: str = MODULE_1,
                   course: str = COURSE) -> Config:
    """What a learner's own nbgrader would be set up with: their home, their id, the shared exchange."""
    config = Config()
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.course_id = course
    config.CourseDirectory.student_id = student  # what `nbgrader submit --student=<id>` sets
    config.CourseDirectory.assignment_id = assignment
    config.Exchange.root = str(exchange)
    config.Exchange.cache = str(home / ".nbgrader-cache")
    config.Exchange.assignment_dir = str(home)
    return config


def exchange_step(kind: type, config: Config) -> None:
    coursedir = CourseDirectory(config=config)
    kind(coursedir=coursedir, authenticator=Authenticator(config=config), config=config).start()


def trainer_course(base: Path) -> tuple[Path, Path, str, NbGraderAPI]:
    """A trainer's course in ``base``: module 1's source, a course config (``CONFIG_FILE``), an exchange
    every learner may write to, a SQLite gradebook, and nbgrader's API reading that config.

    Returns the course root, the exchange, the gradebook's URL and the API.
    """
    root, exchange = base / "kurs", base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader's exchange must be writable by every learner
    shutil.copytree(REPO_ROOT / "source" / MODULE_1, root / "source" / MODULE_1,
                    ignore=shutil.ignore_patterns(*SKIPPED))
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    (root / "nbgrader_config.py").write_text(CONFIG_FILE.format(
        root=str(root), course=COURSE, db_url=db_url, exchange=str(exchange), cache=str(base / "trainer-cache")))
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    api = nbgrader_api(root, db_url)
    api.update_config(config)
    api.coursedir.update_config(config)
    return root, exchange, db_url, api


def build_cycle(base: Path) -> Cycle:
    """The whole cycle in ``base``: a trainer's course, every learner of :data:`LEARNERS` fetching, working and
    submitting, then collect and one autograde batch for all of them."""
    root, exchange, db_url, api = trainer_course(base)
    homes = base / "hjem"
    assert api.coursedir.course_id == COURSE and api.coursedir.root == str(root)

    with Gradebook(db_url, COURSE) as gradebook:
        for student, (_work, first_name) in LEARNERS.items():
            gradebook.add_student(student, first_name=first_name, last_name="Testesen",
                                  email=f"{student}@example.org")
        gradebook.add_student(ABSENT, first_name="Borte", last_name="Testesen")

    ok(api.generate_assignment(MODULE_1))
    ok(api.release_assignment(MODULE_1))
    assert (exchange / COURSE / "outbound" / MODULE_1 / f"{NOTEBOOK}.ipynb").is_file()

    expected: dict[str, learners.Points] = {}
    for student, (work, _name) in LEARNERS.items():
        home = homes / student
        home.mkdir(parents=True)
        config = learner_config(home, student, exchange)
        exchange_step(ExchangeFetchAssignment, config)
        folder = home / MODULE_1
        assert (folder / f"{NOTEBOOK}.ipynb").is_file() and (folder / "content.nb.yaml").is_file()
        expected[student] = work(folder)
        exchange_step(ExchangeSubmit, config)

    collected = ok(api.collect(MODULE_1))
    for student in LEARNERS:
        assert (root / "submitted" / student / MODULE_1 / f"{NOTEBOOK}.ipynb").is_file()
    # one batch for every learner: a learner with a bad file must not stop the others
    graded = ok(autograde(api, MODULE_1, "*"))
    content = load_module_content(root / "source" / MODULE_1, "nb")
    return Cycle(api, root, db_url, content, expected, collected.get("log", ""), graded.get("log", ""))


def grade_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
