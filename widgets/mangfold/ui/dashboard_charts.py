"""HTML for the dashboard's charts and tables: plain markup and CSS, readable without the bars.

A bar chart is a list: every bar carries its label, its count and its percentage as text, and the
drawn bar is decoration (``aria-hidden``), so a screen reader, a printout and a projector all give the
same numbers. No JavaScript and nothing from a CDN. Every text that comes from a learner or from the
gradebook is escaped here; course texts come through the course's Markdown renderer, which escapes HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..markup import escape
from .dashboard_strings import dashboard_text


@dataclass(frozen=True)
class Bar:
    """One bar: ``label`` is HTML (already escaped or rendered), ``kind`` a modifier class (good, weak ...)."""

    label: str
    count: int
    kind: str = ""
    note: str = ""  # plain text after the label, e.g. "correct answer"


def percent(count: int, total: int) -> int:
    """A whole percentage; 0 of nothing is 0."""
    return round(100 * count / total) if total else 0


def bar_chart(language: str, title: str, caption: str, bars: list[Bar], total: int, chart_id: str) -> str:
    """A titled list of horizontal bars; percentages are of ``total`` (learners or choices)."""
    items = []
    for bar in bars:
        share = percent(bar.count, total)
        width = 100 * bar.count / total if total else 0
        note = f' <span class="mf-bar__note">({escape(bar.note)})</span>' if bar.note else ""
        kind = f" mf-bar--{bar.kind}" if bar.kind else ""
        value = escape(dashboard_text(language, "bar_value", count=bar.count, percent=share))
        items.append(
            f'<li class="mf-bar{kind}"><span class="mf-bar__label">{bar.label}{note}</span>'
            f'<span class="mf-bar__track" aria-hidden="true"><span class="mf-bar__fill" style="width: {width:.1f}%">'
            f'</span></span><span class="mf-bar__value">{value}</span></li>'
        )
    return (f'<figure class="mf-chart" aria-labelledby="{chart_id}"><figcaption id="{chart_id}">'
            f'<span class="mf-chart__title">{escape(title)}</span> '
            f'<span class="mf-chart__caption">{escape(caption)}</span></figcaption>'
            f'<ul class="mf-bars">{"".join(items)}</ul></figure>')


def scroll_table(table_id: str, caption: str, hint: str, head: list[str], rows: list[tuple[str, list[str]]],
                 cell_classes: list[list[str]] | None = None) -> str:
    """A table with a caption, column and row headers, inside a focusable region that scrolls sideways.

    ``head`` and the row headers and cells are HTML (escaped by the caller); the region is focusable so
    a keyboard user can scroll it (axe: scrollable-region-focusable).
    """
    header = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = []
    for index, (row_header, cells) in enumerate(rows):
        classes = cell_classes[index] if cell_classes else [""] * len(cells)
        tds = "".join(f'<td class="{c}">{v}</td>' if c else f"<td>{v}</td>" for v, c in zip(cells, classes,
                                                                                           strict=True))
        body.append(f'<tr><th scope="row">{row_header}</th>{tds}</tr>')
    return (f'<div class="mf-table-scroll" role="region" tabindex="0" aria-labelledby="{table_id}-caption">'
            f'<table class="mf-matrix" id="{table_id}"><caption id="{table_id}-caption">{escape(caption)}'
            f' <span class="mf-visually-hidden">{escape(hint)}</span></caption>'
            f'<thead><tr>{header}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')


def stat(value: str, label: str) -> str:
    """A key figure: the number large, what it counts beneath, read as one phrase."""
    return (f'<li class="mf-stat"><span class="mf-stat__value">{escape(value)}</span> '
            f'<span class="mf-stat__label">{escape(label)}</span></li>')
