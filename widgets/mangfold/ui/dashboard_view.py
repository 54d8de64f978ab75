"""The dashboard's sections as HTML: the debrief's numbers and texts put into words and templates.

Each section is a Jinja2 template under ``mangfold/templates/dashboard/`` rendered with autoescape, so
every text is escaped unless it is course Markdown (``markdown`` filters, which escape raw HTML) or
learner text (the ``learner`` filter: escaped, line breaks kept). This module only decides what to say:
which words, which numbers, which modules; it reads :class:`~mangfold.cohort.debrief.Debrief`, never a frame.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .. import i18n
from ..cohort.data import NOT_SUBMITTED, SUBMITTED
from ..cohort.debrief import ChoiceTally, Debrief, Prompt, percent
from ..markup import render
from .widgets import language_switch


@dataclass(frozen=True)
class Bar:
    """One bar as drawn: ``label`` and ``note`` are plain text; ``width`` the drawn share in per cent."""

    label: str
    value: str
    width: float
    kind: str = ""
    note: str = ""


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str
    bars: list[Bar]


def _score(value: float) -> str:
    """A score as the gradebook keeps it (floats), without a pointless ".0"."""
    return f"{value:g}"


class DashboardView:
    """Renders the sections of ``debrief`` (None when the folder could not be read) in ``language``."""

    def __init__(self, debrief: Debrief | None, language: str):
        self.debrief = debrief
        self.language = language
        self.learners = {learner.id: learner for learner in debrief.learners} if debrief else {}

    def text(self, key: str, **values: object) -> str:
        """The dashboard's interface text ``key``."""
        return i18n.text(self.language, f"dashboard.{key}", **values)

    def _render(self, template: str, **context: object) -> Markup:
        return render(f"dashboard/{template}", text=self.text, **context)

    # -- names -----------------------------------------------------------------------------------------
    def who(self, learner: str, show_names: bool) -> str:
        """How a learner is named on the page: "Deltaker N", or the roster name (and id) when names are shown."""
        known = self.learners.get(learner)
        if not show_names:
            return self.text("participant", number=known.number if known else 0)
        name = known.name if known else ""
        return f"{name} ({learner})" if name else learner

    def module_name(self, module: str) -> str:
        title = self.debrief.titles.get(module, module) if self.debrief else module
        number = int(module[:2]) if module[:2].isdigit() else None
        return f"{number}. {title}" if number is not None else title

    # -- fragments ---------------------------------------------------------------------------------------
    def names_note(self, show_names: bool) -> Markup:
        return Markup('<p class="mf-hint">{}</p>').format(self.text("names_shown" if show_names else "names_hidden"))

    def heading(self, key: str) -> Markup:
        return Markup('<h2 class="mf-card__title">{}</h2>').format(self.text(key))

    def reflections_heading(self) -> Markup:
        return Markup('<h2 class="mf-card__title" id="mf-dash-reflections">{}</h2><p class="mf-prose">{}</p>').format(
            self.text("reflections"), self.text("reflections_lead"))

    @staticmethod
    def notice(message: str, kind: str, role: str) -> Markup:
        return Markup('<div class="mf-notice mf-notice--{}" role="{}"><p>{}</p></div>').format(kind, role, message)

    # -- sections ----------------------------------------------------------------------------------------
    def header(self) -> Markup:
        course = ""
        if self.debrief is not None:
            course = self.text("course", course=self.debrief.course_id, count=len(self.debrief.learners))
        return self._render("header.html.j2", course=course, switch=language_switch(self.language))

    def summary(self, modules: list[str]) -> Markup:
        assert self.debrief is not None
        figures = self.debrief.key_figures(modules)
        share = self.text("percent", value=figures.score_percent)
        return self._render("summary.html.j2", figures=[
            (str(figures.learners), self.text("stat_learners")), (str(figures.submitted), self.text("stat_submitted")),
            (str(figures.complete), self.text("stat_complete")), (share, self.text("stat_score")),
            (str(figures.untrusted), self.text("stat_untrusted"))])

    def completion(self, modules: list[str], show_names: bool) -> Markup:
        assert self.debrief is not None
        rows = []
        for learner in self.debrief.learners:
            cells = []
            for module in modules:
                cell = self.debrief.cells.get((learner.id, module))
                status = cell.status if cell is not None else NOT_SUBMITTED
                content = Markup('<span class="mf-cell__status">{}</span>').format(self.text("status_" + status))
                if cell is not None and status == SUBMITTED:
                    points = (self.text("points", score=_score(cell.score), max=_score(cell.max_score))
                              if cell.score is not None and cell.max_score is not None else self.text("not_graded"))
                    content += Markup('<span class="mf-cell__items">{}</span><span class="mf-cell__points">{}</span>'
                                      ).format(self.text("items", done=cell.done, total=cell.total), points)
                    if cell.total and cell.done == cell.total:
                        status = "complete"
                cells.append({"classes": f"mf-cell mf-cell--{status}", "content": content})
            rows.append({"header": self.who(learner.id, show_names), "cells": cells})
        table = {"id": "mf-dash-completion", "caption": self.text("completion_caption"),
                 "hint": self.text("scroll_hint"), "head": [self.text("learner"), *map(self.module_name, modules)],
                 "rows": rows}
        return self._render("completion.html.j2", table=table)

    def choices(self, modules: list[str]) -> Markup:
        assert self.debrief is not None
        scenarios = []
        for module in modules:
            for tally in self.debrief.scenarios.get(module, []):
                first = None
                situations = []
                if tally.first_made:
                    first = self.chart(f"mf-chart-first-{module}-{tally.id}", self.text("first_choices"),
                                       self.text("first_choices_count", count=tally.first_made),
                                       [self._choice_bar(c, tally.first_made) for c in tally.first])
                    situations = [{"text": s.text, "chart": self.chart(
                        f"mf-chart-all-{module}-{tally.id}-{s.node}", self.text("situation", number=s.number),
                        self.text("all_choices_count", count=s.made),
                        [self._choice_bar(c, s.made) for c in s.choices])} for s in tally.situations]
                scenarios.append({"module_name": self.module_name(module), "title": tally.title, "first": first,
                                  "situations": situations})
        return self._render("choices.html.j2", scenarios=scenarios)

    def _choice_bar(self, choice: ChoiceTally, total: int) -> Bar:
        return self.bar(choice.label, choice.count, total, choice.quality,
                        i18n.text(self.language, f"ui.quality_{choice.quality}"))

    def checks(self, modules: list[str]) -> Markup:
        assert self.debrief is not None
        checks = []
        for module in modules:
            for tally in self.debrief.checks.get(module, []):
                charts = []
                if tally.answered:
                    answered = self.text("right_first_count", count=tally.answered)
                    charts = [
                        self.chart(f"mf-chart-right-{module}-{tally.id}", self.text("right_first"), answered,
                                   [self.bar(self.text("right_first"), tally.right_first, tally.answered, "good")]),
                        self.chart(f"mf-chart-options-{module}-{tally.id}", self.text("option_counts"), answered,
                                   [self.bar(o.text, o.count, tally.answered, "good" if o.correct else "weak",
                                             self.text("correct_option") if o.correct else "") for o in tally.options])]
                checks.append({"module_name": self.module_name(module), "question": tally.question,
                               "charts": charts})
        return self._render("checks.html.j2", checks=checks)

    def reflection(self, prompt: Prompt, shown: int | None, show_names: bool) -> Markup:
        """One prompt with its first ``shown`` answers (all when ``shown`` is None)."""
        answers = prompt.answers if shown is None else prompt.answers[:shown]
        return self._render("reflection.html.j2", module_name=self.module_name(prompt.module), prompt=prompt,
                            count=len(prompt.answers), answers=[
                                {"who": self.who(a.learner, show_names), "words": a.words, "text": a.text}
                                for a in answers])

    def untrusted(self, modules: list[str], show_names: bool) -> Markup:
        assert self.debrief is not None
        rejected = [{"who": self.who(r.learner, show_names), "module_name": self.module_name(r.module),
                     "reason": r.reason} for r in self.debrief.rejected_in(modules)]
        return self._render("untrusted.html.j2", rejected=rejected)

    # -- charts --------------------------------------------------------------------------------------------
    def bar(self, label: str, count: int, total: int, kind: str = "", note: str = "") -> Bar:
        """A bar whose percentage is of ``total`` (learners or choices)."""
        return Bar(label, self.text("bar_value", count=count, percent=percent(count, total)),
                   100 * count / total if total else 0, kind, note)

    @staticmethod
    def chart(chart_id: str, title: str, caption: str, bars: list[Bar]) -> Chart:
        return Chart(chart_id, title, caption, bars)
