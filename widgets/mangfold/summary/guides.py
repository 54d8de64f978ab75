"""Structured interview guides a panel can use, in Word and PDF, built from the post's must requirements.

Each must requirement of the learner's post (:attr:`CourseSummary.post`, in its order) gets the questions the
question bank has for its type (knowledge and education, experience, personal qualities, cooperation,
language): real questions in the formats of the course's brief (past behaviour, situational, knowledge), the
requirement's own wording quoted in them, planned follow-up questions, and a 1–5 scale whose points 1, 3 and 5
are described for that very question. Knowledge and education are asked about and checked on paper, never
told as a story or checked with a referee; the schema of the bank holds the course to that
(:class:`mangfold.content.documents.QuestionBank`).

The second interview does not repeat the first: for the first few must requirements it asks other questions
(what the first interview left open, checking what the applicant said, a case from one of the post's own
tasks), then plans a work sample (the same task for everyone, scored on criteria per requirement) and a
reference check (the same questions per requirement to every referee). The work sample is where language is
tried (the interview asks only how the applicant has used it), so every language requirement gets a criterion
there, among the first few or not. Both guides end with the § 30 box.

Without a post of the learner's own (or one without must requirements) the guides use the course's example:
the must requirements of module 2's exercise, typed by ``guide_example`` in the documents' prose and marked
as the course's example, so a guide is never a page of blanks.

The guide is built once as data (:class:`InterviewGuide`) and then written out: to Word with
:class:`~mangfold.summary.docx.WordWriter`, and to PDF with the Typst template ``intervjuguide.typ``, which
gets every text as a JSON string value, so learner text is shown as typed and never read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .. import i18n
from ..content.case import case_path, load_case
from ..content.documents import DocumentsContent, InterviewGuideText, KindQuestions, Question
from ..content.loader import load_module_content
from ..markup import plain_text
from ..progress.trust import SUMMARY_MODULE
from .docx import CHECKBOX, WordWriter, course_inline
from .model import CourseSummary
from .templates import JOB_ANALYSIS_EXERCISE, JOB_ANALYSIS_MODULE, MUST, course_folders, documents_text
from .typeset import typeset_pdf

ROUNDS = (1, 2)
#: the must requirements the second interview goes deeper into: the first ones in the post's order
TOP_REQUIREMENTS = 3
TEMPLATE = "intervjuguide.typ"
NOTE_LINES = 4  # lines to write on under each question


# --- the post the guide is for ------------------------------------------------------------------------

@dataclass(frozen=True)
class GuideRequirement:
    """A must requirement as a guide asks about it: its number, wording, type and the task it is tied to."""

    number: int
    text: str
    kind: str
    task: str | None  # one of the post's tasks, for questions that name a task (None: the post has none)


@dataclass(frozen=True)
class GuidePost:
    title: str  # the post's title (and unit), as the guide's first field shows it
    tasks: tuple[str, ...]
    requirements: tuple[GuideRequirement, ...]
    example: bool  # the course's case post, used because the learner gave no must requirements


def _tied(texts_and_kinds: list[tuple[str, str]], tasks: tuple[str, ...]) -> tuple[GuideRequirement, ...]:
    """Number the requirements and tie each to a task, in order (round the list again when tasks run out)."""
    return tuple(GuideRequirement(number, text, kind, tasks[(number - 1) % len(tasks)] if tasks else None)
                 for number, (text, kind) in enumerate(texts_and_kinds, 1))


def _course_folder(content_root: Path | None, name: str, probe: str) -> Path:
    """``name`` in the course the summary was built from where it has ``probe``, else in the package's course
    (its ``source/`` before its ``release/``, as for the documents' prose)."""
    trees = [*([Path(content_root)] if content_root is not None else []), *course_folders()]
    return next((tree / name for tree in trees if (tree / name / probe).is_file()), trees[-1] / name)


def example_post(language: str, text: DocumentsContent, content_root: Path | None = None) -> GuidePost:
    """The course's case post: module 2's must requirements (the course's answer, in the exercise's order),
    typed by ``guide_example.kinds``, with the case's title and the exercise's tasks."""
    module = _course_folder(content_root, JOB_ANALYSIS_MODULE, f"content.{language}.yaml")
    content = load_module_content(module, language)
    block = next((b for b in content.exercises if b.id == JOB_ANALYSIS_EXERCISE), None)
    kinds = text.guide_example.kinds
    musts = [(course_inline(item.text), kinds[item.id]) for item in (block.items if block else ())
             if item.expected == MUST and item.id in kinds]
    case = load_case(_course_folder(content_root, SUMMARY_MODULE, case_path(Path()).name))
    tasks = tuple(text.guide_example.tasks)
    return GuidePost(case.post.title, tasks, _tied(musts, tasks), example=True)


def guide_post(summary: CourseSummary, text: DocumentsContent, content_root: Path | None = None) -> GuidePost:
    """The learner's post where it has must requirements, else the course's example."""
    post = summary.post
    if post is None or not post.musts:
        return example_post(summary.language, text, content_root)
    tasks = tuple(t.strip() for t in post.tasks if t.strip())
    title = ", ".join(part.strip() for part in (post.title, post.unit) if part.strip())
    return GuidePost(title, tasks, _tied([(r.text.strip(), r.kind) for r in post.musts], tasks), example=False)


# --- the guide as data ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AskedQuestion:
    heading: str  # "Spørsmål 1.2: hva søkeren har gjort"
    format: str  # behavioural | situational | knowledge
    text: str
    probes: tuple[str, ...]
    scale: tuple[tuple[str, str], ...]  # (score, what an answer at that score shows), 1 to 5


@dataclass(frozen=True)
class GuideSection:
    heading: str
    requirement: GuideRequirement
    kind_label: str
    note: str | None
    documentation: str | None
    open_points: bool  # the second interview: what the first one left open, filled in from the notes
    questions: tuple[AskedQuestion, ...]


@dataclass(frozen=True)
class Criterion:
    requirement: str  # "Krav 1: ..."
    text: str
    one: str
    three: str
    five: str


@dataclass(frozen=True)
class ReferenceItem:
    requirement: str
    questions: tuple[str, ...]  # the question and its probe; for knowledge the note that papers are checked


@dataclass(frozen=True)
class InterviewGuide:
    round: int
    language: str
    title: str
    text: InterviewGuideText  # the labels
    intro: tuple[str, ...]
    example_note: str | None
    fields: tuple[tuple[str, str], ...]
    sections: tuple[GuideSection, ...]
    work_sample_task: str | None = None
    criteria: tuple[Criterion, ...] = ()
    references: tuple[ReferenceItem, ...] = ()


def _scale(question: Question, between: str) -> tuple[tuple[str, str], ...]:
    anchors = question.scale
    return (("1", anchors.one), ("2", between.format(low=1, high=3)), ("3", anchors.three),
            ("4", between.format(low=3, high=5)), ("5", anchors.five))


def _asked(question: Question, requirement: GuideRequirement, number: str, text: DocumentsContent) -> AskedQuestion:
    """A bank question filled in for one requirement (its wording, and its task where the question names one)."""
    if requirement.task is None and question.without_task is not None:
        wording = question.without_task.format(requirement=requirement.text)
    else:
        wording = question.text.format(requirement=requirement.text, task=requirement.task or "")
    label = getattr(text.question_bank.formats, question.format)
    heading = text.interview_guide.requirement.question.format(number=number, format=label)
    return AskedQuestion(heading, question.format, wording, tuple(question.probes),
                         _scale(question, text.interview_guide.scale.between))


def _section(requirement: GuideRequirement, round_: int, text: DocumentsContent) -> GuideSection:
    bank: KindQuestions = text.question_bank.kind(requirement.kind)
    questions = bank.first if round_ == 1 else bank.second
    heading = text.interview_guide.requirement.heading.format(number=requirement.number, text=requirement.text)
    return GuideSection(heading, requirement, bank.label, bank.note, bank.documentation, round_ == 2,
                        tuple(_asked(q, requirement, f"{requirement.number}.{n}", text)
                              for n, q in enumerate(questions, 1)))


def _work_sample_task(requirements: tuple[GuideRequirement, ...], tasks: tuple[str, ...]) -> str | None:
    """The task every applicant does: the one tied to the first language requirement (a work sample is where
    language is tried), else the post's first task."""
    language = next((r.task for r in requirements if r.kind == "language" and r.task), None)
    return language or (tasks[0] if tasks else None)


def interview_guide(summary: CourseSummary, round: int, *, content_root: Path | None = None) -> InterviewGuide:
    """The guide for the first (``round=1``) or second (``round=2``) interview, as data.

    ``content_root`` is the course folder the summary was built from: its summary folder's documents' prose,
    module 2 and the case win over the package's course where it has them.
    """
    if round not in ROUNDS:
        raise ValueError(f"round must be 1 or 2, not {round!r}")
    language = summary.language
    text = documents_text(language, content_root)
    words = text.interview_guide
    post = guide_post(summary, text, content_root)
    requirements = post.requirements if round == 1 else post.requirements[:TOP_REQUIREMENTS]

    intro = [words.lead] if round == 1 else [words.lead_second, words.top.format(count=TOP_REQUIREMENTS)]
    if not requirements:
        intro.append(words.no_musts)
    elif post.tasks and not post.example:
        intro.append(words.tasks_used)
    example_note = words.example.format(title=post.title) if post.example else None
    title = f"{post.title} ({words.example_label})" if post.example else post.title
    fields = tuple((name, title if n == 0 else "") for n, name in enumerate(words.fields))
    guide = InterviewGuide(round, language, i18n.text(language, f"summary.interview_guide_{round}"), words,
                           tuple(intro), example_note, fields,
                           tuple(_section(r, round, text) for r in requirements))
    if round == 1:
        return guide

    # language is tried in the work sample, not in the interview: every language requirement gets a criterion
    sampled = requirements + tuple(r for r in post.requirements[TOP_REQUIREMENTS:] if r.kind == "language")
    criteria = []
    for r in sampled:
        criterion = text.question_bank.kind(r.kind).work_sample
        criteria.append(Criterion(words.work_sample.criterion.format(number=r.number, text=r.text),
                                  criterion.text.format(requirement=r.text), criterion.scale.one,
                                  criterion.scale.three, criterion.scale.five))
    references = []
    for r in requirements:
        reference = text.question_bank.kind(r.kind).reference
        asked = ((reference.question.format(requirement=r.text), reference.probe) if reference
                 else (words.references.knowledge,))
        references.append(ReferenceItem(words.requirement.heading.format(number=r.number, text=r.text), asked))
    return replace(guide, work_sample_task=_work_sample_task(sampled, post.tasks), criteria=tuple(criteria),
                   references=tuple(references))


# --- Word -----------------------------------------------------------------------------------------------

def _rule_box(w: WordWriter, heading: str, lead: str, bullets: list[str], notes: list[str]) -> None:
    """The § 30 box: a shaded one-cell frame with a bold heading, the lead, the grounds and the notes."""
    document = w.document
    table = document.add_table(rows=1, cols=1)
    table.style = document.styles["Table Grid"]
    cell = table.cell(0, 0)
    cell.paragraphs[0].add_run(plain_text(heading)).bold = True
    cell.add_paragraph(plain_text(lead))
    for text in bullets:
        cell.add_paragraph(plain_text(text), style=document.styles["List Bullet"])
    for text in notes:
        cell.add_paragraph(plain_text(text))
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "EAF1F8")
    cell._tc.get_or_add_tcPr().append(shading)
    document.add_paragraph()


