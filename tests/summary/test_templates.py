"""The Word templates (``mangfold.summary.templates``): the interview guides (the job analysis of the learner's
own post: tests/summary/test_job_analysis.py).

Golden files: ``tests/files/golden/docx-interview-*.json`` hold each guide's structure, one body block a line
(the format: ``tests/helpers/word.py``). Every golden test compares. To accept a deliberate change::

    .venv/bin/python -m pytest tests/summary -q -p no:cacheprovider --update-goldens

rewrites every golden file that differs, fails the tests that rewrote one and ends the run failing with the
list of rewritten files. Review the diff, then run again WITHOUT the option: only that run can pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mangfold import i18n
from mangfold.content.documents import InterviewGuideText
from mangfold.content.loader import load_module_content
from mangfold.summary.docx import course_inline
from mangfold.summary.templates import (
    SCALE_EXERCISE,
    SCALE_MODULE,
    documents_text,
    interview_guide_docx,
    job_analysis_docx,
    ranked_musts,
    scale_rows,
)
from mangfold.ui import open_module
from tests import learners
from tests.conftest import REPO_ROOT, copy_module
from tests.helpers.goldens import Goldens
from tests.helpers.summary_courses import JOB_ANALYSIS, complete_course, empty_course, partial_course, summary_of
from tests.helpers.word import assert_golden, open_docx, paragraphs, structure, tables


def guide_text(language: str) -> InterviewGuideText:
    """The interview guides' prose in ``language``, from the course's own documents file."""
    return documents_text(language).interview_guide


COURSES = {"complete": complete_course, "partial": partial_course, "empty": empty_course}


@pytest.fixture(scope="module")
def courses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {name: make(tmp_path_factory.mktemp(name)) for name, make in COURSES.items()}


def musts_in_order(root: Path, language: str) -> list[str]:
    """The must-haves as the learner ranked them, read from the summary model."""
    exercise = summary_of(root, language).module(JOB_ANALYSIS).exercise("jobbanalyse")
    return [course_inline(p.item) for p in ranked_musts(exercise)]


# -- golden structure -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("course", "language", "round_"), [
    ("complete", "nb", 1), ("complete", "nb", 2), ("complete", "en", 1), ("complete", "en", 2),
    ("partial", "en", 2), ("empty", "nb", 1)])
def test_the_interview_guide_matches_its_golden_structure(courses: dict[str, Path], course: str, language: str,
                                                          round_: int, goldens: Goldens) -> None:
    summary = summary_of(courses[course], language)
    data = interview_guide_docx(summary, round_, content_root=courses[course])
    assert_golden(goldens, f"interview-{round_}-{course}-{language}", data)


# -- the learner's requirements -------------------------------------------------------------------------
def test_the_musts_come_in_the_learners_ranked_order(courses: dict[str, Path]) -> None:
    root = courses["complete"]
    for language in ("nb", "en"):
        summary = summary_of(root, language)
        exercise = summary.module(JOB_ANALYSIS).exercise("jobbanalyse")
        ranked = [course_inline(i) for i in exercise.ranked_items]
        assert len(ranked) == 3 and musts_in_order(root, language) == ranked
        assert ranked[0].startswith(("Forklarer regelverk", "Explains rules"))  # moved to the top by the learner
        guide = paragraphs(interview_guide_docx(summary, 1, content_root=root))
        sections = [text for style, text in guide
                    if style == "Heading 1" and text.startswith(("Krav ", "Requirement "))]
        assert sections == [guide_text(language).requirement.heading.format(number=n, text=text)
                            for n, text in enumerate(ranked, 1)]


def test_another_ranking_gives_another_order(tmp_path: Path) -> None:
    folder = copy_module(JOB_ANALYSIS, tmp_path)
    copy_module(SCALE_MODULE, tmp_path)
    learners.complete(folder)
    widget = open_module(JOB_ANALYSIS, folder, "nb").show("jobbanalyse")
    widget.move("utdanning", +1)
    widget.move("utdanning", +1)  # from first to last
    summary = summary_of(tmp_path, "nb")
    headings = [t for s, t in paragraphs(interview_guide_docx(summary, 2, content_root=tmp_path)) if s == "Heading 1"]
    assert headings[1].startswith("Krav 1: Skriver klare") and headings[3] == (
        "Krav 3: Relevant høyere utdanning, minst bachelorgrad")


def test_without_module_2_the_templates_have_blank_rows_and_say_so(courses: dict[str, Path]) -> None:
    for language in ("nb", "en"):
        summary = summary_of(courses["empty"], language)
        guide = paragraphs(interview_guide_docx(summary, 2, content_root=courses["empty"]))
        assert ("Normal", guide_text(language).no_musts) in guide
        blank = [t for s, t in guide if s == "Heading 1" and t.startswith(("Krav ", "Requirement "))]
        assert blank == [guide_text(language).requirement.heading_blank.format(number=n) for n in (1, 2, 3)]
        assert ("List Bullet", guide_text(language).references.question_blank) in guide


# -- the interview guide --------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_rating_scale_uses_module_4s_anchors(courses: dict[str, Path], language: str) -> None:
    content = load_module_content(courses["complete"] / SCALE_MODULE, language)
    block = next(b for b in content.exercises if b.id == SCALE_EXERCISE)
    anchors = [(c.label, c.description) for c in block.categories]
    rows = scale_rows(language, courses["complete"])
    assert [(r[0], r[1]) for r in rows[0::2]] == anchors  # 1, 3 and 5
    words = guide_text(language).scale.between
    between = words.format(low=1, high=3), words.format(low=3, high=5)
    assert [(r[0], r[1]) for r in rows[1::2]] == [("2", between[0]), ("4", between[1])]
    summary = summary_of(courses["complete"], language)
    scales = [t for t in tables(interview_guide_docx(summary, 1, content_root=courses["complete"]))
              if t[0][0] == guide_text(language).scale.columns[0]]
    assert len(scales) == 3 and all(t[1:] == rows for t in scales)  # one per must-have


def test_without_module_4s_content_the_scale_keeps_its_numbers(tmp_path: Path) -> None:
    rows = scale_rows("nb", tmp_path)
    assert rows == [[str(n), "", "☐"] for n in range(1, 6)]


def test_the_second_round_adds_a_work_sample_and_references(courses: dict[str, Path]) -> None:
    root = courses["complete"]
    summary = summary_of(root, "nb")
    first = [t for s, t in paragraphs(interview_guide_docx(summary, 1, content_root=root)) if s == "Heading 1"]
    second = [t for s, t in paragraphs(interview_guide_docx(summary, 2, content_root=root)) if s == "Heading 1"]
    extra = [guide_text("nb").work_sample.heading, guide_text("nb").references.heading]
    assert second == first[:-1] + extra + first[-1:]
    assert not set(extra) & set(first)
    titles = [open_docx(interview_guide_docx(summary, n, content_root=root)).paragraphs[0].text for n in (1, 2)]
    assert titles == [i18n.text("nb", "summary.interview_guide_1"), i18n.text("nb", "summary.interview_guide_2")]
    references = [t for s, t in paragraphs(interview_guide_docx(summary, 2, content_root=root)) if s == "List Bullet"
                  and t.endswith("resultatet?»")]
    assert [r.split(":")[0] for r in references] == musts_in_order(root, "nb")


@pytest.mark.parametrize("language", ["nb", "en"])
def test_both_rounds_follow_the_structured_interview_and_end_with_section_30(courses: dict[str, Path],
                                                                             language: str) -> None:
    summary = summary_of(courses["complete"], language)
    for round_ in (1, 2):
        blocks = structure(interview_guide_docx(summary, round_, content_root=courses["complete"]))
        found = [(b[1], b[2]) for b in blocks if b[0] == "p"]
        rules = [t for s, t in found if s == "List Number"]
        assert rules == guide_text(language).rules.points and len(rules) == 6
        question = guide_text(language).requirement.question
        assert question.strip("«»“”").startswith(("Fortell om en gang du", "Tell me about a time you"))
        assert sum(t.endswith(question) for _, t in found) == 3
        last = max(i for i, (s, _) in enumerate(found) if s == "Heading 1")
        assert found[last] == ("Heading 1", guide_text(language).ban.heading)
        grounds = [t for s, t in found[last:] if s == "List Bullet"]
        assert grounds == guide_text(language).ban.grounds and len(grounds) == 5


def test_only_rounds_1_and_2_exist(courses: dict[str, Path]) -> None:
    with pytest.raises(ValueError, match="round"):
        interview_guide_docx(summary_of(courses["empty"], "nb"), 3)


def test_the_templates_are_deterministic_word_files(courses: dict[str, Path]) -> None:
    summary = summary_of(courses["complete"], "en")
    root = courses["complete"]
    assert job_analysis_docx(summary) == job_analysis_docx(summary)
    assert interview_guide_docx(summary, 2, content_root=root) == interview_guide_docx(summary, 2, content_root=root)
    for data in (job_analysis_docx(summary), interview_guide_docx(summary, 1, content_root=root)):
        document = open_docx(data)
        assert document.core_properties.language == "en-GB"
        assert document.paragraphs[0].style.name == "Title"


def test_the_course_folder_the_summary_comes_from_has_the_last_word_on_the_prose(courses: dict[str, Path],
                                                                                 tmp_path: Path) -> None:
    """A trainer's course (``content_root``) may carry its own documents' text; without it the package's course
    is read (as in every other test here)."""
    own = tmp_path / "06-oppsummering"
    own.mkdir()
    source = REPO_ROOT / "source" / "06-oppsummering" / "documents.nb.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["interview_guide"]["ban"]["heading"] = "Spørreforbudet"
    (own / "documents.nb.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    summary = summary_of(courses["empty"], "nb")
    assert ("Heading 1", "Spørreforbudet") in paragraphs(interview_guide_docx(summary, 1, content_root=tmp_path))
    assert ("Heading 1", "Spørreforbudet") not in paragraphs(interview_guide_docx(summary, 1, content_root=own))
