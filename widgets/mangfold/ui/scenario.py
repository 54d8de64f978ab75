"""The branching scenario player: situation, choices, feedback on the choice, try another, the ending.

The player holds no course logic of its own: :class:`~mangfold.engine.ScenarioRun` knows the graph,
the :class:`~mangfold.progress.ProgressStore` saves every click. The player turns both into widgets,
and moves keyboard focus to what changed so the page can be used without a mouse. A decision is a radio
group and a «Velg» button (:class:`~mangfold.ui.choices.ChoiceGroup`): selecting a choice decides nothing,
pressing the button does, and the choice is saved at once.
"""

from __future__ import annotations

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..content.schema import ScenarioBlock
from ..engine.scenario import ScenarioRun, WrongChoice
from ..progress.store import ProgressStore
from .choices import ChoiceGroup
from .focus import FocusManager
from .widgets import action_button, card, html_block, lean, markdown, shared


class ScenarioPlayer(widgets.VBox):
    """One scenario as a card; drive it with :meth:`choose`, :meth:`try_other`, :meth:`restart`."""

    def __init__(self, scenario: ScenarioBlock, store: ProgressStore, language: str,
                 focus: FocusManager | None = None):
        super().__init__(layout=shared(widgets.Layout))
        card(self, "scenario")
        self.scenario, self.store, self.language, self.focus_manager = scenario, store, language, focus
        saved = store.scenario(scenario.id)
        try:
            self.run = ScenarioRun.replay(scenario, [(step.node, step.choice) for step in saved.path])
        except WrongChoice:  # the content changed since the path was saved: start again, history stays
            self.run = ScenarioRun(scenario)
        self.heading = html_block()
        self.feedback = html_block()
        self.situation = html_block()
        self.choices = ChoiceGroup(f"mf-{scenario.id}-choice", i18n.text(language, "ui.choose_button"), self.choose)
        self.try_other_button = action_button(i18n.text(language, "ui.try_other"), secondary=True)
        self.try_other_button.on_click(lambda _button: self.try_other())
        self.restart_button = action_button(i18n.text(language, "ui.restart"), secondary=True)
        self.restart_button.on_click(lambda _button: self.restart())
        self.actions = lean(widgets.HBox)
        self.actions.add_class("mf-actions")
        self._render()

    # -- ids of elements that receive focus ---------------------------------------------------
    def _element_id(self, part: str) -> str:
        return f"mf-{self.scenario.id}-{part}"

    # -- learner actions ----------------------------------------------------------------------
    def select(self, choice_id: str) -> None:
        """Select a choice of the current decision, as a click on its radio button does: nothing is decided."""
        self.choices.value = choice_id

    def choose(self, choice_id: str) -> None:
        """Decide: the choice is made, saved, and its feedback shown (what «Velg» does with the selection)."""
        node = self.run.node
        choice = self.run.choose(choice_id)
        self.store.record_choice(self.scenario.id, node, choice.id, self.run.ending_id)
        self._render()
        self._focus("feedback", i18n.text(self.language, f"ui.quality_{choice.quality}"))

    def try_other(self) -> None:
        """Undo the last choice and return to the situation where it was made."""
        self.run.back()
        self.store.step_back(self.scenario.id)
        self._render()
        self._focus("situation")

    def restart(self) -> None:
        self.run.restart()
        self.store.restart_scenario(self.scenario.id)
        self._render()
        self._focus("situation")

    def _focus(self, part: str, announcement: str | None = None) -> None:
        if self.focus_manager is not None:
            self.focus_manager.focus(self._element_id(part))
            if announcement:
                self.focus_manager.announce(announcement)

    # -- rendering ----------------------------------------------------------------------------
    @property
    def completed(self) -> bool:
        return bool(self.store.scenario(self.scenario.id).endings_reached)

    def _render(self) -> None:
        t = lambda key: i18n.text(self.language, f"ui.{key}")  # noqa: E731
        done = Markup(' <span class="mf-done">{}</span>').format(t("completed")) if self.completed else ""
        intro = (Markup('<div class="mf-prose">{}</div>').format(markdown(self.scenario.intro))
                 if self.scenario.intro else "")
        self.heading.value = str(Markup(
            '<p class="mf-kicker" id="mf-block-{id}" tabindex="-1">{kicker}{done}</p>'
            '<h2 class="mf-card__title">{title}</h2>{intro}'
        ).format(id=self.scenario.id, kicker=t("scenario"), done=done, title=self.scenario.title, intro=intro))
        self.feedback.value = self._feedback_html()
        self._render_node()
        actions = []
        if self.run.steps:
            actions.append(self.try_other_button)
        if self.run.ending is not None:
            actions.append(self.restart_button)
        self.actions.children = actions
        parts = [self.heading]
        if self.feedback.value:
            parts.append(self.feedback)
        if self.run.ending is not None and actions:
            parts += [self.situation, self.actions]
        elif actions:
            parts += [self.actions, self.situation, self.choices]
        else:
            parts += [self.situation, self.choices]
        self.children = parts

    def _feedback_html(self) -> str:
        choice = self.run.last_choice
        if choice is None:
            return ""
        t = lambda key: i18n.text(self.language, f"ui.{key}")  # noqa: E731
        return str(Markup(
            '<div class="mf-feedback mf-feedback--{quality}">'
            '<h3 id="{id}" tabindex="-1">{heading}</h3>'
            '<p class="mf-you-chose"><span class="mf-you-chose__label">{you_chose}:</span> {label}</p>'
            '<p><span class="mf-badge mf-badge--{quality}">{badge}</span></p>'
            '<div class="mf-prose">{feedback}</div></div>'
        ).format(quality=choice.quality, id=self._element_id("feedback"), heading=t("feedback"),
                 you_chose=t("you_chose"), label=choice.label, badge=t("quality_" + choice.quality),
                 feedback=markdown(choice.feedback)))

    def _render_node(self) -> None:
        ending = self.run.ending
        if ending is not None:
            self.situation.value = str(Markup(
                '<div class="mf-ending"><p class="mf-kicker">{kicker}</p>'
                '<h3 id="{id}" tabindex="-1">{title}</h3>'
                '<div class="mf-prose">{text}</div>'
                '<div class="mf-debrief"><h4>{debrief_heading}</h4>'
                '<div class="mf-prose">{debrief}</div></div></div>'
            ).format(kicker=i18n.text(self.language, "ui.ending"), id=self._element_id("situation"),
                     title=ending.title, text=markdown(ending.text),
                     debrief_heading=i18n.text(self.language, "ui.debrief"), debrief=markdown(ending.debrief)))
            self.choices.show("", [], "")  # no decision here: a late press of «Velg» decides nothing
            return
        situation = self.run.situation
        assert situation is not None
        self.situation.value = str(Markup(
            '<div class="mf-situation"><p class="mf-step">{step}</p>'
            '<div class="mf-prose">{text}</div>'
            '<p class="mf-choose" id="{id}" tabindex="-1">{choose}</p></div>'
        ).format(step=i18n.text(self.language, "ui.step", number=len(self.run.steps) + 1),
                 text=markdown(situation.text), id=self._element_id("situation"),
                 choose=situation.question or i18n.text(self.language, "ui.choose")))
        self.choices.show(self.run.node, [(c.id, c.label) for c in situation.choices], self._element_id("situation"))
