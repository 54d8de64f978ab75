"""The job analysis of the learner's own post, with the course's case beside it as the worked example.

The learner enters the post they will fill next on the summary page (or a trainer prefills it): its
title, unit, main tasks, what the team lacks, and their requirements with type and must/should. This
document sets that out as a job analysis to finish by hand (the purpose, the share of time per task, which
task needs each requirement, and the weights, decided before any application is read), and under every
part it shows the same part of the course's case: the post Kjersti Nygård analysed in module 2, with the
weights the case decided and the requirements it dropped. The example is always labelled as the course's,
so nobody mistakes it for their own.

One structure, :func:`job_analysis_data`, holds every text of the document; the Word file
(:func:`job_analysis_docx`, python-docx through :class:`~.docx.WordWriter`) and the PDF
(:func:`job_analysis_pdf`, ``templates/typst/jobbanalyse.typ``) are both drawn from it, so they cannot
disagree. Learner text goes in as plain text: Word gets it through ``WordWriter`` (escaped, control
characters removed), Typst as a string value of the JSON data, never as markup.

Where the prose comes from: ``06-oppsummering/documents.<language>.yaml`` (``job_analysis``: headings,
leads and the example's wording) and ``06-oppsummering/case.yaml`` (the example's must/should and weights,
one place for the case's numbers), both from ``content_root`` where it has them, else from the course
the package finds. Interface words (the five requirement types, must and should) are the catalogue's
(``i18n/<language>/post.yaml``), the same words the summary page's form shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import i18n
from ..content.case import CaseContent, case_path, load_case
from ..content.errors import ContentError
from ..markup import plain_text
from ..progress.trust import SUMMARY_MODULE
from .docx import WordWriter
from .model import CourseSummary
from .post import LearnerPost, PostRequirement
from .templates import course_folders, documents_text
from .typeset import typeset_pdf

TEMPLATE = "jobbanalyse.typ"
#: blank rows to write in after the learner's own (more where they gave none)
BLANK_TASKS, BLANK_TASKS_EMPTY = 2, 5
BLANK_REQUIREMENTS, BLANK_REQUIREMENTS_EMPTY = 2, 5


def _case(content_root: Path | None) -> CaseContent | None:
    """The course case (for the example's must/should and weights); None when no course has a usable one."""
    folders = [Path(content_root) / SUMMARY_MODULE] if content_root else []
    folders += [tree / SUMMARY_MODULE for tree in course_folders()]
    for folder in folders:
        if case_path(folder).is_file():
            try:
                return load_case(folder)
            except (ContentError, OSError):
                continue
    return None


def kind_label(language: str, kind: str) -> str:
    return i18n.text(language, f"post.kind_{kind}")


def must_label(language: str, must: bool) -> str:
    return i18n.text(language, "post.must_short" if must else "post.should_short")


def _text(value: str) -> str:
    """Learner or course text as the documents print it: control characters out, nothing else touched."""
    return plain_text(value)


def _ordered(requirements: tuple[PostRequirement, ...]) -> list[PostRequirement]:
    """Must requirements first, then should requirements, each in the learner's order: the threshold comes first."""
    return [r for r in requirements if r.must] + [r for r in requirements if not r.must]


def _learner(post: LearnerPost | None, language: str) -> dict[str, Any]:
    """The learner's half of each section: their values, and blank rows and lines to write in."""
    post = post or LearnerPost()
    tasks = [[_text(t), "", ""] for t in post.tasks]
    tasks += [["", "", ""]] * (BLANK_TASKS if tasks else BLANK_TASKS_EMPTY)
    requirements = [[str(n), _text(r.text), kind_label(language, r.kind), must_label(language, r.must), "", ""]
                    for n, r in enumerate(_ordered(post.requirements), 1)]
    blank = BLANK_REQUIREMENTS if requirements else BLANK_REQUIREMENTS_EMPTY
    requirements += [[str(n), "", "", "", "", ""] for n in range(len(requirements) + 1, len(requirements) + blank + 1)]
    return {"title": _text(post.title), "unit": _text(post.unit), "tasks": tasks, "lacks": _text(post.lacks),
            "requirements": requirements}


def _weight(case: CaseContent | None, case_id: str, threshold: str) -> tuple[bool | None, str]:
    """Must or should, and the weight as printed, of a case requirement (unknown: None and "")."""
    found = next((r for r in case.requirements if r.id == case_id), None) if case else None
    if found is None:
        return None, ""
    return found.kind == "must", f"{found.weight} %" if found.weight is not None else threshold


def job_analysis_data(summary: CourseSummary, *, content_root: Path | None = None) -> dict[str, Any]:
    """Every text of the job analysis in the summary's language, as one JSON-ready value (the PDF's data)."""
    language = summary.language
    text = documents_text(language, content_root).job_analysis
    example = text.example
    case = _case(content_root)
    words = text.requirements
    example_rows = []
    for number, requirement in enumerate(example.requirements, 1):
        must, weight = _weight(case, requirement.case, example.threshold)
        example_rows.append([str(number), requirement.text, kind_label(language, requirement.kind),
                             must_label(language, must) if must is not None else "", requirement.reason, weight])
    return {
        "lang": language,
        "title": i18n.text(language, "summary.job_analysis"),
        "lead": text.lead,
        "notice": text.no_post if summary.post is None else "",
        "guidance": {"heading": text.guidance.heading, "points": list(text.guidance.points)},
        "sections": {
            "post": {"heading": text.post.heading, "fields": list(text.post.fields)},
            "purpose": {"heading": text.purpose.heading, "lead": text.purpose.lead},
            "tasks": {"heading": text.tasks.heading, "lead": text.tasks.lead, "columns": list(text.tasks.columns)},
            "lacks": {"heading": text.lacks.heading, "lead": text.lacks.lead},
            "requirements": {"heading": words.heading, "lead": words.lead,
                             "columns": [words.number, words.requirement, words.kind, words.must, words.reason,
                                         words.weight]},
            "decided": {"heading": text.decided.heading, "fields": list(text.decided.fields)},
        },
        "learner": _learner(summary.post, language),
        "example": {
            "label": example.label, "intro": example.intro,
            "post": [[label, value] for label, value in zip(text.post.fields, example.post, strict=True)],
            "purpose": example.purpose,
            "task_columns": list(example.task_columns),
            "tasks": [[t.task, t.needs] for t in example.tasks],
            "lacks": example.lacks,
            "requirements": example_rows,
            "removed": example.removed,
        },
    }


# --- Word ------------------------------------------------------------------------------------------

def _example_box(w: WordWriter, label: str, before: Sequence[str] = (),
                 table: tuple[list[str], list[list[str]]] | None = None, after: Sequence[str] = ()) -> None:
    """The course's example for one section: a shaded frame that says whose it is, then its text and table."""
    w.box(label, shaded=True)
    frame = w.document.tables[-1]
    cell = frame.cell(0, 0)
    for text in before:
        w._fill(cell.add_paragraph(), text)
    if table is not None:
        header, rows = table
        inner = cell.add_table(rows=0, cols=len(header))
        inner.style = frame.style
        for values, bold in [(header, True)] + [(row, False) for row in rows]:
            for target, value in zip(inner.add_row().cells, values, strict=True):
                w._fill(target.paragraphs[0], value, bold=bold)
        cell.add_paragraph()  # a cell must end with a paragraph, not a table
    for text in after:
        w._fill(cell.add_paragraph(), text)


def job_analysis_docx(summary: CourseSummary, *, content_root: Path | None = None) -> bytes:
    """The job analysis as a Word file an organisation can edit: the learner's post, the course's example boxed."""
    data = job_analysis_data(summary, content_root=content_root)
    sections, learner, example = data["sections"], data["learner"], data["example"]
    label = example["label"]
    w = WordWriter(summary, data["title"])
    w.title(data["title"])
    w.paragraph(data["lead"])
    if data["notice"]:
        w.paragraph(data["notice"], bold=True)
    w.box(data["guidance"]["heading"], data["guidance"]["points"], shaded=True)

    post = sections["post"]
    w.heading(post["heading"], 1)
    w.table(None, [[name, value] for name, value in zip(post["fields"], [learner["title"], learner["unit"], ""],
                                                         strict=True)], columns=2)
    _example_box(w, label, [example["intro"], *(f"{name}: {value}" for name, value in example["post"])])

    w.heading(sections["purpose"]["heading"], 2)
    w.paragraph(sections["purpose"]["lead"])
    w.box(lines=3)
    _example_box(w, label, [example["purpose"]])

    tasks = sections["tasks"]
    w.heading(tasks["heading"], 2)
    w.paragraph(tasks["lead"])
    w.table(tasks["columns"], learner["tasks"])
    _example_box(w, label, table=(example["task_columns"], example["tasks"]))

    lacks = sections["lacks"]
    w.heading(lacks["heading"], 2)
    w.paragraph(lacks["lead"])
    if learner["lacks"]:
        w.paragraph(learner["lacks"])
    else:
        w.box(lines=3)
    _example_box(w, label, [example["lacks"]])

    requirements = sections["requirements"]
    w.heading(requirements["heading"], 1)
    w.paragraph(requirements["lead"])
    w.table(requirements["columns"], learner["requirements"])
    _example_box(w, label, table=(requirements["columns"], example["requirements"]), after=[example["removed"]])

    decided = sections["decided"]
    w.heading(decided["heading"], 1)
    w.table(None, [[name, ""] for name in decided["fields"]], columns=2)
    return w.to_bytes()


# --- PDF -------------------------------------------------------------------------------------------

def job_analysis_pdf(summary: CourseSummary, *, content_root: Path | None = None) -> bytes:
    """The same job analysis as a print-quality PDF, typeset in-process (no browser)."""
    return typeset_pdf(TEMPLATE, job_analysis_data(summary, content_root=content_root))


__all__ = ["job_analysis_data", "job_analysis_docx", "job_analysis_pdf", "kind_label", "must_label"]
