"""Generate the learners' version of each module with nbgrader, and tell when it is stale.

nbgrader runs in a throwaway course directory: the repository's ``release/`` may hold a local
learner's progress files, which ``generate_assignment --force`` would delete, and a source folder
must never carry a progress file into the release.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
import tempfile
from pathlib import Path

from traitlets.config import Config

from .. import atomic, i18n
from ..content.loader import find_module_dirs

#: Files that belong to a learner, never to the course: kept in release/, never copied from source/.
LEARNER_FILES = ("mangfold-progress*", ".mangfold-progress*", "*.set-aside-*")
SKIPPED = (*LEARNER_FILES, "__pycache__", ".ipynb_checkpoints", "*.pyc")


class ReleaseError(RuntimeError):
    """nbgrader could not generate a module; the message carries nbgrader's log."""


def ensure_tools_on_path() -> None:
    """nbgrader runs ``alembic`` from PATH; make it the one installed beside this interpreter."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def nbgrader_api(course_root: Path, db_url: str | None = None):
    """An in-process nbgrader API for ``course_root`` (one process: no 2 s start-up per command)."""
    ensure_tools_on_path()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    config = Config()
    config.CourseDirectory.root = str(course_root)
    config.CourseDirectory.db_url = db_url or f"sqlite:///{course_root / 'gradebook.db'}"
    config.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                                     ".mangfold-progress.lock"]
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    import fnmatch

    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def assignment_dirs(source_root: Path) -> list[Path]:
    """Every assignment folder: the modules, then the summary when it has been built."""
    from ..progress.trust import SUMMARY_MODULE

    summary = Path(source_root) / SUMMARY_MODULE
    return [*find_module_dirs(source_root), *([summary] if summary.is_dir() else [])]


def generate_into(source_root: Path, course_root: Path) -> list[str]:
    """Copy the modules under ``source_root`` into a course directory and generate them there."""
    modules = []
    for module_dir in assignment_dirs(source_root):
        shutil.copytree(module_dir, course_root / "source" / module_dir.name,
                        ignore=shutil.ignore_patterns(*SKIPPED))
        modules.append(module_dir.name)
    api = nbgrader_api(course_root)
    for module in modules:
        result = api.generate_assignment(module, force=True, create=True)
        if not result.get("success"):
            raise ReleaseError(f"nbgrader could not generate {module}:\n{result.get('error') or result.get('log')}")
    return modules


def _sync(generated: Path, target: Path) -> None:
    """Make ``target`` equal ``generated``, keeping learner files that live only in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for existing in target.iterdir():
        if _matches(existing.name, LEARNER_FILES) or (generated / existing.name).exists():
            continue
        shutil.rmtree(existing) if existing.is_dir() else existing.unlink()
    for item in generated.iterdir():
        destination = target / item.name
        if item.is_dir():
            _sync(item, destination)
        elif not destination.exists() or not filecmp.cmp(item, destination, shallow=False):
            atomic.copy(item, destination)


def generate_release(source_root: Path, release_root: Path) -> list[str]:
    """Regenerate ``release_root/<module>`` for every module in ``source_root``; return the module ids."""
    with tempfile.TemporaryDirectory(prefix="mangfold-release-") as temp:
        course = Path(temp)
        modules = generate_into(Path(source_root), course)
        for module in modules:
            _sync(course / "release" / module, Path(release_root) / module)
    return modules


def release_differences(source_root: Path, release_root: Path) -> list[str]:
    """Files in which the committed release differs from a fresh generation (empty when current)."""
    differences: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mangfold-release-check-") as temp:
        course = Path(temp)
        for module in generate_into(Path(source_root), course):
            fresh, committed = course / "release" / module, Path(release_root) / module
            fresh_files = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
            committed_files = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()
                               and not _matches(p.name, SKIPPED)} if committed.exists() else set()
            for name in sorted(fresh_files ^ committed_files):
                missing_or_extra = i18n.both("cli.missing" if name in fresh_files else "cli.extra")
                differences.append(f"{module}/{name}: {missing_or_extra}")
            for name in sorted(fresh_files & committed_files):
                if not filecmp.cmp(fresh / name, committed / name, shallow=False):
                    differences.append(f"{module}/{name}: {i18n.both('cli.differs')}")
    return differences
