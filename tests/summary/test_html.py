"""The course log as one HTML document: golden files, document structure, and learner text that stays text.

Golden files: ``tests/files/golden/summary-<learner>-<language>.html`` hold the whole document for a
complete and a partial learner in bokmål and English (``generated`` fixed to :data:`GENERATED`). When the
document changes on purpose::

    .venv/bin/python -m pytest tests/summary/test_html.py -p no:cacheprovider --update-goldens

rewrites every golden file that differs, fails the tests that rewrote one and ends the run failing with the
list of rewritten files (tests/helpers/goldens.py). Read the diff before committing, then run again WITHOUT
the option: the golden tests always compare, and only that run can pass.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mangfold import i18n
from mangfold.course import MODULE_IDS
from mangfold.course_state import IN_PROGRESS
from mangfold.summary import CourseSummary, build_summary
from mangfold.summary.html import STYLE, summary_html
from tests import learners
from tests.conftest import FILES, copy_module
from tests.helpers.goldens import Goldens
from tests.helpers.summary_courses import TREE

GOLDEN = FILES / "golden"
GENERATED = "2025-03-14T09:30:00.000000+00:00"
ACTION_PLAN = ("Skrive jobbanalysen før jeg ser på forrige annonse.",
               "Bruke de samme spørsmålene og den samme skalaen for alle kandidatene.")

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
MARKDOWN = "**ikke fet** og [ikke en lenke](https://example.com/x)"
CONTROL = "før\x00null\x07bjelle\x1b[31mfarge\u202esnudd\x7fslett etter"
CONTROL_AS_TEXT = "førnullbjelle[31mfargesnuddslett etter"
LONG = ("Lang refleksjon om rekruttering og krav. " * 1300)[:50_000]


# -- learners ---------------------------------------------------------------------------------------------
def fixed(summary: CourseSummary) -> CourseSummary:
    return dataclasses.replace(summary, generated=GENERATED)


@pytest.fixture(scope="module")
def complete_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every module done (the reflections are learners.HOSTILE_REFLECTION: markup that must stay text)."""
    root = tmp_path_factory.mktemp("complete")
    for module in MODULE_IDS:
        learners.complete(copy_module(module, root, TREE))
    return root


@pytest.fixture(scope="module")
def partial_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Module 1 and 2 half done, module 3 done, module 4 done but its file edited (untrusted), module 5 untouched."""
    root = tmp_path_factory.mktemp("partial")
    for module in MODULE_IDS:
        copy_module(module, root, TREE)
    learners.partial(root / MODULE_IDS[0])
    learners.partial(root / MODULE_IDS[1])
    learners.complete(root / MODULE_IDS[2], learners.LONG_REFLECTION)
    learners.tampered(root / MODULE_IDS[3])
    return root


def complete_summary(course: Path, language: str) -> CourseSummary:
    return fixed(build_summary(course, language, ACTION_PLAN))


def partial_summary(course: Path, language: str) -> CourseSummary:
    return fixed(build_summary(course, language))


# -- parsing ----------------------------------------------------------------------------------------------
class Document(HTMLParser):
    """Every element with its attributes, the headings in order, and the text as a reader gets it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self.text_parts: list[str] = []
        self._heading: list[str] | None = None
        self.doctype: str | None = None
        self.feed(html)
        self.close()
        self.text = "".join(self.text_parts)

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), "".join(self._heading).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def assert_well_formed(html: str, language: str) -> Document:
    """One h1 first, no heading level skipped on the way down, lang and title set, one <main>, nothing loaded."""
    document = Document(html)
    assert document.doctype and document.doctype.lower() == "doctype html"
    assert [a.get("lang") for a in document.tags("html")] == [language]
    assert len(document.tags("main")) == 1 and len(document.tags("title")) == 1
    assert i18n.text(language, "summary.log_title") in html.split("</title>")[0]
    levels = [level for level, _ in document.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading h{after} follows h{before}: {document.headings}"
    assert all(text for _, text in document.headings), "an empty heading"
    for tag in ("script", "link", "img", "iframe", "object", "embed", "svg", "form", "button", "input", "base"):
        assert not document.tags(tag), f"<{tag}> in the summary"
    for tag, attrs in document.elements:
        assert not [a for a in attrs if a.startswith("on")], f"event handler on <{tag}>: {attrs}"
        assert "src" not in attrs and "srcset" not in attrs, f"<{tag}> loads something"
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("#", "https://", "http://")), f"odd link {href!r}"
    assert "@import" not in html and not re.search(r"url\((?!\"?data:)", html), "the style loads something"
    return document


