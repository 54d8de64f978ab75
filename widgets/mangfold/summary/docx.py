"""The learner's summary as a Word document, and the Word building blocks the templates share.

Everything in the document is plain text: course Markdown is flattened (emphasis dropped, a link
kept as its text with the address in brackets) and learner text goes in through
:func:`mangfold.markup.plain_text`, never parsed. python-docx escapes whatever it is given, and
``plain_text`` drops the control characters XML cannot hold, so no text can break the file or turn
into markup. Headings use Word's own Title and Heading styles, so the navigation pane and a
screen reader's heading list work.

The output is deterministic: the document's dates come from ``summary.generated`` and the files in
the .docx zip get the same fixed time, so one summary always gives the same bytes.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import mistune
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .. import i18n
from ..course import MODULE_IDS
from ..course_state import DONE
from ..markup import plain_text
from .model import CheckRecord, CourseSummary, ExerciseRecord, ModuleRecord, ScenarioRecord
from .sources import course_sources

#: Used when ``summary.generated`` is not a readable time: any fixed date keeps the output deterministic.
FALLBACK_TIME = datetime(2025, 1, 1, tzinfo=UTC)
CHECKBOX = "☐"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- text -------------------------------------------------------------------------------------------

_markdown_ast = mistune.create_markdown(renderer="ast", plugins=["strikethrough", "table"])


def _inline(tokens: Iterable[dict[str, Any]]) -> str:
    parts: list[str] = []
    for token in tokens:
        kind = token["type"]
        if kind == "text":
            parts.append(html.unescape(token["raw"]))
        elif kind in ("codespan", "inline_html"):
            parts.append(token.get("raw", ""))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "linebreak":
            parts.append("\n")
        elif kind == "link":
            text = _inline(token.get("children", ()))
            url = token.get("attrs", {}).get("url", "")
            parts.append(f"{text} ({url})" if url and text and text != url else text or url)
        elif kind == "image":
            parts.append(_inline(token.get("children", ())))
        elif "children" in token:
            parts.append(_inline(token["children"]))
        else:
            parts.append(token.get("raw", ""))
    return "".join(parts)


def _blocks(tokens: Iterable[dict[str, Any]], out: list[str], indent: str = "") -> None:
    for token in tokens:
        kind = token["type"]
        if kind in ("paragraph", "block_text", "heading"):
            out.append(indent + _inline(token.get("children", ())).strip())
        elif kind == "list":
            ordered = token.get("attrs", {}).get("ordered", False)
            start = token.get("attrs", {}).get("start", 1) or 1
            for number, item in enumerate(token.get("children", ()), start=start):
                marker = f"{number}. " if ordered else "– "
                inner: list[str] = []
                _blocks(item.get("children", ()), inner, indent + "  ")
                if inner:
                    inner[0] = indent + marker + inner[0].lstrip()
                out.extend(inner)
        elif kind == "block_quote":
            _blocks(token.get("children", ()), out, indent)
        elif kind in ("block_code", "block_html"):
            out.append(indent + token.get("raw", "").strip("\n"))
        elif kind == "table":
            for part in token.get("children", ()):
                rows = [part] if part["type"] == "table_head" else part.get("children", ())
                for row in rows:
                    out.append(indent + " | ".join(_inline(c.get("children", ())).strip()
                                                   for c in row.get("children", ())))


@lru_cache(maxsize=4096)
def course_paragraphs(markdown: str) -> tuple[str, ...]:
    """Course Markdown as plain paragraphs: emphasis dropped, links as ``text (url)``, list items with a
    dash or their number, table rows with ``|`` between the cells."""
    out: list[str] = []
    _blocks(_markdown_ast(markdown or ""), out)
    return tuple(plain_text(p) for p in out if p.strip())


def course_inline(markdown: str) -> str:
    """Course Markdown flattened to one line of plain text, for labels and table cells."""
    return " ".join(course_paragraphs(markdown))


def document_time(summary: CourseSummary) -> datetime:
    """The summary's time in UTC, whole seconds (the document's created and modified dates)."""
    try:
        when = datetime.fromisoformat(summary.generated)
    except (TypeError, ValueError):
        return FALLBACK_TIME
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0)


def format_date(stamp: str) -> str:
    """The day of an ISO time stamp (YYYY-MM-DD in both languages, as in the HTML summary); other text as it is."""
    try:
        return datetime.fromisoformat(stamp).date().isoformat()
    except ValueError:
        return plain_text(stamp)


# --- Word building blocks ---------------------------------------------------------------------------

class WordWriter:
    """A python-docx document in one language, with the few kinds of block the exports need.

    Every text goes through :func:`plain_text` on its way in, so nothing can put characters into the
    XML that Word cannot read.
    """

    def __init__(self, summary: CourseSummary, title: str):
        self.summary = summary
        self.language = summary.language
        self.document = Document()
        self._set_properties(title)

    def _set_properties(self, title: str) -> None:
        when = document_time(self.summary)
        props = self.document.core_properties
        props.title = title
        word_language = i18n.text(self.language, "docx.word_language")  # the language Word proofs the text in
        props.language = word_language
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.created = when
        props.modified = when
        props.revision = 1
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}") if defaults is not None else None
        if lang is not None:
            lang.set(qn("w:val"), word_language)

    # paragraphs

    def title(self, text: str) -> Paragraph:
        return self.document.add_paragraph(plain_text(text), style="Title")

    def heading(self, text: str, level: int = 1) -> Paragraph:
        return self.document.add_paragraph(plain_text(text), style=f"Heading {level}")

    def paragraph(self, text: str = "", style: str | None = None, label: str | None = None,
                  bold: bool = False) -> Paragraph:
        """A paragraph of plain text, optionally led by a bold ``label:``."""
        return self._fill(self.document.add_paragraph(style=style), text, label, bold)

    @staticmethod
    def _fill(paragraph: Paragraph, text: str, label: str | None = None, bold: bool = False) -> Paragraph:
        if label:
            paragraph.add_run(plain_text(label) + ": ").bold = True
        if text:
            run = paragraph.add_run(plain_text(text))
            run.bold = bold or None
        return paragraph

    def course(self, markdown: str, style: str | None = None, label: str | None = None) -> None:
        """Course Markdown as one paragraph per Markdown paragraph (the label leads the first)."""
        for number, text in enumerate(course_paragraphs(markdown) or ("",)):
            self.paragraph(text, style, label if number == 0 else None)

    def bullets(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.paragraph(text, "List Bullet")

    def numbered(self, texts: Sequence[str]) -> None:
        """A numbered list that starts at 1, however many numbered lists came before it."""
        numbering = self.document.part.numbering_part.element
        style_num = self.document.styles["List Number"].element.pPr.numPr.numId.val
        num = numbering.add_num(numbering.num_having_numId(style_num).abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        for text in texts:
            paragraph = self.paragraph(text, "List Number")
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num.numId

    # tables

    def table(self, header: Sequence[str] | None, rows: Sequence[Sequence[str | Sequence[str]]],
              columns: int | None = None) -> Table:
        """A bordered table; a cell is a text or a sequence of paragraphs. The header row repeats on
        every page and is marked as a header for screen readers."""
        count = columns or len(header or rows[0])
        table = self.document.add_table(rows=0, cols=count)
        table.style = self.document.styles["Table Grid"]
        if header:
            cells = table.add_row().cells
            for cell, text in zip(cells, header, strict=True):
                self._fill(cell.paragraphs[0], text, bold=True)
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:tblHeader"))
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                self.cell(cell, value)
        self.document.add_paragraph()  # Word would join two tables that touch into one
        return table

    def cell(self, cell: _Cell, value: str | Sequence[str], style: str | None = None) -> None:
        texts = [value] if isinstance(value, str) else list(value)
        for number, text in enumerate(texts):
            paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            if style:
                paragraph.style = self.document.styles[style]
            self._fill(paragraph, text)

    def box(self, heading: str | None = None, bullets: Sequence[str] = (), lines: int = 0,
            shaded: bool = False) -> Table:
        """A one-cell framed box: a bold heading, bullet points and/or empty lines to write on."""
        table = self.document.add_table(rows=1, cols=1)
        table.style = self.document.styles["Table Grid"]
        cell = table.cell(0, 0)
        fresh = iter([cell.paragraphs[0]])  # the cell's own first paragraph, then new ones

        def next_paragraph() -> Paragraph:
            return next(fresh, None) or cell.add_paragraph()

        if heading:
            self._fill(next_paragraph(), heading, bold=True)
        for text in bullets:
            paragraph = next_paragraph()
            paragraph.style = self.document.styles["List Bullet"]
            self._fill(paragraph, text)
        for _ in range(lines):
            next_paragraph()
        if shaded:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), "EAF1F8")
            cell._tc.get_or_add_tcPr().append(shading)
        self.document.add_paragraph()  # keeps the next table or box apart from this one
        return table

    # output

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return _fixed_zip(buffer.getvalue(), document_time(self.summary))


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same .docx with every file in the zip stamped with ``when``, not with the time of saving."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# --- the summary ------------------------------------------------------------------------------------

def missing_items(module: ModuleRecord, language: str) -> list[str]:
    """What the learner still has to do in a module, one sentence per item."""
    return [i18n.text(language, f"summary.{m.key}", **dict(m.values))
            + (f" {course_inline(m.reference)}" if m.reference else "") for m in module.missing]


def _module_line(module: ModuleRecord, language: str) -> str:
    heading = i18n.text(language, "summary.module_heading", number=module.number, title=module.title)
    status = i18n.text(language, f"summary.status_{module.status}")
    done = i18n.text(language, "summary.items_done", done=module.done_items, total=module.total_items)
    line = f"{heading}: {status} ({done})"
    if module.problem:
        line += " " + i18n.text(language, "summary.untrusted")
    return line


def _overview(w: WordWriter, summary: CourseSummary) -> None:
    language = summary.language
    if summary.complete:
        w.paragraph(i18n.text(language, "summary.complete"), bold=True)
        return
    total = len(MODULE_IDS)
    done = sum(m.status == DONE for m in summary.modules)
    w.paragraph(i18n.text(language, "summary.incomplete", missing=total - done, total=total), bold=True)
    w.bullets(_module_line(m, language) for m in summary.modules if m.status != DONE)
    absent = total - len(summary.modules)
    if absent > 0:
        w.paragraph(i18n.text(language, "docx.absent_modules", count=absent))


def _scenario(w: WordWriter, scenario: ScenarioRecord, language: str) -> None:
    w.heading(f"{i18n.text(language, 'summary.your_choices')}: {scenario.title}", 2)
    for step in scenario.steps:
        w.course(step.situation, label=i18n.text(language, "docx.situation"))
        quality = i18n.text(language, f"docx.quality_{step.quality}")
        w.paragraph(f"{step.choice} ({quality})", label=i18n.text(language, "summary.you_chose"))
        w.course(step.feedback, label=i18n.text(language, "summary.feedback"))
    if scenario.ending_title is None:
        w.paragraph(i18n.text(language, "summary.missing_scenario", title=scenario.title))
    else:
        w.paragraph(scenario.ending_title, label=i18n.text(language, "summary.ending"), bold=True)
        if scenario.debrief:
            w.course(scenario.debrief)


def _check(w: WordWriter, check: CheckRecord, language: str) -> None:
    w.paragraph(course_inline(check.question), bold=True)
    label = i18n.text(language, "summary.your_first_answer")
    if check.correct is None:
        w.paragraph(i18n.text(language, "summary.not_answered"), label=label)
        return
    verdict = i18n.text(language, "summary.correct" if check.correct else "summary.wrong")
    _answers(w, f"{label} ({verdict})", check.first_answer)
    _answers(w, i18n.text(language, "summary.right_answer"), check.right_answer)
    w.course(check.explanation, label=i18n.text(language, "docx.explanation"))


def _answers(w: WordWriter, label: str, answers: Sequence[str]) -> None:
    """One answer on the label's line; several as a bullet list under it."""
    if len(answers) == 1:
        w.paragraph(course_inline(answers[0]), label=label)
    else:
        w.paragraph(f"{label}:", bold=True)
        w.bullets(course_inline(a) for a in answers)


