"""Turn course Markdown and learner text into HTML that is safe to show: the one home of markup.

Course text is Markdown written by the authors; raw HTML in it is escaped, never passed through.
Learner text is never Markdown: it is escaped and its line breaks kept, nothing else.

Whole documents and page sections are Jinja2 templates (``mangfold/templates/``) rendered by
:func:`render` with autoescape on, so a value is escaped unless it is already :class:`Markup`;
small fragments in Python use ``Markup("<b>{}</b>").format(value)``, which escapes ``value``.
Nothing builds HTML by joining strings and calling ``escape`` by hand.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from markupsafe import Markup

_EXTERNAL_LINK = re.compile(r'<a href="(https?://[^"]+)">')


@lru_cache(maxsize=1)
def _renderer() -> Callable[[str], str]:
    """The Markdown renderer, made on first use: grading and the trainer's tools import this module for
    its plain-text helpers and never render Markdown, so they need not import mistune."""
    import mistune

    return mistune.create_markdown(escape=True, plugins=["strikethrough", "table"])


@lru_cache(maxsize=2048)
def markdown_html(text: str) -> str:
    """Render trusted course Markdown; external links open in a new tab without leaking the opener."""
    rendered = _renderer()(text)
    return _EXTERNAL_LINK.sub(r'<a href="\1" target="_blank" rel="noopener noreferrer">', rendered)


def inline_markdown_html(text: str) -> str:
    """Render a one-paragraph text without the wrapping <p>, for titles and short prompts."""
    rendered = markdown_html(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def plain_text(text: str) -> str:
    """Learner text made safe for display in plain-text places: control characters removed."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def learner_html(text: str) -> str:
    """Learner text as HTML: escaped, control characters removed, line breaks kept."""
    return html.escape(plain_text(text)).replace("\n", "<br>")


def escape(text: str) -> str:
    return html.escape(text, quote=True)


FILTERS: dict[str, Callable[[str], Markup]] = {
    "learner": lambda text: Markup(learner_html(text)),  # escaped by learner_html
    "markdown": lambda text: Markup(markdown_html(text)),  # course Markdown, raw HTML escaped
    "inline_markdown": lambda text: Markup(inline_markdown_html(text)),  # as above
}
"""The template filters: ``{{ reflection.text | learner }}``, ``{{ lead | markdown }}``."""


@cache
def _environment() -> Any:
    """The one Jinja2 environment: autoescape on for every template, and a missing value is an error
    (StrictUndefined) rather than an empty string a reader would not notice. Made on first use, so the
    learner's page, which renders no template, never imports Jinja2."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("mangfold", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)
    return environment


def render(template: str, **context: object) -> Markup:
    """The template ``template`` (a path under ``mangfold/templates/``) filled with ``context``, escaped."""
    return Markup(_environment().get_template(template).render(**context))  # autoescaped
