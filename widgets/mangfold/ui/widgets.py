"""Small builders shared by the course widgets, so every card and button gets the same classes."""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as widgets
from markupsafe import Markup

from .. import i18n
from ..markup import FILTERS

W = TypeVar("W", bound=widgets.Widget)

#: course Markdown as HTML that goes into a fragment as it is (raw HTML in it is escaped by the renderer)
markdown = FILTERS["markdown"]
#: the same for a one-paragraph text, without the wrapping ``<p>``
inline_markdown = FILTERS["inline_markdown"]

#: one Layout or Style widget per kind and settings, shared by every widget of the page that uses them
_SHARED: dict[tuple[type, tuple[tuple[str, Any], ...]], widgets.Widget] = {}


def shared(kind: type[W], **traits: Any) -> W:
    """The page's one ``kind`` (a ``Layout`` or a style class) with these ``traits``.

    ipywidgets gives every widget a ``Layout`` and (buttons, text, HTML, inputs) a style of its own:
    widgets too, each with its comm, its state sent to the browser and a model drawn there. On a module
    page they were 169 of 271 widgets. Widgets that never change their layout or style can share one:
    the browser keeps one model and attaches it to every view. Never assign to the ``layout`` or
    ``style`` attributes of a widget built with one (setting ``width`` on one widget's layout would change
    them all); pass the settings here instead. A closed one (a test's ``Widget.close_all()``) is replaced.
    """
    key = (kind, tuple(sorted(traits.items())))
    instance = _SHARED.get(key)
    if instance is None or instance.comm is None:
        instance = _SHARED[key] = kind(**traits)
    return instance  # type: ignore[return-value]


def lean(cls: type[W], *args: Any, layout: dict[str, Any] | None = None, style: dict[str, Any] | None = None,
         **kwargs: Any) -> W:
    """``cls(*args, **kwargs)`` with a shared layout and, where ``cls`` has one, a shared style (see :func:`shared`)."""
    kwargs["layout"] = shared(widgets.Layout, **(layout or {}))
    style_trait = cls.class_traits().get("style")
    if style_trait is not None:
        kwargs["style"] = shared(style_trait.klass, **(style or {}))
    return cls(*args, **kwargs)


def card(box: widgets.Box, kind: str) -> widgets.Box:
    """Mark a box as a course card of ``kind`` (text, scenario, check, reflection, summary)."""
    box.add_class("mf-card")
    box.add_class(f"mf-card--{kind}")
    return box


def html_block(value: str = "") -> widgets.HTML:
    """An HTML widget showing ``value``: a :class:`~markupsafe.Markup` fragment (or "" for nothing yet)."""
    block = lean(widgets.HTML, value=str(value))
    block.add_class("mf-html")
    return block


def action_button(label: str, secondary: bool = False) -> widgets.Button:
    """A course button; the visible text is its accessible name, and the tooltip repeats it (no "null")."""
    button = lean(widgets.Button, description=label, tooltip=label)
    button.add_class("mf-btn")
    button.add_class("mf-btn--secondary" if secondary else "mf-btn--primary")
    return button


def progress_bar(done: int, total: int, label: str, name: str) -> Markup:
    """A progress bar screen readers announce: role, value range, a spoken value and a name."""
    percent = round(100 * done / total) if total else 0
    return Markup('<div class="mf-progress"><div class="mf-progress__bar" role="progressbar" aria-valuemin="0" '
                  'aria-valuemax="{total}" aria-valuenow="{done}" aria-valuetext="{label}" '
                  'aria-label="{name}"><div class="mf-progress__fill" style="width: {percent}%"></div></div>'
                  '<p class="mf-progress__label">{label}</p></div>').format(
        total=total, done=done, label=label, name=name, percent=percent)


def language_switch(language: str) -> Markup:
    """The way to the course's other languages from a page in ``language``: one link each, named in its own
    language and marked as such (``lang`` and ``hreflang``), so a screen reader says «Nynorsk» in nynorsk.
    The link only sets ``?lang=``; the page that opens saves the choice in the learner's progress."""
    links = Markup("").join(
        Markup('<a class="mf-lang-switch" href="?lang={code}" lang="{code}" hreflang="{code}">{name}</a>').format(
            code=code, name=i18n.language_name(code))
        for code in i18n.other_languages(language))
    return Markup('<nav class="mf-lang-nav" aria-label="{label}"><p>{links}</p></nav>').format(
        label=i18n.text(language, "ui.languages"), links=links)
