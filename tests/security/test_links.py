"""Links and special files where a learner's progress file should be: refused by every reader, never followed.

Each hostile case puts something other than a regular file at ``mangfold-progress.json`` (or makes the
module folder itself a link), and each reader of learner files is run on it: the grader, the store the
module page opens, the course home's state, the summary, the dashboard, the research export and the
restore of an upload. A valid, complete progress file outside the course is the bait: on the code
before this test it was read through a link and scored every point.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from mangfold.authoring.release import SKIPPED, ensure_tools_on_path
from mangfold.cohort.commands import init_course
from mangfold.cohort.data import UNTRUSTED, load_cohort
from mangfold.course_state import module_state
from mangfold.grading import GradingError, grade_folder
from mangfold.progress.store import PROGRESS_FILENAME, ProgressFileError, ProgressStore, read_progress
from mangfold.progress.sync import restore_copy
from mangfold.research.learners import read_course
from mangfold.summary.model import read_module
from mangfold.summary.snapshot import SNAPSHOT_FILENAME, read_snapshot, write_snapshot
from tests import learners
from tests.conftest import MODULE_1, REPO_ROOT, copy_module

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


def link_outside(folder: Path, bait: Path) -> None:
    (folder / PROGRESS_FILENAME).symlink_to(bait / PROGRESS_FILENAME)


def link_passwd(folder: Path, bait: Path) -> None:
    (folder / PROGRESS_FILENAME).symlink_to("/etc/passwd")


def link_inside(folder: Path, bait: Path) -> None:
    """A link to another learner's valid file in the same course (``../../kari/<module>/...``)."""
    (folder / PROGRESS_FILENAME).symlink_to(Path("..", "..", "kari", MODULE_1, PROGRESS_FILENAME))


def fifo(folder: Path, bait: Path) -> None:
    os.mkfifo(folder / PROGRESS_FILENAME)  # opening it for reading without O_NONBLOCK would hang


def a_folder(folder: Path, bait: Path) -> None:
    (folder / PROGRESS_FILENAME).mkdir()


