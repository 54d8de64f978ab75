"""The summary page (assignment 06-oppsummering): where the learner stands, an action plan, and downloads.

It sits beside the five module folders, reads them through the summary model, and on the learner's
Voilà page writes the course snapshot that autograding reads. The downloads are ``data:`` links made
on request, so they work offline and need no file server.
"""

from __future__ import annotations

import base64
from pathlib import Path

import ipywidgets as widgets

from ..handin import hand_in_target
from ..markup import escape
from ..progress.store import ProgressStore
from ..runtime import running_in_voila
from ..summary.docx import summary_docx
from ..summary.html import summary_html
from ..summary.model import CourseSummary, build_summary
from ..summary.pdf import PdfUnavailable, summary_pdf
from ..summary.snapshot import ACTION_IDS, SUMMARY_MODULE, read_action_plan, write_snapshot
from ..summary.strings import summary_text
from ..summary.templates import interview_guide_docx, job_analysis_docx
from .focus import FocusManager
from .handin import HandInCard
from .mirror import BrowserMirror
from .page import requested_language
from .strings import translate
from .widgets import action_button, card, html_block, lean

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ACTION_LABELS = {"nb": "Forpliktelse {number}", "en": "Commitment {number}"}
EXPORT_WORDS = {
    "nb": {"exports": "Last ned", "make": "Lag dokumentene", "html": "Oppsummering (HTML, for utskrift)",
           "docx": "Oppsummering (Word)", "pdf": "Oppsummering (PDF)", "job": "Jobbanalyse (Word)",
           "guide1": "Intervjuguide, første intervju (Word)", "guide2": "Intervjuguide, andre intervju (Word)",
           "ready": "Dokumentene er klare."},
    "en": {"exports": "Download", "make": "Make the documents", "html": "Summary (HTML, for printing)",
           "docx": "Summary (Word)", "pdf": "Summary (PDF)", "job": "Job analysis (Word)",
           "guide1": "Interview guide, first interview (Word)", "guide2": "Interview guide, second interview (Word)",
           "ready": "The documents are ready."},
}


def data_link(data: bytes, mime: str, filename: str, label: str) -> str:
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<a class="mf-btn mf-btn--secondary mf-export" download="{escape(filename)}" '
            f'href="{href}">{escape(label)}</a>')


