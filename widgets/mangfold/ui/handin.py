"""The "hand in" card at the end of a module page on a hub: one button, and what became of it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import ipywidgets as widgets

from ..handin import HandInResult, HandInTarget, hand_in
from ..markup import escape
from .focus import FocusManager
from .strings import translate
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
        intro = html_block(f'<h2 class="mf-card__title">{escape(self.t("handin_title"))}</h2>'
                           f'<p class="mf-prose">{escape(self.t("handin_lead"))}</p>')
        self.box = card(lean(widgets.VBox, [intro, self.button, self.status]), "handin")

    def t(self, key: str, **values: object) -> str:
        return translate(self.language, key, **values)

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
        self.status.value = (f'<p class="mf-notice mf-notice--{kind}" id="mf-handin-status" tabindex="-1">'
                             f"{escape(text)}</p>")
        self.focus.focus("mf-handin-status")
