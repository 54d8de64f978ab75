"""Shared fixtures: the repository's paths, throwaway copies of a module to work in, and golden files.

``--update-goldens`` rewrites the golden files that differ and fails the run (see tests/helpers/goldens.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mangfold.authoring.release import SKIPPED
from mangfold.content.schema import LANGUAGES
from mangfold.course import MODULE_IDS
from mangfold.progress.store import ProgressStore
from tests.helpers.goldens import OPTION, Goldens, RewrittenGoldens

REPO_ROOT = Path(__file__).resolve().parents[1]
FILES = Path(__file__).parent / "files"
MODULE_1 = MODULE_IDS[0]
#: the minimal test module (one item of each kind), in bokmål and English
MINIMAL_MODULE = FILES / "content" / "01-verdien-av-mangfold"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(OPTION, action="store_true", default=False,
                     help="write every golden file that differs anew, fail its test, and end the run failing with "
                          "the list of rewritten files: review the diff, then run again without the option")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(RewrittenGoldens(), "mangfold-rewritten-goldens")


@pytest.fixture
def goldens(request: pytest.FixtureRequest) -> Goldens:
    """Compare with golden files (``goldens.compare``); with ``--update-goldens``, rewrite them and fail."""
    return Goldens(update=request.config.getoption(OPTION), item=request.node)


def copy_module(module: str, destination: Path, tree: str = "release") -> Path:
    """Copy a module folder (without any learner files) to ``destination/<module>``."""
    target = destination / module
    shutil.copytree(REPO_ROOT / tree / module, target, ignore=shutil.ignore_patterns(*SKIPPED))
    return target


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    """A fresh, learner-free copy of module 1 as learners get it."""
    return copy_module(MODULE_1, tmp_path)


@pytest.fixture
def store(module_dir: Path) -> ProgressStore:
    return ProgressStore(module_dir, MODULE_1, "nb")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """Five small modules side by side, each a copy of the minimal test module under its own id."""
    for module in MODULE_IDS:
        folder = tmp_path / module
        folder.mkdir()
        for language in LANGUAGES:
            text = (MINIMAL_MODULE / f"content.{language}.yaml").read_text(encoding="utf-8")
            (folder / f"content.{language}.yaml").write_text(
                text.replace("module: 01-verdien-av-mangfold", f"module: {module}"), encoding="utf-8")
    return tmp_path
