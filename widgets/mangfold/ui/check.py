"""A knowledge check: one or several answers, feedback with an explanation, and another try.

The first answer is the one that counts (it shows what the learner knew); the learner may try
again to learn, and sees the explanation either way.
"""

from __future__ import annotations

import ipywidgets as widgets

from ..completion import check_is_correct
from ..content.schema import CheckBlock
from ..markup import escape, markdown_html
from ..progress.store import ProgressStore
from .focus import FocusManager
from .strings import translate
from .widgets import action_button, card, html_block, lean, shared


class KnowledgeCheck(widgets.VBox):
    """Drive it with :meth:`select` and :meth:`submit` (or the widgets themselves)."""

    def __init__(self, check: CheckBlock, store: ProgressStore, language: str,
                 focus: FocusManager | None = None):
        super().__init__(layout=shared(widgets.Layout))
        card(self, "check")
        self.check, self.store, self.language, self.focus_manager = check, store, language, focus
        t = lambda key: escape(translate(language, key))  # noqa: E731
        how = t("check_multiple" if check.multiple else "check_single")
        self.question = html_block(
            f'<p class="mf-kicker" id="mf-block-{check.id}" tabindex="-1">{t("check")}</p>'
            f'<div class="mf-prose mf-question" id="mf-{check.id}-question">{markdown_html(check.question)}</div>'
            f'<p class="mf-hint">{how}</p>'
        )
        if check.multiple:
            self.boxes = {o.id: lean(widgets.Checkbox, value=False, description=o.text, indent=False,
                                     layout={"width": "100%"})
                          for o in check.options}
            self.options: widgets.Widget = lean(widgets.VBox, list(self.boxes.values()))
        else:
            self.radio = lean(widgets.RadioButtons, options=[(o.text, o.id) for o in check.options], value=None,
                              layout={"width": "100%"})
            self.radio.add_class("mf-radio")
            self.options = lean(widgets.VBox, [self.radio])
        self.options.add_class("mf-check-options")
        self.submit_button = action_button(translate(language, "check_submit"))
        self.submit_button.on_click(lambda _button: self.submit())
        self.result = html_block()
        self.children = [self.question, self.options, self.submit_button, self.result]
        saved = store.data.checks.get(check.id)
        if saved is not None:
            self.select(saved.answer)
            self._show_result(saved.answer)

    @property
    def selected(self) -> list[str]:
        if self.check.multiple:
            return sorted(key for key, box in self.boxes.items() if box.value)
        return [self.radio.value] if self.radio.value else []

    def select(self, option_ids: list[str]) -> None:
        if self.check.multiple:
            for key, box in self.boxes.items():
                box.value = key in option_ids
        else:
            self.radio.value = option_ids[0] if option_ids else None

    def submit(self) -> None:
        answer = self.selected
        if not answer:
            self.result.value = (f'<p class="mf-check-result mf-check-result--wrong" role="alert">'
                                 f'{escape(translate(self.language, "check_choose_first"))}</p>')
            return
        self.store.record_check(self.check.id, answer)
        verdict = self._show_result(answer)
        if self.focus_manager is not None:
            self.focus_manager.focus(f"mf-{self.check.id}-result")
            self.focus_manager.announce(verdict)

    def _show_result(self, answer: list[str]) -> str:
        correct_ids = {o.id for o in self.check.options if o.correct}
        if check_is_correct(self.check, answer):
            state = "correct"
        elif self.check.multiple and correct_ids & set(answer):
            state = "partly"
        else:
            state = "wrong"
        verdict = translate(self.language, f"check_{state}")
        right = "".join(f"<li>{escape(o.text)}</li>" for o in self.check.options if o.correct)
        self.result.value = (
            f'<div class="mf-check-result mf-check-result--{state}">'
            f'<p id="mf-{self.check.id}-result" tabindex="-1"><strong>{escape(verdict)}</strong></p>'
            f'<ul class="mf-right-answers">{right}</ul>'
            f'<div class="mf-prose">{markdown_html(self.check.explanation)}</div>'
            f'<p class="mf-hint">{escape(translate(self.language, "check_first_counts"))}</p></div>'
        )
        return verdict
