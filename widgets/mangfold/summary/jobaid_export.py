"""The jobbstøtte as PDF (Typst, no browser), Word and HTML, all three from the same :class:`JobAid` data.

- PDF: ``templates/typst/jobaid.typ``, typeset in-process (:func:`.typeset.typeset_pdf`), two A4 pages: the
  checklist beside the learner's reflections, then the rules, the action plan and the reading list. The
  data goes in as one JSON value, so learner text is only ever text.
- Word: the same content for an organisation to edit (python-docx, through :class:`.docx.WordWriter`, which
  makes every text plain and XML-safe): narrow margins and a smaller type so it, too, stays near two pages.
- HTML: ``templates/summary/jobaid.html.j2`` with the summary's style sheet and ``jobaid.css``; with
  ``log=True`` the course log follows as an appendix in the same document, which is the feedback page
  nbgrader hands back (one HTML file is all its exchange carries).
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from markupsafe import Markup

from .. import i18n
from ..markup import plain_text, render
from .docx import CHECKBOX, WordWriter
from .html import STYLE, log_context
from .jobaid import Excerpt, JobAid, job_aid
from .model import CourseSummary
from .typeset import typeset_pdf

TEMPLATE_PDF = "jobaid.typ"
TEMPLATE_HTML = "summary/jobaid.html.j2"
#: the jobbstøtte's own styles, on top of the summary's
JOBAID_STYLE = (Path(__file__).parent / "jobaid.css").read_text(encoding="utf-8")

#: Typst breaks lines only where a word ends: a run of letters longer than this gets break chances inside it
#: (zero-width spaces, which print as nothing), or a 300-letter "word" would run off the page
LONGEST_UNBROKEN = 24
_LONG_RUN = re.compile(rf"\S{{{LONGEST_UNBROKEN + 1},}}")


def breakable(text: str) -> str:
    """``text`` with a zero-width space after every :data:`LONGEST_UNBROKEN` characters of a longer run."""
    def split(match: re.Match[str]) -> str:
        run = match.group(0)
        return "\u200b".join(run[i:i + LONGEST_UNBROKEN] for i in range(0, len(run), LONGEST_UNBROKEN))
    return _LONG_RUN.sub(split, text)


def _words(language: str, key: str, **values: object) -> str:
    return i18n.text(language, f"summary.{key}", **values)


def _learner(item: Excerpt | None) -> dict[str, Any] | None:
    return None if item is None else {"text": breakable(item.text), "cut": item.cut}


def jobaid_data(aid: JobAid) -> dict[str, Any]:
    """The jobbstøtte as the one JSON value ``jobaid.typ`` reads: every text already in the document's language."""
    t = partial(_words, aid.language)
    return {
        "lang": aid.language,
        "title": t("jobaid_title"),
        "lead": t("jobaid_lead"),
        "date": t("generated", date=aid.date),
        "post": [{"label": t("jobaid_post"), "text": _learner(aid.post_title)},
                 {"label": t("jobaid_unit"), "text": _learner(aid.post_unit)}],
        "status": None if aid.complete else t("jobaid_unfinished", done=aid.modules_done, total=aid.modules_total),
        "labels": {key: t(f"jobaid_{key}") for key in ("steps", "mine", "cut", "rules", "plan", "plan_empty",
                                                        "read_more", "notes", "log_note")}
        | {"blank": t("jobaid_none")},
        "steps": [{"number": s.number, "heading": s.heading, "points": list(s.points),
                   "reflections": [{"prompt": r.prompt, "text": _learner(r.excerpt)} for r in s.reflections]}
                  for s in aid.steps],
        "plan": [_learner(item) for item in aid.plan],
        "rules": [{"heading": r.heading, "law": r.law, "lead": r.lead, "points": list(r.points), "note": r.note}
                  for r in aid.rules],
        "read_more": [{"title": link.title, "url": link.url, "host": link.host} for link in aid.read_more],
    }


def jobaid_pdf(summary: CourseSummary, content_root: Path | None = None) -> bytes:
    """The jobbstøtte as a two-page A4 PDF, made in-process (no browser)."""
    return typeset_pdf(TEMPLATE_PDF, jobaid_data(job_aid(summary, content_root)))


