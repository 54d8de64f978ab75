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
                row.append(_note(words("untrusted", reason=module.problem), "untrusted"))
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
        parts.append(_note(words("untrusted", reason=module.problem), "untrusted"))
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


_ICON_GOOD = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='24' height='24' viewBox='0 0 24 24'"
              "%3E%3Ccircle cx='12' cy='12' r='11' fill='%23056d13'/%3E%3Cpath d='M6.5 12.5l3.6 3.6 7.4-7.6' "
              "fill='none' stroke='%23fff' stroke-width='2.6' stroke-linecap='round' stroke-linejoin='round'/%3E"
              "%3C/svg%3E")
_ICON_PARTLY = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='24' height='24' "
                "viewBox='0 0 24 24'%3E%3Ccircle cx='12' cy='12' r='10' fill='%23fff' stroke='%2380540f' "
                "stroke-width='2'/%3E%3Cpath d='M12 2a10 10 0 0 1 0 20z' fill='%2380540f'/%3E%3C/svg%3E")
_ICON_WEAK = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='24' height='24' viewBox='0 0 24 24'"
              "%3E%3Cpath d='M12 1.8L23 21.5H1z' fill='%23b81a1a' stroke='%23b81a1a' stroke-width='1.5' "
              "stroke-linejoin='round'/%3E%3Cpath d='M12 8.5v6.2' stroke='%23fff' stroke-width='2.6' "
              "stroke-linecap='round'/%3E%3Ccircle cx='12' cy='18.2' r='1.5' fill='%23fff'/%3E%3C/svg%3E")
_ICON_WRONG = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='24' height='24' "
               "viewBox='0 0 24 24'%3E%3Crect x='1.5' y='1.5' width='21' height='21' rx='4' fill='%23b81a1a'/%3E"
               "%3Cpath d='M8 8l8 8M16 8l-8 8' stroke='%23fff' stroke-width='2.6' stroke-linecap='round'/%3E"
               "%3C/svg%3E")

