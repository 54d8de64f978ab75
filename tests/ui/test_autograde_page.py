"""Under nbgrader's autograde a module notebook's display cells build nothing: grading reads the file."""

from __future__ import annotations

import shutil
from pathlib import Path

from mangfold.runtime import running_in_autograde
from mangfold.ui import ModulePage, SilentPage, open_module
from tests.conftest import MODULE_1


def autograded_copy(module_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kurs" / "autograded" / "anne" / MODULE_1
    shutil.copytree(module_dir, target)
    return target


def test_the_graded_copy_gets_a_page_that_shows_nothing(module_dir: Path, tmp_path: Path, monkeypatch) -> None:
    for name in ("VOILA_KERNEL_ID", "VOILA_PREHEAT", "VOILA_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    folder = autograded_copy(module_dir, tmp_path)
    assert running_in_autograde(folder)
    page = open_module(MODULE_1, folder)
    assert isinstance(page, SilentPage)
    assert page.header() is None and page.show("sjekk-strategi") is None and page.steps() is None
    assert not (folder / "mangfold-progress.json").exists()  # nothing written either


def test_a_learners_page_is_the_real_page(module_dir: Path, tmp_path: Path, monkeypatch) -> None:
    assert not running_in_autograde(module_dir)
    assert isinstance(open_module(MODULE_1, module_dir), ModulePage)
    # Voilà never serves autograded/, but if its kernel runs there the learner still gets the page
    monkeypatch.setenv("VOILA_KERNEL_ID", "k")
    assert isinstance(open_module(MODULE_1, autograded_copy(module_dir, tmp_path)), ModulePage)
