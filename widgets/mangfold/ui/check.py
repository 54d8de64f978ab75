"""A knowledge check: one or several answers, feedback with an explanation, and another try after a wrong one.

The first answer is the one that counts (it shows what the learner knew). After a wrong answer the learner
reads the explanation and may try again; after a right one the check is done, and inviting another try
would only say the answer was doubtful. Only where the module is handed in (an nbgrader exchange) does the
check say that the first answer counts for grading: in self-study nothing is graded.
"""

from __future__ import annotations

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..completion import check_is_correct
from ..content.schema import CheckBlock
from ..handin import exchange_exists
from ..progress.store import ProgressStore
from .focus import FocusManager
from .widgets import action_button, card, html_block, lean, markdown, shared


class KnowledgeCheck(widgets.VBox):
    """Drive it with :meth:`select` and :meth:`submit` (or the widgets themselves)."""

    def __init__(self, check: CheckBlock, store: ProgressStore, language: str,
                 focus: FocusManager | None = None, graded: bool | None = None):
        super().__init__(layout=shared(widgets.Layout))
        card(self, "check")
        self.check, self.store, self.language, self.focus_manager = check, store, language, focus
        #: handed in and graded (a hub's exchange), or self-study, where nothing is graded
        self.graded = exchange_exists(store.folder, store.module) if graded is None else graded
        how = i18n.text(language, "ui.check_multiple" if check.multiple else "ui.check_single")
        if self.graded:  # said before the first answer, when it can still matter to the learner
            how = f"{how} {i18n.text(language, 'ui.check_first_counts')}"
        self.question = html_block(Markup(
            '<p class="mf-kicker" id="mf-block-{id}" tabindex="-1">{kicker}</p>'
            '<div class="mf-prose mf-question" id="mf-{id}-question">{question}</div>'
            '<p class="mf-hint">{how}</p>'
        ).format(id=check.id, kicker=i18n.text(language, "ui.check"), question=markdown(check.question), how=how))
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
        self.submit_button = action_button(i18n.text(language, "ui.check_submit"))
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
            self.result.value = str(Markup('<p class="mf-check-result mf-check-result--wrong" role="alert">{}</p>')
                                    .format(i18n.text(self.language, "ui.check_choose_first")))
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
        verdict = i18n.text(self.language, f"ui.check_{state}")
        if state == "correct":
            # done: the right answers and why, no button and no invitation to answer again
            right = Markup("").join(Markup("<li>{}</li>").format(o.text) for o in self.check.options if o.correct)
            self.result.value = str(Markup(
                '<div class="mf-check-result mf-check-result--correct">'
                '<p id="mf-{id}-result" tabindex="-1"><strong>{verdict}</strong></p>'
                '<ul class="mf-right-answers">{right}</ul>'
                '<div class="mf-prose">{explanation}</div></div>'
            ).format(id=self.check.id, verdict=verdict, right=right, explanation=markdown(self.check.explanation)))
            self._set_answerable(False)
        else:
            # the explanation, not the answer key: the learner changes the answer and checks it again
            self.result.value = str(Markup(
                '<div class="mf-check-result mf-check-result--{state}">'
                '<p id="mf-{id}-result" tabindex="-1"><strong>{verdict}</strong></p>'
                '<div class="mf-prose">{explanation}</div>'
                '<p class="mf-hint">{again}</p></div>'
            ).format(state=state, id=self.check.id, verdict=verdict, explanation=markdown(self.check.explanation),
                     again=i18n.text(self.language, "ui.check_wrong_lead")))
            self._set_answerable(True)
        return verdict

    def _set_answerable(self, answerable: bool) -> None:
        """Options and the submit button while the check is open; after a right answer, the answer alone."""
        controls = list(self.boxes.values()) if self.check.multiple else [self.radio]
        for control in controls:
            control.disabled = not answerable
        self.children = ([self.question, self.options, self.submit_button, self.result] if answerable
                         else [self.question, self.options, self.result])