class SummaryPage:
    def __init__(self, folder: Path | None = None, language: str | None = None, course_root: Path | None = None):
        self.folder = Path(folder) if folder else Path.cwd()
        self.course_root = Path(course_root) if course_root else self.folder.parent
        self.store = ProgressStore(self.folder, SUMMARY_MODULE, language or "nb")
        self.language = language or requested_language() or self.store.data.language
        if running_in_voila():
            write_snapshot(self.folder, self.course_root)  # what autograding will read
        self.focus = FocusManager(lang=self.language)
        self.mirror = BrowserMirror(self.course_root, [SUMMARY_MODULE])  # the action plan survives Binder too
        self.store.subscribe(lambda progress: self.mirror.publish(SUMMARY_MODULE, progress))
        self.exports_result = html_block()

    def summary(self) -> CourseSummary:
        return build_summary(self.course_root, self.language, read_action_plan(self.folder))

    def header(self) -> widgets.Widget:
        s = self.summary()
        t = lambda key, **values: escape(summary_text(self.language, key, **values))  # noqa: E731
        missing = sum(1 for m in s.modules if m.status != "done")
        state = t("complete") if s.complete else t("incomplete", missing=missing, total=len(s.modules))
        rows = "".join(
            f"<li><strong>{t('module_heading', number=m.number, title=m.title)}</strong>: "
            f"{t('status_' + m.status)} ({t('items_done', done=m.done_items, total=m.total_items)})</li>"
            for m in s.modules)
        html = (f'<h1 class="mf-header__title">{t("title")}</h1><p class="mf-header__subtitle">{t("lead")}</p>'
                f'<p class="mf-notice mf-notice--{"info" if s.complete else "warning"}">{state}</p><ul>{rows}</ul>')
        box = lean(widgets.VBox, [self.focus, self.mirror, html_block(html)])
        box.add_class("mf-header")
        return box

    def overview(self) -> widgets.Widget:
        """The whole summary on the page: the same document as the HTML download, shown in a sandboxed
        frame (its own styles, no scripts), so the page and the download can never disagree."""
        document = summary_html(self.summary())
        frame = (f'<iframe class="mf-summary-frame" title="{escape(summary_text(self.language, "title"))}" '
                 f'sandbox="" srcdoc="{escape(document)}"></iframe>')
        return card(lean(widgets.VBox, [html_block(frame)]), "summary")

    def action_plan(self) -> widgets.Widget:
        t = lambda key: summary_text(self.language, key)  # noqa: E731
        intro = html_block(f'<h2 class="mf-card__title">{escape(t("action_plan"))}</h2>'
                           f'<p class="mf-prose">{escape(t("action_plan_lead"))}</p>')
        boxes = []
        for number, action_id in enumerate(ACTION_IDS, start=1):
            saved = self.store.data.reflections.get(action_id)
            box = lean(widgets.Textarea, value=saved.text if saved else "", rows=2, continuous_update=True,
                                   description=ACTION_LABELS[self.language].format(number=number),
                                   style={"description_width": "initial"}, layout={"width": "100%"})
            box.add_class("mf-reflection-input")
            box.observe(lambda change, i=action_id: self.store.save_reflection(i, change["new"]), names="value")
            boxes.append(box)
        self.action_boxes = boxes
        return card(lean(widgets.VBox, [intro, *boxes]), "reflection")

    def exports(self) -> widgets.Widget:
        words = EXPORT_WORDS[self.language]
        button = action_button(words["make"])
        button.on_click(lambda _button: self.make_documents())
        self.make_button = button
        heading = html_block(f'<h2 class="mf-card__title">{escape(words["exports"])}</h2>')
        return card(lean(widgets.VBox, [heading, button, self.exports_result]), "summary")

    def make_documents(self) -> str:
        """Build every document now and show one download link for each."""
        words, summary = EXPORT_WORDS[self.language], self.summary()
        content_root = self.course_root
        links = [
            data_link(summary_html(summary).encode("utf-8"), "text/html", "oppsummering.html", words["html"]),
            data_link(summary_docx(summary), DOCX, "oppsummering.docx", words["docx"]),
        ]
        try:
            links.append(data_link(summary_pdf(summary), "application/pdf", "oppsummering.pdf", words["pdf"]))
        except PdfUnavailable as unavailable:
            links.append(f'<p class="mf-notice mf-notice--info">{escape(str(unavailable))}</p>')
        links += [
            data_link(job_analysis_docx(summary), DOCX, "jobbanalyse.docx", words["job"]),
            data_link(interview_guide_docx(summary, 1, content_root=content_root), DOCX, "intervjuguide-1.docx",
                      words["guide1"]),
            data_link(interview_guide_docx(summary, 2, content_root=content_root), DOCX, "intervjuguide-2.docx",
                      words["guide2"]),
        ]
        self.exports_result.value = (f'<p role="status">{escape(words["ready"])}</p>'
                                     f'<p class="mf-actions">{"".join(links)}</p>')
        return self.exports_result.value

    def footer(self) -> widgets.Widget:
        """The way home and, on a hub, handing the summary in (with a fresh snapshot of the modules)."""
        parts: list[widgets.Widget] = []
        target = hand_in_target(self.folder, SUMMARY_MODULE)
        if target is not None:
            label = translate(self.language, "handin_summary_button")
            self.hand_in = HandInCard(target, label, self.language, self.focus,
                                      before=lambda: write_snapshot(self.folder, self.course_root))
            parts.append(self.hand_in.box)
        home = self.course_root.parent / "notebooks" / "home.ipynb"
        if home.exists():
            parts.append(html_block(
                f'<p><a class="mf-btn mf-btn--secondary mf-home-link" href="../../notebooks/home.ipynb?'
                f'lang={self.language}">{escape(translate(self.language, "back_home"))}</a></p>'))
        return lean(widgets.VBox, parts) if parts else html_block()


def open_summary(folder: Path | str | None = None, language: str | None = None,
                 course_root: Path | str | None = None) -> SummaryPage:
    return SummaryPage(Path(folder) if folder else None, language, Path(course_root) if course_root else None)
