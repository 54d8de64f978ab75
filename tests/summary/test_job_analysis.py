"""The job analysis of the learner's own post (``mangfold.summary.job_analysis``), in Word and in PDF.

Golden files: ``tests/files/golden/docx-job-analysis-*.json`` hold the Word file's structure, one body block a
line (``tests/helpers/word.py``); ``--update-goldens`` rewrites a differing one and fails (tests/helpers/goldens.py).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import get_args

import pypdf
import pytest

from mangfold import i18n
from mangfold.content.case import load_case
from mangfold.content.documents import ExampleRequirement, load_documents
from mangfold.markup import plain_text
from mangfold.progress.model import REQUIREMENT_KINDS
from mangfold.progress.trust import SUMMARY_MODULE
from mangfold.summary.job_analysis import job_analysis_data, job_analysis_docx, job_analysis_pdf
from mangfold.summary.model import CourseSummary
from mangfold.summary.post import LearnerPost, PostRequirement
from mangfold.summary.templates import documents_text
from mangfold.summary.templates import job_analysis_docx as templates_job_analysis_docx
from tests.conftest import REPO_ROOT
from tests.helpers.goldens import Goldens
from tests.helpers.summary_courses import GENERATED
from tests.helpers.word import assert_golden, open_docx, paragraphs, structure

POST = LearnerPost(
    title="Seniorrådgiver, regelverk og veiledning",
    unit="Avdeling for tilskudd, seksjon Nord",
    tasks=("behandle klager på vedtak", "lære opp nye saksbehandlere", "svare på spørsmål fra kommunene"),
    lacks="Ingen av oss har jobbet i en kommune, og ingen snakker samisk.",
    requirements=(PostRequirement("erfaring med klagesaker", "experience", False),
                  PostRequirement("master i rettsvitenskap eller statsvitenskap", "knowledge", True),
                  PostRequirement("forklarer regelverk enkelt for kommunene", "personal", True),
                  PostRequirement("samarbeider med andre seksjoner om felles saker", "cooperation", False),
                  PostRequirement("skriver klart på norsk", "language", True)))

#: texts that must never reach a document as words to fill in: the old placeholders and ellipsis prompts
PLACEHOLDERS = ("…", "...", "Fortell om en gang du", "Tell me about a time you", "Vårt forslag", "Our suggestion")

HOSTILE = ("<script>alert(1)</script> #panic(\"x\") *fet* $x^2$ ]] [ \\ `kode` @ref <lbl> &amp; ]]> <w:t>x</w:t> "
           '"sitat" æøå \u202e')
CONTROL = "a\x00b\x07c\x1bd\x0be"


def summary(language: str = "nb", post: LearnerPost | None = POST) -> CourseSummary:
    return CourseSummary(language, (), generated=GENERATED, post=post)


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of white space as one space (a table cell wraps its lines)."""
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages).split())


def cell_text(cell) -> str:
    """A cell's paragraphs and the cells of the tables inside it (python-docx's ``cell.text`` leaves those out)."""
    parts = [p.text for p in cell.paragraphs]
    parts += [cell_text(inner) for table in cell.tables for row in table.rows for inner in row.cells]
    return "\n".join(parts)


def docx_text(data: bytes) -> str:
    """Every paragraph and every cell, nested tables included, in one string."""
    document = open_docx(data)
    parts = [p.text for p in document.paragraphs]
    parts += [cell_text(cell) for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def requirement_table(data: bytes, language: str) -> list[list[str]]:
    """The learner's requirements table: the one whose second column is the requirement."""
    heading = documents_text(language).job_analysis.requirements.requirement
    [table] = [t for t in (b[1] for b in structure(data) if b[0] == "table") if len(t[0]) > 1 and t[0][1] == heading]
    return table


def example_boxes(data: bytes, language: str) -> list[str]:
    """The text of each frame that holds the course's example (a one-cell table that starts with its label)."""
    label = documents_text(language).job_analysis.example.label
    return [cell_text(t.cell(0, 0)) for t in open_docx(data).tables if t.cell(0, 0).text.startswith(label)]


# -- golden structure ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "language", "post"), [("post", "nb", POST), ("post", "nn", POST),
                                                        ("post", "en", POST), ("none", "nb", None)])
