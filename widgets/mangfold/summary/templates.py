"""Word templates filled in from the learner's work: the job analysis (the interview guides: :mod:`.guides`).

The job analysis starts from the requirements the learner sorted in module 2 (``jobbanalyse``):
"must have" in the learner's own ranked order, then "nice to have", then the dropped ones, with a
weighting column to fill in. It works without the learner's answers too: the rows are then blank and
the document says why.

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

from .. import i18n
from ..content.documents import DocumentsContent, documents_path, load_documents
from ..course import locate_course
from ..progress.trust import SUMMARY_MODULE
from .docx import WordWriter, course_inline
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
    """A job-analysis template with the learner's requirements from module 2 filled in.

    ``content_root`` is the course folder whose summary folder holds the documents' prose.
    """
    language = summary.language
    text = documents_text(language, content_root).job_analysis
    exercise = job_analysis_exercise(summary)
    w = WordWriter(summary, i18n.text(language, "summary.job_analysis"))
    w.title(i18n.text(language, "summary.job_analysis"))
    w.paragraph(i18n.text(language, "summary.job_analysis_lead"))
    if exercise is None or not exercise.done:
        w.paragraph(text.not_done, bold=True)
    w.box(text.guidance.heading, text.guidance.points, shaded=True)

    w.heading(text.post.heading, 1)
    _fields(w, text.post.fields)
    w.heading(text.purpose.heading, 2)
    w.paragraph(text.purpose.lead)
    w.box(lines=3)
    w.heading(text.tasks.heading, 2)
    w.paragraph(text.tasks.lead)
    w.table(text.tasks.columns, [["", "", ""]] * 6)

    words = text.requirements
    w.heading(words.heading, 1)
    w.paragraph(words.lead)
    if exercise and exercise.checked and any(p.placed and p.placed != p.suggested for p in exercise.placements):
        w.paragraph(words.differs)
    requirement, reason, weight = words.requirement, words.reason, words.weight
    suggested = i18n.text(language, "summary.suggested")

    musts = ranked_musts(exercise)
    w.heading(_category_label(exercise, MUST, words.must), 2)
    if musts and exercise and exercise.ranked_items:
        w.paragraph(words.ranked)
    rows = [[str(n), course_inline(p.item), "", "", _suggestion(exercise, p)] for n, p in enumerate(musts, 1)]
    rows += [[str(n), "", "", "", ""] for n in range(len(musts) + 1, len(musts) + (3 if musts else 4))]
    w.table([words.number, requirement, reason, weight, suggested], rows)

    nice = placed_in(exercise, NICE)
    w.heading(_category_label(exercise, NICE, words.nice), 2)
    rows = [[course_inline(p.item), "", "", _suggestion(exercise, p)] for p in nice]
    rows += [["", "", "", ""]] * (2 if nice else 3)
    w.table([requirement, reason, weight, suggested], rows)

    dropped = placed_in(exercise, DROP)
    w.heading(words.removed, 2)
    rows = [[course_inline(p.item), p.placed or "", _suggestion(exercise, p)] for p in dropped] or [["", "", ""]]
    w.table([requirement, i18n.text(language, "summary.your_placement"), suggested], rows)

    started = exercise is not None and any(p.placed for p in exercise.placements)
    unsorted = [p for p in exercise.placements if not p.placed] if started else []
    if unsorted:  # the learner has begun sorting: what is left is theirs to place
        w.heading(words.unsorted, 2)
        w.bullets(course_inline(p.item) for p in unsorted)

    w.heading(text.decided.heading, 1)
    _fields(w, text.decided.fields)
    return w.to_bytes()


__all__ = ["documents_text", "job_analysis_docx", "ranked_musts"]