def _exercise(w: WordWriter, exercise: ExerciseRecord, language: str) -> None:
    w.heading(f"{i18n.text(language, 'summary.exercise')}: {exercise.title}", 2)
    not_placed = i18n.text(language, "summary.not_placed")
    header = [i18n.text(language, "docx.item"), i18n.text(language, "summary.your_placement")]
    if exercise.checked:  # the suggestions and feedback are shown once the learner has checked
        header += [i18n.text(language, "summary.suggested"), i18n.text(language, "summary.feedback")]
        rows = [[course_inline(p.item), p.placed or not_placed, p.suggested, course_paragraphs(p.feedback)]
                for p in exercise.placements]
    else:
        rows = [[course_inline(p.item), p.placed or not_placed] for p in exercise.placements]
    w.table(header, rows)
    if exercise.ranked_category and exercise.ranked_items:
        w.paragraph(f"{i18n.text(language, 'summary.your_order')}: {exercise.ranked_category}", bold=True)
        w.numbered([course_inline(i) for i in exercise.ranked_items])
    if not exercise.done:
        w.paragraph(i18n.text(language, "summary.missing_exercise", title=exercise.title))


def _module(w: WordWriter, module: ModuleRecord, language: str) -> None:
    w.heading(i18n.text(language, "summary.module_heading", number=module.number, title=module.title), 1)
    status = i18n.text(language, f"summary.status_{module.status}")
    done = i18n.text(language, "summary.items_done", done=module.done_items, total=module.total_items)
    w.paragraph(f"{status} ({done})", label=i18n.text(language, "docx.status"))
    if module.problem:
        w.paragraph(i18n.text(language, "summary.untrusted"))
    missing = missing_items(module, language) if module.status != DONE else []
    if missing:
        w.paragraph(i18n.text(language, "docx.what_is_missing"), bold=True)
        w.bullets(missing)
    for scenario in module.scenarios:
        _scenario(w, scenario, language)
    if module.checks:
        w.heading(i18n.text(language, "summary.checks"), 2)
        for check in module.checks:
            _check(w, check, language)
    for exercise in module.exercises:
        _exercise(w, exercise, language)
    if module.reflections:
        w.heading(i18n.text(language, "summary.reflections"), 2)
        for reflection in module.reflections:
            w.paragraph(course_inline(reflection.prompt), bold=True)
            w.paragraph(plain_text(reflection.text) or i18n.text(language, "summary.no_text"))
    w.heading(i18n.text(language, "summary.learning_points"), 2)
    w.bullets(course_inline(p) for p in module.learning_points)


