"""Shared fixtures: the repository's paths and throwaway copies of a module to work in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mangfold.authoring.release import SKIPPED
from mangfold.course import MODULE_IDS
from mangfold.progress.store import ProgressStore

REPO_ROOT = Path(__file__).resolve().parents[1]
FILES = Path(__file__).parent / "files"
MODULE_1 = MODULE_IDS[0]


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
