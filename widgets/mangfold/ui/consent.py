"""The research question on the course home: asked once, plainly, answerable and changeable at any time.

The answer travels with the learner's progress (each module's progress file carries it), so it
reaches the trainer's course directory through nbgrader like everything else, and a research
export can honour exactly what the learner had said when the course was collected. No answer
counts as no.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..progress.model import ModuleProgress, research_consent
from ..progress.store import ProgressStore, trusted_progress
from .focus import FocusManager
from .widgets import action_button, card, html_block, lean


class ResearchConsent:
    """The research card: the question while unanswered, the answer and a way to change it afterwards."""

    def __init__(self, course_root: Path, modules: list[str], language: str, focus: FocusManager,
                 publish: Callable[[str, ModuleProgress], None] | None = None):
        self.course_root = Path(course_root)
        self.modules = list(modules)
        self.language = language
        self.focus = focus
        self.publish = publish
        self.status = html_block()
        self.box = lean(widgets.VBox)
        card(self.box, "research")
        self.box.add_class("mf-research")
        self.draw()

    def t(self, key: str) -> str:
        return i18n.text(self.language, f"ui.{key}")

    # -- state ------------------------------------------------------------------------------
    def documents(self) -> list[ModuleProgress]:
        return list(trusted_progress(self.course_root, self.modules).values())

    @property
    def answered(self) -> bool:
        return self._state(self.documents())[0]

    @property
    def consents(self) -> bool:
        return self._state(self.documents())[1]

    @staticmethod
    def _state(documents: list[ModuleProgress]) -> tuple[bool, bool]:
        """(answered, consents) from one reading of the files."""
        return any(d.consent is not None for d in documents), research_consent(documents)

    def answer(self, research: bool) -> bool:
        """Store the answer in every module's progress (and the browser's copy); True when all saved."""
        saved = True
        for module in self.modules:
            store = ProgressStore(self.course_root / module, module, self.language)
            saved = store.set_consent(research) and saved
            if self.publish is not None:
                self.publish(module, store.data)
        self.draw(saved_message=self.t("research_saved_yes" if research else "research_saved_no") if saved
                  else self.t("research_save_failed"))
        return saved

    # -- drawing ----------------------------------------------------------------------------
    def draw(self, saved_message: str | None = None) -> None:
        t = self.t
        answered, yes = self._state(self.documents())  # the module files are read once per drawing
        if answered:
            text = Markup(
                '<h2 class="mf-card__title" id="mf-research-title">{title}</h2>'
                '<p class="mf-prose mf-research__answer">{answer}</p>'
                '<details class="mf-research__more"><summary>{question}</summary>'
                '<p class="mf-prose">{lead}</p><p class="mf-prose">{terms}</p></details>'
            ).format(title=t("research_title"), answer=t("research_answer_yes" if yes else "research_answer_no"),
                     question=t("research_question"), lead=t("research_lead"), terms=t("research_terms"))
            change = action_button(self.t("research_change_to_no" if yes else "research_change_to_yes"), secondary=True)
            change.add_class("mf-research__change")
            change.on_click(lambda _button: self.answer(not yes))
            buttons = [change]
        else:
            text = Markup(
                '<h2 class="mf-card__title" id="mf-research-title">{title}</h2>'
                '<p class="mf-research__question"><strong>{question}</strong></p>'
                '<p class="mf-prose">{lead}</p><p class="mf-prose">{terms}</p>'
            ).format(title=t("research_title"), question=t("research_question"), lead=t("research_lead"),
                     terms=t("research_terms"))
            yes_button = action_button(self.t("research_yes"), secondary=True)
            no_button = action_button(self.t("research_no"), secondary=True)
            yes_button.add_class("mf-research__yes")
            no_button.add_class("mf-research__no")
            yes_button.on_click(lambda _button: self.answer(True))
            no_button.on_click(lambda _button: self.answer(False))
            buttons = [yes_button, no_button]
        row = lean(widgets.HBox, buttons)
        row.add_class("mf-research__buttons")
        # the clicked button is gone after a redraw: focus moves to the message, which a screen reader reads
        self.status.value = str(Markup('<p class="mf-notice mf-notice--info" id="mf-research-status" tabindex="-1">'
                                       "{}</p>").format(saved_message) if saved_message else "")
        self.box.children = [html_block(text), row, self.status]
        if saved_message:
            self.focus.focus("mf-research-status")
