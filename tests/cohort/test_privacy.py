"""The course folder is the trainer's alone: created 0700, an open one closed and the change reported."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from mangfold.cohort.privacy import make_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_course_folder_is_created_0700_with_its_parents(tmp_path):
    folder = tmp_path / "home" / "kurs"
    report = io.StringIO()
    assert make_private(folder, report) is False
    assert mode(folder) == 0o700
    assert report.getvalue() == ""


def test_an_open_course_folder_is_closed_and_the_trainer_is_told(tmp_path):
    folder = tmp_path / "kurs"
    folder.mkdir()
    folder.chmod(0o755)
    (folder / "inside.txt").write_text("x", encoding="utf-8")
    report = io.StringIO()
    assert make_private(folder, report) is True
    assert mode(folder) == 0o700
    said = report.getvalue()
    assert str(folder) in said and "0755" in said and "0700" in said
    assert "kursmappen" in said and "course folder" in said
    assert (folder / "inside.txt").read_text(encoding="utf-8") == "x"


def test_a_private_course_folder_is_left_as_it_is(tmp_path):
    folder = tmp_path / "kurs"
    folder.mkdir()
    folder.chmod(0o500)
    report = io.StringIO()
    assert make_private(folder, report) is False
    assert mode(folder) == 0o500
    folder.chmod(0o700)


@pytest.mark.slow
def test_cohort_init_makes_the_course_folder_private(tmp_path):
    from mangfold.cohort.commands import init_course
    from tests.conftest import REPO_ROOT

    course = tmp_path / "kurs"
    course.mkdir()
    course.chmod(0o775)
    init_course(course, source=REPO_ROOT / "source")
    assert mode(course) == 0o700
