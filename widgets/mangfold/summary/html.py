"""The course summary as one self-contained HTML document, for the screen, for printing and for the PDF.

The document has no external resources (inline CSS; its few icons are inline SVG ``data:`` URIs), no
script and no buttons, so it reads the same when it is saved, e-mailed or opened years later. It is
written in the summary's language: interface words come from :mod:`.strings`, course text (situations,
feedback, questions, explanations, learning points) is rendered as Markdown with
:func:`~mangfold.markup.markdown_html`, and learner text (reflections, the action plan) is only ever
escaped with :func:`~mangfold.markup.learner_html`, never read as Markdown or HTML.

The output depends on nothing but the summary: the same summary gives the same bytes (the only time
in it is ``summary.generated``).

A knowledge check that has not been answered shows neither the right answer nor the explanation, and
an exercise that has not been checked shows no suggestions: the course shows them only after an answer,
and the first answer is the one that counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from ..course import MODULE_IDS
from ..course_state import DONE, NOT_STARTED
from ..markup import escape, inline_markdown_html, learner_html, markdown_html
from .model import CheckRecord, CourseSummary, ExerciseRecord, ModuleRecord, ReflectionRecord, ScenarioRecord
from .strings import summary_text


class _Words:
    """The summary's interface words in one language, already escaped for HTML."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return escape(summary_text(self.language, key, **values))

    def plain(self, key: str, **values: object) -> str:
        return summary_text(self.language, key, **values)


