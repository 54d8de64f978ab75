"""``mangfold research export``: a course directory in, a scrubbed, pseudonymised, k-anonymous data package out.

The pipeline, each step in its own module: read the trusted files (``learners``), keep the learners
who consented, pseudonymise (``pseudonym``), coarsen and suppress (``anonymity``), build the tables
and scrub the reflections (``tables``), write the package (``package``). Nothing reaches ``--out``
until every file is written: the package is built in a temporary folder beside it and renamed into
place, so a failed export leaves no half a data set for someone to pick up.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..cohort.config import load_cohort_config
from ..course import MODULE_IDS
from .anonymity import MIN_CLASS, Anonymised, Quasi, activity_weeks, anonymise, iso_week
from .errors import ResearchError
from .learners import CourseFiles, LearnerFiles, read_course, roster_names
from .package import Summary, write_package
from .pseudonym import pseudonym, read_key
from .scrub import SCRUBBER_VERSION, Scrubber
from .tables import (
    TABLES,
    Row,
    activity_stamps,
    answered,
    check_rows,
    choice_rows,
    modules_done,
    reflection_rows,
)


@dataclass(frozen=True)
class ExportResult:
    out: Path
    summary: Summary


def read_organisations(path: Path | str | None) -> list[str]:
    """The trainer's list of organisations to scrub, one name a line; blank lines are skipped."""
    if path is None:
        return []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ResearchError(f"{path}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise ResearchError(f"{path}: not UTF-8 text (one organisation name a line)") from None
    return [line.strip() for line in lines if line.strip()]


def check_out(out: Path) -> Path:
    """``out`` resolved, refused unless it is a new or empty folder: an export never mixes with other files."""
    out = Path(out).expanduser().resolve()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ResearchError(f"{out}: exists and is not an empty folder; export into a new or empty folder")
    if not out.parent.is_dir():
        raise ResearchError(f"{out.parent}: no such folder to make {out.name} in")
    return out


def _check_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ResearchError("the research export needs pyarrow for Parquet: "
                            "pip install 'mangfoldsrekruttering[research]'") from None


def export(course_dir: Path | str, key_file: Path | str, out: Path | str,
           organisations: Path | str | None = None) -> ExportResult:
    """Write the research data package of the course in ``course_dir`` into ``out``; see the module's docstring."""
    key = read_key(key_file, out)  # first: a key inside --out is the graver mistake, named as such
    out = check_out(Path(out))
    _check_pyarrow()
    config = load_cohort_config(course_dir)
    if config.course_dir == out or config.course_dir in out.parents:
        raise ResearchError(f"{out}: inside the course directory, next to the learners' files; export elsewhere")
    course = read_course(config)
    scrubber = Scrubber(roster_names=roster_names(config, [learner.id for learner in course.learners]),
                        organisations=read_organisations(organisations))
    consenting = [learner for learner in course.learners if learner.modules and learner.consented]
    names = {learner.id: pseudonym(key, config.course_id, learner.id) for learner in consenting}
    if len(set(names.values())) != len(names):
        raise ResearchError("two learners share a pseudonym under this key (vanishingly unlikely, but checked); "
                            "make a new key with `mangfold research keygen` and export again")
    quasi = {names[learner.id]: _quasi(course, learner) for learner in consenting}
    outcome = anonymise(quasi, MIN_CLASS)
    if len(outcome.kept) < MIN_CLASS or outcome.k is None:
        raise ResearchError(f"{config.course_dir}: only {len(outcome.kept)} consenting learner(s) remain after "
                            f"k-anonymity ({len(consenting)} consented); at least {MIN_CLASS} are needed, "
                            "so nothing was written")
    tables = _tables(course, consenting, names, outcome, scrubber)
    summary = Summary(course_id=config.course_id, week=iso_week(datetime.now(UTC).isoformat()),
                      scrubber_version=SCRUBBER_VERSION, k=outcome.k, learners_found=len(course.learners),
                      learners_consenting=len(consenting), learners_generalised=len(outcome.generalised),
                      learners_suppressed=len(outcome.dropped), untrusted_files=course.untrusted_files,
                      scrubbed=scrubber.counts.copy(), rows={name: len(rows) for name, rows in tables.items()})
    _write_atomically(out, tables, summary)
    return ExportResult(out, summary)


def _quasi(course: CourseFiles, learner: LearnerFiles) -> Quasi:
    """The learner's quasi-identifiers, exact: ``anonymity`` coarsens them where a class is too small."""
    stamps = [stamp for progress in learner.modules.values() for stamp in activity_stamps(progress)]
    return Quasi(learner.language, *activity_weeks(stamps),
                 modules_done=str(modules_done(course.contents, learner.modules)),
                 modules_answered=tuple(m for m, progress in learner.modules.items() if answered(progress)),
                 modules_total=len(MODULE_IDS))


_ORDER = ("pseudonym", "module", "scenario", "check", "reflection")


def _order(row: Row) -> tuple:
    return (*(str(row.get(column, "")) for column in _ORDER), row.get("step", 0))


def _tables(course: CourseFiles, consenting: list[LearnerFiles], names: dict[str, str], outcome: Anonymised,
            scrubber: Scrubber) -> dict[str, list[Row]]:
    """The four tables' rows for the learners k-anonymity kept, sorted by pseudonym.

    Sorting matters: rows in the order learners were read (alphabetical ids) would hint at who is who.
    """
    tables: dict[str, list[Row]] = {table.name: [] for table in TABLES}
    for learner in consenting:
        name = names[learner.id]
        if name not in outcome.kept:
            continue
        kept = outcome.kept[name]
        tables["learners"].append({"pseudonym": name, "language": kept.language, "modules_done": kept.modules_done,
                                   "week_first_activity": kept.week_first, "week_last_activity": kept.week_last})
        for module, progress in learner.modules.items():
            content = course.contents[module]
            tables["choices"] += choice_rows(name, content, progress)
            tables["check_answers"] += check_rows(name, content, progress)
            tables["reflections"] += reflection_rows(name, content, progress, scrubber)
    for rows in tables.values():
        rows.sort(key=_order)
    return tables


def _write_atomically(out: Path, tables: dict[str, list[Row]], summary: Summary) -> None:
    """Build the package in a temporary folder beside ``out``, then rename it to ``out`` in one step.

    The folder keeps ``mkdtemp``'s owner-only mode: the package is still personal data (pseudonymised),
    so sharing it is a deliberate act, not a side effect of a lax umask.
    """
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        write_package(staging, tables, summary)
        os.replace(staging, out)  # POSIX rename replaces an empty folder (checked above) in one step
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
