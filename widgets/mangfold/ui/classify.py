"""The classify exercise: place each item in a category, order one category, then read the feedback.

The job analysis (must / nice / drop, musts in order), the job ad (which phrases may exclude), the
interview transcript (which pitfall is this?) and anchored rating (which score?) are all this one
widget with different content. Every change is saved at once; the first checked placement is kept
beside the latest, as a knowledge check keeps its first answer.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..content.schema import ClassifyBlock, ClassifyItem
from ..engine.classify import placement_quality
from ..markup import escape, inline_markdown_html, markdown_html, plain_text
from ..progress.store import ProgressStore
from .focus import FocusManager
from .strings import translate
from .widgets import action_button, card, html_block, lean, shared

UNPLACED = ""


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
        t = lambda key: escape(translate(language, key))  # noqa: E731
        intro = f'<div class="mf-prose">{markdown_html(block.intro)}</div>' if block.intro else ""
        legend = "".join(
            f"<li><strong>{escape(c.label)}</strong>"
            + (f": {escape(c.description)}" if c.description else "") + "</li>"
            for c in block.categories
        )
        self.heading = html_block(
            f'<p class="mf-kicker" id="mf-block-{block.id}" tabindex="-1">{t("exercise")}</p>'
            f'<h2 class="mf-card__title">{escape(block.title)}</h2>'
            f'{intro}<div class="mf-prose">{markdown_html(block.instructions)}</div>'
            f'<ul class="mf-legend">{legend}</ul>'
        )
        options = [(translate(language, "choose_placement"), UNPLACED)] + [(c.label, c.id) for c in block.categories]
        self.selects: dict[str, widgets.Dropdown] = {}
        rows = []
        for number, item in enumerate(block.items, start=1):
            select = lean(widgets.Dropdown, options=options, value=self.placements.get(item.id, UNPLACED),
                                 description=translate(language, "placement", number=number),
                                 style={"description_width": "initial"})
            select.add_class("mf-classify-select")
            select.observe(lambda change, item_id=item.id: self.place(item_id, change["new"]), names="value")
            self.selects[item.id] = select
            text = html_block(f'<p class="mf-classify-text"><span class="mf-classify-number">{number}.</span> '
                              f"{inline_markdown_html(item.text)}</p>")
            row = lean(widgets.VBox, [text, select])
            row.add_class("mf-classify-item")
            rows.append(row)
        self.items_box = lean(widgets.VBox, rows)
        self.items_box.add_class("mf-classify-items")
        self.rank_box = lean(widgets.VBox)
        self.rank_box.add_class("mf-rank")
        self.rank_buttons: dict[tuple[str, str], widgets.Button] = {}
        self.check_button = action_button(translate(language, "exercise_submit"))
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
            self.result.value = (f'<p class="mf-check-result mf-check-result--wrong" role="alert">'
                                 f'{escape(translate(self.language, "exercise_place_all", missing=len(missing)))}'
                                 "</p>")
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

    def _label(self, item: ClassifyItem) -> str:
        text = plain_text(item.text).replace("*", "").strip()
        return text if len(text) <= 60 else text[:57] + "…"

    def _render_rank(self) -> None:
        for button in self.rank_buttons.values():
            button.close()
        self.rank_buttons = {}
        ranked = self.block.rank
        if ranked is None:
            self.rank_box.children = []
            return
        items = {i.id: i for i in self.block.items}
        t = lambda key, **values: translate(self.language, key, **values)  # noqa: E731
        header = html_block(
            f'<h3 id="mf-{self.block.id}-rank" tabindex="-1">{escape(t("rank_heading"))}: '
            f"{escape(self.categories[ranked].label)}</h3>"
            f'<div class="mf-prose">{markdown_html(self.block.rank_instructions or "")}</div>'
        )
        rows: list[widgets.Widget] = [header]
        if not self.order:
            rows.append(html_block(f'<p class="mf-hint">{escape(t("rank_empty"))}</p>'))
        for position, item_id in enumerate(self.order, start=1):
            label = self._label(items[item_id])
            up = action_button("↑", secondary=True)
            up.tooltip = t("move_up", item=label)
            up.disabled = position == 1
            up.on_click(lambda _b, i=item_id: self.move(i, -1))
            down = action_button("↓", secondary=True)
            down.tooltip = t("move_down", item=label)
            down.disabled = position == len(self.order)
            down.on_click(lambda _b, i=item_id: self.move(i, +1))
            self.rank_buttons[(item_id, "up")], self.rank_buttons[(item_id, "down")] = up, down
            text = html_block(f'<p class="mf-rank-text">{position}. {escape(label)}</p>')
            row = lean(widgets.HBox, [text, up, down])
            row.add_class("mf-rank-row")
            rows.append(row)
        self.rank_box.children = rows

    def _render_result(self) -> str:
        t = lambda key, **values: translate(self.language, key, **values)  # noqa: E731
        good = sum(placement_quality(i, self.placements.get(i.id, "")) == "good" for i in self.block.items)
        summary = t("exercise_score", good=good, total=len(self.block.items))
        rows = []
        for number, item in enumerate(self.block.items, start=1):
            placed = self.placements.get(item.id, "")
            quality = placement_quality(item, placed)
            placed_label = self.categories[placed].label if placed in self.categories else "–"
            rows.append(
                f'<li class="mf-feedback mf-feedback--{quality}">'
                f'<p><strong>{number}.</strong> {inline_markdown_html(item.text)}</p>'
                f'<p><span class="mf-badge mf-badge--{quality}">{escape(t("quality_" + quality))}</span> '
                f'{escape(t("your_placement"))}: <strong>{escape(placed_label)}</strong> · '
                f'{escape(t("suggested"))}: <strong>{escape(self.categories[item.expected].label)}</strong></p>'
                f'<div class="mf-prose">{markdown_html(item.feedback)}</div></li>'
            )
        self.result.value = (
            f'<div class="mf-exercise-result"><p id="mf-{self.block.id}-result" tabindex="-1">'
            f"<strong>{escape(summary)}</strong></p><ol class=\"mf-exercise-feedback\">{''.join(rows)}</ol></div>"
        )
        return summary