def jobaid_html(summary: CourseSummary, content_root: Path | None = None, log: bool = False) -> str:
    """The jobbstøtte as one self-contained HTML document; with ``log``, the course log follows it."""
    aid = job_aid(summary, content_root)
    context = log_context(summary) if log else {"t": partial(_words, summary.language)}
    document = render(TEMPLATE_HTML, **context, aid=aid, log=log,
                      style=Markup(STYLE + JOBAID_STYLE))  # the package's own style sheets, not text
    return str(document)


# --- Word -------------------------------------------------------------------------------------------

def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _learner_runs(paragraph: Any, item: Excerpt, cut_mark: str) -> None:
    paragraph.add_run(plain_text(item.text))
    if item.cut:
        paragraph.add_run(" " + cut_mark).italic = True


def jobaid_docx(summary: CourseSummary, content_root: Path | None = None) -> bytes:
    """The jobbstøtte as a Word file: the same content as the PDF, for an organisation to adapt."""
    aid = job_aid(summary, content_root)
    t = partial(_words, aid.language)
    w = WordWriter(summary, t("jobaid_title"))
    document = w.document
    document.styles["Normal"].font.size = Pt(9.5)
    for section in document.sections:  # A4 with narrow margins: the content is meant for two pages
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(1.6)
        section.top_margin = section.bottom_margin = Cm(1.4)
    w.title(t("jobaid_title"))
    for label, item in ((t("jobaid_post"), aid.post_title), (t("jobaid_unit"), aid.post_unit)):
        if item is not None:
            paragraph = document.add_paragraph()
            paragraph.add_run(plain_text(label) + ": ").bold = True
            _learner_runs(paragraph, item, "…")  # the course log does not show the post: no "whole text there"
    w.paragraph(f"{t('jobaid_lead')} {t('generated', date=aid.date)}")
    if not aid.complete:
        w.paragraph(t("jobaid_unfinished", done=aid.modules_done, total=aid.modules_total), bold=True)

    table = document.add_table(rows=1, cols=2)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, (t("jobaid_steps"), t("jobaid_mine")), strict=True):
        w.cell(cell, text)
        cell.paragraphs[0].runs[0].bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for step in aid.steps:
        left, right = table.add_row().cells
        w.cell(left, [f"{step.number}. {step.heading}", *(f"{CHECKBOX} {p}" for p in step.points)])
        left.paragraphs[0].runs[0].bold = True
        _shade(right, "EAF1F8")
        first = True
        for reflection in step.reflections:
            prompt = right.paragraphs[0] if first else right.add_paragraph()
            prompt.add_run(plain_text(reflection.prompt)).italic = True
            first = False
            if reflection.excerpt is None:
                right.add_paragraph().add_run(t("jobaid_none")).italic = True
            else:
                _learner_runs(right.add_paragraph(), reflection.excerpt, t("jobaid_cut"))
        if first:
            right.paragraphs[0].add_run(t("jobaid_none")).italic = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    w.heading(t("jobaid_rules"), 1)
    rules = document.add_table(rows=1, cols=len(aid.rules))
    rules.style = document.styles["Table Grid"]
    for cell, rule in zip(rules.rows[0].cells, aid.rules, strict=True):
        _shade(cell, "EAF1F8")
        w.cell(cell, [rule.heading, rule.law, rule.lead])
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[1].runs[0].italic = True
        for point in rule.points:
            paragraph = cell.add_paragraph(style=document.styles["List Bullet"])
            paragraph.add_run(plain_text(point))
        cell.add_paragraph().add_run(plain_text(rule.note)).italic = True
    document.add_paragraph()

    w.heading(t("jobaid_plan"), 1)
    if aid.plan:
        w.numbered([plain_text(item.text) + (f" {t('jobaid_cut')}" if item.cut else "") for item in aid.plan])
    else:
        w.paragraph(t("jobaid_plan_empty"))
        w.numbered(["", "", ""])  # three numbered lines to write on
    w.heading(t("jobaid_read_more"), 1)
    w.bullets(f"{link.title} – {link.host}" for link in aid.read_more)
    w.paragraph(t("jobaid_log_note"))
    return w.to_bytes()
