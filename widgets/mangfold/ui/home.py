"""The course home: what the course gives, the five modules in order with their status, and the way on.

It is the start page of ``make serve`` and of Binder. It reads the module folders beside it
(``release/``) through :mod:`mangfold.course_state` and writes nothing itself; links carry the
learner's language to every page.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..content.timing import estimate
from ..course import MODULE_IDS, notebook_name
from ..course_state import DONE, CourseState, ModuleState, course_state
from ..progress.store import latest_language
from ..progress.sync import MAX_BUNDLE_BYTES, WHOLE_FILE, Restored, make_bundle, restore_bundle
from ..progress.trust import SUMMARY_MODULE
from .consent import ResearchConsent
from .focus import FocusManager
from .glossary import glossary_html, has_glossary
from .mirror import BrowserMirror
from .page import requested_language
from .upload import ProgressUpload
from .widgets import card, html_block, language_switch, lean, progress_bar

HOME_NOTEBOOK = "home.ipynb"


def module_href(module: str, language: str, item: str | None = None, prefix: str = "../release") -> str:
    """Relative link from the home to a module page (and to one block in it: ``#mf-block-<id>``)."""
    anchor = f"#mf-block-{item}" if item else ""
    return f"{prefix}/{module}/{notebook_name(module)}?lang={language}{anchor}"


class CourseHome:
    """Build the home page's widgets for the course under ``course_root`` (default ``../release``)."""

    def __init__(self, course_root: Path | None = None, language: str | None = None):
        self.course_root = Path(course_root) if course_root else Path.cwd().parent / "release"
        self.language = language or requested_language() or latest_language(self.course_root, MODULE_IDS) or "nb"
        self.state: CourseState = course_state(self.course_root, self.language)
        self.focus = FocusManager(lang=self.language)
        self.module_ids = [m.module for m in self.state.modules]
        mirrored = [*self.module_ids, *([SUMMARY_MODULE] if (self.course_root / SUMMARY_MODULE).is_dir() else [])]
        self.mirror = BrowserMirror(self.course_root, mirrored)
        self.upload_result = html_block()

    def t(self, key: str, **values: object) -> str:
        return i18n.text(self.language, f"ui.{key}", **values)

    def page(self) -> widgets.Widget:
        self.research = ResearchConsent(self.course_root, self.module_ids, self.language, self.focus,
                                        self.mirror.publish)
        glossary = [self.glossary()] if has_glossary(self.course_root) else []
        return lean(widgets.VBox, [self.focus, self.mirror, self.header(), self.research.box, self.module_list(),
                             *glossary, self.progress_tools()])

    def glossary(self) -> widgets.Widget:
        """The course's words (one term per concept) and law names, closed until the learner opens it."""
        return card(lean(widgets.VBox, [html_block(glossary_html(self.language, self.course_root))]), "glossary")

    # -- download and upload ------------------------------------------------------------------
    def download_href(self) -> str:
        """A ``data:`` link with every module's progress: it works offline and needs no file server."""
        bundle = json.dumps(make_bundle(self.course_root, self.module_ids), ensure_ascii=False, indent=1)
        return "data:application/json;base64," + base64.b64encode(bundle.encode("utf-8")).decode("ascii")

    def progress_tools(self) -> widgets.Widget:
        info = html_block(Markup(
            '<h2 class="mf-card__title">{title}</h2><p class="mf-prose">{lead}</p>'
            '<p><a class="mf-btn mf-btn--secondary mf-download" download="mangfold-framdrift.json" '
            'href="{href}">{download}</a></p>'
        ).format(title=self.t("progress_tools"), lead=self.t("progress_tools_lead"), href=self.download_href(),
                 download=self.t("download_progress")))
        self.upload = ProgressUpload(self.t("upload_progress"),
                                     self.t("upload_too_large", mb=MAX_BUNDLE_BYTES // 1_000_000),
                                     lambda _name, data: self.receive_upload(data))
        return card(lean(widgets.VBox, [info, self.upload, self.upload_result]), "summary")

    def receive_upload(self, raw: bytes) -> list[Restored]:
        """Merge an uploaded progress file; say what happened; reload when anything came in.

        Every outcome has a sentence in the learner's language: a rejection names its reason (and the
        detail, such as where in the file a broken character is), an empty file says there was nothing.
        """
        results = restore_bundle(self.course_root, raw, self.module_ids)
        titles = {m.module: m.content.title for m in self.state.modules}
        lines = []
        for result in results:
            name = self.t("upload_file") if result.module == WHOLE_FILE else titles.get(result.module, result.module)
            reason = self.t(f"reject_{result.code}", mb=MAX_BUNDLE_BYTES // 1_000_000) if result.code else ""
            if result.detail.get(self.language):
                reason = f"{reason}: {result.detail[self.language]}"
            message = self.t(f"upload_{result.outcome}", reason=reason)
            lines.append(Markup("<li><strong>{}</strong>: {}</li>").format(name, message))
        merged = any(r.outcome == "merged" for r in results)
        self.upload_result.value = str(Markup('<div class="mf-notice mf-notice--{}" role="status"><ul>{}</ul></div>')
                                       .format("info" if merged else "warning", Markup("").join(lines)))
        if merged:
            self.mirror.send({"reload": True})
        return results


    def header(self) -> widgets.Widget:
        t = self.t
        minutes = round(sum(estimate(m.content).minutes for m in self.state.modules))
        label = t("course_progress", done=self.state.done_items, total=self.state.total_items)
        resume = self.state.resume
        action = Markup("")
        if self.state.finished:
            action = Markup('<p class="mf-notice mf-notice--info">{}</p>').format(t("course_done"))
        elif resume is not None:
            key = "continue" if resume.started or self.state.done_items else "start_course"
            href = module_href(resume.module, self.language, resume.next_item if resume.started else None)
            action = Markup('<p><a class="mf-btn mf-btn--primary mf-continue" href="{}">{}</a></p>').format(
                href, t(key, title=resume.content.title))
        html = Markup(
            '<p class="mf-header__eyebrow">{minutes}</p>'
            '<h1 class="mf-header__title">{title}</h1>'
            '<p class="mf-header__subtitle">{lead}</p>'
            '{switch}'
            '<p class="mf-prose">{gives}</p>{progress}{action}'
        ).format(minutes=t("home_minutes", minutes=minutes), title=t("home_title"), lead=t("home_lead"),
                 switch=language_switch(self.language), gives=t("home_gives"),
                 progress=progress_bar(self.state.done_items, self.state.total_items, label,
                                       t("course_progress_label")),
                 action=action)
        box = lean(widgets.VBox, [html_block(html)])
        box.add_class("mf-header")
        return box

    def module_list(self) -> widgets.Widget:
        cards = [self.module_card(number, state) for number, state in enumerate(self.state.modules, start=1)]
        if (self.course_root / SUMMARY_MODULE / f"{SUMMARY_MODULE}.ipynb").exists():
            cards.append(self.summary_card())
        heading = html_block(Markup('<h2 class="mf-section-title">{}</h2>').format(self.t("modules_heading")))
        box = lean(widgets.VBox, [heading, *cards])
        box.add_class("mf-module-list")
        return box

    def summary_card(self) -> widgets.Widget:
        """The way to the learner's summary and job-support documents, open at any time."""
        html = Markup(
            '<h3 class="mf-card__title">{}</h3><p class="mf-prose">{}</p>'
            '<a class="mf-btn mf-btn--primary mf-summary-link" href="{}">{}</a>'
        ).format(self.t("summary_title"), self.t("summary_lead"), module_href(SUMMARY_MODULE, self.language),
                 self.t("summary_open"))
        return card(lean(widgets.VBox, [html_block(html)]), "module")

    def module_card(self, number: int, state: ModuleState) -> widgets.Widget:
        t = self.t
        status = state.status
        minutes = round(estimate(state.content).minutes)
        if self.state.unlocked(state.module):
            item = state.next_item if state.status != DONE and state.started else None
            action = Markup('<a class="mf-btn mf-btn--{kind}" href="{href}" aria-label="{open}: {title}">{open}</a>')
            action = action.format(
                kind="secondary" if status == DONE else "primary", href=module_href(state.module, self.language, item),
                open=t("open_module", number=number), title=state.content.title)
        else:
            action = Markup('<p class="mf-locked">{}</p>').format(t("locked", number=number - 1))
        html = Markup(
            '<p class="mf-kicker">{module} · {minutes}</p>'
            '<h3 class="mf-card__title">{title}</h3>'
            '<p class="mf-prose">{subtitle}</p>'
            '<p><span class="mf-status mf-status--{status}">{status_text}</span> '
            '<span class="mf-hint">{done} / {total}</span></p>{action}'
        ).format(module=t("module", number=number, total=len(self.state.modules)),
                 minutes=t("minutes", minutes=minutes),
                 title=state.content.title, subtitle=state.content.subtitle, status=status,
                 status_text=t("status_" + status), done=state.done_items, total=len(state.statuses), action=action)
        box = card(lean(widgets.VBox, [html_block(html)]), "module")
        box.add_class(f"mf-card--{status}")
        if not self.state.unlocked(state.module):
            box.add_class("mf-card--locked")
        return box


def open_home(course_root: Path | str | None = None, language: str | None = None) -> CourseHome:
    return CourseHome(Path(course_root) if course_root else None, language)
