"""The summary page (assignment 06-oppsummering): where the learner stands, an action plan, and downloads.

It sits beside the five module folders, reads them through the summary model, and on the learner's
Voilà page writes the course snapshot that autograding reads. The downloads are ``data:`` links made
on request, so they work offline and need no file server. The preview (the jobbstøtte) follows the action
plan as the learner types it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import partial
from pathlib import Path

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..handin import hand_in_target
from ..progress.store import ProgressStore
from ..progress.trust import ACTION_IDS, SUMMARY_MODULE
from ..runtime import running_in_voila
from ..summary.cards import CARDS_FILENAME, PDF_MIME, cards_pdf
from ..summary.docx import DOCX_MIME, summary_docx
from ..summary.guides import interview_guide_docx, interview_guide_pdf
from ..summary.html import summary_html
from ..summary.job_analysis import job_analysis_pdf
from ..summary.jobaid_export import jobaid_docx, jobaid_html, jobaid_pdf
from ..summary.logbook import log_pdf
from ..summary.model import CourseSummary, build_summary
from ..summary.prefill import read_prefill
from ..summary.snapshot import read_action_plan, write_snapshot
from ..summary.templates import job_analysis_docx
from ..summary.typeset import TypesetError
from .document_frame import DocumentFrame
from .focus import FocusManager
from .handin import HandInCard
from .mirror import BrowserMirror
from .page import requested_language
from .post_form import PostForm
from .widgets import action_button, card, html_block, lean


def data_link(data: bytes, mime: str, filename: str, label: str) -> Markup:
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return Markup('<a class="mf-btn mf-btn--secondary mf-export" download="{}" href="{}">{}</a>').format(
        filename, href, label)


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
        self.preview: DocumentFrame | None = None
        self.post: PostForm | None = None

    def summary(self) -> CourseSummary:
        return build_summary(self.course_root, self.language, read_action_plan(self.folder))

    def header(self) -> widgets.Widget:
        s = self.summary()
        t = partial(i18n.text, self.language)  # plain text: Markup.format escapes it
        missing = sum(1 for m in s.modules if m.status != "done")
        state = (t("summary.complete") if s.complete
                 else t("summary.incomplete", missing=missing, total=len(s.modules)))
        rows = Markup("").join(
            Markup("<li><strong>{}</strong>: {} ({})</li>").format(
                t("summary.module_heading", number=m.number, title=m.title), t(f"summary.status_{m.status}"),
                t("summary.items_done", done=m.done_items, total=m.total_items))
            for m in s.modules)
        html = Markup('<h1 class="mf-header__title">{}</h1><p class="mf-header__subtitle">{}</p>'
                      '<p class="mf-notice mf-notice--{}">{}</p><ul>{}</ul>').format(
            t("summary.title"), t("summary.lead"), "info" if s.complete else "warning", state, rows)
        box = lean(widgets.VBox, [self.focus, self.mirror, html_block(str(html))])
        box.add_class("mf-header")
        return box

    def overview(self) -> widgets.Widget:
        """The jobbstøtte on the page: the same document as its HTML download, shown in a frame as tall as the
        document (its own styles, no scripts), so the page and the download can never disagree."""
        self.preview = DocumentFrame(jobaid_html(self.summary(), self.course_root),
                                     i18n.text(self.language, "summary.jobaid_title"))
        return card(lean(widgets.VBox, [self.preview]), "summary")

    def _save_action(self, action_id: str, text: str) -> None:
        """Save one line of the action plan, and show it in the preview at once."""
        self.store.save_reflection(action_id, text)
        if self.preview is not None:
            self.preview.document = jobaid_html(self.summary(), self.course_root)

    def action_plan(self) -> widgets.Widget:
        intro = html_block(str(Markup('<h2 class="mf-card__title">{}</h2><p class="mf-prose">{}</p>').format(
            i18n.text(self.language, "summary.action_plan"), i18n.text(self.language, "summary.action_plan_lead"))))
        boxes = []
        for number, action_id in enumerate(ACTION_IDS, start=1):
            saved = self.store.data.reflections.get(action_id)
            box = lean(widgets.Textarea, value=saved.text if saved else "", rows=2, continuous_update=True,
                                   description=i18n.text(self.language, "summary_page.action_label", number=number),
                                   style={"description_width": "initial"}, layout={"width": "100%"})
            box.add_class("mf-reflection-input")
            box.observe(lambda change, i=action_id: self._save_action(i, change["new"]), names="value")
            boxes.append(box)
        self.action_boxes = boxes
        plan = card(lean(widgets.VBox, [intro, *boxes]), "reflection")
        plan.add_class("mf-action-plan")  # the post form is a reflection card too: this one is the plan
        return plan

    def exports(self) -> widgets.Widget:
        words = partial(i18n.text, self.language)
        button = action_button(words("summary_page.make"))
        button.on_click(lambda _button: self.make_documents())
        self.make_button = button
        heading = Markup('<h2 class="mf-card__title">{}</h2>').format(words("summary_page.exports"))
        heading = html_block(str(heading))
        documents = card(lean(widgets.VBox, [heading, button, self.exports_result]), "summary")
        return lean(widgets.VBox, [self.post_form(), documents])  # the post first: the documents are made from it

    def make_documents(self) -> str:
        """Build every document now and show one download link for each."""
        words, summary = partial(i18n.text, self.language), self.summary()
        content_root = self.course_root

        def pdf_link(make: Callable[[], bytes], filename: str, label: str) -> Markup:
            try:  # typeset in-process: no browser needed; a failure is a defect in the course's template
                return data_link(make(), "application/pdf", filename, words(label))
            except TypesetError:
                return Markup('<span class="mf-notice mf-notice--info">{}</span>').format(
                    words("summary_page.pdf_failed"))

        links = [
            pdf_link(lambda: jobaid_pdf(summary, content_root), "jobbstotte.pdf", "summary_page.jobaid_pdf"),
            data_link(jobaid_docx(summary, content_root), DOCX_MIME, "jobbstotte.docx",
                      words("summary_page.jobaid_docx")),
            data_link(jobaid_html(summary, content_root).encode("utf-8"), "text/html", "jobbstotte.html",
                      words("summary_page.jobaid_html")),
            pdf_link(lambda: log_pdf(summary), "kurslogg.pdf", "summary_page.pdf"),
            data_link(summary_docx(summary), DOCX_MIME, "kurslogg.docx", words("summary_page.docx")),
            data_link(summary_html(summary).encode("utf-8"), "text/html", "kurslogg.html", words("summary_page.html")),
            data_link(job_analysis_docx(summary, content_root=content_root), DOCX_MIME, "jobbanalyse.docx",
                      words("summary_page.job")),
            data_link(interview_guide_docx(summary, 1, content_root=content_root), DOCX_MIME, "intervjuguide-1.docx",
                      words("summary_page.guide1")),
            data_link(interview_guide_docx(summary, 2, content_root=content_root), DOCX_MIME, "intervjuguide-2.docx",
                      words("summary_page.guide2")),
            pdf_link(lambda: interview_guide_pdf(summary, 1, content_root=content_root), "intervjuguide-1.pdf",
                     "summary_page.guide1_pdf"),
            pdf_link(lambda: interview_guide_pdf(summary, 2, content_root=content_root), "intervjuguide-2.pdf",
                     "summary_page.guide2_pdf"),
        ]
        links.append(pdf_link(lambda: job_analysis_pdf(summary, content_root=content_root), "jobbanalyse.pdf",
                              "post.job_pdf"))
        links.append(self._cards_link())
        result = Markup('<p role="status">{}</p><p class="mf-actions">{}</p>').format(
            words("summary_page.ready"), Markup("").join(links))
        self.exports_result.value = str(result)
        return self.exports_result.value

    def _cards_link(self) -> Markup:
        """The reflection cards for the learner's management team, in the page's language. They are the
        course's, not the learner's: a defect in the course's cards shows a notice and costs the learner
        none of their own documents."""
        from ..content.errors import ContentError
        from ..summary.typeset import TypesetError

        try:
            pdf = cards_pdf(self.language, self.course_root)
        except (ContentError, TypesetError):
            return Markup('<p class="mf-notice mf-notice--info">{}</p>').format(
                i18n.text(self.language, "summary_page.cards_failed"))
        return data_link(pdf, PDF_MIME, CARDS_FILENAME[self.language],
                         i18n.text(self.language, "summary_page.cards"))

    def post_form(self) -> PostForm:
        """The post the learner will fill next (:mod:`.post_form`), prefilled from the trainer's ``post.yaml``
        until the learner changes it; the job analysis and the interview guides are made from it."""
        if self.post is None:
            self.post = PostForm(self.store, self.language, read_prefill(self.folder), self.focus,
                                 on_saved=self._refresh_preview)
        return self.post

    def _refresh_preview(self) -> None:
        """Show what was just saved in the preview at once, as the action plan does."""
        if self.preview is not None:
            self.preview.document = jobaid_html(self.summary(), self.course_root)

    def footer(self) -> widgets.Widget:
        """The way home and, on a hub, handing the summary in (with a fresh snapshot of the modules)."""
        parts: list[widgets.Widget] = []
        target = hand_in_target(self.folder, SUMMARY_MODULE)
        if target is not None:
            label = i18n.text(self.language, "ui.handin_summary_button")
            self.hand_in = HandInCard(target, label, self.language, self.focus,
                                      before=lambda: write_snapshot(self.folder, self.course_root))
            parts.append(self.hand_in.box)
        home = self.course_root.parent / "notebooks" / "home.ipynb"
        if home.exists():
            link = Markup('<p><a class="mf-btn mf-btn--secondary mf-home-link" href="../../notebooks/home.ipynb?'
                          'lang={}">{}</a></p>').format(self.language, i18n.text(self.language, "ui.back_home"))
            parts.append(html_block(str(link)))
        return lean(widgets.VBox, parts) if parts else html_block()


def open_summary(folder: Path | str | None = None, language: str | None = None,
                 course_root: Path | str | None = None) -> SummaryPage:
    return SummaryPage(Path(folder) if folder else None, language, Path(course_root) if course_root else None)