def _question_docx(w: WordWriter, question: AskedQuestion, words: InterviewGuideText) -> None:
    w.heading(question.heading, 2)
    w.paragraph(question.text)
    w.paragraph(words.requirement.probes, bold=True)
    w.bullets(question.probes)
    w.paragraph(words.notes, bold=True)
    w.box(lines=NOTE_LINES)
    w.paragraph(words.scale.heading, bold=True)
    w.table(words.scale.columns, [[score, shows, CHECKBOX] for score, shows in question.scale])


def _write_docx(guide: InterviewGuide, summary: CourseSummary) -> bytes:
    words = guide.text
    w = WordWriter(summary, guide.title)
    w.title(guide.title)
    for paragraph in guide.intro:
        w.paragraph(paragraph)
    if guide.example_note:
        w.paragraph(guide.example_note, bold=True)
    w.table(None, [list(field) for field in guide.fields], columns=2)

    w.heading(words.rules.heading, 1)
    w.numbered(words.rules.points)

    for section in guide.sections:
        w.heading(section.heading, 1)
        w.paragraph(section.kind_label, label=words.requirement.kind)
        if section.note:
            w.paragraph(section.note)
        if section.documentation:
            w.paragraph(section.documentation)
        if section.open_points:
            w.paragraph(words.requirement.open_points, bold=True)
            w.box(lines=3)
        for question in section.questions:
            _question_docx(w, question, words)

    if guide.round == 2:
        sample = words.work_sample
        w.heading(sample.heading, 1)
        w.paragraph(sample.lead)
        if guide.work_sample_task:
            w.paragraph(sample.task.format(task=guide.work_sample_task), bold=True)
        else:
            w.paragraph(sample.no_task, bold=True)
            w.box(lines=2)
        w.table(None, [[name, ""] for name in sample.fields], columns=2)
        w.paragraph(sample.accommodation)
        if guide.criteria:
            w.paragraph(sample.criteria, bold=True)
            w.table(sample.columns, [[[c.requirement, c.text], c.one, c.three, c.five, ""] for c in guide.criteria])

        references = words.references
        w.heading(references.heading, 1)
        w.paragraph(references.lead)
        w.bullets(references.points)
        w.table(None, [[name, ""] for name in references.fields], columns=2)
        if guide.references:
            w.paragraph(references.questions, bold=True)
        for item in guide.references:
            w.heading(item.requirement, 2)
            for question in item.questions:
                w.paragraph(question)
            w.paragraph(words.notes, bold=True)
            w.box(lines=3)

    ban = words.ban
    _rule_box(w, ban.heading, ban.lead, ban.grounds, ban.notes)
    return w.to_bytes()


