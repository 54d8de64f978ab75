"""Word templates filled in from the learner's work: a job analysis and structured interview guides.

The job analysis is the learner's own post, with module 2's case beside it as the worked example
(:mod:`.job_analysis`). The interview guides give every must-have requirement its own section
with a past-behaviour question, planned follow-ups, room for notes and a rating scale anchored with
the descriptions from module 4's ``vurderingsskala`` exercise. Both work without the learner's
answers too: the rows and sections are then blank and the document says why.

The documents' prose (the HR advice and the law on what may not be asked) is course content, in
``06-oppsummering/documents.<language>.yaml`` (:mod:`mangfold.content.documents`); the scale's
descriptions are course text too, and :class:`ExerciseRecord` keeps only the category labels, so they
are read from module 4's content file. Both come from ``content_root``, the course folder the summary
was built from, and where that folder does not have them, from the course the package finds
(:func:`mangfold.course.locate_course`: the checkout's or the installed ``release/``). Without module 4's
file the scale keeps its numbers and leaves the descriptions for the panel to write.

Everything goes in as plain text, as in :mod:`.docx`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .. import i18n
from ..content.documents import DocumentsContent, documents_path, load_documents
from ..content.errors import ContentError
from ..content.loader import load_module_content
from ..content.schema import ClassifyBlock
from ..course import locate_course
from ..progress.trust import SUMMARY_MODULE
from .docx import CHECKBOX, WordWriter, course_inline
from .model import CourseSummary, ExerciseRecord, PlacementRecord

JOB_ANALYSIS_MODULE, JOB_ANALYSIS_EXERCISE = "02-legg-grunnlaget", "jobbanalyse"
MUST, NICE, DROP = "ma", "bor", "fjern"  # the exercise's category ids
SCALE_MODULE, SCALE_EXERCISE = "04-vurder-systematisk", "vurderingsskala"
SCORES = (1, 2, 3, 4, 5)
BLANK_SECTIONS = 3  # requirement sections in an interview guide when the learner has no musts yet


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


# --- interview guides -------------------------------------------------------------------------------

def _scale_block(language: str, content_root: Path | None) -> ClassifyBlock | None:
    root = Path(content_root) if content_root else _course_release()
    try:
        content = load_module_content(root / SCALE_MODULE, language)
    except (ContentError, OSError):
        return None
    return next((b for b in content.exercises if b.id == SCALE_EXERCISE), None)


def scale_rows(language: str, content_root: Path | None = None, between: str | None = None) -> list[list[str]]:
    """Rows 1 to 5 of the rating scale: (score, what the answer shows, a box to tick).

    The anchored points and their descriptions come from module 4's ``vurderingsskala`` categories
    (a label starting with its score, such as "3 – god"); the points between them say so, in the words
    ``between`` (``{low}``, ``{high}``; by default the documents' own).
    """
    between = between or documents_text(language, content_root).interview_guide.scale.between
    anchors: dict[int, tuple[str, str]] = {}
    block = _scale_block(language, content_root)
    for position, category in enumerate(block.categories if block else ()):
        number = re.match(r"\s*(\d+)", category.label)
        score = int(number.group(1)) if number else 2 * position + 1
        anchors[score] = (category.label, course_inline(category.description or ""))
    rows = []
    for score in SCORES:
        if score in anchors:
            label, description = anchors[score]
        else:
            low = max((s for s in anchors if s < score), default=None)
            high = min((s for s in anchors if s > score), default=None)
            label = str(score)
            description = between.format(low=low, high=high) if low is not None and high is not None else ""
        rows.append([label, description, CHECKBOX])
    return rows


def _scale(w: WordWriter, text: DocumentsContent, rows: Sequence[Sequence[str]]) -> None:
    w.paragraph(text.interview_guide.scale.heading, bold=True)
    w.table(text.interview_guide.scale.columns, rows)


def _requirement_section(w: WordWriter, text: DocumentsContent, number: int, requirement: str | None,
                         scale: Sequence[Sequence[str]]) -> None:
    guide = text.interview_guide
    words = guide.requirement
    if requirement:
        w.heading(words.heading.format(number=number, text=requirement), 1)
    else:
        w.heading(words.heading_blank.format(number=number), 1)
        w.paragraph("", label=words.fill)
    w.paragraph(words.question, label=words.question_label)
    w.paragraph(words.follow_ups, bold=True)
    w.bullets(words.follow_up_questions)
    w.paragraph(guide.notes, bold=True)
    w.box(lines=5)
    _scale(w, text, scale)


def interview_guide_docx(summary: CourseSummary, round: int, *, content_root: Path | None = None) -> bytes:
    """A structured interview guide for the first (``round=1``) or second (``round=2``) interview.

    ``content_root`` is the course folder whose module 4 holds the rating scale's descriptions (and whose
    summary folder holds the documents' prose).
    """
    if round not in (1, 2):
        raise ValueError(f"round must be 1 or 2, not {round!r}")
    language = summary.language
    text = documents_text(language, content_root)
    guide = text.interview_guide
    title = i18n.text(language, f"summary.interview_guide_{round}")
    musts = ranked_musts(job_analysis_exercise(summary))
    scale = scale_rows(language, content_root, guide.scale.between)

    w = WordWriter(summary, title)
    w.title(title)
    w.paragraph(guide.lead)
    if round == 2:
        w.paragraph(guide.lead_second)
    if not musts:
        w.paragraph(guide.no_musts, bold=True)
    _fields(w, guide.fields)

    w.heading(guide.rules.heading, 1)
    w.numbered(guide.rules.points)

    requirements: list[str | None] = [course_inline(p.item) for p in musts] or [None] * BLANK_SECTIONS
    for number, requirement in enumerate(requirements, 1):
        _requirement_section(w, text, number, requirement, scale)

    if round == 2:
        w.heading(guide.work_sample.heading, 1)
        w.paragraph(guide.work_sample.lead)
        _fields(w, guide.work_sample.fields)
        w.paragraph(guide.notes, bold=True)
        w.box(lines=5)
        _scale(w, text, scale)

        references = guide.references
        w.heading(references.heading, 1)
        w.paragraph(references.lead)
        _fields(w, references.fields)
        w.paragraph(references.questions, bold=True)
        w.bullets([references.question.format(text=r) for r in requirements if r] or [references.question_blank])
        w.paragraph(references.ban)
        w.paragraph(guide.notes, bold=True)
        w.box(lines=5)

    w.heading(guide.ban.heading, 1)
    w.paragraph(guide.ban.lead)
    w.bullets(guide.ban.grounds)
    for note in guide.ban.notes:
        w.paragraph(note)
    return w.to_bytes()


__all__ = ["documents_text", "interview_guide_docx", "job_analysis_docx", "ranked_musts", "scale_rows"]
