"""The interview guides (``mangfold.summary.guides``): questions per requirement type, in Word and PDF.

The guides are built from the course as authored (``source/``, as ``mangfold summary build`` does), so the
question bank in ``source/06-oppsummering/documents.<language>.yaml`` is the one under test.

Golden files: ``tests/files/golden/docx-guide-*.json`` hold the Word structure (the format:
``tests/helpers/word.py``); accept a deliberate change with ``--update-goldens`` (tests/helpers/goldens.py).
"""

from __future__ import annotations

import base64
import dataclasses
import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from mangfold import i18n
from mangfold.content.documents import DocumentsContent, documents_path, load_documents
from mangfold.content.errors import ContentError
from mangfold.content.loader import load_module_content
from mangfold.course import MODULE_IDS
from mangfold.progress.trust import SUMMARY_MODULE
from mangfold.summary import build as build_module
from mangfold.summary.docx import course_inline
from mangfold.summary.guides import (
    TOP_REQUIREMENTS,
    InterviewGuide,
    interview_guide,
    interview_guide_docx,
    interview_guide_pdf,
)
from mangfold.summary.model import CourseSummary
from mangfold.summary.post import REQUIREMENT_KINDS, LearnerPost, PostRequirement
from mangfold.summary.templates import JOB_ANALYSIS_EXERCISE, JOB_ANALYSIS_MODULE, MUST
from tests.conftest import REPO_ROOT, copy_module
from tests.helpers.goldens import Goldens
from tests.helpers.summary_courses import GENERATED
from tests.helpers.word import assert_golden, open_docx, paragraphs, structure, tables

SOURCE = REPO_ROOT / "source"
LANGUAGES = ("nb", "nn", "en")
ROUNDS = (1, 2)

#: one must requirement of each type, in the post's order, and a should requirement the guides leave out
REQUIREMENTS = {
    "nb": [("Bachelorgrad i økonomi eller jus", "knowledge"), ("Erfaring med anskaffelser", "experience"),
           ("Holder oversikt når mange saker går samtidig", "personal"),
           ("Samarbeider med fagmiljøer i andre enheter", "cooperation"),
           ("Skriver klare brev til leverandører på norsk", "language")],
    "nn": [("Bachelorgrad i økonomi eller jus", "knowledge"), ("Erfaring med innkjøp", "experience"),
           ("Held oversikta når mange saker går samtidig", "personal"),
           ("Samarbeider med fagmiljø i andre einingar", "cooperation"),
           ("Skriv klare brev til leverandørar på norsk", "language")],
    "en": [("A bachelor's degree in economics or law", "knowledge"), ("Experience of public procurement", "experience"),
           ("Keeps track when many cases run at once", "personal"),
           ("Works with specialists in other units", "cooperation"),
           ("Writes clear letters to suppliers in Norwegian", "language")],
}
SHOULD = {"nb": "Erfaring med regnskap", "nn": "Erfaring med rekneskap", "en": "Experience of accounting"}
TASKS = {"nb": ("følge opp kontrakter med leverandører", "skrive konkurransegrunnlag",
               "svare på spørsmål fra enhetene"),
         "nn": ("følgje opp kontraktar med leverandørar", "skrive konkurransegrunnlag",
                "svare på spørsmål frå einingane"),
         "en": ("follow up contracts with suppliers", "write tender documents", "answer questions from the units")}

#: learner text that would be markup, code or broken XML if it were not kept as text
HOSTILE = ('<script>alert(1)</script> #panic("x") *fet* $x^2$ #include "/etc/passwd" ] [ {text} {0} \\ `kode` '
           '@ref <lbl> & < > " \' \x00\x07\x1b end')
HOSTILE_SHOWN = ('<script>alert(1)</script>', '#panic("x")', '#include "/etc/passwd"', "{text} {0}", "& < >")
PLACEHOLDERS = ("…", "...", "[", "]", "{", "}", "Fortell om en gang du …", "Tell me about a time you …")


def a_post(language: str, tasks: tuple[str, ...] | None = None) -> LearnerPost:
    requirements = tuple(PostRequirement(text, kind) for text, kind in REQUIREMENTS[language])
    return LearnerPost("Rådgiver, innkjøp", "Seksjon for anskaffelser", TASKS[language] if tasks is None else tasks,
                       "", (*requirements, PostRequirement(SHOULD[language], "experience", must=False)))


def summary_for(language: str, post: LearnerPost | None) -> CourseSummary:
    return CourseSummary(language, (), generated=GENERATED, post=post)


def guide(language: str, round_: int, post: LearnerPost | None) -> InterviewGuide:
    return interview_guide(summary_for(language, post), round_, content_root=SOURCE)


