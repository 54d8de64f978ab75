"""The course log (kurslogg) as a PDF, typeset in-process by Typst: the jobbstøtte's appendix, no browser.

It shows what the HTML and Word log show (:mod:`.html`, :mod:`.docx`): each module's status, the choices
with the feedback, the checks, the exercises, the reflections in full, the learning points, then the action
plan and the sources, each source once. Course text is Markdown; it goes to the template as data, not as
markup: paragraphs, lists and tables of *runs* (a text with bold, italic, code or a link), which
``kurslogg.typ`` sets with Typst's own functions. Learner text goes as plain strings. Nothing the course or
the learner wrote is ever read as Typst, so nothing in it can change the document.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import mistune

from .. import i18n
from ..course import MODULE_IDS
from ..course_state import DONE, NOT_STARTED
from ..markup import plain_text
from .docx import format_date
from .jobaid_export import breakable
from .model import CheckRecord, CourseSummary, ExerciseRecord, ModuleRecord, ScenarioRecord
from .sources import course_sources
from .typeset import typeset_pdf

TEMPLATE = "kurslogg.typ"

_markdown_ast = mistune.create_markdown(renderer="ast", plugins=["strikethrough", "table"])

Run = dict[str, Any]
Block = dict[str, Any]


def _runs(tokens: Iterable[dict[str, Any]], bold: bool = False, italic: bool = False,
          url: str | None = None) -> list[Run]:
    """Inline Markdown as runs: ``{"t": text, "b": bold, "i": italic, "c": code, "u": link address}``."""
    runs: list[Run] = []

    def add(text: str, code: bool = False) -> None:
        if text:
            runs.append({"t": breakable(plain_text(text)), "b": bold, "i": italic, "c": code, "u": url})

    for token in tokens:
        kind = token["type"]
        children = token.get("children", ())
        if kind == "text":
            add(html_lib.unescape(token["raw"]))
        elif kind == "codespan":
            add(token.get("raw", ""), code=True)
        elif kind in ("softbreak", "linebreak"):
            add(" ")
        elif kind == "strong":
            runs += _runs(children, True, italic, url)
        elif kind == "emphasis":
            runs += _runs(children, bold, True, url)
        elif kind == "link":
            address = token.get("attrs", {}).get("url", "")
            runs += _runs(children, bold, italic, address if address.startswith(("http://", "https://")) else url)
        elif children:
            runs += _runs(children, bold, italic, url)
        else:  # inline HTML and anything unknown: its source, as text
            add(token.get("raw", ""))
    return runs


def _blocks(tokens: Iterable[dict[str, Any]]) -> list[Block]:
    """Block Markdown as data: ``p`` (runs), ``list`` (items of blocks), ``quote``, ``code``, ``table``."""
    blocks: list[Block] = []
    for token in tokens:
        kind = token["type"]
        children = token.get("children", ())
        if kind in ("paragraph", "block_text"):
            blocks.append({"k": "p", "r": _runs(children)})
        elif kind == "heading":
            blocks.append({"k": "p", "r": _runs(children, bold=True)})
        elif kind == "list":
            attrs = token.get("attrs", {})
            blocks.append({"k": "list", "ordered": bool(attrs.get("ordered")), "start": attrs.get("start") or 1,
                           "items": [_blocks(item.get("children", ())) for item in children]})
        elif kind == "block_quote":
            blocks.append({"k": "quote", "b": _blocks(children)})
        elif kind in ("block_code", "block_html"):
            blocks.append({"k": "code", "t": breakable(plain_text(token.get("raw", "").strip("\n")))})
        elif kind == "table":
            rows = []
            for part in children:
                for row in ([part] if part["type"] == "table_head" else part.get("children", ())):
                    rows.append([_runs(cell.get("children", ())) for cell in row.get("children", ())])
            width = max((len(r) for r in rows), default=0)
            blocks.append({"k": "table", "rows": [r + [[]] * (width - len(r)) for r in rows]})
    return blocks


@lru_cache(maxsize=4096)
def _markdown(text: str) -> tuple[Block, ...]:
    return tuple(_blocks(_markdown_ast(text or "")))


def markdown_blocks(text: str) -> list[Block]:
    """Course Markdown as the blocks ``kurslogg.typ`` sets."""
    return list(_markdown(text))


def _learner(text: str) -> str | None:
    """Learner text as the log shows it: whole, control characters gone, long runs breakable; None if empty."""
    clean = plain_text(text).strip()
    return breakable(clean) if clean else None


def _scenario(s: ScenarioRecord, t: Any) -> dict[str, Any]:
    steps = []
    previous = None
    for step in s.steps:
        steps.append({"situation": markdown_blocks(step.situation) if step.situation != previous else None,
                      "choice": step.choice, "quality": step.quality,
                      "quality_label": t(f"quality_{step.quality}"), "feedback": markdown_blocks(step.feedback)})
        previous = step.situation
    ending = None if s.ending_title is None else {"title": s.ending_title,
                                                  "debrief": markdown_blocks(s.debrief or "")}
    return {"title": s.title, "steps": steps, "ending": ending,
            "missing": t("missing_scenario", title=s.title) if s.ending_title is None else None}


def _check(c: CheckRecord, t: Any) -> dict[str, Any]:
    answered = c.correct is not None
    return {"question": markdown_blocks(c.question), "answered": answered,
            "verdict": None if not answered else t("correct" if c.correct else "wrong"),
            "correct": bool(c.correct),
            "first": [markdown_blocks(a) for a in c.first_answer] if answered else [],
            "right": [markdown_blocks(a) for a in c.right_answer] if answered else [],
            "explanation": markdown_blocks(c.explanation) if answered else []}


def _exercise(e: ExerciseRecord, t: Any) -> dict[str, Any]:
    return {"title": e.title, "checked": e.checked,
            "rows": [{"item": markdown_blocks(p.item), "placed": p.placed, "suggested": p.suggested,
                      "quality": p.quality if e.checked else None,
                      "feedback": markdown_blocks(p.feedback) if e.checked else []} for p in e.placements],
            "ranked_label": e.ranked_category if e.ranked_items else None,
            "ranked": [markdown_blocks(item) for item in e.ranked_items],
            "missing": None if e.done else t("missing_exercise", title=e.title)}


def _module(m: ModuleRecord, t: Any) -> dict[str, Any]:
    started = m.status != NOT_STARTED
    return {
        "number": m.number,
        "heading": t("module_heading", number=m.number, title=m.title),
        "status": t(f"status_{m.status}"),
        "done": m.status == DONE,
        "counts": t("items_done", done=m.done_items, total=m.total_items),
        "problem": t("untrusted") if m.problem else None,
        "scenarios": [_scenario(s, t) for s in m.scenarios] if started else [],
        "checks": [_check(c, t) for c in m.checks] if started else [],
        "exercises": [_exercise(e, t) for e in m.exercises] if started else [],
        "reflections": [{"prompt": markdown_blocks(r.prompt), "text": _learner(r.text),
                         "missing": None if r.done else t("missing_reflection", min_words=r.min_words)}
                        for r in m.reflections] if started else [],
        "points": [markdown_blocks(p) for p in m.learning_points],
    }


def log_data(summary: CourseSummary) -> dict[str, Any]:
    """The course log as the one JSON value ``kurslogg.typ`` reads."""
    language = summary.language

    def t(key: str, **values: object) -> str:
        return i18n.text(language, f"summary.{key}", **values)

    done = sum(m.status == DONE for m in summary.modules)
    total = len(MODULE_IDS)
    return {
        "lang": language,
        "title": t("log_title"),
        "lead": t("log_lead"),
        "date": t("generated", date=format_date(summary.generated)),
        "status": t("complete") if summary.complete else t("incomplete", missing=total - done, total=total),
        "complete": summary.complete,
        "labels": {key: t(key) for key in ("your_choices", "you_chose", "feedback", "ending", "checks",
                                           "your_first_answer", "right_answer", "not_answered", "reflections",
                                           "no_text", "exercise", "your_placement", "suggested", "not_placed",
                                           "your_order", "learning_points", "action_plan", "action_plan_lead",
                                           "action_plan_empty", "sources", "missing_check")}
        | {"item": i18n.text(language, "docx.item"), "explanation": i18n.text(language, "docx.explanation")},
        "modules": [_module(m, t) for m in summary.modules],
        "plan": [text for text in (_learner(a) for a in summary.action_plan) if text],
        "sources": [{"text": s.text, "url": s.url} for s in course_sources(summary)],
    }


def log_pdf(summary: CourseSummary) -> bytes:
    """The course log as an A4 PDF, made in-process (no browser)."""
    return typeset_pdf(TEMPLATE, log_data(summary))
