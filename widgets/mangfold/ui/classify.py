"""The classify exercise: place each item in a category, order one category, then read the feedback.

The job analysis (must / nice / drop, musts in order), the job ad (which phrases may exclude), the
interview transcript (which pitfall is this?) and anchored rating (which score?) are all this one
widget with different content. Every change is saved at once; the first checked placement is kept
beside the latest, as a knowledge check keeps its first answer.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..content.schema import ClassifyBlock, ClassifyItem
from ..engine.classify import placement_quality
from ..markup import plain_text
from ..progress.store import ProgressStore
from .focus import FocusManager
from .widgets import action_button, card, html_block, inline_markdown, lean, markdown, shared

UNPLACED = ""


def short_label(item: ClassifyItem) -> str:
    """An item's text as plain words, cut to 60 characters: what names its drop-down and its ranking buttons."""
    text = plain_text(item.text).replace("*", "").strip()
    return text if len(text) <= 60 else text[:57] + "…"


class ClassifyExercise(widgets.VBox):
    """Drive it with :meth:`place`, :meth:`move` and :meth:`check` (or the widgets themselves)."""

    def __init__(self, block: ClassifyBlock, store: ProgressStore, language: str,
                 focus: FocusManager | None = None):
        super().__init__(layout=shared(widgets.Layout))
        card(self, "exercise")
        self.block, self.store, self.language, self.focus_manager = block, store, language, focus
        self.categories = {c.id: c for c in block.categories}
        saved = store.data.exercises.get(block.id)
        state = saved.state if saved else {}
        self.placements: dict[str, str] = {k: v for k, v in (state.get("placements") or {}).items()
                                           if k in {i.id for i in block.items} and v in self.categories}
        self.order: list[str] = [i for i in state.get("order") or [] if i in self.placements]
        self.first_check: dict[str, str] | None = state.get("first_check")
        self.checked: bool = bool(state.get("checked"))
        intro = Markup('<div class="mf-prose">{}</div>').format(markdown(block.intro)) if block.intro else ""
        legend = Markup("").join(
            Markup("<li><strong>{}</strong>{}</li>").format(
                c.label, Markup(": {}").format(c.description) if c.description else "")
            for c in block.categories
        )
        self.heading = html_block(Markup(
            '<p class="mf-kicker" id="mf-block-{id}" tabindex="-1">{kicker}</p>'
            '<h2 class="mf-card__title">{title}</h2>'
            '{intro}<div class="mf-prose">{instructions}</div>'
            '<ul class="mf-legend">{legend}</ul>'
        ).format(id=block.id, kicker=i18n.text(language, "ui.exercise"), title=block.title, intro=intro,
                 instructions=markdown(block.instructions), legend=legend))
        options = [(i18n.text(language, "ui.choose_placement"), UNPLACED)] + [(c.label, c.id) for c in block.categories]
        self.selects: dict[str, widgets.Dropdown] = {}
        rows = []
        for number, item in enumerate(block.items, start=1):
            # named for its item, not its number: a screen reader lists the controls by name
            select = lean(widgets.Dropdown, options=options, value=self.placements.get(item.id, UNPLACED),
                          description=i18n.text(language, "ui.placement", item=short_label(item)),
                          style={"description_width": "initial"})
            select.add_class("mf-classify-select")
            select.observe(lambda change, item_id=item.id: self.place(item_id, change["new"]), names="value")
            self.selects[item.id] = select
            text = html_block(Markup('<p class="mf-classify-text"><span class="mf-classify-number">{}.</span> '
                                     "{}</p>").format(number, inline_markdown(item.text)))
            row = lean(widgets.VBox, [text, select])
            row.add_class("mf-classify-item")
            rows.append(row)
        self.items_box = lean(widgets.VBox, rows)
        self.items_box.add_class("mf-classify-items")
        self.rank_box = lean(widgets.VBox)
        self.rank_box.add_class("mf-rank")
        self.rank_buttons: dict[tuple[str, str], widgets.Button] = {}
        self.check_button = action_button(i18n.text(language, "ui.exercise_submit"))
        self.check_button.on_click(lambda _button: self.check())
        self.result = html_block()
        self.children = [self.heading, self.items_box, self.rank_box, self.check_button, self.result]
        self._render_rank()
        if self.checked:
            self._render_result()

    # -- learner actions ----------------------------------------------------------------------
    def place(self, item_id: str, category: str) -> None:
        if category == UNPLACED:
            self.placements.pop(item_id, None)
        else:
            self.placements[item_id] = category
        if self.selects[item_id].value != category:
            self.selects[item_id].value = category  # observer re-enters with the same value: no-op below
            return
        ranked = self.block.rank
        if ranked and self.placements.get(item_id) == ranked and item_id not in self.order:
            self.order.append(item_id)
        self.order = [i for i in self.order if self.placements.get(i) == ranked]
        self._save()
        self._render_rank()
        if self.checked:
            self._render_result()

    def move(self, item_id: str, step: int) -> None:
        """Move a ranked item up (-1) or down (+1)."""
        index = self.order.index(item_id)
        target = index + step
        if 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            self._save()
            self._render_rank()
            if self.focus_manager is not None:
                self.focus_manager.focus(f"mf-{self.block.id}-rank")

    def check(self) -> None:
        missing = [i.id for i in self.block.items if not self.placements.get(i.id)]
        if missing:
            self.result.value = str(Markup('<p class="mf-check-result mf-check-result--wrong" role="alert">{}</p>')
                                    .format(i18n.text(self.language, "ui.exercise_place_all", missing=len(missing))))
            return
        if self.first_check is None:
            self.first_check = dict(self.placements)
        self.checked = True
        self._save()
        summary = self._render_result()
        if self.focus_manager is not None:
            self.focus_manager.focus(f"mf-{self.block.id}-result")
            self.focus_manager.announce(summary)

    # -- state and rendering ------------------------------------------------------------------
    @property
    def state(self) -> dict[str, Any]:
        return {"placements": dict(self.placements), "order": list(self.order), "checked": self.checked,
                "first_check": self.first_check}

    def _save(self) -> None:
        self.store.save_exercise(self.block.id, self.state)

    def _render_rank(self) -> None:
        for button in self.rank_buttons.values():
            button.close()
        self.rank_buttons = {}
        ranked = self.block.rank
        if ranked is None:
            self.rank_box.children = []
            return
        items = {i.id: i for i in self.block.items}
        t = lambda key, **values: i18n.text(self.language, f"ui.{key}", **values)  # noqa: E731
        header = html_block(Markup(
            '<h3 id="mf-{id}-rank" tabindex="-1">{heading}: {label}</h3>'
            '<div class="mf-prose">{instructions}</div>'
        ).format(id=self.block.id, heading=t("rank_heading"), label=self.categories[ranked].label,
                 instructions=markdown(self.block.rank_instructions or "")))
        rows: list[widgets.Widget] = [header]
        if not self.order:
            rows.append(html_block(Markup('<p class="mf-hint">{}</p>').format(t("rank_empty"))))
        for position, item_id in enumerate(self.order, start=1):
            label = short_label(items[item_id])
            up = action_button("↑", secondary=True)
            up.tooltip = t("move_up", item=label)
            up.disabled = position == 1
            up.on_click(lambda _b, i=item_id: self.move(i, -1))
            down = action_button("↓", secondary=True)
            down.tooltip = t("move_down", item=label)
            down.disabled = position == len(self.order)
            down.on_click(lambda _b, i=item_id: self.move(i, +1))
            self.rank_buttons[(item_id, "up")], self.rank_buttons[(item_id, "down")] = up, down
            # the whole text on the page (the short label only names the buttons): at 375 px a cut text hid
            # the end of the longest requirement
            text = html_block(Markup('<p class="mf-rank-text">{}. {}</p>').format(
                position, inline_markdown(items[item_id].text)))
            row = lean(widgets.HBox, [text, up, down])
            row.add_class("mf-rank-row")
            rows.append(row)
        self.rank_box.children = rows

    def _render_result(self) -> str:
        t = lambda key, **values: i18n.text(self.language, f"ui.{key}", **values)  # noqa: E731
        good = sum(placement_quality(i, self.placements.get(i.id, "")) == "good" for i in self.block.items)
        summary = t("exercise_score", good=good, total=len(self.block.items))
        rows = []
        for number, item in enumerate(self.block.items, start=1):
            placed = self.placements.get(item.id, "")
            quality = placement_quality(item, placed)
            placed_label = self.categories[placed].label if placed in self.categories else "–"
            rows.append(Markup(
                '<li class="mf-feedback mf-feedback--{quality}">'
                '<p><strong>{number}.</strong> {text}</p>'
                '<p><span class="mf-badge mf-badge--{quality}">{badge}</span> '
                '{your_placement}: <strong>{placed}</strong> · '
                '{suggested}: <strong>{expected}</strong></p>'
                '<div class="mf-prose">{feedback}</div></li>'
            ).format(quality=quality, number=number, text=inline_markdown(item.text), badge=t("quality_" + quality),
                     your_placement=t("your_placement"), placed=placed_label, suggested=t("suggested"),
                     expected=self.categories[item.expected].label, feedback=markdown(item.feedback)))
        self.result.value = str(Markup(
            '<div class="mf-exercise-result"><p id="mf-{id}-result" tabindex="-1">'
            '<strong>{summary}</strong></p><ol class="mf-exercise-feedback">{rows}</ol></div>'
        ).format(id=self.block.id, summary=summary, rows=Markup("").join(rows)))
        return summary
