"""A learner's hand-in with links and special files, through the real exchange: never followed into the course.

The trainer runs ``mangfold cohort init/release/collect/autograde`` as in ``test_commands``; the learners
fetch and submit with nbgrader's own exchange classes. ``lure`` then writes a crafted, newer submission
straight into ``inbound/`` (every learner may write there): its progress file is a link to a valid,
complete progress file outside the course, and beside it are a link to a secret file, a link to a secret
folder, a FIFO and a forged refusal record. ``hand`` hands in honestly, and the trainer's copy in
``submitted/`` gets a link put in by hand afterwards (as after a plain ``nbgrader collect``). ``anne``
hands in honest complete work. Afterwards no byte of the secrets or the bait is anywhere under the
course folder, ``lure`` and ``hand`` score 0 with the reason, and ``anne`` scores every point.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit
from nbgrader.utils import parse_utc

from mangfold.cli import main
from mangfold.cohort.config import load_cohort_config
from mangfold.cohort.data import load_cohort
from mangfold.content.loader import load_module_content
from mangfold.progress.refused import REFUSED_FILENAME, read_refused
from mangfold.progress.store import PROGRESS_FILENAME
from tests import learners
from tests.conftest import MODULE_1, REPO_ROOT, copy_module
from tests.helpers.nbgrader_course import exchange_step, learner_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("cohort-hostile"),
    pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning"),
]

COURSE = "mangfold-kull-lenker"
MARKER = "HEMMELIG-MARKOR-7f3a9c"
LINKED = "mangfold-progress.json: not a regular file (a symbolic link)"


def crafted_submission(exchange: Path, learner: str, secrets: Path, bait: Path) -> Path:
    """A newer copy of ``learner``'s submission in ``inbound/``, written by the learner with links in it."""
    inbound = exchange / COURSE / "inbound"
    (honest,) = [p for p in inbound.iterdir() if p.name.startswith(f"{learner}+{MODULE_1}+")]
    stamp = honest.name.split("+")[2]  # <learner>+<module>+<timestamp>+<random>, as nbgrader 0.9 names it
    later = (parse_utc(stamp) + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    crafted = inbound / f"{learner}+{MODULE_1}+{later}+lenker"
    shutil.copytree(honest, crafted)
    (crafted / "timestamp.txt").write_text(later, encoding="utf-8")
    (crafted / PROGRESS_FILENAME).unlink(missing_ok=True)
    (crafted / PROGRESS_FILENAME).symlink_to(bait / PROGRESS_FILENAME)
    (crafted / "notater.txt").symlink_to(secrets / "hemmelig.txt")
    (crafted / "lenke").symlink_to(secrets, target_is_directory=True)
    os.mkfifo(crafted / "roret")
    (crafted / REFUSED_FILENAME).write_text(json.dumps({"format": "mangfold-refused", "version": 1, "refused": [
        {"path": PROGRESS_FILENAME, "kind": "x", "reason": "forged by the learner"}]}), encoding="utf-8")
    return crafted


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("hostile-handin")
    course, exchange, homes = base / "kurs", base / "exchange", base / "hjem"
    exchange.mkdir(mode=0o777)
    secrets = base / "trenerens-filer"  # files the trainer can read and no learner should see
    secrets.mkdir()
    (secrets / "hemmelig.txt").write_text(f"{MARKER}\n", encoding="utf-8")
    bait = copy_module(MODULE_1, base / "utenfor")  # a complete progress file outside the course
    learners.complete(bait)
    bait_checksum = json.loads((bait / PROGRESS_FILENAME).read_text(encoding="utf-8"))["checksum"]
    (base / "roster.csv").write_text("id,first_name,last_name,email\nanne,A,A,\nlure,L,L,\nhand,H,H,\n",
                                     encoding="utf-8")
    codes = {"init": main(["cohort", "init", str(course), "--course-id", COURSE, "--exchange", str(exchange),
                           "--roster", str(base / "roster.csv")]),
             "release": main(["cohort", "release", str(course), "--module", MODULE_1])}
    for learner, work in {"anne": learners.complete, "lure": learners.partial, "hand": learners.complete}.items():
        home = homes / learner
        home.mkdir(parents=True)
        config = learner_config(home, learner, exchange, MODULE_1, COURSE)
        exchange_step(ExchangeFetchAssignment, config)
        work(home / MODULE_1)
        exchange_step(ExchangeSubmit, config)
    crafted_submission(exchange, "lure", secrets, bait)
    codes["collect"] = main(["cohort", "collect", str(course), "--module", MODULE_1])
    collected = {name: [(e.path, e.kind, e.reason) for e in read_refused(course / "submitted" / name / MODULE_1)]
                 for name in ("anne", "lure", "hand")}
    # after a plain copy by hand, the trainer's submitted/ holds a link: autograde must not follow it
    hand_file = course / "submitted" / "hand" / MODULE_1 / PROGRESS_FILENAME
    hand_file.unlink()
    hand_file.symlink_to(bait / PROGRESS_FILENAME)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        codes["autograde"] = main(["cohort", "autograde", str(course), "--module", MODULE_1])
    return {"course": course, "codes": codes, "collected": collected, "out": out.getvalue(),
            "secrets": [MARKER, bait_checksum], "bait": bait}


def test_the_commands_run(cycle: dict) -> None:
    assert cycle["codes"] == {"init": 0, "release": 0, "collect": 0, "autograde": 0}, cycle["out"]


def test_collect_copies_no_link_and_records_each_refusal(cycle: dict) -> None:
    assert cycle["collected"]["anne"] == [] and cycle["collected"]["hand"] == []
    assert sorted(cycle["collected"]["lure"]) == sorted([
        (REFUSED_FILENAME, "reserved name", "a name the course keeps for its own record"),
        ("lenke", "a symbolic link", "not a regular file (a symbolic link)"),
        (PROGRESS_FILENAME, "a symbolic link", "not a regular file (a symbolic link)"),
        ("notater.txt", "a symbolic link", "not a regular file (a symbolic link)"),
        ("roret", "a FIFO", "not a regular file (a FIFO)"),
    ])


def test_nothing_under_the_course_is_a_link_but_what_was_set_aside(cycle: dict) -> None:
    course: Path = cycle["course"]
    special = []
    for folder, folders, files in os.walk(course):  # never follows a link
        for name in [*folders, *files]:
            path = Path(folder, name)
            if not (stat.S_ISREG(path.lstat().st_mode) or stat.S_ISDIR(path.lstat().st_mode)):
                special.append(path.relative_to(course).as_posix())
    assert special == [f"refused/hand/{MODULE_1}/{PROGRESS_FILENAME}"]  # kept as the link it was, never read
    assert os.readlink(course / special[0]) == str(cycle["bait"] / PROGRESS_FILENAME)


def test_no_secret_and_no_bait_reached_the_course(cycle: dict) -> None:
    course: Path = cycle["course"]
    found = []
    for folder, _folders, files in os.walk(course):
        for name in files:
            path = Path(folder, name)
            if stat.S_ISREG(path.lstat().st_mode):
                data = path.read_bytes()
                found += [(path.relative_to(course).as_posix(), s) for s in cycle["secrets"] if s.encode() in data]
    assert found == []


def test_the_linked_learners_score_nothing_and_the_honest_one_everything(cycle: dict) -> None:
    config = load_cohort_config(cycle["course"])
    maximum = learners.max_points(load_module_content(REPO_ROOT / "source" / MODULE_1, "nb"))
    with Gradebook(config.db_url, COURSE) as gradebook:
        scores = {s: gradebook.find_submission(MODULE_1, s).score for s in ("anne", "lure", "hand")}
    assert scores == {"anne": maximum, "lure": 0, "hand": 0}


def test_the_report_names_the_file_and_the_reason(cycle: dict) -> None:
    notes = [line for line in cycle["out"].splitlines() if line.startswith("merknad/note")]
    for learner in ("lure", "hand"):
        assert any(line.startswith(f"merknad/note {learner} {MODULE_1}: ") and LINKED in line for line in notes), notes
    assert not any(line.startswith("merknad/note anne") for line in notes)
    assert "forged by the learner" not in cycle["out"]  # the learner's own record was refused, not believed


def test_formgraders_test_cells_show_the_reason(cycle: dict) -> None:
    for learner in ("lure", "hand"):
        notebook = cycle["course"] / "autograded" / learner / MODULE_1 / f"{MODULE_1}.ipynb"
        assert LINKED in notebook.read_text(encoding="utf-8")


def test_the_dashboard_lists_them_untrusted_with_the_reason(cycle: dict) -> None:
    cohort = load_cohort(cycle["course"])
    reasons = {row.learner: row.reason for row in cohort.untrusted.itertuples() if row.module == MODULE_1}
    assert sorted(reasons) == ["hand", "lure"] and all(LINKED in r for r in reasons.values())
