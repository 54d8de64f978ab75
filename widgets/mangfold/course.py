"""The course's shape: its modules in order, and where its folders are found.

The course (``source/``, ``release/``, ``notebooks/``) lives at the top of the repository and is
copied into the wheel as package data (``mangfold/course/``, by ``setup.py``). Every command finds it
the same way, so that a trainer on a hub (a non-editable install) and an author in a checkout both get
the course without naming a folder: an explicit ``--course``, then ``MANGFOLD_COURSE``, then the
checkout the package is imported from, then the packaged copy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import i18n

MODULE_IDS: tuple[str, ...] = (
    "01-verdien-av-mangfold",
    "02-legg-grunnlaget",
    "03-formidle-smart",
    "04-vurder-systematisk",
    "05-velg-den-rette",
)


def module_number(module_id: str) -> int:
    """1-based position of a module in the course."""
    return MODULE_IDS.index(module_id) + 1


def next_module(module_id: str) -> str | None:
    index = MODULE_IDS.index(module_id)
    return MODULE_IDS[index + 1] if index + 1 < len(MODULE_IDS) else None


def notebook_name(module_id: str) -> str:
    return f"{module_id}.ipynb"


#: the environment variable that names the course folder when ``--course`` is not given
COURSE_VARIABLE = "MANGFOLD_COURSE"
#: the course's folders, at the top of a checkout and under ``mangfold/course/`` in the wheel
COURSE_FOLDERS: tuple[str, ...] = ("source", "release", "notebooks")
#: where the wheel keeps the course, relative to the ``mangfold`` package
PACKAGED_FOLDER = "course"

#: how a course was found; only ``package`` is a read-only copy inside the installed package
ARGUMENT, ENVIRONMENT, CHECKOUT, PACKAGE = "argument", "environment", "checkout", "package"


class CourseNotFoundError(FileNotFoundError):
    """No course folder was found; the message says where the search looked (nb and en)."""


@dataclass(frozen=True)
class Course:
    """A course folder that holds ``source/`` and ``release/`` (and ``notebooks/``), and how it was found."""

    root: Path
    found_by: str

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def packaged(self) -> bool:
        """True for the copy inside the installed package: read it, never write to it."""
        return self.found_by == PACKAGE


def _is_course(folder: Path, strict: bool) -> bool:
    """A course folder: ``source/`` and ``release/`` (``strict``), or one of them (a folder an author names)."""
    present = [(folder / name).is_dir() for name in ("source", "release")]
    return all(present) if strict else any(present)


def checkout_root() -> Path | None:
    """The checkout the package is imported from (``pip install -e`` or a clone), or None when installed."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and _is_course(root, strict=True):
        return root
    return None


def packaged_root() -> Path | None:
    """The course copied into the installed package (a wheel or ``pip install .``), or None."""
    folder = Path(str(resources.files(__package__ or "mangfold") / PACKAGED_FOLDER))
    return folder if _is_course(folder, strict=True) else None


def locate_course(explicit: str | os.PathLike[str] | None = None) -> Course:
    """The course to work on: ``explicit`` > ``$MANGFOLD_COURSE`` > the checkout > the packaged copy.

    A folder that is named (argument or variable) must be a course; it is never passed over silently
    for another one.
    """
    named = [(explicit, ARGUMENT, "--course"), (os.environ.get(COURSE_VARIABLE) or None, ENVIRONMENT,
                                                COURSE_VARIABLE)]
    for value, found_by, where in named:
        if value is not None:
            folder = Path(value).expanduser().resolve()
            if _is_course(folder, strict=False):
                return Course(folder, found_by)
            raise CourseNotFoundError(
                f"{where}: {folder} er ikke en kursmappe (ingen source/ eller release/).\n"
                f"{where}: {folder} is not a course folder (no source/ or release/ in it).")
    checkout = checkout_root()
    if checkout is not None:
        return Course(checkout, CHECKOUT)
    packaged = packaged_root()
    if packaged is not None:
        return Course(packaged, PACKAGE)
    looked = i18n.both("cli.course-looked", variable=COURSE_VARIABLE, not_set=i18n.both("cli.not-set"),
                       checkout=Path(__file__).resolve().parents[2],
                       package=Path(str(resources.files(__package__ or "mangfold") / PACKAGED_FOLDER)))
    raise CourseNotFoundError(
        "Fant ikke kurset (source/ og release/). Så etter i: " + looked + ". "
        "Oppgi mappen med --course <mappe> eller MANGFOLD_COURSE, eller installer pakken på nytt.\n"
        "The course was not found (source/ and release/). Looked in: " + looked + ". "
        "Name the folder with --course <folder> or MANGFOLD_COURSE, or reinstall the package.")

