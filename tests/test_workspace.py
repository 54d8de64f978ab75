"""The learner's own copy of an installed course: laid out once, updated with a new version, progress untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mangfold.workspace
from mangfold.authoring.release import SKIPPED
from mangfold.course import PACKAGE, Course
from mangfold.workspace import VERSION_FILE, default_folder, lay_out
from tests.conftest import MODULE_1, REPO_ROOT


@pytest.fixture
def packaged(tmp_path: Path) -> Course:
    root = tmp_path / "site-packages" / "mangfold" / "course"
    for folder in ("source", "release", "notebooks"):
        shutil.copytree(REPO_ROOT / folder, root / folder, ignore=shutil.ignore_patterns(*SKIPPED))
    return Course(root, PACKAGE)


def test_default_folder_follows_xdg_data_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_folder() == tmp_path / "mangfoldsrekruttering" / "kurs"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_folder() == tmp_path / "home" / ".local" / "share" / "mangfoldsrekruttering" / "kurs"


def test_the_first_run_copies_what_the_pages_need(packaged: Course, tmp_path: Path) -> None:
    folder = tmp_path / "kurs"
    assert lay_out(packaged, folder)
    assert (folder / "notebooks" / "home.ipynb").read_bytes() == (packaged.notebooks / "home.ipynb").read_bytes()
    assert (folder / "release" / MODULE_1 / "content.nb.yaml").is_file()
    assert not (folder / "source").exists()
    assert (folder / VERSION_FILE).read_text(encoding="utf-8").strip() == mangfold.workspace.__version__


def test_a_new_version_updates_course_files_and_never_progress(packaged: Course, tmp_path: Path,
                                                             monkeypatch) -> None:
    folder = tmp_path / "kurs"
    lay_out(packaged, folder)
    module = folder / "release" / MODULE_1
    progress = {name: f'{{"learner": "{name}"}}' for name in
                ("mangfold-progress.json", "mangfold-progress.en.json", ".mangfold-progress.lock",
                 "mangfold-progress.json.set-aside-1")}
    for name, text in progress.items():
        (module / name).write_text(text, encoding="utf-8")
    # a packaged copy that (wrongly) holds a progress file must not overwrite the learner's
    (packaged.release / MODULE_1 / "mangfold-progress.json").write_text("{}", encoding="utf-8")
    content = packaged.release / MODULE_1 / "content.nb.yaml"
    content.write_text(content.read_text(encoding="utf-8") + "\n# changed in the new version\n", encoding="utf-8")

    assert not lay_out(packaged, folder), "the same version is not copied again"
    assert "changed in the new version" not in (module / "content.nb.yaml").read_text(encoding="utf-8")

    monkeypatch.setattr(mangfold.workspace, "__version__", "99.0")
    assert lay_out(packaged, folder)
    assert "changed in the new version" in (module / "content.nb.yaml").read_text(encoding="utf-8")
    for name, text in progress.items():
        assert (module / name).read_text(encoding="utf-8") == text, name
    assert (folder / VERSION_FILE).read_text(encoding="utf-8").strip() == "99.0"
