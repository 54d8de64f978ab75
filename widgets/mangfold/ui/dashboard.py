"""The trainer's dashboard: the cohort's completion, choices, check results and reflections on one page.

It is served by Voilà from the course directory (``dashboard.ipynb``) and reads the gradebook and the
autograded progress files through :func:`mangfold.cohort.data.load_cohort`, once per page view. Two
controls change what is shown, never what is read: a module filter and a "show names" switch. Names
are hidden by default, because the page is made to be put on a projector for the debrief: learners
are then "Deltaker 1..N" in a fixed order, so the trainer can still follow one person. The choice
charts never name anyone. Learner text is always escaped.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ..cohort.config import CONFIG_NAME
from ..cohort.data import NOT_SUBMITTED, SUBMITTED, UNTRUSTED, CohortData, CourseDirError, load_cohort
from ..markup import escape, inline_markdown_html, learner_html, markdown_html
from ..summary.snapshot import SUMMARY_MODULE
from .dashboard_charts import Bar, bar_chart, percent, scroll_table, stat
from .dashboard_strings import dashboard_text
from .focus import FocusManager
from .page import requested_language
from .strings import translate
from .widgets import card, html_block

COURSE_DIR_VARIABLE = "MANGFOLD_COURSE_DIR"
#: reflections shown per prompt until the trainer asks for all (a cohort of 1,000 writes ~1,000 per prompt)
REFLECTIONS_SHOWN = 20
ALL = ""


def _number(value: float) -> str:
    """A score as the gradebook keeps it (floats), without a pointless ".0"."""
    return f"{value:g}"


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
        try:
            self.data = load_cohort(self.course_dir, self.language)
        except CourseDirError as error:
            reason = (self.t("no_config", folder=str(self.course_dir)) if self.course_dir.is_dir()
                      and not (self.course_dir / CONFIG_NAME).is_file() else str(error))
            self.error = self.t("no_course", folder=str(self.course_dir), reason=reason)
        self.expanded: set[tuple[str, str]] = set()
        self.show_names = widgets.Checkbox(value=False, description=self.t("show_names"), indent=False)
        self.show_names.add_class("mf-dashboard-names")
        self.module_filter = widgets.Dropdown(options=self._module_options(), value=ALL,
                                              description=self.t("module_filter"),
                                              style={"description_width": "initial"})
        self.module_filter.add_class("mf-classify-select")
        self.module_filter.add_class("mf-dashboard-filter")
        self.names_note = html_block()
        self.summary_box = html_block()
        self.completion_box = html_block()
        self.choices_box = html_block()
        self.checks_box = html_block()
        self.reflections_box = widgets.VBox()
        self.untrusted_box = html_block()
        if self.data is not None:
            self._index()
            self.show_names.observe(self._names_changed, names="value")
            self.module_filter.observe(self._filter_changed, names="value")
            self.refresh()

    def t(self, key: str, **values: object) -> str:
        return dashboard_text(self.language, key, **values)

    # -- what is read once ----------------------------------------------------------------------------
    def _module_options(self) -> list[tuple[str, str]]:
        if self.data is None:
            return [(self.t("all_modules"), ALL)]
        return [(self.t("all_modules"), ALL), *[(self.module_name(m), m) for m in self.data.modules]]

    def _index(self) -> None:
        """Lookups built once, so a change of filter or of names redraws without touching pandas again."""
        data = self.data
        assert data is not None
        learners = data.learners
        self.learner_ids: list[str] = list(learners["learner"])
        self.numbers = dict(zip(learners["learner"], learners["number"], strict=True))
        self.real_names = {row.learner: " ".join(p for p in (row.first_name, row.last_name) if p)
                           for row in learners.itertuples(index=False)}
        self.cells = {(r.learner, r.module): r for r in data.completion.itertuples(index=False)}
        choices = data.choices
        firsts = choices[choices["first"].astype(bool)]
        self.first_counts = firsts.groupby(["module", "scenario", "choice"]).size().to_dict()
        self.first_totals = firsts.groupby(["module", "scenario"]).size().to_dict()
        self.all_counts = choices.groupby(["module", "scenario", "situation", "choice"]).size().to_dict()
        self.all_totals = choices.groupby(["module", "scenario", "situation"]).size().to_dict()
        checks = data.checks
        self.answered = checks.groupby(["module", "check"]).size().to_dict()
        self.right_first = checks.groupby(["module", "check"])["first_correct"].sum().to_dict()
        self.first_option = {(r.module, r.check, r.option): int(r.first_count)
                             for r in data.check_options.itertuples(index=False)}
        grouped: dict[tuple[str, str], list] = defaultdict(list)
        for row in data.reflections.itertuples(index=False):
            grouped[row.module, row.reflection if row.module != SUMMARY_MODULE else "plan"].append(row)
        for rows in grouped.values():
            rows.sort(key=lambda r: self.numbers.get(r.learner, 0))
        self.reflection_rows = grouped

    # -- names and labels ------------------------------------------------------------------------------
    def who(self, learner: str) -> str:
        """How a learner is named on the page: "Deltaker N", or the roster name (and id) when names are shown."""
        if not self.show_names.value:
            return self.t("participant", number=self.numbers.get(learner, 0))
        name = self.real_names.get(learner, "")
        return f"{name} ({learner})" if name else learner

    def module_name(self, module: str) -> str:
        title = self.data.titles.get(module, module) if self.data else module
        number = int(module[:2]) if module[:2].isdigit() else None
        return f"{number}. {title}" if number is not None else title

    @property
    def modules(self) -> list[str]:
        """The modules the filter selects."""
        assert self.data is not None
        return [self.module_filter.value] if self.module_filter.value else list(self.data.modules)

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
        t = lambda key, **values: escape(self.t(key, **values))  # noqa: E731
        note = t("names_shown" if self.show_names.value else "names_hidden")
        self.names_note.value = f'<p class="mf-hint">{note}</p>'
        self.summary_box.value = self.summary_html()
        self.completion_box.value = self.completion_html()
        self.choices_box.value = self.choices_html()
        self.checks_box.value = self.checks_html()
        self.reflections_box.children = self.reflection_cards()
        self.untrusted_box.value = self.untrusted_html()

    # -- the page ----------------------------------------------------------------------------------------
    def page(self) -> DashboardPage:
        if self.data is None:
            notice = html_block(f'<div class="mf-notice mf-notice--warning" role="alert"><p>{escape(self.error or "")}'
                                "</p></div>")
            return DashboardPage(self, [self.focus, self.header(), card(widgets.VBox([notice]), "summary")])
        controls = widgets.VBox([
            html_block(f'<h2 class="mf-card__title">{escape(self.t("controls"))}</h2>'),
            self.module_filter, self.show_names, self.names_note])
        sections: list[widgets.Widget] = [self.focus, self.header(), card(controls, "text"),
                                          card(widgets.VBox([self.summary_box]), "summary")]
        if not self.data.collected:
            sections.append(card(widgets.VBox([html_block(
                f'<div class="mf-notice mf-notice--info" role="status"><p>{escape(self.t("empty"))}</p></div>')]),
                "text"))
        sections.append(card(widgets.VBox([self.completion_box]), "dashboard"))
        if self.data.collected:
            reflections = widgets.VBox([html_block(
                f'<h2 class="mf-card__title" id="mf-dash-reflections">{escape(self.t("reflections"))}</h2>'
                f'<p class="mf-prose">{escape(self.t("reflections_lead"))}</p>'), self.reflections_box])
            sections += [card(widgets.VBox([self.choices_box]), "dashboard"),
                         card(widgets.VBox([self.checks_box]), "dashboard"),
                         card(reflections, "dashboard"),
                         card(widgets.VBox([self.untrusted_box]), "dashboard")]
        return DashboardPage(self, sections)

    def header(self) -> widgets.Widget:
        other = "en" if self.language == "nb" else "nb"
        course = ""
        if self.data is not None:
            course = (f'<p class="mf-header__eyebrow">'
                      f'{escape(self.t("course", course=self.data.course_id, count=len(self.data.learners)))}</p>')
        html = (f'{course}<h1 class="mf-header__title">{escape(self.t("title"))}</h1>'
                f'<p class="mf-header__subtitle">{escape(self.t("lead"))}</p>'
                f'<p><a class="mf-lang-switch" href="?lang={other}" lang="{other}" hreflang="{other}">'
                f'{escape(self.t("language_switch"))}</a></p>')
        box = widgets.VBox([html_block(html)])
        box.add_class("mf-header")
        return box

    def summary_html(self) -> str:
        assert self.data is not None
        rows = [self.cells[learner, module] for learner in self.learner_ids for module in self.modules
                if (learner, module) in self.cells]
        per_learner: dict[str, list] = defaultdict(list)
        for row in rows:
            per_learner[row.learner].append(row)
        submitted = sum(any(r.status != NOT_SUBMITTED for r in cells) for cells in per_learner.values())
        complete = sum(all(r.status == SUBMITTED and r.total and r.done == r.total for r in cells)
                       for cells in per_learner.values())
        graded = [r for r in rows if not pd.isna(r.score) and not pd.isna(r.max_score)]
        score_share = percent(sum(r.score for r in graded), sum(r.max_score for r in graded)) if graded else 0
        untrusted = sum(r.status == UNTRUSTED for r in rows)
        figures = [stat(str(len(self.learner_ids)), self.t("stat_learners")),
                   stat(str(submitted), self.t("stat_submitted")),
                   stat(str(complete), self.t("stat_complete")),
                   stat(f"{score_share} %" if self.language == "nb" else f"{score_share}%", self.t("stat_score")),
                   stat(str(untrusted), self.t("stat_untrusted"))]
        return (f'<h2 class="mf-card__title">{escape(self.t("summary"))}</h2>'
                f'<ul class="mf-stats">{"".join(figures)}</ul>')

    def completion_html(self) -> str:
        head = [escape(self.t("learner")), *[escape(self.module_name(m)) for m in self.modules]]
        rows, classes = [], []
        for learner in self.learner_ids:
            cells, kinds = [], []
            for module in self.modules:
                cell = self.cells.get((learner, module))
                status = cell.status if cell is not None else NOT_SUBMITTED
                text = f'<span class="mf-cell__status">{escape(self.t("status_" + status))}</span>'
                if cell is not None and status == SUBMITTED:
                    points = (self.t("points", score=_number(cell.score), max=_number(cell.max_score))
                              if not pd.isna(cell.score) and not pd.isna(cell.max_score) else self.t("not_graded"))
                    text += (f'<span class="mf-cell__items">{escape(self.t("items", done=cell.done, total=cell.total))}'
                             f'</span><span class="mf-cell__points">{escape(points)}</span>')
                    if cell.total and cell.done == cell.total:
                        status = "complete"
                cells.append(text)
                kinds.append(f"mf-cell mf-cell--{status}")
            rows.append((escape(self.who(learner)), cells))
            classes.append(kinds)
        table = scroll_table("mf-dash-completion", self.t("completion_caption"), self.t("scroll_hint"), head, rows,
                             classes)
        return f'<h2 class="mf-card__title">{escape(self.t("completion"))}</h2>{table}'

    def choices_html(self) -> str:
        assert self.data is not None
        parts = [f'<h2 class="mf-card__title">{escape(self.t("choices"))}</h2>'
                 f'<p class="mf-prose">{escape(self.t("choices_lead"))}</p>']
        for module in self.modules:
            content = self.data.contents.get(module)
            if content is None:
                continue
            for scenario in content.scenarios:
                parts.append(f'<section class="mf-dash-scenario"><p class="mf-kicker">'
                             f'{escape(self.module_name(module))}</p><h3>{escape(scenario.title)}</h3>')
                start = scenario.situations[scenario.start]
                total = self.first_totals.get((module, scenario.id), 0)
                if not total:
                    parts.append(f'<p class="mf-hint">{escape(self.t("no_choices"))}</p></section>')
                    continue
                bars = [self._choice_bar(c, self.first_counts.get((module, scenario.id, c.id), 0))
                        for c in start.choices]
                parts.append(bar_chart(self.language, self.t("first_choices"),
                                       self.t("first_choices_count", count=total), bars, total,
                                       f"mf-chart-first-{module}-{scenario.id}"))
                parts.append(f'<h4>{escape(self.t("all_choices"))}</h4>')
                for number, (node, situation) in enumerate(scenario.situations.items(), start=1):
                    made = self.all_totals.get((module, scenario.id, node), 0)
                    bars = [self._choice_bar(c, self.all_counts.get((module, scenario.id, node, c.id), 0))
                            for c in situation.choices]
                    parts.append(
                        bar_chart(self.language, self.t("situation", number=number),
                                  self.t("all_choices_count", count=made), bars, made,
                                  f"mf-chart-all-{module}-{scenario.id}-{node}")
                        + f'<details class="mf-situation"><summary>{escape(self.t("situation_text"))}</summary>'
                        f'<div class="mf-prose">{markdown_html(situation.text)}</div></details>')
                parts.append("</section>")
        return "".join(parts)

    def _choice_bar(self, choice, count: int) -> Bar:
        return Bar(escape(choice.label), count, choice.quality, translate(self.language, f"quality_{choice.quality}"))

    def checks_html(self) -> str:
        assert self.data is not None
        parts = [f'<h2 class="mf-card__title">{escape(self.t("checks"))}</h2>'
                 f'<p class="mf-prose">{escape(self.t("checks_lead"))}</p>']
        for module in self.modules:
            content = self.data.contents.get(module)
            if content is None:
                continue
            for check in content.checks:
                answered = int(self.answered.get((module, check.id), 0))
                parts.append(f'<section class="mf-dash-check"><p class="mf-kicker">{escape(self.module_name(module))}'
                             f'</p><h3>{inline_markdown_html(check.question)}</h3>')
                if not answered:
                    parts.append(f'<p class="mf-hint">{escape(self.t("no_answers"))}</p></section>')
                    continue
                right = int(self.right_first.get((module, check.id), 0))
                parts.append(bar_chart(self.language, self.t("right_first"),
                                       self.t("right_first_count", count=answered),
                                       [Bar(escape(self.t("right_first")), right, "good")], answered,
                                       f"mf-chart-right-{module}-{check.id}"))
                bars = [Bar(escape(o.text), self.first_option.get((module, check.id, o.id), 0),
                            "good" if o.correct else "weak", self.t("correct_option") if o.correct else "")
                        for o in check.options]
                parts.append(bar_chart(self.language, self.t("option_counts"),
                                       self.t("right_first_count", count=answered), bars, answered,
                                       f"mf-chart-options-{module}-{check.id}"))
                parts.append("</section>")
        return "".join(parts)

    def reflection_cards(self) -> list[widgets.Widget]:
        assert self.data is not None
        cards: list[widgets.Widget] = []
        for module in self.modules:
            content = self.data.contents.get(module)
            if content is not None:
                prompts = [(r.id, inline_markdown_html(r.prompt)) for r in content.reflections]
            elif module == SUMMARY_MODULE and (module, "plan") in self.reflection_rows:
                prompts = [("plan", escape(self.reflection_rows[module, "plan"][0].prompt))]
            else:
                continue
            for key, prompt in prompts:
                cards.append(self._reflection_card(module, key, prompt))
        return cards

    def _reflection_card(self, module: str, key: str, prompt: str) -> widgets.Widget:
        rows = self.reflection_rows.get((module, key), [])
        shown = rows if (module, key) in self.expanded else rows[:REFLECTIONS_SHOWN]
        items = "".join(
            f'<li class="mf-answer"><p class="mf-answer__who">{escape(self.who(r.learner))} · '
            f'{escape(self.t("words", count=r.words))}</p><p class="mf-answer__text">{learner_html(r.text)}</p></li>'
            for r in shown)
        body = (f'<ol class="mf-answers">{items}</ol>' if rows else
                f'<p class="mf-hint">{escape(self.t("no_reflections"))}</p>')
        html = html_block(f'<section class="mf-dash-reflection"><p class="mf-kicker">{escape(self.module_name(module))}'
                          f' · {escape(self.t("answers", count=len(rows)))}</p><h3>{prompt}</h3>{body}</section>')
        children: list[widgets.Widget] = [html]
        if len(rows) > REFLECTIONS_SHOWN:
            expanded = (module, key) in self.expanded
            label = self.t("show_fewer", count=REFLECTIONS_SHOWN) if expanded else self.t("show_all", count=len(rows))
            button = widgets.Button(description=label, tooltip=label)
            button.add_class("mf-btn")
            button.add_class("mf-btn--secondary")
            button.on_click(lambda _b, k=(module, key): self.toggle_reflections(k))
            children.append(button)
        box = widgets.VBox(children)
        box.add_class("mf-dash-prompt")
        return box

    def toggle_reflections(self, key: tuple[str, str]) -> None:
        """Show every answer to one prompt, or only the first ones again."""
        self.expanded.symmetric_difference_update({key})
        self.reflections_box.children = self.reflection_cards()

    def untrusted_html(self) -> str:
        assert self.data is not None
        frame = self.data.untrusted
        rows = frame[frame["module"].isin(self.modules)]
        heading = f'<h2 class="mf-card__title">{escape(self.t("untrusted"))}</h2>'
        if rows.empty:
            return f'{heading}<p class="mf-prose">{escape(self.t("untrusted_none"))}</p>'
        ordered = sorted(rows.itertuples(index=False), key=lambda r: (self.numbers.get(r.learner, 0), r.module))
        items = "".join(f"<li><strong>{escape(self.who(r.learner))}</strong>, {escape(self.module_name(r.module))}: "
                        f"{escape(r.reason)}</li>" for r in ordered)
        lead = escape(self.t("untrusted_lead"))
        return f'{heading}<p class="mf-prose">{lead}</p><ul class="mf-untrusted">{items}</ul>'


def open_dashboard(course_dir: Path | str | None = None, language: str | None = None) -> DashboardPage:
    """The dashboard page for ``course_dir`` (default: ``$MANGFOLD_COURSE_DIR``, else the current folder)."""
    folder = course_dir if course_dir is not None else os.environ.get(COURSE_DIR_VARIABLE) or "."
    return Dashboard(folder, language).page()