def test_the_job_analysis_matches_its_golden_structure(name: str, language: str, post: LearnerPost | None,
                                                       goldens: Goldens) -> None:
    assert_golden(goldens, f"job-analysis-{name}-{language}", job_analysis_docx(summary(language, post)))


# -- the learner's post -------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_word_file_holds_the_learners_post_with_must_and_should_and_a_weight_to_fill_in(language: str) -> None:
    data = job_analysis_docx(summary(language))
    words = documents_text(language).job_analysis
    text = docx_text(data)
    for value in (POST.title, POST.unit, *POST.tasks, POST.lacks):
        assert value in text
    own = requirement_table(data, language)
    assert own[0] == [words.requirements.number, words.requirements.requirement, words.requirements.kind,
                      words.requirements.must, words.requirements.reason, words.requirements.weight]
    must, should = i18n.text(language, "post.must_short"), i18n.text(language, "post.should_short")
    kind = lambda k: i18n.text(language, f"post.kind_{k}")  # noqa: E731
    assert own[1:6] == [  # must requirements first, then should, each in the learner's order
        ["1", "master i rettsvitenskap eller statsvitenskap", kind("knowledge"), must, "", ""],
        ["2", "forklarer regelverk enkelt for kommunene", kind("personal"), must, "", ""],
        ["3", "skriver klart på norsk", kind("language"), must, "", ""],
        ["4", "erfaring med klagesaker", kind("experience"), should, "", ""],
        ["5", "samarbeider med andre seksjoner om felles saker", kind("cooperation"), should, "", ""]]
    assert own[6:] == [["6", "", "", "", "", ""], ["7", "", "", "", "", ""]]  # rows to add more by hand
    assert words.no_post not in text and words.lead in text


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_course_example_is_beside_every_section_and_labelled_as_the_courses(language: str) -> None:
    data = job_analysis_docx(summary(language))
    example = documents_text(language).job_analysis.example
    boxes = example_boxes(data, language)
    assert len(boxes) == 5  # the post, the purpose, the tasks, what the team lacks, the requirements
    assert all(box.startswith(example.label) for box in boxes)
    assert example.intro in boxes[0] and "Kjersti Nygård" in boxes[0]
    assert example.purpose in boxes[1] and all(t.task in boxes[2] for t in example.tasks)
    assert example.lacks in boxes[3] and example.removed in boxes[4]
    for requirement in example.requirements:
        assert requirement.text in boxes[4] and requirement.reason in boxes[4]
    assert "30 %" in boxes[4] and "25 %" in boxes[4] and "15 %" in boxes[4] and example.threshold in boxes[4]


def test_the_example_is_the_case_of_module_2() -> None:
    """Its wording is the case's (docs/case.md § 1.4, case.yaml), its numbers are read from case.yaml."""
    case = load_case(REPO_ROOT / "source" / SUMMARY_MODULE)
    example = load_documents(REPO_ROOT / "source" / SUMMARY_MODULE, "nb").job_analysis.example
    wording = {r.id: r.text for r in case.requirements}
    assert [r.case for r in example.requirements] == [r.id for r in case.requirements]
    for requirement in example.requirements:
        assert requirement.text[0].lower() + requirement.text[1:] == wording[requirement.case]
    rows = job_analysis_data(summary("nb"))["example"]["requirements"]
    must, should = i18n.text("nb", "post.must_short"), i18n.text("nb", "post.should_short")
    assert [(row[3], row[5]) for row in rows] == [
        (must if r.kind == "must" else should, f"{r.weight} %" if r.weight else example.threshold)
        for r in case.requirements]
    assert sum(r.weight or 0 for r in case.requirements) == 100
    assert case.post.title in example.post[0] and case.employer.unit in example.post[1]


def test_the_documents_know_the_same_five_requirement_types_as_the_progress_file() -> None:
    assert get_args(ExampleRequirement.model_fields["kind"].annotation) == REQUIREMENT_KINDS
    for language in ("nb", "nn", "en"):
        labels = [i18n.text(language, f"post.kind_{k}") for k in REQUIREMENT_KINDS]
        assert len(set(labels)) == 5


