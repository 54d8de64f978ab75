"""The Binder setup opens the Voilà course home with the course's own settings."""

from __future__ import annotations

import re

from mangfold.serving import start_path
from tests.conftest import REPO_ROOT


def test_binder_installs_the_course_as_a_package() -> None:
    lines = [line.strip() for line in (REPO_ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    assert "." in lines  # not editable: the Voilà template is installed as data files
    assert re.fullmatch(r"python-3\.1[1-9]", (REPO_ROOT / "binder" / "runtime.txt").read_text().strip())


def test_binder_link_opens_the_course_home() -> None:
    urlpath = start_path()
    assert (REPO_ROOT / urlpath.removeprefix("voila/render/")).is_file()
    assert f"urlpath={urlpath}" in (REPO_ROOT / "binder" / "README.md").read_text()
    assert f"urlpath={urlpath}" in (REPO_ROOT / "README.md").read_text()
