"""Every reader of learner progress refuses the same files: one rule (``mangfold.progress.trust``), six readers.

Three files that cannot be trusted, each made by a learner who drove the real widgets (``tests/learners.py``)
and then changed the file: forged (a choice the content does not offer, with a recomputed checksum, so
the checksum holds), tampered (a first answer made right by hand, so the checksum fails) and corrupt
(cut off half way, not JSON). Each is given to every place that reads progress: the course home, the
grader, the summary, the trainer's dashboard, the research export and the restore of a browser copy.
An honest learner's complete file is the control: every reader uses it, so a reader that ignored its
input could not pass.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mangfold.authoring.release import SKIPPED, ensure_tools_on_path
from mangfold.cohort.commands import init_course
from mangfold.cohort.config import load_cohort_config
from mangfold.cohort.data import SUBMITTED, UNTRUSTED, load_cohort
from mangfold.course_state import NOT_STARTED, course_state
from mangfold.grading import grade_folder
from mangfold.progress.store import PROGRESS_FILENAME
from mangfold.progress.sync import restore_copy
from mangfold.research.learners import read_course
from mangfold.summary.model import read_module
from tests import learners
from tests.conftest import MODULE_1, REPO_ROOT

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

#: learner id (their folder in ``autograded/``) -> how they made their file
FILES = {"honest": learners.complete, "forged": learners.forged, "tampered": learners.tampered,
         "corrupt": learners.corrupt}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cohort's course directory with each learner's module 1 in ``autograded/<learner>/``, as autograde leaves it."""
    ensure_tools_on_path()
    root = tmp_path_factory.mktemp("trust") / "kurs"
    init_course(root, course_id="tillit")
    for learner, work in FILES.items():
        folder = root / "autograded" / learner / MODULE_1
        shutil.copytree(REPO_ROOT / "release" / MODULE_1, folder, ignore=shutil.ignore_patterns(*SKIPPED))
        work(folder)
    return root


def learner_folder(course: Path, learner: str) -> Path:
    return course / "autograded" / learner / MODULE_1


# Each reader answers one question: did it take this learner's file as the learner's work?
def home(course: Path, learner: str, _tmp: Path) -> bool:
    """The course home: a module with a trusted file is in progress or done; an untrusted one is not started."""
    return course_state(course / "autograded" / learner).state(MODULE_1).status != NOT_STARTED


def grading(course: Path, learner: str, _tmp: Path) -> bool:
    result = grade_folder(learner_folder(course, learner), MODULE_1)
    assert result.trusted == (result.points > 0)
    return result.trusted


def summary(course: Path, learner: str, _tmp: Path) -> bool:
    record = read_module(learner_folder(course, learner), MODULE_1, "nb")
    assert (record.problem is None) == (record.status != NOT_STARTED)
    return record.problem is None


def dashboard(course: Path, learner: str, _tmp: Path) -> bool:
    completion = load_cohort(course).completion
    status = completion[(completion.learner == learner) & (completion.module == MODULE_1)].status.item()
    assert status in (SUBMITTED, UNTRUSTED)
    return status == SUBMITTED


def research(course: Path, learner: str, _tmp: Path) -> bool:
    files = read_course(load_cohort_config(course))
    return MODULE_1 in next(f for f in files.learners if f.id == learner).modules


def restore(course: Path, learner: str, tmp: Path) -> bool:
    """The file as a copy from the browser, restored into a fresh module folder: merged, or rejected untouched."""
    fresh = tmp / MODULE_1
    shutil.copytree(REPO_ROOT / "release" / MODULE_1, fresh, ignore=shutil.ignore_patterns(*SKIPPED))
    text = (learner_folder(course, learner) / PROGRESS_FILENAME).read_bytes().decode("utf-8", "replace")
    result = restore_copy(fresh, MODULE_1, text, "browser")
    assert result.outcome in ("merged", "rejected"), result
    assert (result.outcome == "merged") == (fresh / PROGRESS_FILENAME).exists()
    return result.outcome == "merged"


READERS: dict[str, Callable[[Path, str, Path], bool]] = {
    "home": home, "grading": grading, "summary": summary, "dashboard": dashboard, "research": research,
    "restore": restore,
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("learner", FILES)
def test_every_reader_trusts_only_an_honest_file(course: Path, tmp_path: Path, reader: str, learner: str) -> None:
    assert READERS[reader](course, learner, tmp_path) == (learner == "honest")