# -- golden files -----------------------------------------------------------------------------------------
#: The golden files hold the document with its stylesheet (summary/summary.css, embedded whole in every
#: document) replaced by this line, so the CSS lives in one file and a golden diff shows content changes.
STYLE_MARKER = "/* summary/summary.css, embedded here */\n"


def compare_golden(goldens: Goldens, name: str, html: str) -> None:
    assert html.count(STYLE) == 1, "the document embeds summary.css exactly once"
    html = html.replace(STYLE, STYLE_MARKER)

    def differences(expected: str) -> str | None:
        if html == expected:
            return None
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), html.splitlines(True),
                                                 f"golden/{name}", "summary_html()", n=1))[:80])
        return f"summary_html() differs from golden/{name}:\n{diff}"

    goldens.compare(GOLDEN / name, html, differences)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_complete_learner_matches_the_golden_file(complete_course: Path, language: str, goldens: Goldens) -> None:
    html = summary_html(complete_summary(complete_course, language))
    assert_well_formed(html, language)
    compare_golden(goldens, f"summary-complete-{language}.html", html)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_partial_learner_matches_the_golden_file(partial_course: Path, language: str, goldens: Goldens) -> None:
    html = summary_html(partial_summary(partial_course, language))
    assert_well_formed(html, language)
    compare_golden(goldens, f"summary-partial-{language}.html", html)


def test_the_same_summary_gives_the_same_bytes(partial_course: Path) -> None:
    first = summary_html(partial_summary(partial_course, "nb"))
    assert summary_html(partial_summary(partial_course, "nb")) == first
    assert str(partial_course) not in first and "pytest-of" not in first


def test_only_the_generated_stamp_dates_the_document(partial_course: Path) -> None:
    summary = partial_summary(partial_course, "en")
    html = summary_html(dataclasses.replace(summary, generated="2031-12-24T23:59:59.999999+00:00"))
    assert i18n.text("en", "summary.generated", date="2031-12-24") in html
    assert "2025-03-14" not in html


# -- what the document says -------------------------------------------------------------------------------
def test_a_complete_learner_sees_it_is_complete_with_choices_answers_and_the_plan(complete_course: Path) -> None:
    summary = complete_summary(complete_course, "nb")
    html = summary_html(summary)
    text = Document(html).text
    assert i18n.text("nb", "summary.complete") in text and "ikke komplett" not in text
    first = summary.modules[0]
    assert i18n.text("nb", "summary.module_heading", number=1, title=first.title) in text
    step = first.scenarios[0].steps[0]
    assert step.choice in text and first.scenarios[0].ending_title in text
    assert i18n.text("nb", "summary.your_first_answer") in text and i18n.text("nb", "summary.right_answer") in text
    job_analysis = summary.module("02-legg-grunnlaget").exercise("jobbanalyse")
    assert i18n.text("nb", "summary.suggested") in text and job_analysis.ranked_items[0] in text
    assert all(point in text for point in first.learning_points)
    assert all(a in text for a in ACTION_PLAN)
    assert text.rindex(i18n.text("nb", "summary.sources")) > text.index(i18n.text("nb", "summary.action_plan"))
    # course Markdown is rendered: "Hvilket krav til *personlig egnethet* følger av oppgavene?"
    assert "<em>personlig egnethet</em>" in html