#: The document's style: the course's tokens (``jupyter_data/voila/templates/mangfold/static/mangfold.css``,
#: modelled on Digdir's Designsystemet) and the same contrast; for print, A4 with page numbers.
STYLE = """\
/* tokens: the course's own (colour, type scale, spacing, radii), so the export looks like the course */
:root {
  --color-page: #f3f5f7;
  --color-surface: #ffffff;
  --color-surface-tinted: #f3f4f4;
  --color-surface-hover: #e7e9ea;
  --color-border-subtle: #dde1e6;
  --color-border: #b8bcc1;
  --color-border-field: #6c7581;
  --color-text: #1f2c3d;
  --color-text-subtle: #4f5966;
  --color-accent: #0062ba;
  --color-accent-text: #005db1;
  --color-accent-text-strong: #002c54;
  --color-accent-bg: #eef4fa;
  --color-accent-surface: #ddeaf6;
  --color-accent-border-subtle: #99c0e3;
  --color-success-bg: #ecf6ee;
  --color-success-surface: #daeddd;
  --color-success-border: #108c22;
  --color-success-text: #023409;
  --color-warning-bg: #fcf2e2;
  --color-warning-border: #a56d13;
  --color-warning-text: #3c2807;
  --color-danger-bg: #fbf1f1;
  --color-danger-border: #ce4d4d;
  --color-danger-text: #590d0d;
  --color-info-bg: #edf5fa;
  --color-info-border: #1f7dc5;
  --color-info-text: #042d4d;
  --font-family: "Inter", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans",
    "Liberation Sans", Arial, sans-serif;
  --font-size-sm: 1rem;
  --font-size-body: 1.125rem;
  --font-size-lead: 1.3125rem;
  --font-size-h3: 1.1875rem;
  --font-size-h2: 1.5rem;
  --font-size-h1: 2.25rem;
  --space-1: 0.25rem;
  --space-2: 0.5rem;
  --space-3: 0.75rem;
  --space-4: 1rem;
  --space-5: 1.25rem;
  --space-6: 1.5rem;
  --space-8: 2rem;
  --space-10: 2.5rem;
  --space-12: 3rem;
  --radius-sm: 4px;
  --radius-lg: 8px;
  --radius-xl: 12px;
  --radius-full: 999px;
  --shadow-sm: 0 0 1px 0 rgba(0, 0, 0, 0.15), 0 1px 2px 0 rgba(0, 0, 0, 0.12), 0 2px 4px 0 rgba(0, 0, 0, 0.06);
  --icon-good: url("ICON_GOOD");
  --icon-partly: url("ICON_PARTLY");
  --icon-weak: url("ICON_WEAK");
  --icon-wrong: url("ICON_WRONG");
}

/* page and text */
*, *::before, *::after { box-sizing: border-box; }
html { background: var(--color-page); -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  color: var(--color-text);
  font-family: var(--font-family);
  font-size: var(--font-size-body);
  line-height: 1.5;
  letter-spacing: 0.003em;
  -webkit-font-smoothing: antialiased;
}
.doc {
  display: block;
  max-width: 52rem;
  margin: var(--space-8) auto;
  padding: var(--space-12) var(--space-12) var(--space-10);
  background: var(--color-surface);
  border: 1px solid var(--color-border-subtle);
  border-radius: var(--radius-xl);
  box-shadow: var(--shadow-sm);
}
h1, h2, h3, h4 { margin: 0 0 var(--space-3); font-weight: 600; line-height: 1.25; letter-spacing: -0.005em; }
h1 { font-size: var(--font-size-h1); letter-spacing: -0.01em; }
h2 { font-size: var(--font-size-h2); }
h3 { margin-top: var(--space-8); font-size: var(--font-size-h3); }
h4 { font-size: var(--font-size-body); }
p { margin: 0 0 var(--space-4); }
ul, ol { margin: 0 0 var(--space-4); padding-inline-start: 1.5em; }
li { margin: 0 0 var(--space-2); }
li::marker { color: var(--color-text-subtle); }
:where(li, div, dd, td, th) > :last-child { margin-bottom: 0; }
a {
  color: var(--color-accent-text);
  text-decoration: underline;
  text-underline-offset: 0.2em;
  overflow-wrap: anywhere;
}
strong { font-weight: 600; }
.lead { max-width: 40rem; font-size: var(--font-size-lead); }
.meta, .counts, .muted, .ref { color: var(--color-text-subtle); }
.meta { font-size: var(--font-size-sm); }
.label {
  margin: 0 0 var(--space-1);
  color: var(--color-text-subtle);
  font-size: var(--font-size-sm);
  font-weight: 600;
}

/* the status at the top */
.doc-header { padding-bottom: var(--space-6); }
.status-box {
  margin: var(--space-6) 0 0;
  padding: var(--space-4) var(--space-5);
  border: 1px solid;
  border-inline-start-width: 6px;
  border-radius: var(--radius-lg);
  line-height: 1.6;
}
.status-box--done {
  background: var(--color-success-bg);
  border-color: var(--color-success-border);
  color: var(--color-success-text);
}
.status-box--incomplete {
  background: var(--color-warning-bg);
  border-color: var(--color-warning-border);
  color: var(--color-warning-text);
}
.status-box :is(p, li, a, .counts, .ref) { color: inherit; }
.status-box .ref { display: block; font-style: italic; }
.missing-modules { padding-inline-start: 1.25em; }
.missing-modules > li { margin-bottom: var(--space-3); }
.missing-modules ul { margin: var(--space-1) 0 0; padding-inline-start: 1.25em; }

/* modules */
.module, .tool, .plan, .sources {
  margin-top: var(--space-8);
  padding-top: var(--space-8);
  border-top: 1px solid var(--color-border-subtle);
}
.module-status { display: flex; flex-wrap: wrap; align-items: center; gap: var(--space-3); }
.status {
  display: inline-block;
  padding: 0.125rem var(--space-3);
  border-radius: var(--radius-sm);
  background: var(--color-surface-hover);
  color: var(--color-text);
  font-size: var(--font-size-sm);
  font-weight: 600;
  white-space: nowrap;
}
.status--done { background: var(--color-success-surface); color: var(--color-success-text); }
.status--in-progress { background: var(--color-accent-surface); color: var(--color-accent-text-strong); }
.block { margin: 0 0 var(--space-6); }
.block > h4 { margin-top: var(--space-5); }
.check + .check, .reflection + .reflection, .scenario + .scenario {
  padding-top: var(--space-5);
  border-top: 1px dashed var(--color-border-subtle);
}

/* quality: a shape and a word, never colour alone (as in the course) */
.badge {
  display: inline-block;
  padding: 0 var(--space-3) 0 var(--space-2);
  border: 2px solid var(--color-border);
  border-radius: var(--radius-full);
  background: var(--color-surface);
  font-size: var(--font-size-sm);
  font-style: normal;
  font-weight: 600;
  line-height: 1.5;
  white-space: nowrap;
  vertical-align: 0.05em;
}
.badge::before, .mark {
  content: "";
  display: inline-block;
  width: 1.1em;
  height: 1.1em;
  margin-inline-end: var(--space-2);
  vertical-align: -0.2em;
  background: no-repeat center / contain;
}
.badge--good, .badge--correct { border-color: var(--color-success-border); color: var(--color-success-text); }
.badge--partly { border: 4px double var(--color-warning-border); color: var(--color-warning-text); }
.badge--weak, .badge--wrong {
  border-color: var(--color-danger-border);
  border-style: dashed;
  color: var(--color-danger-text);
}
.badge--good::before, .badge--correct::before, .mark--good { background-image: var(--icon-good); }
.badge--partly::before, .mark--partly { background-image: var(--icon-partly); }
.badge--weak::before, .mark--weak { background-image: var(--icon-weak); }
.badge--wrong::before { background-image: var(--icon-wrong); }

/* scenarios */
.steps { padding: 0; list-style: none; counter-reset: step; }
.steps > li {
  position: relative;
  margin-bottom: var(--space-5);
  padding-inline-start: 2.25rem;
  counter-increment: step;
}
.steps > li::before {
  content: counter(step);
  position: absolute;
  left: 0;
  top: 0.1rem;
  width: 1.6rem;
  height: 1.6rem;
  border-radius: 50%;
  background: var(--color-accent-surface);
  color: var(--color-accent-text-strong);
  font-size: var(--font-size-sm);
  font-weight: 600;
  line-height: 1.6rem;
  text-align: center;
}
.situation { color: var(--color-text-subtle); }
.situation p { margin-bottom: var(--space-2); }
.chose { margin: var(--space-2) 0; }
.chose .label { display: inline; margin: 0; }
.choice { font-style: italic; }
.feedback, .ending, .explanation, .learner-text {
  padding: var(--space-3) var(--space-5);
  border: 1px solid var(--color-border);
  border-radius: var(--radius-lg);
  line-height: 1.6;
}
.feedback { border-inline-start-width: 6px; background: var(--color-surface-tinted); }
.feedback :is(p, .label) { color: inherit; }
.feedback p { margin-bottom: var(--space-2); }
.feedback--good {
  background: var(--color-success-bg);
  border-color: var(--color-success-border);
  color: var(--color-success-text);
}
.feedback--partly {
  background: var(--color-warning-bg);
  border-color: var(--color-warning-border);
  border-style: solid solid solid double;
  border-inline-start-width: 8px;
  color: var(--color-warning-text);
}
.feedback--weak {
  background: var(--color-danger-bg);
  border-color: var(--color-danger-border);
  border-style: dashed dashed dashed solid;
  color: var(--color-danger-text);
}
.ending {
  background: var(--color-accent-bg);
  border-color: var(--color-accent-border-subtle);
  border-inline-start: 6px solid var(--color-accent);
}
.ending-title { margin-bottom: var(--space-2); font-weight: 600; }

/* what is missing, where it is missing */
.note {
  margin: var(--space-3) 0 0;
  padding: var(--space-2) var(--space-4);
  border-inline-start: 4px solid var(--color-warning-border);
  border-radius: 0 var(--radius-sm) var(--radius-sm) 0;
  background: var(--color-warning-bg);
  color: var(--color-warning-text);
  font-size: var(--font-size-sm);
  line-height: 1.6;
}
.note--untrusted { margin: 0 0 var(--space-4); }
.status-box .note { margin: var(--space-2) 0; }

/* knowledge checks */
.question { margin-bottom: var(--space-3); font-weight: 600; }
.question p { margin-bottom: var(--space-2); }
.answers { display: grid; grid-template-columns: 1fr 1fr; gap: var(--space-4); margin: 0 0 var(--space-3); }
.answers dt {
  display: flex;
  align-items: center;
  gap: var(--space-2);
  min-height: 1.9rem;
  margin-bottom: var(--space-1);
  color: var(--color-text-subtle);
  font-size: var(--font-size-sm);
  font-weight: 600;
}
.answers dd { margin: 0; }
.options { margin: 0; padding-inline-start: 1.25em; }
.explanation {
  background: var(--color-info-bg);
  border-color: var(--color-info-border);
  color: var(--color-info-text);
}
.explanation p { margin-bottom: var(--space-2); }

/* exercises and tables */
table { width: 100%; margin: 0 0 var(--space-4); border-collapse: collapse; font-size: var(--font-size-sm); }
th, td {
  padding: var(--space-2) var(--space-3);
  border-bottom: 1px solid var(--color-border-subtle);
  text-align: start;
  vertical-align: top;
  overflow-wrap: break-word;
}
thead th { border-bottom: 2px solid var(--color-border); }
tbody th { font-weight: 600; }
.placements td { width: 24%; }
.item-feedback { margin-top: var(--space-1); color: var(--color-text-subtle); font-weight: 400; }
.item-feedback p { margin: 0; }
.ranked { margin-bottom: var(--space-3); }

/* reflections: the learner's own words, in a plain box */
.prompt { margin-bottom: var(--space-2); font-weight: 600; }
.prompt p { margin-bottom: var(--space-2); }
.learner-text { background: var(--color-surface); border-color: var(--color-border-field); overflow-wrap: anywhere; }

/* the job-support tool */
.checklist { table-layout: fixed; }
.checklist thead th { width: 50%; }
.checklist .step th {
  padding-top: var(--space-4);
  border-bottom: 1px solid var(--color-accent-border-subtle);
  background: var(--color-accent-bg);
  font-size: var(--font-size-body);
}
.ticks { margin: 0; padding: 0; list-style: none; }
.ticks li { position: relative; padding-inline-start: 1.75rem; }
.ticks li::before {
  content: "";
  position: absolute;
  left: 0;
  top: 0.2em;
  width: 1rem;
  height: 1rem;
  border: 2px solid var(--color-border-field);
  border-radius: var(--radius-sm);
  background: var(--color-surface);
}
.mine + .mine { margin-top: var(--space-3); }
.mine .prompt { margin-bottom: var(--space-1); color: var(--color-text-subtle); font-style: italic; font-weight: 400; }
.mine .learner-text {
  padding: 0 0 0 var(--space-3);
  border: 0;
  border-inline-start: 3px solid var(--color-accent-border-subtle);
  border-radius: 0;
  background: none;
}
.plan-items li { margin-bottom: var(--space-3); }
.plan-items .learner-text { display: inline; padding: 0; border: 0; background: none; }
.source-list { color: var(--color-text-subtle); font-size: var(--font-size-sm); }

@media (max-width: 40rem) {
  .doc { margin: 0; padding: var(--space-6) var(--space-4); border: 0; border-radius: 0; }
  h1 { font-size: 1.875rem; }
  h2 { font-size: 1.3125rem; }
  .answers { grid-template-columns: 1fr; }
}

/* print: A4, page numbers, every module and the checklist on a page of their own, link addresses shown */
@page {
  size: A4;
  margin: 18mm 18mm 20mm;
  @bottom-left { color: #4f5966; font-family: system-ui, sans-serif; font-size: 8pt; }
  @bottom-right { content: counter(page) " / " counter(pages); color: #4f5966; font-family: system-ui, sans-serif;
    font-size: 8pt; }
}
@media print {
  html, body { background: #ffffff; }
  body { font-size: 10.5pt; line-height: 1.45; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .doc { max-width: none; margin: 0; padding: 0; border: 0; border-radius: 0; box-shadow: none; }
  h1 { font-size: 22pt; }
  h2 { font-size: 16pt; }
  h3 { margin-top: 14pt; font-size: 12.5pt; }
  h4 { font-size: 11pt; }
  .lead { font-size: 12.5pt; }
  .label, .meta, .badge, .status, .note, table, .answers dt, .source-list { font-size: 9pt; }
  .module, .tool { margin-top: 0; padding-top: 0; border-top: 0; break-before: page; }
  .doc-header + .module { margin-top: 14pt; padding-top: 14pt; border-top: 1px solid var(--color-border-subtle);
    break-before: auto; }
  h1, h2, h3, h4, .label, .question, .prompt, .situation, .chose, .module-status { break-after: avoid; }
  .points, .ranked, .options { break-inside: avoid; }
  .status-box, .steps > li, .ending, .explanation, .answers, .note, tr, .mine, .plan-items li, .block > h4 {
    break-inside: avoid;
  }
  .checklist tbody { break-inside: avoid; }
  .checklist tr.step { break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
  thead { display: table-header-group; }
  a { color: inherit; }
  a[href^="http"]::after { content: " (" attr(href) ")"; color: #4f5966; font-size: 0.85em; overflow-wrap: anywhere; }
  button, input, .no-print { display: none !important; }
}
""".replace("ICON_GOOD", _ICON_GOOD).replace("ICON_PARTLY", _ICON_PARTLY).replace(
    "ICON_WEAK", _ICON_WEAK).replace("ICON_WRONG", _ICON_WRONG)
