"""Build hook: the course (source/, release/, notebooks/) goes into the wheel as ``mangfold/course/``.

The course folders stay at the top of the repository, where nbgrader, Binder and authors expect them;
a non-editable install (``pip install .``, a wheel, TLJH, Zero to JupyterHub) holds only what the
package carries, so the build copies them in. A learner's files (progress, its lock, set-aside copies,
checkpoints, a gradebook) and anything git ignores are left out: a wheel must never hand one learner's
progress to every other. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
COURSE_FOLDERS = ("source", "release", "notebooks")
#: the package folder that holds the course in the wheel (mangfold.course.PACKAGED_FOLDER)
TARGET = Path("mangfold") / "course"
#: never shipped, wherever they are in the course folders (they mirror .gitignore's learner data)
EXCLUDED = ("mangfold-progress*", ".mangfold-progress*", "*.set-aside-*", ".ipynb_checkpoints", "__pycache__",
            "*.pyc", "gradebook*", "submitted", "autograded", "feedback", ".DS_Store")


def _excluded(relative: Path) -> bool:
    return any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in EXCLUDED)


def _git_ignored(paths: list[Path]) -> set[Path]:
    """The paths git ignores, where the build runs in a git checkout (an unpacked sdist has no git)."""
    if not (HERE / ".git").exists() or shutil.which("git") is None or not paths:
        return set()
    done = subprocess.run(["git", "check-ignore", "--no-index", "--stdin", "-z"], cwd=HERE, check=False,
                          input="\0".join(str(p) for p in paths), capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: nothing ignored
        raise RuntimeError(f"git check-ignore failed: {done.stderr.strip()}")
    return {Path(p) for p in done.stdout.split("\0") if p}


def course_files() -> list[Path]:
    """The course's files to ship, relative to the project folder."""
    candidates = [path.relative_to(HERE) for folder in COURSE_FOLDERS if (HERE / folder).is_dir()
                  for path in sorted((HERE / folder).rglob("*")) if path.is_file()]
    candidates = [path for path in candidates if not _excluded(path)]
    ignored = _git_ignored(candidates)
    return [path for path in candidates if path not in ignored]


class BuildWithCourse(build_py):
    """``build_py`` that also copies the course into ``mangfold/course/`` (not for editable installs,
    which find the course in the checkout itself)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        files = course_files()
        if not any(path.parts[0] == "release" for path in files):
            raise RuntimeError(f"{HERE}: no course in release/ to package")
        target = Path(self.build_lib) / TARGET
        if target.exists():
            shutil.rmtree(target)  # a file dropped from the course must not stay in a rebuilt wheel
        for relative in files:
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / relative, destination)


setup(cmdclass={"build_py": BuildWithCourse})