def device(folder: Path, bait: Path) -> None:
    try:
        os.mknod(folder / PROGRESS_FILENAME, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers
    except PermissionError:
        pytest.skip("making a device file needs root")


def linked_module(folder: Path, bait: Path) -> None:
    """The module folder itself is a link to a complete module folder elsewhere."""
    shutil.rmtree(folder)
    folder.symlink_to(bait, target_is_directory=True)


#: case -> (how the learner's folder is made hostile, the reason every reader gives)
CASES: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "outside": (link_outside, "not a regular file (a symbolic link)"),
    "passwd": (link_passwd, "not a regular file (a symbolic link)"),
    "inside": (link_inside, "not a regular file (a symbolic link)"),
    "fifo": (fifo, "not a regular file (a FIFO)"),
    "folder": (a_folder, "not a regular file (a folder)"),
    "device": (device, "not a regular file (a device)"),
    "linked-module": (linked_module, f"not a regular file (its folder {MODULE_1} is a symbolic link)"),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def bait(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete module folder outside any course: its progress file is valid and scores every point."""
    folder = copy_module(MODULE_1, tmp_path_factory.mktemp("outside"))
    learners.complete(folder)
    assert grade_folder(folder, MODULE_1).points == 4
    return folder


@pytest.fixture(params=list(CASES))
def hostile(request, tmp_path: Path, bait: Path) -> tuple[Path, str, Path]:
    """(the learner's module folder in a course, the expected reason, the bait) for one case."""
    course = tmp_path / "kurs"
    learners.complete(copy_module(MODULE_1, course / "kari"))  # the victim of the "inside" link
    folder = copy_module(MODULE_1, course / "lure")
    make, reason = CASES[request.param]
    make(folder, bait)
    return folder, reason, bait


def test_read_progress_refuses_with_the_reason(hostile) -> None:
    folder, reason, _bait = hostile
    with pytest.raises(ProgressFileError) as caught:
        read_progress(folder, MODULE_1)
    assert caught.value.reason == reason


def test_the_grader_scores_nothing_and_says_why(hostile) -> None:
    folder, reason, _bait = hostile
    result = grade_folder(folder, MODULE_1)
    assert result.points == 0 and not result.trusted
    assert "cannot be trusted" in result.problem and reason in result.problem


def test_the_module_page_store_reports_it_and_starts_blank(hostile) -> None:
    folder, reason, _bait = hostile
    store = ProgressStore(folder, MODULE_1)
    assert [(n.kind, n.message) for n in store.notices] == [("untrusted", reason)]
    assert not store.data.scenarios and not store.data.reflections
    # the page tells a bokmål learner why in bokmål, and the trainer's sentence holds both
    in_bokmal = store.notices[0].reason_in("nb")
    assert in_bokmal.startswith("ikke en vanlig fil (")
    assert not any(english in in_bokmal for english in ("symbolic", "a FIFO", "device", "a folder", "its folder"))
    assert store.notices[0].error.both == f"{in_bokmal} / {reason}"


def test_the_course_home_counts_it_as_not_started(hostile) -> None:
    folder, _reason, _bait = hostile
    state = module_state(folder, MODULE_1)
    assert not state.started and state.done_items == 0


def test_the_summary_gives_the_reason(hostile) -> None:
    folder, reason, _bait = hostile
    record = read_module(folder, MODULE_1, "nb")
    assert record.problem == reason


def test_a_restore_never_writes_through_a_link_and_keeps_what_was_there(hostile) -> None:
    folder, _reason, bait = hostile
    before = digest(bait / PROGRESS_FILENAME)
    copy = (bait / PROGRESS_FILENAME).read_text(encoding="utf-8")
    result = restore_copy(folder, MODULE_1, copy, "upload")
    assert digest(bait / PROGRESS_FILENAME) == before  # the link's target is never written
    if folder.is_symlink():  # a linked module folder is not written at all
        assert (result.outcome, result.code) == ("rejected", "save-failed")
        return
    assert result.outcome == "merged"
    kept = [p for p in folder.iterdir() if p.name.startswith("mangfold-progress.set-aside-")
            and not p.name.endswith(".reason.txt")]
    assert len(kept) == 1 and not stat.S_ISREG(kept[0].lstat().st_mode)  # the link or special file, moved
    assert stat.S_ISREG((folder / PROGRESS_FILENAME).lstat().st_mode)
    assert grade_folder(folder, MODULE_1).points == 4  # the upload itself was a valid complete copy


def test_a_snapshot_that_is_a_link_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    write_snapshot(outside, tmp_path / "no-course")  # a valid (empty) snapshot
    read_snapshot(outside)
    summary = tmp_path / "summary"
    summary.mkdir()
    (summary / SNAPSHOT_FILENAME).symlink_to(outside / SNAPSHOT_FILENAME)
    with pytest.raises(GradingError, match=r"cannot be trusted: not a regular file \(a symbolic link\)"):
        read_snapshot(summary)


# -- the trainer's readers of autograded/: the dashboard and the research export -----------------------------
@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory, bait: Path) -> Path:
    """A course whose autograded/ holds one honest learner and one learner per hostile case."""
    ensure_tools_on_path()
    root = tmp_path_factory.mktemp("links-course") / "kurs"
    config = init_course(root, course_id="kull-lenker")
    with Gradebook(config.db_url, config.course_id) as gradebook:
        for learner in ["kari", *CASES]:
            gradebook.add_student(learner)
    learners.complete(_autograded(root, "kari"))
    for case, (make, _reason) in CASES.items():
        make(_autograded(root, case), bait)
    return root


def _autograded(course: Path, learner: str) -> Path:
    folder = course / "autograded" / learner / MODULE_1
    shutil.copytree(REPO_ROOT / "release" / MODULE_1, folder, ignore=shutil.ignore_patterns(*SKIPPED))
    return folder


@pytest.mark.slow
def test_the_dashboard_lists_each_as_untrusted_with_the_reason(course: Path) -> None:
    cohort = load_cohort(course)
    untrusted = {row.learner: row.reason for row in cohort.untrusted.itertuples() if row.module == MODULE_1}
    # the trainer reads the reason in bokmål, then English (as in autograde's report and formgrader)
    assert {case: text.split(" / ")[-1] for case, text in untrusted.items()} == {
        case: reason for case, (_make, reason) in CASES.items()}
    assert all(text.startswith("ikke en vanlig fil (") for text in untrusted.values())
    status = {row.learner: row.status for row in cohort.completion.itertuples() if row.module == MODULE_1}
    assert {case: status[case] for case in CASES} == dict.fromkeys(CASES, UNTRUSTED)


@pytest.mark.slow
def test_the_research_export_counts_them_untrusted_and_leaves_them_out(course: Path) -> None:
    from mangfold.cohort.config import load_cohort_config

    files = read_course(load_cohort_config(course))
    assert files.untrusted_files == len(CASES)
    assert {f.id: sorted(f.modules) for f in files.learners} == {"kari": [MODULE_1], **{c: [] for c in CASES}}
