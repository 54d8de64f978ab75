"""release/ is what nbgrader generates from source/: a stale or hand-edited release fails here."""

from __future__ import annotations

import json
import subprocess

import pytest

from mangfold.authoring.release import generate_release, release_differences
from mangfold.content import find_module_dirs
from mangfold.progress import PROGRESS_FILENAME
from tests.conftest import REPO_ROOT, copy_module

pytestmark = pytest.mark.slow


def test_committed_release_is_current() -> None:
    assert release_differences(REPO_ROOT / "source", REPO_ROOT / "release") == [], "run `make release`"


def test_no_progress_file_is_in_source_or_tracked_by_git() -> None:
    assert not list((REPO_ROOT / "source").rglob("mangfold-progress*"))
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True).stdout
    assert "mangfold-progress" not in tracked


def test_released_notebook_has_no_hidden_test_code(tmp_path) -> None:
    for module_dir in find_module_dirs(REPO_ROOT / "release"):
        notebook = json.loads((module_dir / f"{module_dir.name}.ipynb").read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            source = "".join(cell["source"])
            assert "require(" not in source and "HIDDEN TESTS" not in source


def test_released_test_cells_are_empty_so_voila_skips_them() -> None:
    """Voilà runs every cell of a page; an empty one it skips without asking the kernel (nbclient)."""
    for module_dir in [*find_module_dirs(REPO_ROOT / "release"), REPO_ROOT / "release" / "06-oppsummering"]:
        notebook = json.loads((module_dir / f"{module_dir.name}.ipynb").read_text(encoding="utf-8"))
        graded = [cell for cell in notebook["cells"] if cell["metadata"].get("nbgrader", {}).get("grade")]
        assert graded, module_dir.name
        assert all("".join(cell["source"]).strip() == "" for cell in graded), module_dir.name


def test_regenerating_keeps_a_local_learners_progress(tmp_path) -> None:
    source, release = tmp_path / "source", tmp_path / "release"
    module = copy_module("01-verdien-av-mangfold", source, tree="source")
    learner = copy_module(module.name, release)
    (learner / PROGRESS_FILENAME).write_text("{}", encoding="utf-8")
    (learner / "stale-file.txt").write_text("old", encoding="utf-8")
    (module / PROGRESS_FILENAME).write_text("{}", encoding="utf-8")  # must never travel into release/
    generate_release(source, release)
    assert (learner / PROGRESS_FILENAME).read_text(encoding="utf-8") == "{}"
    assert not (learner / "stale-file.txt").exists()
    assert release_differences(source, release) == []
