"""The module header: where the learner is in the course, the title, and a live progress bar."""

from __future__ import annotations

import ipywidgets as widgets

from ..completion import item_statuses
from ..content.schema import ModuleContent
from ..course import MODULE_IDS, module_number
from ..markup import escape
from ..progress.model import ModuleProgress
from ..progress.store import ProgressStore
from .strings import translate
from .widgets import html_block, progress_bar, shared


def progress_html(content: ModuleContent, progress: ModuleProgress, language: str) -> str:
    statuses = item_statuses(content, progress)
    done, total = sum(s.done for s in statuses), len(statuses)
    label = translate(language, "progress", done=done, total=total)
    return progress_bar(done, total, label, translate(language, "progress_label"))


class ModuleHeader(widgets.VBox):
    """Redraws its progress bar whenever the store saves a change."""

    def __init__(self, content: ModuleContent, store: ProgressStore, language: str):
        super().__init__(layout=shared(widgets.Layout))
        self.add_class("mf-header")
        self.content, self.language = content, language
        t = lambda key, **values: escape(translate(language, key, **values))  # noqa: E731
        other = "en" if language == "nb" else "nb"
        eyebrow = (f'{t("module", number=module_number(content.module), total=len(MODULE_IDS))} · '
                   f'{t("minutes", minutes=content.minutes)}')
        self.title = html_block(
            f'<p class="mf-header__eyebrow">{eyebrow}</p>'
            f'<h1 class="mf-header__title">{escape(content.title)}</h1>'
            f'<p class="mf-header__subtitle">{escape(content.subtitle)}</p>'
            f'<p><a class="mf-lang-switch" href="?lang={other}" lang="{other}" hreflang="{other}" '
            f'title="{t("language_switch_title")}">{t("language_switch")}</a></p>'
        )
        self.progress = html_block(progress_html(content, store.data, language))
        self.children = [self.title, self.progress]
        store.subscribe(self.refresh)

    def refresh(self, progress: ModuleProgress) -> None:
        self.progress.value = progress_html(self.content, progress, self.language)
