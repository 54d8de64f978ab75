"""The learner's own copy of the course, for ``mangfold serve`` from an installed package.

An installed package's course sits in site-packages: read-only for most users, shared by every user of
the environment, and replaced by the next upgrade. Progress saved there would be lost or refused, so
``mangfold serve`` lays out ``release/`` and ``notebooks/`` in a folder of the learner's own and
serves that. A later version of the package brings new notebooks and content into the folder; the
learner's progress files are never written, moved or removed here.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from . import __version__, atomic
from .course import Course

#: the folders a learner's pages need (source/ is the authors' and the trainer's)
LEARNER_FOLDERS: tuple[str, ...] = ("release", "notebooks")
#: the package version the folder's course files came from
VERSION_FILE = ".mangfold-course-version"
#: files that belong to the learner, never to the package: never copied over, never touched
LEARNER_PATTERNS: tuple[str, ...] = ("mangfold-progress*", ".mangfold-progress*", "*.set-aside-*",
                                     ".ipynb_checkpoints", "__pycache__", "*.pyc")


def default_folder() -> Path:
    """``$XDG_DATA_HOME/mangfoldsrekruttering/kurs`` (``~/.local/share/...`` when the variable is unset)."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "mangfoldsrekruttering" / "kurs"


def _learners(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in LEARNER_PATTERNS)


def _course_files(course: Course) -> list[Path]:
    """The course's files under the learner's folders, relative to the course root."""
    files = []
    for folder in LEARNER_FOLDERS:
        for path in sorted((course.root / folder).rglob("*")):
            relative = path.relative_to(course.root)
            if path.is_file() and not any(_learners(part) for part in relative.parts):
                files.append(relative)
    return files


def lay_out(course: Course, folder: Path) -> bool:
    """Make ``folder`` the learner's copy of ``course``; return True when course files were (re)written.

    Course files are written on the first run and when the package version changed; the learner's own
    files (progress, its lock, set-aside copies) are never written.
    """
    folder = Path(folder).expanduser().resolve()
    stamp = folder / VERSION_FILE
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == __version__:
        return False
    for relative in _course_files(course):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(target, (course.root / relative).read_bytes())  # content only: may be read-only
    atomic.write_text(stamp, __version__ + "\n")
    return True
