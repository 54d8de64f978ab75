"""The trainer's dashboard: the cohort's completion, choices, check results and reflections on one page.

It is served by Voilà from the course directory (``dashboard.ipynb``) and reads the gradebook and the
autograded progress files through :func:`mangfold.cohort.data.load_cohort`, once per page view, counted
by :func:`mangfold.cohort.debrief.debrief`. Two controls change what is shown, never what is read: a
module filter and a "show names" switch. Names are hidden by default, because the page is made to be put
on a projector for the debrief: learners are then "Deltaker 1..N" in a fixed order, so the trainer can
still follow one person. The choice charts never name anyone. Learner text is always escaped.

This module is the glue: it holds the state (filter, names, opened lists), reacts to the controls
(``dashboard_controls``) and puts the sections (``dashboard_view``) into their boxes.
"""

from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as widgets

from .. import i18n
from ..cohort.config import CONFIG_NAME
from ..cohort.data import CohortData, CourseDirError, load_cohort
from ..cohort.debrief import Debrief, debrief
from . import dashboard_controls as controls
from .dashboard_view import DashboardView
from .focus import FocusManager
from .page import requested_language
from .widgets import html_block

COURSE_DIR_VARIABLE = "MANGFOLD_COURSE_DIR"
#: reflections shown per prompt until the trainer asks for all (a cohort of 1,000 writes ~1,000 per prompt)
REFLECTIONS_SHOWN = 20
ALL = ""


class DashboardPage(widgets.VBox):
    """The page widget; ``dashboard`` gives tests and notebooks the controls behind it."""

    def __init__(self, dashboard: Dashboard, children: list[widgets.Widget]):
        super().__init__(children)
        self.dashboard = dashboard
        self.add_class("mf-dashboard")


class Dashboard:
    """Build the dashboard's widgets for the course directory ``course_dir``."""

    def __init__(self, course_dir: Path | str, language: str | None = None):
        self.course_dir = Path(course_dir).resolve()
        self.language = language or requested_language() or "nb"
        self.focus = FocusManager(lang=self.language)
        self.error: str | None = None
        self.data: CohortData | None = None
        self.debrief: Debrief | None = None
        try:
            self.data = load_cohort(self.course_dir, self.language)
            self.debrief = debrief(self.data)
        except CourseDirError as error:
            reason = (self.t("no_config", folder=str(self.course_dir)) if self.course_dir.is_dir()
                      and not (self.course_dir / CONFIG_NAME).is_file() else str(error))
            self.error = self.t("no_course", folder=str(self.course_dir), reason=reason)
        self.view = DashboardView(self.debrief, self.language)
        self.expanded: set[tuple[str, str]] = set()
        self.show_names = controls.names_switch(self.t("show_names"))
        self.module_filter = controls.module_filter(self.t("module_filter"), self._module_options(), ALL)
        self.names_note = html_block()
        self.summary_box = html_block()
        self.completion_box = html_block()
        self.choices_box = html_block()
        self.checks_box = html_block()
        self.reflections_box = widgets.VBox()
        self.untrusted_box = html_block()
        if self.debrief is not None:
            self.show_names.observe(self._names_changed, names="value")
            self.module_filter.observe(self._filter_changed, names="value")
            self.refresh()

    def t(self, key: str, **values: object) -> str:
        return i18n.text(self.language, f"dashboard.{key}", **values)

    def _module_options(self) -> list[tuple[str, str]]:
        modules = self.debrief.modules if self.debrief else []
        return [(self.t("all_modules"), ALL), *[(self.view.module_name(m), m) for m in modules]]

    @property
    def modules(self) -> list[str]:
        """The modules the filter selects."""
        assert self.debrief is not None
        return [self.module_filter.value] if self.module_filter.value else list(self.debrief.modules)

    # -- reacting to the controls -----------------------------------------------------------------------
    def _names_changed(self, _change: dict) -> None:
        self.refresh()
        self.focus.announce(self.t("names_shown" if self.show_names.value else "names_hidden"))

    def _filter_changed(self, _change: dict) -> None:
        self.expanded.clear()
        self.refresh()
        label = next(text for text, value in self.module_filter.options if value == self.module_filter.value)
        self.focus.announce(f"{self.t('module_filter')}: {label}")

    def refresh(self) -> None:
        """Redraw every section for the current filter and name setting."""
        names, modules = self.show_names.value, self.modules
        self.names_note.value = self.view.names_note(names)
        self.summary_box.value = self.view.summary(modules)
        self.completion_box.value = self.view.completion(modules, names)
        self.choices_box.value = self.view.choices(modules)
        self.checks_box.value = self.view.checks(modules)
        self.reflections_box.children = self.reflection_cards()
        self.untrusted_box.value = self.view.untrusted(modules, names)

    def reflection_cards(self) -> list[widgets.Widget]:
        """A card per prompt of the selected modules; a long list shows its first answers until opened."""
        assert self.debrief is not None
        cards = []
        for module in self.modules:
            for prompt in self.debrief.prompts.get(module, []):
                key = (module, prompt.key)
                expanded = key in self.expanded
                markup = self.view.reflection(prompt, None if expanded else REFLECTIONS_SHOWN, self.show_names.value)
                toggle = None
                if len(prompt.answers) > REFLECTIONS_SHOWN:
                    toggle = (self.t("show_fewer", count=REFLECTIONS_SHOWN) if expanded
                              else self.t("show_all", count=len(prompt.answers)))
                cards.append(controls.reflection_card(markup, toggle, lambda k=key: self.toggle_reflections(k)))
        return cards

    def toggle_reflections(self, key: tuple[str, str]) -> None:
        """Show every answer to one prompt, or only the first ones again."""
        self.expanded.symmetric_difference_update({key})
        self.reflections_box.children = self.reflection_cards()

    # -- the page ----------------------------------------------------------------------------------------
    def page(self) -> DashboardPage:
        header = controls.header_box(self.view.header())
        if self.debrief is None:
            notice = self.view.notice(self.error or "", "warning", "alert")
            return DashboardPage(self, [self.focus, header, controls.section_card(notice, "summary")])
        sections: list[widgets.Widget] = [
            self.focus, header,
            controls.controls_card(self.view.heading("controls"), self.module_filter, self.show_names,
                                   self.names_note),
            controls.section_card(self.summary_box, "summary")]
        if not self.debrief.collected:
            sections.append(controls.section_card(self.view.notice(self.t("empty"), "info", "status"), "text"))
        sections.append(controls.section_card(self.completion_box, "dashboard"))
        if self.debrief.collected:
            sections += [controls.section_card(self.choices_box, "dashboard"),
                         controls.section_card(self.checks_box, "dashboard"),
                         controls.reflections_card(self.view.reflections_heading(), self.reflections_box),
                         controls.section_card(self.untrusted_box, "dashboard")]
        return DashboardPage(self, sections)


def open_dashboard(course_dir: Path | str | None = None, language: str | None = None) -> DashboardPage:
    """The dashboard page for ``course_dir`` (default: ``$MANGFOLD_COURSE_DIR``, else the current folder)."""
    folder = course_dir if course_dir is not None else os.environ.get(COURSE_DIR_VARIABLE) or "."
    return Dashboard(folder, language).page()
