"""The Word templates (``mangfold.summary.templates``): the job analysis (the guides: test_guides.py).

Golden files: ``tests/files/golden/docx-job-analysis-*.json`` hold each
template's structure, one body block a line (the format: ``tests/helpers/word.py``). Every golden test
compares. To accept a deliberate change::

    .venv/bin/python -m pytest tests/summary -q -p no:cacheprovider --update-goldens

rewrites every golden file that differs, fails the tests that rewrote one and ends the run failing with the
list of rewritten files. Review the diff, then run again WITHOUT the option: only that run can pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mangfold.content.documents import JobAnalysisText
from mangfold.summary.docx import course_inline
from mangfold.summary.templates import documents_text, job_analysis_docx, ranked_musts
from mangfold.ui import open_module
from tests import learners
from tests.conftest import copy_module
from tests.helpers.goldens import Goldens
from tests.helpers.summary_courses import JOB_ANALYSIS, complete_course, empty_course, partial_course, summary_of
from tests.helpers.word import assert_golden, open_docx, paragraphs, tables


def analysis_text(language: str) -> JobAnalysisText:
    """The job analysis's prose in ``language``, from the course's own documents file."""
    return documents_text(language).job_analysis


COURSES = {"complete": complete_course, "partial": partial_course, "empty": empty_course}


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {name: make(tmp_path_factory.mktemp(name)) for name, make in COURSES.items()}


def musts_in_order(root: Path, language: str) -> list[str]:
    """The must-haves as the learner ranked them, read from the summary model."""
    exercise = summary_of(root, language).module(JOB_ANALYSIS).exercise("jobbanalyse")
    return [course_inline(p.item) for p in ranked_musts(exercise)]


def must_table(data: bytes) -> list[list[str]]:
    """The job analysis's "must have" table: the one with a number column."""
    return next(t for t in tables(data) if t[0][0] in ("Nr.", "No."))


# -- golden structure -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("course", "language"), [("complete", "nb"), ("complete", "en"), ("partial", "nb"),
                                                  ("empty", "en")])
def test_the_job_analysis_matches_its_golden_structure(courses: dict[str, Path], course: str, language: str,
                                                       goldens: Goldens) -> None:
    data = job_analysis_docx(summary_of(courses[course], language))
    assert_golden(goldens, f"job-analysis-{course}-{language}", data)


# -- the learner's requirements -------------------------------------------------------------------------
def test_the_musts_come_in_the_learners_ranked_order(courses: dict[str, Path]) -> None:
    root = courses["complete"]
    for language in ("nb", "en"):
        summary = summary_of(root, language)
        exercise = summary.module(JOB_ANALYSIS).exercise("jobbanalyse")
        ranked = [course_inline(i) for i in exercise.ranked_items]
        assert len(ranked) == 3 and musts_in_order(root, language) == ranked
        assert ranked[0].startswith(("Forklarer regelverk", "Explains rules"))  # moved to the top by the learner
        rows = must_table(job_analysis_docx(summary))
        assert [row[1] for row in rows[1:4]] == ranked and [row[0] for row in rows[1:]] == ["1", "2", "3", "4", "5"]


def test_another_ranking_gives_another_order(tmp_path: Path) -> None:
    folder = copy_module(JOB_ANALYSIS, tmp_path)
    learners.complete(folder)
    widget = open_module(JOB_ANALYSIS, folder, "nb").show("jobbanalyse")
    widget.move("utdanning", +1)
    widget.move("utdanning", +1)  # from first to last
    summary = summary_of(tmp_path, "nb")
    rows = must_table(job_analysis_docx(summary))
    assert rows[3][1] == "Relevant høyere utdanning, minst bachelorgrad"


def test_the_job_analysis_sorts_musts_nice_and_dropped_with_our_suggestion_where_it_differs(tmp_path: Path) -> None:
    folder = copy_module(JOB_ANALYSIS, tmp_path)
    learners.complete(folder)
    widget = open_module(JOB_ANALYSIS, folder, "nb").show("jobbanalyse")
    widget.place("flytende-norsk", "ma")  # the learner keeps "fluent Norwegian" as a must
    widget.place("saksbehandling", "fjern")
    summary = summary_of(tmp_path, "nb")
    data = job_analysis_docx(summary)
    texts = [t for _, t in paragraphs(data)]
    assert analysis_text("nb").requirements.differs in texts and analysis_text("nb").not_done not in texts
    must, nice, dropped = (t for t in tables(data) if analysis_text("nb").requirements.requirement in t[0])
    assert must[0] == ["Nr.", "Krav", "Hvilken oppgave krever det?", "Vekt", "Vårt forslag"]
    assert ["4", "Flytende norsk muntlig og skriftlig", "", "", "Fjern"] in must
    assert all(row[4] == "" for row in must[1:] if row[1] != "Flytende norsk muntlig og skriftlig")
    assert all(row[1] == "" for row in nice[1:])  # nothing left as nice to have: blank rows to fill in
    assert ["Erfaring med saksbehandling etter regelverk", "Fjern", "Bør-krav"] in dropped
    assert ["Rolig og lojal, passer inn i et lite miljø", "Fjern", ""] in dropped
    headings = [t for s, t in paragraphs(data) if s == "Heading 2"]
    assert headings == ["Formål", "Oppgaver", "Må-krav", "Bør-krav", "Fjernet"]


def test_without_module_2_the_templates_have_blank_rows_and_say_so(courses: dict[str, Path]) -> None:
    for language in ("nb", "en"):
        summary = summary_of(courses["empty"], language)
        analysis = job_analysis_docx(summary)
        assert ("Normal", analysis_text(language).not_done) in paragraphs(analysis)
        assert all(row[1:] == ["", "", "", ""] for row in must_table(analysis)[1:])
        assert analysis_text(language).requirements.unsorted not in [t for _, t in paragraphs(analysis)]


def test_a_half_sorted_exercise_keeps_what_was_placed_and_lists_the_rest(courses: dict[str, Path]) -> None:
    summary = summary_of(courses["partial"], "en")
    exercise = summary.module(JOB_ANALYSIS).exercise("jobbanalyse")
    data = job_analysis_docx(summary)
    texts = [t for _, t in paragraphs(data)]
    assert analysis_text("en").not_done in texts and analysis_text("en").requirements.unsorted in texts
    unplaced = [course_inline(p.item) for p in exercise.placements if not p.placed]
    assert unplaced and all(("List Bullet", text) in paragraphs(data) for text in unplaced)
    assert all(row[-1] == "" for row in must_table(data)[1:])  # no suggestions before the learner has checked


def test_the_templates_are_deterministic_word_files(courses: dict[str, Path]) -> None:
    summary = summary_of(courses["complete"], "en")
    assert job_analysis_docx(summary) == job_analysis_docx(summary)
    document = open_docx(job_analysis_docx(summary))
    assert document.core_properties.language == "en-GB"
    assert document.paragraphs[0].style.name == "Title"