def interview_guide_docx(summary: CourseSummary, round: int, *, content_root: Path | None = None) -> bytes:
    """The guide for the first (``round=1``) or second (``round=2``) interview as a Word file."""
    return _write_docx(interview_guide(summary, round, content_root=content_root), summary)


# --- PDF ------------------------------------------------------------------------------------------------

def guide_data(guide: InterviewGuide) -> dict[str, Any]:
    """The guide as the one JSON value the Typst template reads: every text a plain string (control characters
    removed), never markup."""
    t = plain_text
    words = guide.text
    data: dict[str, Any] = {
        "lang": guide.language, "round": guide.round, "title": t(guide.title),
        "intro": [t(p) for p in guide.intro], "example": t(guide.example_note or ""),
        "fields": [[t(name), t(value)] for name, value in guide.fields],
        "rules": {"heading": t(words.rules.heading), "points": [t(p) for p in words.rules.points]},
        "labels": {"kind": t(words.requirement.kind), "probes": t(words.requirement.probes),
                   "notes": t(words.notes), "open": t(words.requirement.open_points),
                   "scale": t(words.scale.heading), "columns": [t(c) for c in words.scale.columns]},
        "sections": [{
            "heading": t(s.heading), "kind": t(s.kind_label), "note": t(s.note or ""),
            "documentation": t(s.documentation or ""), "open": s.open_points,
            "questions": [{"heading": t(q.heading), "text": t(q.text), "probes": [t(p) for p in q.probes],
                           "scale": [[t(score), t(shows)] for score, shows in q.scale]} for q in s.questions],
        } for s in guide.sections],
        "ban": {"heading": t(words.ban.heading), "lead": t(words.ban.lead),
                "grounds": [t(g) for g in words.ban.grounds], "notes": [t(n) for n in words.ban.notes]},
    }
    if guide.round == 2:
        sample, references = words.work_sample, words.references
        data["work_sample"] = {
            "heading": t(sample.heading), "lead": t(sample.lead),
            "task": t(sample.task.format(task=guide.work_sample_task)) if guide.work_sample_task else "",
            "no_task": t(sample.no_task), "fields": [t(f) for f in sample.fields],
            "accommodation": t(sample.accommodation), "criteria_label": t(sample.criteria),
            "columns": [t(c) for c in sample.columns],
            "criteria": [[t(c.requirement), t(c.text), t(c.one), t(c.three), t(c.five)] for c in guide.criteria]}
        data["references"] = {
            "heading": t(references.heading), "lead": t(references.lead),
            "points": [t(p) for p in references.points], "fields": [t(f) for f in references.fields],
            "questions_label": t(references.questions),
            "items": [{"requirement": t(i.requirement), "questions": [t(q) for q in i.questions]}
                      for i in guide.references]}
    return data


def interview_guide_pdf(summary: CourseSummary, round: int, *, content_root: Path | None = None) -> bytes:
    """The guide for the first (``round=1``) or second (``round=2``) interview as an A4 PDF (Typst, in-process)."""
    return typeset_pdf(TEMPLATE, guide_data(interview_guide(summary, round, content_root=content_root)))


__all__ = ["TOP_REQUIREMENTS", "InterviewGuide", "guide_data", "guide_post", "interview_guide",
           "interview_guide_docx", "interview_guide_pdf"]
