"""Word templates filled in from the learner's work: the job analysis (the interview guides: :mod:`.guides`).

The job analysis is the learner's own post, with module 2's case beside it as the worked example
(:mod:`.job_analysis`); it works without the learner's answers too: the rows are then blank and the
document says why. The interview guides are in :mod:`.guides`.

The documents' prose (the HR advice and the law on what may not be asked) is course content, in
``06-oppsummering/documents.<language>.yaml`` (:mod:`mangfold.content.documents`). It comes from
``content_root``, the course folder the summary was built from, and where that folder does not have it,
from the course the package finds (:func:`mangfold.course.locate_course`): its ``source/`` before its
``release/``, as the reflection cards read it (a checkout's newest text, and a language the release does not
have yet), where they hold the file.

Everything goes in as plain text, as in :mod:`.docx`.
"""

from __future__ import annotations

from pathlib import Path

from ..content.documents import DocumentsContent, documents_path, load_documents
from ..course import locate_course
from ..progress.trust import SUMMARY_MODULE
from .model import CourseSummary

JOB_ANALYSIS_MODULE, JOB_ANALYSIS_EXERCISE = "02-legg-grunnlaget", "jobbanalyse"
MUST = "ma"  # the exercise's category id for a must-have (the interview guides ask about these)


def course_folders() -> list[Path]:
    """The trees of the course the package finds, newest first: ``source/`` (a checkout's authors' text, or
    absent in an installed package), then ``release/``, where the course's own content always is."""
    course = locate_course()
    return [course.source, course.release]


def documents_text(language: str, content_root: Path | None = None) -> DocumentsContent:
    """The documents' prose in ``language``: from ``content_root``'s summary folder where it has the file
    (a trainer's course may have edited it), else from the course the package finds."""
    folders = [Path(content_root) / SUMMARY_MODULE] if content_root else []
    folders += [tree / SUMMARY_MODULE for tree in course_folders()]
    folder = next((f for f in folders if documents_path(f, language).is_file()), folders[-1])
    return load_documents(folder, language)


# --- job analysis -----------------------------------------------------------------------------------

def job_analysis_docx(summary: CourseSummary, *, content_root: Path | None = None) -> bytes:
    """The job analysis of the learner's own post, the course's case beside it (:mod:`.job_analysis`).

    ``content_root`` is the course folder whose summary folder holds the documents' prose and the case.
    """
    from .job_analysis import job_analysis_docx as make  # that module builds on this one's prose loader

    return make(summary, content_root=content_root)


__all__ = ["documents_text", "job_analysis_docx"]