def test_a_partial_learner_is_told_plainly_what_is_missing(partial_course: Path) -> None:
    summary = partial_summary(partial_course, "nb")
    html = summary_html(summary)
    text = Document(html).text
    assert i18n.text("nb", "summary.incomplete", missing=4, total=5) in text
    first, second, _, fourth, fifth = summary.modules
    unplayed = next(s for s in first.scenarios if s.ending_title is None)
    assert i18n.text("nb", "summary.missing_scenario", title=unplayed.title) in text
    short = next(r for r in first.reflections if not r.done)
    assert i18n.text("nb", "summary.missing_reflection", min_words=short.min_words) in text
    assert i18n.text("nb", "summary.missing_exercise", title=second.exercises[0].title) in text
    assert i18n.text("nb", "summary.untrusted", reason=fourth.problem) in text and "checksum" in fourth.problem
    assert i18n.text("nb", "summary.items_done", done=0, total=fifth.total_items) in text
    assert i18n.text("nb", "summary.status_not-started") in text
    assert i18n.text("nb", "summary.action_plan_empty") in text
    assert i18n.text("nb", "summary.complete") not in text


def test_an_unchecked_exercise_and_an_unanswered_check_give_nothing_away(partial_course: Path) -> None:
    summary = partial_summary(partial_course, "en")
    second = summary.modules[1]
    check = second.checks[0]
    unanswered = dataclasses.replace(check, first_answer=(), correct=None)
    module = dataclasses.replace(second, checks=(unanswered, *second.checks[1:]))
    summary = dataclasses.replace(summary, modules=(summary.modules[0], module, *summary.modules[2:]))
    html = summary_html(summary)
    section = html.split('id="modul-2"')[1].split("</section>")[0]
    assert not second.exercises[0].checked
    assert i18n.text("en", "summary.suggested") not in section  # the suggestions come after checking
    assert i18n.text("en", "summary.missing_check") in section
    explanation = Document(f"<p>{check.explanation}</p>").text
    assert explanation.split(".")[0] not in Document(section).text


def test_a_scenario_left_half_way_shows_the_choices_so_far_and_what_is_missing(complete_course: Path) -> None:
    summary = complete_summary(complete_course, "en")
    index = next(i for i, m in enumerate(summary.modules) if len(m.scenarios) >= 2)  # module 5: a side case too
    first = summary.modules[index]
    played = first.scenarios[0]
    half = dataclasses.replace(played, steps=played.steps[:1], ending_title=None, debrief=None)
    module = dataclasses.replace(first, scenarios=(half, *first.scenarios[1:]), status=IN_PROGRESS,
                                 done_items=first.done_items - 1)
    modules = list(summary.modules)
    modules[index] = module
    html = summary_html(dataclasses.replace(summary, modules=tuple(modules)))
    missing = i18n.text("en", "summary.missing_scenario", title=half.title)
    top, rest = html.split("</header>")
    assert missing in Document(top).text
    assert i18n.text("en", "summary.incomplete", missing=1, total=len(MODULE_IDS)) in Document(top).text
    section = Document(rest.split(f'id="modul-{index + 1}"')[1].split("</section>")[0]).text
    assert half.steps[0].choice in section and missing in section
    assert i18n.text("en", "summary.ending") in section  # the other scenario's ending, not this one's
    assert played.ending_title not in section


# -- learner text stays text ------------------------------------------------------------------------------
HOSTILE = (SCRIPT, IMG, SVG, MARKDOWN, CONTROL, LONG)


def hostile_summary(course: Path, language: str) -> CourseSummary:
    """The complete learner's summary with every reflection and action point replaced by an attack."""
    summary = complete_summary(course, language)
    modules = []
    for number, module in enumerate(summary.modules):
        texts = (HOSTILE[(2 * number) % len(HOSTILE)], HOSTILE[(2 * number + 1) % len(HOSTILE)])
        reflections = tuple(dataclasses.replace(r, text=texts[i % 2]) for i, r in enumerate(module.reflections))
        modules.append(dataclasses.replace(module, reflections=reflections))
    return dataclasses.replace(summary, modules=tuple(modules), action_plan=(*HOSTILE, "første\nandre linje"))


