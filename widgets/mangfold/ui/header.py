"""The module header: where the learner is in the course, the title, and a live progress bar."""

from __future__ import annotations

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..completion import item_statuses
from ..content.schema import ModuleContent
from ..course import MODULE_IDS, module_number
from ..progress.model import ModuleProgress
from ..progress.store import ProgressStore
from .widgets import html_block, language_switch, progress_bar, shared


def progress_html(content: ModuleContent, progress: ModuleProgress, language: str) -> Markup:
    statuses = item_statuses(content, progress)
    done, total = sum(s.done for s in statuses), len(statuses)
    label = i18n.text(language, "ui.progress", done=done, total=total)
    return progress_bar(done, total, label, i18n.text(language, "ui.progress_label"))


class ModuleHeader(widgets.VBox):
    """Redraws its progress bar whenever the store saves a change."""

    def __init__(self, content: ModuleContent, store: ProgressStore, language: str):
        super().__init__(layout=shared(widgets.Layout))
        self.add_class("mf-header")
        self.content, self.language = content, language
        self.title = html_block(Markup(
            '<p class="mf-header__eyebrow">{module} · {minutes}</p>'
            '<h1 class="mf-header__title">{title}</h1>'
            '<p class="mf-header__subtitle">{subtitle}</p>{switch}'
        ).format(
            module=i18n.text(language, "ui.module", number=module_number(content.module), total=len(MODULE_IDS)),
            minutes=i18n.text(language, "ui.minutes", minutes=content.minutes),
            title=content.title, subtitle=content.subtitle, switch=language_switch(language),
        ))
        self.progress = html_block(progress_html(content, store.data, language))
        self.children = [self.title, self.progress]
        store.subscribe(self.refresh)

    def refresh(self, progress: ModuleProgress) -> None:
        self.progress.value = progress_html(self.content, progress, self.language)
