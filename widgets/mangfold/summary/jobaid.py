"""The jobbstøtte (job aid) as plain data: two A4 pages a manager keeps for the next recruitment.

The old summary replayed every choice and its feedback over twenty pages, and the part a manager uses
(the checklist beside their own reflections, the action plan) came at the end. The jobbstøtte is that
part alone: one checklist step per module, in the order of a recruitment, with the learner's reflection
from the same module beside it; the action plan; three rules a manager must not forget (the ban on
asking, the duty to call to interview, documenting as you go); and where to read more. Everything else
(the choices, feedback, checks, exercises and the reflections in full) is the course log, an appendix.

Two pages, always: a reflection may be 200 000 characters. Each learner text is cut to a fixed number of
words AND a fixed width (a "word" of 20 000 letters is one word; a capital or an East Asian character counts
wider than a small letter), with its whitespace folded to single spaces; a cut text says so and where the
whole of it is (the course log). The PDF's template also gives each text a greatest height, and the HTML's
print style a number of lines, so no letter however wide can push a step off page 1. Course text (the checklist, the
rules, the reading list) is in ``06-oppsummering/documents.<language>.yaml`` under ``job_aid``, bounded by
its schema (:class:`mangfold.content.documents.JobAidText`). The exports (:mod:`.jobaid_export`) build from
this data alone, so the PDF, the Word file and the HTML cannot disagree.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..content.documents import JobAidText, documents_path, load_documents
from ..content.errors import ContentError, Problem
from ..course import MODULE_IDS, locate_course
from ..course_state import DONE
from ..markup import plain_text
from ..progress.trust import SUMMARY_MODULE
from .docx import course_inline, format_date
from .model import CourseSummary, ModuleRecord

#: what of a reflection the jobbstøtte shows, per checklist step (shared by the step's reflections): words, and
#: width in average letters (see :func:`text_width`)
STEP_WORDS, STEP_WIDTH = 45, 300
#: what of one line of the action plan it shows
PLAN_WORDS, PLAN_WIDTH = 30, 210
#: what of the post's title and unit it shows in the heading
POST_WORDS, POST_WIDTH = 10, 70


def char_width(ch: str) -> float:
    """How wide a character prints, in average lowercase letters: a capital 1.4 (a row of «W» is the widest
    text in the PDF's typeface), a wide East Asian character 2, any other 1. Only an estimate, but one
    that errs wide, so that a cut text fits the space the layout gives it."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2.0
    return 1.4 if ch.isupper() else 1.0


def text_width(text: str) -> float:
    return sum(char_width(ch) for ch in text)


@dataclass(frozen=True)
class Excerpt:
    """Learner text as the jobbstøtte shows it: whitespace folded, control characters gone, maybe cut short."""

    text: str
    cut: bool  # the learner wrote more


def excerpt(text: str, words: int, width: float) -> Excerpt | None:
    """The start of ``text``: at most ``words`` words and ``width`` (:func:`text_width`); None when it is empty.

    A cut ends where a word ends if one ends within the last quarter of the allowance, else mid-word (a
    20 000-letter "word" must be cut somewhere), and without trailing punctuation, so the mark that
    follows it reads cleanly.
    """
    folded = " ".join(plain_text(text).split())
    if not folded:
        return None
    tokens = folded.split(" ")
    shown = " ".join(tokens[:words])
    cut = len(tokens) > words
    used, end = 0.0, len(shown)
    for index, ch in enumerate(shown):
        used += char_width(ch)
        if used > width:
            end = index
            break
    if end < len(shown):
        cut = True
        space = shown.rfind(" ", 0, end + 1)
        shown = shown[:space] if space >= end * 3 // 4 else shown[:end]
    if cut:
        shown = shown.rstrip(" ,.;:!?–-")
    return Excerpt(shown, cut)


@dataclass(frozen=True)
class AidReflection:
    prompt: str  # the course's question, as plain text
    excerpt: Excerpt | None  # None: the learner has written nothing


@dataclass(frozen=True)
class AidStep:
    """One step of a recruitment: the course's checklist, and what the learner wrote in the module behind it."""

    number: int
    heading: str
    points: tuple[str, ...]
    module_title: str | None  # None when the summary has no such module (its folder is missing)
    reflections: tuple[AidReflection, ...]


@dataclass(frozen=True)
class AidRule:
    heading: str
    law: str
    lead: str
    points: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class AidLink:
    title: str
    url: str

    @property
    def host(self) -> str:
        """The address to print: the site alone (``ldo.no``); the whole address is the link."""
        host = urlsplit(self.url).hostname or self.url
        return host.removeprefix("www.")


@dataclass(frozen=True)
class JobAid:
    language: str
    date: str  # YYYY-MM-DD
    post_title: Excerpt | None
    post_unit: Excerpt | None
    steps: tuple[AidStep, ...]
    plan: tuple[Excerpt, ...]
    rules: tuple[AidRule, ...]
    read_more: tuple[AidLink, ...]
    modules_done: int
    modules_total: int

    @property
    def complete(self) -> bool:
        return self.modules_done == self.modules_total


def _candidate_folders(content_root: Path | None) -> list[Path]:
    """Where the job aid's text may be: the summary folder of the course the summary was built from, then that
    of the course the package finds (its release, then its source)."""
    folders = [Path(content_root) / SUMMARY_MODULE] if content_root else []
    try:
        course = locate_course()
    except FileNotFoundError:
        return folders
    return [*folders, course.release / SUMMARY_MODULE, course.source / SUMMARY_MODULE]


def jobaid_text(language: str, content_root: Path | None = None) -> JobAidText:
    """The jobbstøtte's course text in ``language``: from the first documents file that has it.

    A trainer's course may carry a documents file of its own from before the jobbstøtte (without
    ``job_aid``); it still gives the job analysis and the guides their text, and the jobbstøtte takes the
    course's own."""
    looked: list[Path] = []
    for folder in _candidate_folders(content_root):
        if not documents_path(folder, language).is_file():
            continue
        looked.append(folder)
        text = load_documents(folder, language).job_aid
        if text is not None:
            return text
    raise ContentError([Problem(Path(content_root or "."), ("job_aid",),
                                f"no documents.{language}.yaml with a job_aid section in: "
                                f"{', '.join(str(f) for f in looked) or '(no documents file found)'}")])


def _step(number: int, heading: str, points: list[str], module: ModuleRecord | None) -> AidStep:
    reflections = module.reflections if module else ()
    share = max(1, len(reflections))  # the step's allowance is shared: two reflections get half each
    return AidStep(
        number, heading, tuple(points), module.title if module else None,
        tuple(AidReflection(course_inline(r.prompt), excerpt(r.text, STEP_WORDS // share, STEP_WIDTH / share))
              for r in reflections))


def job_aid(summary: CourseSummary, content_root: Path | None = None) -> JobAid:
    """The jobbstøtte for ``summary``; ``content_root`` is the course folder whose summary folder holds its text."""
    text = jobaid_text(summary.language, content_root)
    steps = tuple(_step(number, step.heading, step.points, summary.module(module_id))
                  for number, (module_id, step) in enumerate(zip(MODULE_IDS, text.steps, strict=True), start=1))
    plan = tuple(e for e in (excerpt(a, PLAN_WORDS, PLAN_WIDTH) for a in summary.action_plan) if e is not None)
    post = summary.post
    return JobAid(
        language=summary.language,
        date=format_date(summary.generated),
        post_title=excerpt(post.title, POST_WORDS, POST_WIDTH) if post else None,
        post_unit=excerpt(post.unit, POST_WORDS, POST_WIDTH) if post else None,
        steps=steps,
        plan=plan,
        rules=tuple(AidRule(r.heading, r.law, r.lead, tuple(r.points), r.note) for r in text.rules),
        read_more=tuple(AidLink(r.title, r.url) for r in text.read_more),
        modules_done=sum(m.status == DONE for m in summary.modules),
        modules_total=len(MODULE_IDS),
    )
