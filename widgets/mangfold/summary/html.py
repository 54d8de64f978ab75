"""The course log (the learner's summary, module by module) as one self-contained HTML document.

Since the jobbstøtte (:mod:`.jobaid_export`) became the document a manager keeps, this is its appendix:
every choice with its feedback, the checks, the exercises, the reflections in full, the action plan and
the sources, each source once.

The document has no external resources (inline CSS; its few icons are inline SVG ``data:`` URIs), no
script and no buttons, so it reads the same when it is saved, e-mailed or opened years later. It is
written in the summary's language: interface words come from the ``summary`` catalogue of
:mod:`mangfold.i18n`, course text (situations, feedback, questions, explanations, learning points) is
rendered as Markdown, and learner text (reflections, the action plan) is only ever escaped (the
``learner`` filter), never read as Markdown or HTML.

The markup is in the Jinja2 templates ``mangfold/templates/summary/`` (``document.html.j2`` and the
parts it includes), rendered by :func:`mangfold.markup.render` with autoescape on: every value is
escaped unless a filter made it HTML.

The output depends on nothing but the summary: the same summary gives the same bytes (the only time
in it is ``summary.generated``).

A knowledge check that has not been answered shows neither the right answer nor the explanation, and
an exercise that has not been checked shows no suggestions: the course shows them only after an answer,
and the first answer is the one that counts.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .. import i18n
from ..course import MODULE_IDS
from ..course_state import DONE, NOT_STARTED
from ..markup import render
from .model import CourseSummary
from .sources import course_sources

TEMPLATE = "summary/document.html.j2"


def _words(language: str, key: str, **values: object) -> str:
    """One word of the summary's interface (``summary.<key>``); the template escapes it."""
    return i18n.text(language, f"summary.{key}", **values)


def _date(stamp: str) -> str:
    """The day of an ISO time stamp (YYYY-MM-DD, the same in both languages); other text as it is."""
    try:
        return datetime.fromisoformat(stamp).date().isoformat()
    except ValueError:
        return stamp


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot end the string or the <style> element."""
    return '"' + "".join(ch if ch.isalnum() or ch in " .,:;-–()«»“”" else f"\\{ord(ch):x} " for ch in text) + '"'


def log_context(summary: CourseSummary) -> dict[str, Any]:
    """What the course log's templates read (header, modules, action plan, sources): the log document and the
    appendix of the jobbstøtte's feedback page draw on the same."""
    return {
        "summary": summary,
        "t": partial(_words, summary.language),
        "day": _date,
        "sources": course_sources(summary),  # each source once (same id in the briefs, address or title)
        "module_count": len(MODULE_IDS),
        "DONE": DONE,
        "NOT_STARTED": NOT_STARTED,
    }


def summary_html(summary: CourseSummary) -> str:
    """The course log as one HTML document in ``summary.language``, ready to save or print."""
    context = log_context(summary)
    document = render(
        TEMPLATE,
        **context,
        style=Markup(STYLE),  # the package's own style sheet, not text: it goes into <style> as it is
        footer=Markup(_css_string(context["t"]("log_title"))),  # a CSS string that cannot leave the string or <style>
    )
    return str(document)  # plain text again: a caller that puts the document into an attribute escapes it


#: The document's style (summary.css beside this file): the course's tokens from
#: ``jupyter_data/voila/templates/mangfold/static/mangfold.css`` (modelled on Digdir's Designsystemet) and
#: the same contrast; for print, A4 with page numbers. Icons are inline SVG data, so nothing is fetched.
STYLE = (Path(__file__).parent / "summary.css").read_text(encoding="utf-8")
