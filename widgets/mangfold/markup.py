"""Turn course Markdown and learner text into HTML that is safe to show: the one home of markup.

Course text is Markdown written by the authors; raw HTML in it is escaped, never passed through.
Learner text is never Markdown: it is escaped and its line breaks kept, nothing else.

Whole documents and page sections are Jinja2 templates (``mangfold/templates/``) rendered by
:func:`render` with autoescape on, so a value is escaped unless it is already :class:`Markup`;
small fragments in Python use ``Markup("<b>{}</b>").format(value)``, which escapes ``value``.
Nothing builds HTML by joining strings and calling ``escape`` by hand.

Autoescape follows the template's name (:func:`autoescapes`): a template whose name ends in ``.md.j2``
or ``.txt.j2`` makes Markdown or plain text, not HTML, and is rendered with :func:`render_text`
without escaping (HTML entities would show up literally in a README). Every other template, and any
template without a name, is escaped. A Markdown template must therefore take no learner text, or take
it only through a filter that makes it safe for Markdown.
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


PLAIN_TEXT_SUFFIXES = (".md.j2", ".txt.j2")
"""Template names that make Markdown or plain text, not HTML: rendered without escaping."""


def autoescapes(template: str | None) -> bool:
    """Whether the template ``template`` is escaped: every one except Markdown and plain-text templates.

    A template without a name (made from a string) is escaped: the safe side when nothing says otherwise.
    """
    return template is None or not template.endswith(PLAIN_TEXT_SUFFIXES)


@cache
def _environment() -> Any:
    """The one Jinja2 environment: autoescape on for every HTML template, and a missing value is an error
    (StrictUndefined) rather than an empty string a reader would not notice. Made on first use, so the
    learner's page, which renders no template, never imports Jinja2."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("mangfold", "templates"),
        autoescape=autoescapes,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)
    return environment


def render(template: str, **context: object) -> Markup:
    """The template ``template`` (a path under ``mangfold/templates/``) filled with ``context``, escaped."""
    if not autoescapes(template):
        raise ValueError(f"{template}: a Markdown or plain-text template is not HTML; use render_text")
    return Markup(_environment().get_template(template).render(**context))  # autoescaped


def render_text(template: str, **context: object) -> str:
    """A Markdown or plain-text template (``*.md.j2``, ``*.txt.j2``) filled with ``context``, not escaped.

    The result is a plain ``str``, never :class:`Markup`: nothing in it has been made safe for HTML.
    """
    if autoescapes(template):
        raise ValueError(f"{template}: an HTML template is escaped; use render")
    return str(_environment().get_template(template).render(**context))
