"""The Binder setup: a lock made from the current pyproject.toml, learner mode at start, the course home link.

Every check here reads files only (no network): the lock's header says what it was made from, so a
change to pyproject.toml's dependencies without ``python binder/lock.py`` fails here.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from mangfold.serving import start_path
from tests.conftest import REPO_ROOT

BINDER = REPO_ROOT / "binder"
PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")
#: tools of the dev extra that no learner needs: the lock is the runtime only
NOT_AT_RUN_TIME = ("pytest", "playwright", "ruff", "axe-playwright-python", "pytest-xdist")
REGENERATE = "run `python binder/lock.py` (see its docstring)"


def load_lock_script() -> ModuleType:
    """binder/lock.py, the script that writes the lock: the test uses its fingerprint, not a copy of it."""
    spec = importlib.util.spec_from_file_location("binder_lock", BINDER / "lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lock() -> ModuleType:
    return load_lock_script()


def lock_lines() -> list[str]:
    """The lock's requirement lines, comments and blank lines left out."""
    lines = [line.split("#", 1)[0].strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    return [line for line in lines if line]


def pins() -> dict[str, Version]:
    found = {}
    for line in lock_lines():
        match = PIN.fullmatch(line)
        if match:
            found[canonicalize_name(match.group(1))] = Version(match.group(2))
    return found


def binder_environment(python: str) -> dict[str, str]:
    """The marker environment of Binder's image: Linux on x86-64, CPython ``python`` (X.Y)."""
    return {"python_version": python, "python_full_version": f"{python}.0", "sys_platform": "linux",
            "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64",
            "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


def test_lock_is_made_from_the_current_dependencies(lock: ModuleType) -> None:
    header = lock.read_header((BINDER / "requirements.txt").read_text(encoding="utf-8"))
    python = lock.runtime_python()
    assert header.get(lock.PYTHON_KEY) == python, (
        f"binder/requirements.txt was locked for Python {header.get(lock.PYTHON_KEY)}, runtime.txt names {python}: "
        f"{REGENERATE}")
    expected = lock.fingerprint(lock.runtime_dependencies(), python)
    assert header.get(lock.FINGERPRINT_KEY) == expected, (
        f"binder/requirements.txt is older than pyproject.toml's [project] dependencies: {REGENERATE}")


def test_fingerprint_changes_with_a_dependency_but_not_with_their_order(lock: ModuleType) -> None:
    dependencies = lock.runtime_dependencies()
    same = lock.fingerprint(list(reversed(dependencies)), "3.11")
    assert same == lock.fingerprint(dependencies, "3.11")
    assert lock.fingerprint([*dependencies[:-1], dependencies[-1] + ",<99"], "3.11") != same
    assert lock.fingerprint(dependencies[:-1], "3.11") != same
    assert lock.fingerprint(dependencies, "3.12") != same


def test_every_runtime_requirement_is_pinned_within_its_specifier(lock: ModuleType) -> None:
    pinned = pins()
    environment = binder_environment(lock.runtime_python())
    wrong = []
    for text in lock.runtime_dependencies():
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None:
            wrong.append(f"{requirement.name}: not pinned")
        elif not requirement.specifier.contains(version, prereleases=True):
            wrong.append(f"{requirement.name}=={version} does not satisfy {requirement.specifier}")
    assert not wrong, f"binder/requirements.txt: {wrong}; {REGENERATE}"


def test_every_line_is_an_exact_pin_and_the_course_comes_last() -> None:
    lines = lock_lines()
    assert lines[-1] == ".", "the course itself (`.`, not editable: its Voilà template goes to share/jupyter)"
    loose = [line for line in lines[:-1] if not PIN.fullmatch(line)]
    assert not loose, f"binder/requirements.txt: lines that are not `name==version`: {loose}"
    assert len(pins()) == len(lines) - 1, "a package pinned twice"


def test_lock_is_the_runtime_only() -> None:
    pinned = pins()
    assert not [name for name in NOT_AT_RUN_TIME if canonicalize_name(name) in pinned]


def test_binder_python_is_the_one_the_course_supports(lock: ModuleType) -> None:
    assert re.fullmatch(r"3\.1[1-9]", lock.runtime_python())


def test_start_turns_on_learner_mode_and_runs_the_command(tmp_path: Path) -> None:
    start = BINDER / "start"
    assert os.access(start, os.X_OK), "binder/start must be executable (repo2docker runs it as it is)"
    environment = {key: value for key, value in os.environ.items() if key != "MANGFOLD_MODE"}
    marker = tmp_path / "ran"
    result = subprocess.run([str(start), "sh", "-c", f'printf %s "$MANGFOLD_MODE" > {marker}; exit 7'],
                            env=environment, capture_output=True, text=True)
    assert result.returncode == 7, result.stderr  # exec: the command's own exit code comes back
    assert marker.read_text() == "learner"


def test_post_build_is_executable() -> None:
    """repo2docker runs binder/postBuild as it is; what it does is proven in tests/binder (formgrader 404)."""
    assert os.access(BINDER / "postBuild", os.X_OK)


def test_binder_link_opens_the_course_home() -> None:
    urlpath = start_path()
    assert (REPO_ROOT / urlpath.removeprefix("voila/render/")).is_file()
    assert f"urlpath={urlpath}" in (BINDER / "README.md").read_text()
    assert f"urlpath={urlpath}" in (REPO_ROOT / "README.md").read_text()
