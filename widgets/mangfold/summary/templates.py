"""Word templates filled in from the learner's work: the job analysis (the interview guides: :mod:`.guides`).

The job analysis is the learner's own post, with module 2's case beside it as the worked example
(:mod:`.job_analysis`); it works without the learner's answers too: the rows are then blank and the
document says why. The interview guides are in :mod:`.guides`.

The documents' prose (the HR advice and the law on what may not be asked) is course content, in
``06-oppsummering/documents.<language>.yaml`` (:mod:`mangfold.content.documents`). It comes from
``content_root``, the course folder the summary was built from, and where that folder does not have it,
from the course the package finds (:func:`mangfold.course.locate_course`: the checkout's or the installed
``release/``).

Everything goes in as plain text, as in :mod:`.docx`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..content.documents import DocumentsContent, documents_path, load_documents
from ..course import locate_course
from ..progress.trust import SUMMARY_MODULE
from .docx import WordWriter
from .model import CourseSummary, ExerciseRecord, PlacementRecord

JOB_ANALYSIS_MODULE, JOB_ANALYSIS_EXERCISE = "02-legg-grunnlaget", "jobbanalyse"
MUST, NICE, DROP = "ma", "bor", "fjern"  # the exercise's category ids


def _course_release() -> Path:
    """The release of the course the package finds, where the course's own content always is."""
    return locate_course().release


def documents_text(language: str, content_root: Path | None = None) -> DocumentsContent:
    """The documents' prose in ``language``: from ``content_root``'s summary folder where it has the file
    (a trainer's course may have edited it), else from the course the package finds."""
    folders = [Path(content_root) / SUMMARY_MODULE] if content_root else []
    folders.append(_course_release() / SUMMARY_MODULE)
    folder = next((f for f in folders if documents_path(f, language).is_file()), folders[-1])
    return load_documents(folder, language)


# --- the learner's requirements ---------------------------------------------------------------------

def job_analysis_exercise(summary: CourseSummary) -> ExerciseRecord | None:
    module = summary.module(JOB_ANALYSIS_MODULE)
    return module.exercise(JOB_ANALYSIS_EXERCISE) if module else None


def placed_in(exercise: ExerciseRecord | None, category: str) -> tuple[PlacementRecord, ...]:
    """The items the learner put in a category (none if the content has no such category)."""
    if exercise is None or category not in dict(exercise.categories):
        return ()
    return exercise.items_in(category)


def ranked_musts(exercise: ExerciseRecord | None) -> tuple[PlacementRecord, ...]:
    """The must-haves in the learner's ranked order; any the learner did not rank follow in page order."""
    musts = placed_in(exercise, MUST)
    rank = {text: position for position, text in enumerate(exercise.ranked_items)} if exercise else {}
    return tuple(sorted(musts, key=lambda p: rank.get(p.item, len(rank))))


def _category_label(exercise: ExerciseRecord | None, category: str, fallback: str) -> str:
    return dict(exercise.categories).get(category, fallback) if exercise else fallback


def _suggestion(exercise: ExerciseRecord, placement: PlacementRecord) -> str:
    """The course's place for an item, shown only where it differs and once the learner has checked."""
    return placement.suggested if exercise.checked and placement.placed != placement.suggested else ""


# --- job analysis -----------------------------------------------------------------------------------

def _fields(w: WordWriter, names: Sequence[str]) -> None:
    """A two-column table of labels and blank cells to write in."""
    w.table(None, [[name, ""] for name in names], columns=2)


def job_analysis_docx(summary: CourseSummary, *, content_root: Path | None = None) -> bytes:
    """The job analysis of the learner's own post, the course's case beside it (:mod:`.job_analysis`).

    ``content_root`` is the course folder whose summary folder holds the documents' prose and the case.
    """
    from .job_analysis import job_analysis_docx as make  # that module builds on this one's prose loader

    return make(summary, content_root=content_root)


__all__ = ["documents_text", "job_analysis_docx", "ranked_musts"]
