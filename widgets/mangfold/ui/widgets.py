"""Small builders shared by the course widgets, so every card and button gets the same classes."""

from __future__ import annotations

import ipywidgets as widgets

from ..markup import escape


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


def progress_bar(done: int, total: int, label: str, name: str) -> str:
    """A progress bar screen readers announce: role, value range, a spoken value and a name."""
    percent = round(100 * done / total) if total else 0
    return (f'<div class="mf-progress"><div class="mf-progress__bar" role="progressbar" aria-valuemin="0" '
            f'aria-valuemax="{total}" aria-valuenow="{done}" aria-valuetext="{escape(label)}" '
            f'aria-label="{escape(name)}"><div class="mf-progress__fill" style="width: {percent}%"></div></div>'
            f'<p class="mf-progress__label">{escape(label)}</p></div>')
