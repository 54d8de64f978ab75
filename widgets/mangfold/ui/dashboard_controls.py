"""The dashboard's widgets: the module filter, the names switch, and the boxes the sections are drawn into.

These only make widgets and lay them out; what they show comes from ``dashboard_view`` and what they do
when changed from ``dashboard``. Every control carries a visible label, so a keyboard or screen-reader
user finds it by name (the browser test drives them with the keyboard).
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from markupsafe import Markup

from .widgets import card, html_block


def module_filter(label: str, options: list[tuple[str, str]], value: str) -> widgets.Dropdown:
    """The module filter: ``options`` are (label, module) pairs, the first one for every module."""
    dropdown = widgets.Dropdown(options=options, value=value, description=label, style={"description_width": "initial"})
    dropdown.add_class("mf-classify-select")
    dropdown.add_class("mf-dashboard-filter")
    return dropdown


def names_switch(label: str) -> widgets.Checkbox:
    """The "show names" switch; off, because the page is made for a projector."""
    switch = widgets.Checkbox(value=False, description=label, indent=False)
    switch.add_class("mf-dashboard-names")
    return switch


def section_card(content: widgets.Widget | Markup, kind: str) -> widgets.Widget:
    """One card of the page around a box (or a fixed piece of markup)."""
    box = content if isinstance(content, widgets.Widget) else html_block(content)
    return card(widgets.VBox([box]), kind)


def controls_card(heading: Markup, filter_: widgets.Dropdown, switch: widgets.Checkbox,
                  note: widgets.HTML) -> widgets.Widget:
    return card(widgets.VBox([html_block(heading), filter_, switch, note]), "text")


def reflections_card(heading: Markup, cards: widgets.VBox) -> widgets.Widget:
    """The reflections' card: its heading and lead above one card per prompt."""
    return card(widgets.VBox([html_block(heading), cards]), "dashboard")


def header_box(markup: Markup) -> widgets.Widget:
    box = widgets.VBox([html_block(markup)])
    box.add_class("mf-header")
    return box


def reflection_card(markup: Markup, toggle_label: str | None, on_toggle: Callable[[], None]) -> widgets.Widget:
    """A prompt with its answers, and a button that shows all answers or fewer when ``toggle_label`` is given."""
    children: list[widgets.Widget] = [html_block(markup)]
    if toggle_label is not None:
        button = widgets.Button(description=toggle_label, tooltip=toggle_label)
        button.add_class("mf-btn")
        button.add_class("mf-btn--secondary")
        button.on_click(lambda _button: on_toggle())
        children.append(button)
    box = widgets.VBox(children)
    box.add_class("mf-dash-prompt")
    return box