def _date(stamp: str) -> str:
    """The day of an ISO time stamp (YYYY-MM-DD, the same in both languages); other text as it is."""
    try:
        return datetime.fromisoformat(stamp).date().isoformat()
    except ValueError:
        return stamp


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot end the string or the <style> element."""
    return '"' + "".join(ch if ch.isalnum() or ch in " .,:;-–()«»“”" else f"\\{ord(ch):x} " for ch in text) + '"'


def _missing(words: _Words, module: ModuleRecord) -> list[str]:
    """What the learner has still to do in a module, one HTML fragment per item."""
    items = []
    for missing in module.missing:
        reference = (f' <span class="ref">{inline_markdown_html(missing.reference)}</span>'
                     if missing.reference else "")
        items.append(words(missing.key, **dict(missing.values)) + reference)
    return items


def _list(items: Iterable[str], tag: str = "ul", cls: str = "") -> str:
    attribute = f' class="{cls}"' if cls else ""
    return f"<{tag}{attribute}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


def _note(text: str, kind: str = "missing") -> str:
    return f'<p class="note note--{kind}">{text}</p>'


# -- the top of the document ---------------------------------------------------------------------------
def _header(words: _Words, summary: CourseSummary) -> str:
    parts = ['<header class="doc-header">',
             f"<h1>{words('title')}</h1>",
             f'<p class="lead">{words("lead")}</p>',
             f'<p class="meta">{words("generated", date=_date(summary.generated))}</p>']
    if summary.complete:
        parts.append(f'<div class="status-box status-box--done"><p><strong>{words("complete")}</strong></p></div>')
    else:
        done = sum(m.status == DONE for m in summary.modules)
        total = len(MODULE_IDS)
        parts.append('<div class="status-box status-box--incomplete">')
        parts.append(f'<p><strong>{words("incomplete", missing=total - done, total=total)}</strong></p>')
        rows = []
        for module in summary.modules:
            if module.status == DONE:
                continue
            heading = words("module_heading", number=module.number, title=module.title)
            row = [f'<a href="#modul-{module.number}">{heading}</a> '
                   f'<span class="counts">({words("items_done", done=module.done_items, total=module.total_items)})'
                   "</span>"]
            if module.problem:
                row.append(_note(words("untrusted"), "untrusted"))
            if module.status != NOT_STARTED:  # "0 of 7 tasks done" says it all; a list of seven would not
                row.append(_list(_missing(words, module)))
            rows.append("".join(row))
        if rows:
            parts.append(_list(rows, cls="missing-modules"))
        parts.append("</div>")
    parts.append("</header>")
    return "\n".join(parts)


# -- one module ----------------------------------------------------------------------------------------
def _scenario(words: _Words, scenario: ScenarioRecord) -> str:
    parts = ['<div class="block scenario">', f"<h4>{escape(scenario.title)}</h4>"]
    if scenario.steps:
        steps = []
        previous = None
        for step in scenario.steps:
            quality = escape(step.quality)
            html = []
            if step.situation != previous:  # after "try another choice" the same situation comes again
                html.append(f'<div class="situation">{markdown_html(step.situation)}</div>')
            previous = step.situation
            html.append(f'<p class="chose"><span class="label">{words("you_chose")}:</span> '
                        f'<span class="choice">{escape(step.choice)}</span> '
                        f'<span class="badge badge--{quality}">{words("quality_" + step.quality)}</span></p>')
            html.append(f'<div class="feedback feedback--{quality}">'
                        f'<p class="label">{words("feedback")}</p>{markdown_html(step.feedback)}</div>')
            steps.append("".join(html))
        parts.append(_list(steps, "ol", "steps"))
    if scenario.ending_title is not None:
        parts.append(f'<div class="ending"><p class="label">{words("ending")}</p>'
                     f'<p class="ending-title">{escape(scenario.ending_title)}</p>'
                     f"{markdown_html(scenario.debrief or '')}</div>")
    else:
        parts.append(_note(words("missing_scenario", title=scenario.title)))
    parts.append("</div>")
    return "\n".join(parts)


def _answer(options: tuple[str, ...]) -> str:
    if len(options) == 1:
        return f'<span class="option">{escape(options[0])}</span>'
    return _list((escape(o) for o in options), cls="options")


def _check(words: _Words, check: CheckRecord) -> str:
    parts = ['<div class="block check">', f'<div class="question">{markdown_html(check.question)}</div>']
    if check.correct is None:
        parts.append(_note(words("missing_check")))
    else:
        verdict = "correct" if check.correct else "wrong"
        parts.append(f'<dl class="answers"><div><dt>{words("your_first_answer")} '
                     f'<span class="badge badge--{verdict}">{words(verdict)}</span></dt>'
                     f"<dd>{_answer(check.first_answer)}</dd></div>"
                     f'<div><dt>{words("right_answer")}</dt><dd>{_answer(check.right_answer)}</dd></div></dl>')
        parts.append(f'<div class="explanation">{markdown_html(check.explanation)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _exercise(words: _Words, exercise: ExerciseRecord) -> str:
    shown = exercise.checked  # the course shows its suggestions only after the learner has checked
    head = f'<th scope="col">{words("your_placement")}</th>'
    if shown:
        head += f'<th scope="col">{words("suggested")}</th>'
    rows = []
    for placement in exercise.placements:
        item = inline_markdown_html(placement.item)
        if shown:
            item += f'<div class="item-feedback">{markdown_html(placement.feedback)}</div>'
        if placement.placed is None:
            placed = f'<span class="muted">{words("not_placed")}</span>'
        elif shown and placement.quality:
            quality = escape(placement.quality)
            placed = (f'<span class="mark mark--{quality}" role="img" aria-label="{words("quality_" + quality)}">'
                      f"</span>{escape(placement.placed)}")
        else:
            placed = escape(placement.placed)
        cells = f'<th scope="row">{item}</th><td>{placed}</td>'
        if shown:
            cells += f"<td>{escape(placement.suggested)}</td>"
        rows.append(f"<tr>{cells}</tr>")
    parts = ['<div class="block exercise">',
             f'<h3>{words("exercise")}: {escape(exercise.title)}</h3>',
             f'<table class="placements"><thead><tr><td></td>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>']
    if exercise.ranked_category and exercise.ranked_items:
        parts.append(f'<p class="label">{words("your_order")}: {escape(exercise.ranked_category)}</p>')
        parts.append(_list((inline_markdown_html(i) for i in exercise.ranked_items), "ol", "ranked"))
    if not exercise.done:
        parts.append(_note(words("missing_exercise", title=exercise.title)))
    parts.append("</div>")
    return "\n".join(parts)


def _learner_text(words: _Words, reflection: ReflectionRecord) -> str:
    if reflection.text.strip():
        return f'<div class="learner-text">{learner_html(reflection.text)}</div>'
    return f'<p class="muted">{words("no_text")}</p>'


def _reflection(words: _Words, reflection: ReflectionRecord) -> str:
    parts = ['<div class="block reflection">', f'<div class="prompt">{markdown_html(reflection.prompt)}</div>',
             _learner_text(words, reflection)]
    if not reflection.done:
        parts.append(_note(words("missing_reflection", min_words=reflection.min_words)))
    parts.append("</div>")
    return "\n".join(parts)


def _module(words: _Words, module: ModuleRecord) -> str:
    status = escape(module.status)
    parts = [f'<section class="module" id="modul-{module.number}">',
             f'<h2>{words("module_heading", number=module.number, title=module.title)}</h2>',
             f'<p class="module-status"><span class="status status--{status}">{words("status_" + module.status)}'
             f'</span> <span class="counts">{words("items_done", done=module.done_items, total=module.total_items)}'
             "</span></p>"]
    if module.problem:
        parts.append(_note(words("untrusted"), "untrusted"))
    if module.status != NOT_STARTED:
        parts.extend(_work(words, module))
    if module.learning_points:
        parts.append(f'<h3>{words("learning_points")}</h3>')
        parts.append(_list((inline_markdown_html(p) for p in module.learning_points), cls="points"))
    parts.append("</section>")
    return "\n".join(parts)


def _work(words: _Words, module: ModuleRecord) -> list[str]:
    """What the learner did in a started module (a module not started has nothing to show but its status)."""
    parts = []
    if module.scenarios:
        parts.append(f'<h3>{words("your_choices")}</h3>')
        parts.extend(_scenario(words, s) for s in module.scenarios)
    if module.checks:
        parts.append(f'<h3>{words("checks")}</h3>')
        parts.extend(_check(words, c) for c in module.checks)
    parts.extend(_exercise(words, e) for e in module.exercises)
    if module.reflections:
        parts.append(f'<h3>{words("reflections")}</h3>')
        parts.extend(_reflection(words, r) for r in module.reflections)
    return parts


# -- the job-support tool --------------------------------------------------------------------------------
def _checklist(words: _Words, summary: CourseSummary) -> str:
    groups = []
    for module in summary.modules:
        points = _list((inline_markdown_html(p) for p in module.learning_points), cls="ticks")
        written = [f'<div class="mine"><div class="prompt">{inline_markdown_html(r.prompt)}</div>'
                   f'<div class="learner-text">{learner_html(r.text)}</div></div>'
                   for r in module.reflections if r.text.strip()]
        mine = "".join(written) or f'<p class="muted">{words("no_text")}</p>'
        groups.append(f'<tbody><tr class="step"><th colspan="2" scope="rowgroup">'
                      f'{words("checklist_step", number=module.number, title=module.title)}</th></tr>'
                      f"<tr><td>{points}</td><td>{mine}</td></tr></tbody>")
    return "\n".join([
        '<section class="tool" id="sjekkliste">',
        f'<h2>{words("checklist")}</h2>',
        f'<p>{words("checklist_lead")}</p>',
        f'<table class="checklist"><thead><tr><th scope="col">{words("learning_points")}</th>'
        f'<th scope="col">{words("your_reflections")}</th></tr></thead>',
        *groups,
        "</table>",
        "</section>",
    ])


def _action_plan(words: _Words, summary: CourseSummary) -> str:
    parts = ['<section class="plan" id="handlingsplan">', f'<h2>{words("action_plan")}</h2>']
    if summary.action_plan:
        parts.append(f'<p>{words("action_plan_lead")}</p>')
        parts.append(_list((f'<span class="learner-text">{learner_html(a)}</span>' for a in summary.action_plan),
                           "ol", "plan-items"))
    else:
        parts.append(f'<p class="muted">{words("action_plan_empty")}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _sources(words: _Words, summary: CourseSummary) -> str:
    seen: dict[str, None] = {}
    for module in summary.modules:
        for source in module.sources:
            seen.setdefault(source)
    if not seen:
        return ""
    return "\n".join(['<section class="sources" id="kilder">', f'<h2>{words("sources")}</h2>',
                      _list((inline_markdown_html(s) for s in seen), cls="source-list"), "</section>"])


# -- the document ------------------------------------------------------------------------------------------
def summary_html(summary: CourseSummary) -> str:
    """The whole summary as one HTML document in ``summary.language``, ready to save, print or turn into PDF."""
    words = _Words(summary.language)
    footer = _css_string(words.plain("title"))
    body = [_header(words, summary), *(_module(words, m) for m in summary.modules),
            _checklist(words, summary), _action_plan(words, summary), _sources(words, summary)]
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{escape(summary.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{words('title')}</title>",
        f"<style>\n{STYLE}@page {{ @bottom-left {{ content: {footer}; }} }}\n</style>",
        "</head>",
        "<body>",
        '<main class="doc">',
        *(part for part in body if part),
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


#: The document's style (summary.css beside this file): the course's tokens from
#: ``jupyter_data/voila/templates/mangfold/static/mangfold.css`` (modelled on Digdir's Designsystemet) and
#: the same contrast; for print, A4 with page numbers. Icons are inline SVG data, so nothing is fetched.
STYLE = (Path(__file__).parent / "summary.css").read_text(encoding="utf-8")