def expected_count(summary: CourseSummary, payload: str) -> int:
    written = [r.text for m in summary.modules for r in m.reflections]
    return written.count(payload) + summary.action_plan.count(payload)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_markup_in_reflections_and_the_action_plan_stays_text(complete_course: Path, language: str) -> None:
    summary = hostile_summary(complete_course, language)
    html = summary_html(summary)
    document = assert_well_formed(html, language)  # no <script>, <img>, <svg>, no on* attribute anywhere
    for payload in (SCRIPT, IMG, SVG, MARKDOWN, LONG):
        # each reflection once (its module; the checklist beside it is the jobbstøtte's), each action point once
        assert document.text.count(payload) == expected_count(summary, payload), payload
    assert not [a for a in document.tags("a") if a.get("href") == "https://example.com/x"]
    assert "<strong>ikke fet</strong>" not in html
    assert document.text.count(CONTROL_AS_TEXT) == expected_count(summary, CONTROL)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", html), "a control character came through"
    assert "første<br>andre linje" in html  # line breaks kept, nothing else


def test_the_plain_learner_text_in_the_golden_file_is_escaped(complete_course: Path) -> None:
    html = summary_html(complete_summary(complete_course, "en"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html.lower()
    assert learners.HOSTILE_REFLECTION in Document(html).text


#: learner text that is markup, with both quotes and ampersands, one of them already an entity
QUOTES_AND_AMPERSANDS = """<script>alert("x")</script> & 'sitat' &amp; &lt;b&gt; «Tom & Jerry»"""
QUOTES_AND_AMPERSANDS_ESCAPED = ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;sitat&#x27; &amp;amp; "
                                 "&amp;lt;b&amp;gt; «Tom &amp; Jerry»")


def test_quotes_and_ampersands_in_learner_text_are_escaped_once_and_read_as_typed(complete_course: Path) -> None:
    summary = complete_summary(complete_course, "nb")
    first = summary.modules[0]
    reflections = (dataclasses.replace(first.reflections[0], text=QUOTES_AND_AMPERSANDS), *first.reflections[1:])
    summary = dataclasses.replace(summary, modules=(dataclasses.replace(first, reflections=reflections),
                                                    *summary.modules[1:]), action_plan=(QUOTES_AND_AMPERSANDS,))
    html = summary_html(summary)
    # the reflection in its module and the action point: each escaped exactly once
    assert html.count(QUOTES_AND_AMPERSANDS_ESCAPED) == 2
    assert Document(html).text.count(QUOTES_AND_AMPERSANDS) == 2
    assert "<script" not in html.lower() and "<b>" not in html


# -- print ------------------------------------------------------------------------------------------------
def test_the_document_prints_on_a4_with_link_addresses_and_page_numbers(complete_course: Path) -> None:
    html = summary_html(complete_summary(complete_course, "en"))
    style = html.split("<style>")[1].split("</style>")[0]
    assert "size: A4" in style and "@media print" in style and "break-before: page" in style
    assert 'a[href^="http"]::after' in style and "attr(href)" in style
    assert "counter(page)" in style and '"Course log: diversity recruitment"' in style


def test_each_source_is_listed_once_with_a_link_where_it_has_an_address(complete_course: Path) -> None:
    summary = complete_summary(complete_course, "nb")
    document = Document(summary_html(summary))
    listed = document.text.split(i18n.text("nb", "summary.sources"))[-1]
    spørreforbud = [a for a in document.tags("a") if a.get("href", "").endswith("/sporreforbud-side/")]
    assert len(spørreforbud) == 1  # modules 3 and 4 cite the page under two titles: listed once
    assert listed.count("Juristen (2023): Kvalifikasjonsprinsippet i offentlig sektor") == 1
    assert "LDO: sak 11/245" not in listed  # module 2's entry for the cases S92–S96 covers module 3's one by one
    assert "wikipedia" not in listed.lower() and "transinfo" not in listed.lower()