def test_without_a_post_the_fields_are_blank_and_the_document_says_why() -> None:
    data = job_analysis_docx(summary("nb", None))
    words = documents_text("nb").job_analysis
    assert ("Normal", words.no_post) in paragraphs(data)
    own = requirement_table(data, "nb")
    assert own[1:] == [[str(n), "", "", "", "", ""] for n in range(1, 6)]
    assert len(example_boxes(data, "nb")) == 5  # the example is there all the same


def test_there_is_no_placeholder_and_no_unexplained_column() -> None:
    for post in (POST, None):
        for language in ("nb", "nn", "en"):
            for text in (docx_text(job_analysis_docx(summary(language, post))),
                         pdf_text(job_analysis_pdf(summary(language, post)))):
                found = [p for p in PLACEHOLDERS if p in text]
                assert not found, (language, post is None, found)


def test_the_templates_module_gives_the_same_job_analysis() -> None:
    assert templates_job_analysis_docx(summary()) == job_analysis_docx(summary())  # build.py and the page call it
    assert job_analysis_docx(summary("en")) == job_analysis_docx(summary("en"))  # deterministic bytes


# -- the PDF ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_pdf_holds_the_post_and_the_labelled_example(language: str) -> None:
    data = job_analysis_pdf(summary(language))
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 3 and reader.metadata.title == i18n.text(language, "summary.job_analysis")
    text = pdf_text(data)
    for value in (POST.title, POST.unit, *POST.tasks, POST.lacks, *(r.text for r in POST.requirements)):
        assert value in text, value
    example = documents_text(language).job_analysis.example
    assert text.count(example.label) == 5 and "Kjersti Nygård" in text
    assert i18n.text(language, "post.kind_cooperation") in text


def test_the_pdf_without_a_post_says_why() -> None:
    text = pdf_text(job_analysis_pdf(summary("en", None)))
    assert documents_text("en").job_analysis.no_post in text


# -- hostile text -------------------------------------------------------------------------------------
def hostile_post() -> LearnerPost:
    long = "langt ord " * 2_000  # 20 000 characters
    return LearnerPost(HOSTILE, CONTROL, (HOSTILE, long), long,
                       (PostRequirement(HOSTILE, "knowledge", True), PostRequirement(CONTROL, "language", False)))


def test_hostile_text_stays_text_in_word() -> None:
    data = job_analysis_docx(summary("nb", hostile_post()))
    text = docx_text(data)
    assert plain_text(HOSTILE) in text  # markup, Typst and Word XML characters, as typed (control characters out)
    assert plain_text(HOSTILE) == HOSTILE[:-1]  # the direction mark, nothing else
    assert "abcde" in text and "\x00" not in text  # control characters Word cannot hold are left out, nothing else
    assert text.count("langt ord") >= 2_000
    xml = open_docx(data).element.xml
    assert "<script>" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml
    assert xml.count("<w:t>x</w:t>") == 0 and "&lt;w:t&gt;x&lt;/w:t&gt;" in xml


def test_hostile_text_stays_text_in_the_pdf() -> None:
    data = job_analysis_pdf(summary("nb", hostile_post()))
    text = pdf_text(data)
    for piece in ("<script>alert(1)</script>", '#panic("x")', "*fet*", "$x^2$", "`kode`", "@ref <lbl>",
                  "<w:t>x</w:t>", "abcde"):
        assert piece in text, piece
    assert text.count("langt ord") >= 2_000


def test_a_course_folder_with_its_own_prose_and_case_is_used(tmp_path: Path) -> None:
    """A trainer's course (``content_root``) may carry its own documents' text; the example follows it."""
    own = tmp_path / SUMMARY_MODULE
    shutil.copytree(REPO_ROOT / "source" / SUMMARY_MODULE, own)
    path = own / "documents.nb.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Kursets eksempel: stillingen etter Randi Holm",
                                                             "Eksempel fra kurset"), encoding="utf-8")
    data = job_analysis_data(summary("nb"), content_root=tmp_path)
    assert data["example"]["label"] == "Eksempel fra kurset"