def _action_plan(w: WordWriter, summary: CourseSummary) -> None:
    language = summary.language
    w.heading(i18n.text(language, "summary.action_plan"), 1)
    plan = [plain_text(a) for a in summary.action_plan if a.strip()]
    if plan:
        w.paragraph(i18n.text(language, "summary.action_plan_lead"))
        w.numbered(plan)
    else:
        w.paragraph(i18n.text(language, "summary.action_plan_empty"))


def _sources(w: WordWriter, summary: CourseSummary) -> None:
    sources = course_sources(summary)  # each source once: same id in the briefs, address or title
    if sources:
        w.heading(i18n.text(summary.language, "summary.sources"), 1)
        # source names are plain text, not Markdown; the address follows, as a printed list needs it
        w.bullets(f"{s.text} ({s.url})" if s.url else s.text for s in sources)


def summary_docx(summary: CourseSummary) -> bytes:
    """The course log (the jobbstøtte's appendix) as a .docx file in the summary's language."""
    language = summary.language
    w = WordWriter(summary, i18n.text(language, "summary.log_title"))
    w.title(i18n.text(language, "summary.log_title"))
    w.paragraph(i18n.text(language, "summary.log_lead"))
    w.paragraph(i18n.text(language, "summary.generated", date=format_date(summary.generated)))
    _overview(w, summary)
    for module in summary.modules:
        _module(w, module, language)
    _action_plan(w, summary)
    _sources(w, summary)
    return w.to_bytes()
