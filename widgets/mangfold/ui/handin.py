"""The "hand in" card at the end of a module page on a hub: one button, and what became of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..handin import HandInResult, HandInTarget, hand_in
from .focus import FocusManager
from .widgets import action_button, card, html_block, lean


class HandInCard:
    """Hand the module in through nbgrader; say when it arrived, or why not, in the learner's language."""

    def __init__(self, target: HandInTarget, label: str, language: str, focus: FocusManager,
                 before: Callable[[], None] | None = None):
        self.target = target
        self.language = language
        self.focus = focus
        self.before = before  # brings the folder up to date first (the summary's snapshot)
        self.button = action_button(label)
        self.button.add_class("mf-handin__button")
        self.button.on_click(lambda _button: self.submit())
        self.status = html_block()
        intro = html_block(Markup('<h2 class="mf-card__title">{}</h2><p class="mf-prose">{}</p>').format(
            self.t("handin_title"), self.t("handin_lead")))
        self.box = card(lean(widgets.VBox, [intro, self.button, self.status]), "handin")

    def t(self, key: str, **values: object) -> str:
        return i18n.text(self.language, f"ui.{key}", **values)

    def submit(self) -> HandInResult:
        self.button.disabled = True
        self._say(self.t("handin_working"), "info")
        try:
            if self.before is not None:
                self.before()
            result = hand_in(self.target)
        finally:
            self.button.disabled = False
        if result.ok:
            self._say(self.t("handin_done", time=datetime.now().strftime("%H:%M")), "info")
        else:
            self._say(self.t("handin_failed", reason=result.message), "warning")
        return result

    def _say(self, text: str, kind: str) -> None:
        self.status.value = str(Markup('<p class="mf-notice mf-notice--{}" id="mf-handin-status" tabindex="-1">{}</p>')
                                .format(kind, text))
        self.focus.focus("mf-handin-status")