def docx_of(language: str, round_: int, post: LearnerPost | None) -> bytes:
    return interview_guide_docx(summary_for(language, post), round_, content_root=SOURCE)


def pdf_of(language: str, round_: int, post: LearnerPost | None) -> bytes:
    return interview_guide_pdf(summary_for(language, post), round_, content_root=SOURCE)


def docx_text(data: bytes) -> list[str]:
    """Every paragraph of the Word file, tables' cells included, in order."""
    texts = []
    for block in structure(data):
        if block[0] == "p":
            texts.append(block[2])
        else:
            texts += [line for row in block[1] for cell in row for line in cell.split("\n")]
    return texts


def pdf_text(data: bytes) -> str:
    """The PDF's text with line breaks and runs of spaces made single spaces (lines wrap anywhere)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def text_of(language: str) -> DocumentsContent:
    return load_documents(SOURCE / SUMMARY_MODULE, language)


def questions_in(data: bytes) -> set[str]:
    """Every question the panel asks in a Word guide: the paragraphs that end with a question mark."""
    return {t for t in docx_text(data) if t.rstrip().endswith("?")}


# -- questions per requirement type ---------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_requirement_type_gets_its_own_questions_with_probes_and_a_full_anchored_scale(language: str) -> None:
    text = text_of(language)
    for round_ in ROUNDS:
        sections = guide(language, round_, a_post(language)).sections
        expected = REQUIREMENTS[language] if round_ == 1 else REQUIREMENTS[language][:TOP_REQUIREMENTS]
        assert [(s.requirement.text, s.requirement.kind) for s in sections] == expected
        asked: dict[str, set[str]] = {}
        for section in sections:
            kind = text.question_bank.kind(section.requirement.kind)
            assert section.kind_label == kind.label
            assert section.questions and len(section.questions) == len(kind.first if round_ == 1 else kind.second)
            for question in section.questions:
                assert question.text.endswith("?") and 1 <= len(question.probes) <= 2
                assert all(p.endswith("?") for p in question.probes)
                assert [score for score, _ in question.scale] == ["1", "2", "3", "4", "5"]
                anchors = [shows for score, shows in question.scale if score in "135"]
                assert all(anchors) and len(set(anchors)) == 3  # 1, 3 and 5 each described, differently
                between = text.interview_guide.scale.between
                assert [shows for score, shows in question.scale if score in "24"] == [
                    between.format(low=1, high=3), between.format(low=3, high=5)]
            asked[section.requirement.kind] = {q.text for q in section.questions}
        kinds = list(asked)
        for n, first in enumerate(kinds):  # no type borrows another type's questions
            for second in kinds[n + 1:]:
                assert not asked[first] & asked[second], (first, second)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_question_in_word_has_its_probes_notes_and_scale(language: str) -> None:
    words = text_of(language).interview_guide
    data = docx_of(language, 1, a_post(language))
    blocks = structure(data)
    headings = [i for i, b in enumerate(blocks) if b[0] == "p" and b[1] == "Heading 2"]
    assert len(headings) == sum(len(text_of(language).question_bank.kind(k).first) for _, k in REQUIREMENTS[language])
    for start in headings:
        after = blocks[start + 1:start + 12]
        styles = [(b[1], b[2]) if b[0] == "p" else ("table", len(b[1])) for b in after]
        assert styles[1] == ("Normal", words.requirement.probes)
        scale = next(b[1] for b in after if b[0] == "table" and b[1][0] == words.scale.columns)
        assert [row[0] for row in scale[1:]] == ["1", "2", "3", "4", "5"] and all(row[1] for row in scale[1:])


@pytest.mark.parametrize("language", LANGUAGES)
def test_knowledge_is_asked_as_knowledge_and_checked_on_paper_not_told_as_a_story(language: str) -> None:
    text = text_of(language)
    first, second = (guide(language, r, a_post(language)) for r in ROUNDS)
    for section in (first.sections[0], second.sections[0]):
        assert section.requirement.kind == "knowledge"
        assert {q.format for q in section.questions} == {"knowledge"}
        assert section.documentation == text.question_bank.knowledge.documentation
        for question in section.questions:
            assert not question.text.startswith(("Fortell om", "Beskriv en", "Tell us about", "Describe a"))
    others = [q.format for s in first.sections[1:] for q in s.questions]
    assert "behavioural" in others  # the other types do ask for what the applicant has done
    knowledge_reference = second.references[0]
    assert knowledge_reference.questions == (text.interview_guide.references.knowledge,)
    assert all(len(r.questions) == 2 and r.questions[0].endswith("?") for r in second.references[1:])


def test_the_bank_refuses_a_story_or_a_referee_for_knowledge(tmp_path: Path) -> None:
    for language in LANGUAGES:
        shutil.copy(documents_path(SOURCE / SUMMARY_MODULE, language), tmp_path)
    path = documents_path(tmp_path, "nb")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["question_bank"]["knowledge"]["first"][0]["format"] = "behavioural"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError, match="knowledge: every question has the format `knowledge`"):
        load_documents(tmp_path, "nb")
    data["question_bank"]["knowledge"]["first"][0]["format"] = "knowledge"
    data["question_bank"]["knowledge"]["reference"] = data["question_bank"]["experience"]["reference"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError, match="no `reference` question"):
        load_documents(tmp_path, "nb")


def test_the_bank_has_the_same_types_as_the_post() -> None:
    for language in LANGUAGES:
        bank = text_of(language).question_bank
        assert [name for name in type(bank).model_fields if name != "formats"] == list(REQUIREMENT_KINDS)


# -- the second interview differs ------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("own_post", [True, False], ids=["own-post", "example"])
def test_the_second_guide_asks_no_question_of_the_first_again(language: str, own_post: bool) -> None:
    post = a_post(language) if own_post else None
    first, second = (docx_of(language, r, post) for r in ROUNDS)
    assert questions_in(first) and questions_in(second)
    assert not questions_in(first) & questions_in(second)
    words = text_of(language).interview_guide
    first_headings = [t for s, t in paragraphs(first) if s == "Heading 1"]
    second_headings = [t for s, t in paragraphs(second) if s == "Heading 1"]
    assert words.work_sample.heading in second_headings and words.references.heading in second_headings
    assert words.work_sample.heading not in first_headings and words.references.heading not in first_headings
    for data in (first, second):  # both end with the § 30 box, its text as the course has it
        box = tables(data)[-1][0][0].split("\n")
        assert box[:2] == [words.ban.heading, words.ban.lead] and box[2:7] == words.ban.grounds


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_second_guide_verifies_the_top_requirements_with_a_case_a_work_sample_and_references(
        language: str) -> None:
    second = guide(language, 2, a_post(language))
    top = REQUIREMENTS[language][:TOP_REQUIREMENTS]
    assert len(second.sections) == TOP_REQUIREMENTS and all(s.open_points for s in second.sections)
    for section, task in zip(second.sections, TASKS[language], strict=True):  # each tied to a task, in order
        assert section.requirement.task == task
        assert any(f"«{task}»" in q.text or f"“{task}”" in q.text for q in section.questions)
    language_requirement = REQUIREMENTS[language][4]  # not among the top three, but tried in the work sample
    assert [c.requirement.split(": ", 1)[1] for c in second.criteria] == [text for text, _ in top] + [
        language_requirement[0]]
    assert all(c.one and c.three and c.five for c in second.criteria)
    assert second.work_sample_task == TASKS[language][4 % len(TASKS[language])]  # the language requirement's task
    assert [r.requirement.split(": ", 1)[1] for r in second.references] == [text for text, _ in top]
    data = docx_of(language, 2, a_post(language))
    criteria = next(t for t in tables(data) if t[0] == text_of(language).interview_guide.work_sample.columns)
    assert len(criteria) == TOP_REQUIREMENTS + 2  # the header, the top three and the language requirement


def test_without_a_language_requirement_the_work_sample_is_the_first_task() -> None:
    post = dataclasses.replace(a_post("nb"), requirements=(PostRequirement("Erfaring med anskaffelser", "experience"),))
    assert guide("nb", 2, post).work_sample_task == TASKS["nb"][0]


def test_the_work_sample_takes_the_task_of_a_language_requirement_and_every_referee_gets_the_same_questions() -> None:
    post = dataclasses.replace(a_post("nb"), requirements=(
        PostRequirement("Erfaring med anskaffelser", "experience"),
        PostRequirement("Skriver klare brev til leverandører på norsk", "language")))
    second = guide("nb", 2, post)
    assert second.work_sample_task == TASKS["nb"][1]
    reference = text_of("nb").question_bank.language.reference
    assert second.references[1].questions == (
        reference.question.format(requirement="Skriver klare brev til leverandører på norsk"), reference.probe)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_post_without_tasks_gets_questions_that_need_none_and_a_field_for_the_work_sample(language: str) -> None:
    post = a_post(language, tasks=())
    words = text_of(language).interview_guide
    for round_ in ROUNDS:
        made = guide(language, round_, post)
        assert all(s.requirement.task is None for s in made.sections)
        assert words.tasks_used not in made.intro
        texts = docx_text(docx_of(language, round_, post))
        assert not any(t.startswith(("En av oppgavene", "One of the post's tasks")) for t in texts)
    second = docx_text(docx_of(language, 2, post))
    assert words.work_sample.no_task in second
    assert words.tasks_used in docx_text(docx_of(language, 1, a_post(language)))


# -- no placeholders, the post's wording, hostile text ---------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("round_", ROUNDS)
@pytest.mark.parametrize("own_post", [True, False], ids=["own-post", "example"])
def test_no_placeholder_in_word_or_pdf(language: str, round_: int, own_post: bool) -> None:
    post = a_post(language) if own_post else None
    word = "\n".join(docx_text(docx_of(language, round_, post)))
    pdf = pdf_text(pdf_of(language, round_, post))
    for shown in (word, pdf):
        found = [p for p in PLACEHOLDERS if p in shown]
        assert not found, found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_posts_must_requirements_and_title_are_in_both_formats(language: str) -> None:
    post = a_post(language)
    for round_ in ROUNDS:
        wanted = [text for text, _ in REQUIREMENTS[language]][:None if round_ == 1 else TOP_REQUIREMENTS]
        word = docx_text(docx_of(language, round_, post))
        pdf = pdf_text(pdf_of(language, round_, post))
        heading = text_of(language).interview_guide.requirement.heading
        for number, text in enumerate(wanted, 1):
            assert heading.format(number=number, text=text) in word
            assert heading.format(number=number, text=text) in pdf
            assert any(f"«{text}»" in t or f"“{text}”" in t for t in word)  # quoted in a question
        assert not any(SHOULD[language] in t for t in word) and SHOULD[language] not in pdf
        assert "Rådgiver, innkjøp, Seksjon for anskaffelser" in word
        assert "Rådgiver, innkjøp, Seksjon for anskaffelser" in pdf


@pytest.mark.parametrize("language", LANGUAGES)
def test_hostile_requirement_text_stays_text_in_word_and_pdf(language: str) -> None:
    long_text = "Lang tekst " * 1_818  # about 20 000 characters
    post = LearnerPost(HOSTILE, HOSTILE, (HOSTILE,), HOSTILE,
                       (PostRequirement(HOSTILE, "personal"), PostRequirement(long_text, "language")))
    for round_ in ROUNDS:
        data = docx_of(language, round_, post)
        document = open_docx(data)  # a valid Word file
        assert document.paragraphs[0].style.name == "Title"
        word = "\n".join(docx_text(data))
        pdf = pdf_text(pdf_of(language, round_, post))
        for shown in HOSTILE_SHOWN:
            assert shown in word and shown in pdf
        assert "\x00" not in word and "\x07" not in word and "\x1b" not in word
        assert long_text.strip() in word
        assert "Lang tekst Lang tekst" in pdf


# -- the course's example --------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_without_a_post_the_guides_use_the_courses_example_and_say_so(language: str) -> None:
    content = load_module_content(SOURCE / JOB_ANALYSIS_MODULE, language)
    exercise = next(b for b in content.exercises if b.id == JOB_ANALYSIS_EXERCISE)
    kinds = text_of(language).guide_example.kinds
    musts = [(course_inline(i.text), kinds[i.id]) for i in exercise.items if i.expected == MUST]
    words = text_of(language).interview_guide
    no_musts = dataclasses.replace(a_post(language), requirements=(PostRequirement("Bør", "experience", False),))
    for post in (None, LearnerPost(), no_musts):
        made = guide(language, 1, post)
        assert [(s.requirement.text, s.requirement.kind) for s in made.sections] == musts
        assert made.example_note and made.example_note in docx_text(docx_of(language, 1, post))
        assert made.fields[0][1].endswith(f"({words.example_label})")
    assert [s.requirement.task for s in guide(language, 1, None).sections] == list(
        text_of(language).guide_example.tasks[:len(musts)])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_example_types_every_requirement_of_module_2_and_uses_its_tasks(language: str) -> None:
    for tree in ("source", "release"):
        if not (REPO_ROOT / tree / JOB_ANALYSIS_MODULE / f"content.{language}.yaml").is_file():
            continue  # a release made before this language came: the stale-release test says so
        content = load_module_content(REPO_ROOT / tree / JOB_ANALYSIS_MODULE, language)
        exercise = next(b for b in content.exercises if b.id == JOB_ANALYSIS_EXERCISE)
        assert {i.id for i in exercise.items} == set(text_of(language).guide_example.kinds)
        for task in text_of(language).guide_example.tasks:
            assert task in exercise.intro


# -- the documents ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "language", "round_", "own_post"), [
    ("post-nb-1", "nb", 1, True), ("post-nb-2", "nb", 2, True), ("example-en-1", "en", 1, False),
    ("example-en-2", "en", 2, False), ("example-nn-1", "nn", 1, False), ("example-nn-2", "nn", 2, False)])
def test_the_guide_matches_its_golden_structure(name: str, language: str, round_: int, own_post: bool,
                                                goldens: Goldens) -> None:
    assert_golden(goldens, f"guide-{name}", docx_of(language, round_, a_post(language) if own_post else None))


def test_only_rounds_1_and_2_exist() -> None:
    with pytest.raises(ValueError, match="round"):
        interview_guide_docx(summary_for("nb", None), 3, content_root=SOURCE)
    with pytest.raises(ValueError, match="round"):
        interview_guide_pdf(summary_for("nb", None), 0, content_root=SOURCE)


def test_the_guides_are_deterministic_word_files_and_a4_pdfs() -> None:
    assert docx_of("en", 2, a_post("en")) == docx_of("en", 2, a_post("en"))
    document = open_docx(docx_of("en", 1, None))
    assert document.core_properties.language == "en-GB"
    assert document.paragraphs[0].text == i18n.text("en", "summary.interview_guide_1")
    reader = pypdf.PdfReader(io.BytesIO(pdf_of("nb", 2, None)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert i18n.text("nb", "summary.interview_guide_2") in pdf_text(pdf_of("nb", 2, None))


def test_the_course_folder_the_summary_comes_from_has_the_last_word_on_the_prose(tmp_path: Path) -> None:
    """A trainer's course (``content_root``) may carry its own documents' text; where it has none, the package's
    course is read."""
    own = tmp_path / SUMMARY_MODULE
    own.mkdir()
    for language in LANGUAGES:
        shutil.copy(documents_path(SOURCE / SUMMARY_MODULE, language), own)
    path = documents_path(own, "nb")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["interview_guide"]["ban"]["heading"] = "Spørreforbudet"
    data["question_bank"]["experience"]["first"][0]["text"] = "Hva har du gjort med «{requirement}»?"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    made = interview_guide_docx(summary_for("nb", a_post("nb")), 1, content_root=tmp_path)
    assert "Spørreforbudet" in docx_text(made)
    assert "Hva har du gjort med «Erfaring med anskaffelser»?" in docx_text(made)


def test_the_trainer_build_writes_both_guides_in_word_and_pdf_without_chromium(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SOURCE / SUMMARY_MODULE, tmp_path / "source" / SUMMARY_MODULE,
                    ignore=shutil.ignore_patterns("*.ipynb", "mangfold-progress*"))
    for module in MODULE_IDS:
        copy_module(module, tmp_path / "autograded" / "anne")

    monkeypatch.setenv("MANGFOLD_CHROMIUM", "/nonexistent")  # no browser: the PDFs are typeset in-process
    monkeypatch.setenv("PATH", "/nonexistent")
    result = build_module.build_learner(tmp_path, "anne")
    assert result.error is None
    names = {p.name for p in result.files}
    assert {"intervjuguide-1.docx", "intervjuguide-2.docx", "intervjuguide-1.pdf", "intervjuguide-2.pdf"} <= names
    assert "oppsummering.pdf" not in names
    folder = tmp_path / "feedback" / "anne" / SUMMARY_MODULE
    assert (folder / "intervjuguide-2.pdf").read_bytes().startswith(b"%PDF")


def test_the_summary_page_offers_both_guides_in_word_and_pdf_without_chromium(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from mangfold.ui import summary_page

    for module in MODULE_IDS:
        copy_module(module, tmp_path)
    shutil.copytree(SOURCE / SUMMARY_MODULE, tmp_path / SUMMARY_MODULE,
                    ignore=shutil.ignore_patterns("mangfold-progress*"))

    monkeypatch.setenv("MANGFOLD_CHROMIUM", "/nonexistent")  # no browser: the PDFs are typeset in-process
    monkeypatch.setenv("PATH", "/nonexistent")
    page = summary_page.open_summary(tmp_path / SUMMARY_MODULE, "nb")
    page.exports()
    html = page.make_documents()
    for name in ("intervjuguide-1.docx", "intervjuguide-2.docx", "intervjuguide-1.pdf", "intervjuguide-2.pdf"):
        assert f'download="{name}"' in html
    link = re.search(r'download="intervjuguide-2\.pdf" href="data:application/pdf;base64,([^"]+)"', html)
    assert link and base64.b64decode(link.group(1)).startswith(b"%PDF")
    assert i18n.text("nb", "summary_page.guide2_pdf") in html
