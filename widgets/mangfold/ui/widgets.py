"""Small builders shared by the course widgets, so every card and button gets the same classes."""

from __future__ import annotations

import ipywidgets as widgets


def card(box: widgets.Box, kind: str) -> widgets.Box:
    """Mark a box as a course card of ``kind`` (text, scenario, check, reflection, summary)."""
    box.add_class("mf-card")
    box.add_class(f"mf-card--{kind}")
    return box


def html_block(value: str = "") -> widgets.HTML:
    block = widgets.HTML(value=value)
    block.add_class("mf-html")
    return block


def action_button(label: str, secondary: bool = False) -> widgets.Button:
    """A course button; the visible text is its accessible name, and the tooltip repeats it (no "null")."""
    button = widgets.Button(description=label, tooltip=label)
    button.add_class("mf-btn")
    button.add_class("mf-btn--secondary" if secondary else "mf-btn--primary")
    return button
