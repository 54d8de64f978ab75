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

from ..content.timing import estimate
from ..course import MODULE_IDS, notebook_name
from ..course_state import DONE, CourseState, ModuleState, course_state
from ..markup import escape
from ..progress.store import latest_language
from ..progress.sync import MAX_BUNDLE_BYTES, WHOLE_FILE, Restored, make_bundle, restore_bundle
from ..summary.snapshot import SUMMARY_MODULE
from .consent import ResearchConsent
from .focus import FocusManager
from .mirror import BrowserMirror
from .page import requested_language
from .strings import translate
from .upload import ProgressUpload
from .widgets import card, html_block, lean, progress_bar

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
        return translate(self.language, key, **values)

    def page(self) -> widgets.Widget:
        self.research = ResearchConsent(self.course_root, self.module_ids, self.language, self.focus,
                                        self.mirror.publish)
        return lean(widgets.VBox, [self.focus, self.mirror, self.header(), self.research.box, self.module_list(),
                             self.progress_tools()])

    # -- download and upload ------------------------------------------------------------------
    def download_href(self) -> str:
        """A ``data:`` link with every module's progress: it works offline and needs no file server."""
        bundle = json.dumps(make_bundle(self.course_root, self.module_ids), ensure_ascii=False, indent=1)
        return "data:application/json;base64," + base64.b64encode(bundle.encode("utf-8")).decode("ascii")

    def progress_tools(self) -> widgets.Widget:
        t = lambda key: escape(self.t(key))  # noqa: E731
        info = html_block(
            f'<h2 class="mf-card__title">{t("progress_tools")}</h2><p class="mf-prose">{t("progress_tools_lead")}</p>'
            f'<p><a class="mf-btn mf-btn--secondary mf-download" download="mangfold-framdrift.json" '
            f'href="{self.download_href()}">{t("download_progress")}</a></p>'
        )
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
            lines.append(f"<li><strong>{escape(name)}</strong>: {escape(message)}</li>")
        merged = any(r.outcome == "merged" for r in results)
        self.upload_result.value = (f'<div class="mf-notice mf-notice--{"info" if merged else "warning"}" '
                                    f'role="status"><ul>{"".join(lines)}</ul></div>')
        if merged:
            self.mirror.send({"reload": True})
        return results


    def header(self) -> widgets.Widget:
        t = lambda key, **values: escape(self.t(key, **values))  # noqa: E731
        minutes = round(sum(estimate(m.content).minutes for m in self.state.modules))
        other = "en" if self.language == "nb" else "nb"
        other_name = "English" if other == "en" else "Norsk (bokmål)"
        label = self.t("course_progress", done=self.state.done_items, total=self.state.total_items)
        resume = self.state.resume
        if self.state.finished:
            action = f'<p class="mf-notice mf-notice--info">{t("course_done")}</p>'
        elif resume is not None:
            key = "continue" if resume.started or self.state.done_items else "start_course"
            href = module_href(resume.module, self.language, resume.next_item if resume.started else None)
            action = (f'<p><a class="mf-btn mf-btn--primary mf-continue" href="{escape(href)}">'
                      f'{t(key, title=resume.content.title)}</a></p>')
        else:
            action = ""
        html = (
            f'<p class="mf-header__eyebrow">{t("home_minutes", minutes=minutes)}</p>'
            f'<h1 class="mf-header__title">{t("home_title")}</h1>'
            f'<p class="mf-header__subtitle">{t("home_lead")}</p>'
            f'<p><a class="mf-lang-switch" href="?lang={other}" lang="{other}" hreflang="{other}">'
            f"{escape(other_name)}</a></p>"
            f'<p class="mf-prose">{t("home_gives")}</p>'
            + progress_bar(self.state.done_items, self.state.total_items, label, self.t("course_progress_label"))
            + action
        )
        box = lean(widgets.VBox, [html_block(html)])
        box.add_class("mf-header")
        return box

    def module_list(self) -> widgets.Widget:
        cards = [self.module_card(number, state) for number, state in enumerate(self.state.modules, start=1)]
        if (self.course_root / SUMMARY_MODULE / f"{SUMMARY_MODULE}.ipynb").exists():
            cards.append(self.summary_card())
        heading = html_block(f'<h2 class="mf-section-title">{escape(self.t("modules_heading"))}</h2>')
        box = lean(widgets.VBox, [heading, *cards])
        box.add_class("mf-module-list")
        return box

    def summary_card(self) -> widgets.Widget:
        """The way to the learner's summary and job-support documents, open at any time."""
        t = lambda key, **values: escape(self.t(key, **values))  # noqa: E731
        href = module_href(SUMMARY_MODULE, self.language)
        html = (f'<h3 class="mf-card__title">{t("summary_title")}</h3><p class="mf-prose">{t("summary_lead")}</p>'
                f'<a class="mf-btn mf-btn--primary mf-summary-link" href="{escape(href)}">{t("summary_open")}</a>')
        return card(lean(widgets.VBox, [html_block(html)]), "module")

    def module_card(self, number: int, state: ModuleState) -> widgets.Widget:
        t = lambda key, **values: escape(self.t(key, **values))  # noqa: E731
        status = state.status
        minutes = round(estimate(state.content).minutes)
        if self.state.unlocked(state.module):
            item = state.next_item if state.status != DONE and state.started else None
            href = module_href(state.module, self.language, item)
            action = (f'<a class="mf-btn mf-btn--{"secondary" if status == DONE else "primary"}" '
                      f'href="{escape(href)}" aria-label="{t("open_module", number=number)}: '
                      f'{escape(state.content.title)}">{t("open_module", number=number)}</a>')
        else:
            action = f'<p class="mf-locked">{t("locked", number=number - 1)}</p>'
        html = (
            f'<p class="mf-kicker">{t("module", number=number, total=len(self.state.modules))} · '
            f'{t("minutes", minutes=minutes)}</p>'
            f'<h3 class="mf-card__title">{escape(state.content.title)}</h3>'
            f'<p class="mf-prose">{escape(state.content.subtitle)}</p>'
            f'<p><span class="mf-status mf-status--{status}">{t("status_" + status)}</span> '
            f'<span class="mf-hint">{state.done_items} / {len(state.statuses)}</span></p>{action}'
        )
        box = card(lean(widgets.VBox, [html_block(html)]), "module")
        box.add_class(f"mf-card--{status}")
        if not self.state.unlocked(state.module):
            box.add_class("mf-card--locked")
        return box


def open_home(course_root: Path | str | None = None, language: str | None = None) -> CourseHome:
    return CourseHome(Path(course_root) if course_root else None, language)
