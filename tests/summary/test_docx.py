"""The course log as a Word document (``mangfold.summary.docx``): structure, plain text only, deterministic.

Golden files
------------
``tests/files/golden/docx-<name>.json`` holds the STRUCTURE of a generated document as python-docx reads it
back (the format: ``tests/helpers/word.py``). The documents are built with a fixed ``summary.generated``, so
the files do not change from run to run. Every golden test compares. To accept a deliberate change::

    .venv/bin/python -m pytest tests/summary -q -p no:cacheprovider --update-goldens

rewrites every golden file that differs, fails the tests that rewrote one and ends the run failing with the
list of rewritten files (tests/helpers/goldens.py). Review the diff, then run again WITHOUT the option: only
that run compares and can pass.

The courses worked through by the test learners are in ``tests/helpers/summary_courses.py`` and the
document readers in ``tests/helpers/word.py``; ``test_templates.py`` shares them.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mangfold import i18n
from mangfold.course import MODULE_IDS
from mangfold.markup import plain_text
from mangfold.summary.docx import DOCX_MIME, course_inline, course_paragraphs, summary_docx
from tests import learners
from tests.helpers.goldens import Goldens
from tests.helpers.summary_courses import JOB_ANALYSIS, complete_course, partial_course, summary_of
from tests.helpers.word import assert_golden, open_docx, paragraphs, tables

ACTION_PLAN = ("Skrive jobbanalysen før annonsen", "Bruke de samme spørsmålene i alle intervjuene")


@pytest.fixture(scope="module")
def complete_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return complete_course(tmp_path_factory.mktemp("complete"))


@pytest.fixture(scope="module")
def partial_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return partial_course(tmp_path_factory.mktemp("partial"))


# -- golden structure -----------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_complete_summary_matches_its_golden_structure(complete_root: Path, language: str,
                                                        goldens: Goldens) -> None:
    summary = summary_of(complete_root, language, ACTION_PLAN)
    assert_golden(goldens, f"summary-complete-{language}", summary_docx(summary))


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_a_partial_summary_matches_its_golden_structure(partial_root: Path, language: str,
                                                       goldens: Goldens) -> None:
    assert_golden(goldens, f"summary-partial-{language}", summary_docx(summary_of(partial_root, language)))


# -- what the document says -----------------------------------------------------------------------------
def test_headings_are_word_headings_in_course_order(complete_root: Path) -> None:
    summary = summary_of(complete_root, "nb", ACTION_PLAN)
    data = summary_docx(summary)
    document = open_docx(data)
    assert all(document.styles[name].builtin for name in ("Title", "Heading 1", "Heading 2"))
    found = paragraphs(data)
    assert found[0] == ("Title", i18n.text("nb", "summary.log_title"))
    top = [text for style, text in found if style == "Heading 1"]
    modules = [i18n.text("nb", "summary.module_heading", number=m.number, title=m.title) for m in summary.modules]
    tools = [i18n.text("nb", f"summary.{key}") for key in ("action_plan", "sources")]  # the checklist: the jobbstøtte
    assert top == modules + tools
    assert i18n.text("nb", "summary.checks") in [text for style, text in found if style == "Heading 2"]
    assert document.core_properties.language == "nb-NO"
    assert i18n.text("nb", "summary.complete") in [text for _, text in found]


def test_a_partial_summary_says_plainly_what_is_missing(partial_root: Path) -> None:
    summary = summary_of(partial_root, "en")
    found = paragraphs(summary_docx(summary))
    texts = [text for _, text in found]
    assert i18n.text("en", "summary.incomplete", missing=4, total=5) in texts
    untrusted = summary.module(MODULE_IDS[2])
    assert untrusted.problem and any(i18n.text("en", "summary.untrusted", reason=untrusted.problem) == t for t in texts)
    second = summary.module(JOB_ANALYSIS)
    assert i18n.text("en", "summary.missing_exercise", title=second.exercise("jobbanalyse").title) in texts
    short = second.reflections[0]  # the partial learner's first reflection is too short
    assert not short.done
    missing = f"{i18n.text('en', 'summary.missing_reflection', min_words=short.min_words)} "
    missing += course_inline(short.prompt)
    assert ("List Bullet", missing) in found
    assert i18n.text("en", "summary.action_plan_empty") in texts


def test_exercise_suggestions_show_only_after_checking(partial_root: Path, complete_root: Path) -> None:
    suggested = i18n.text("nb", "summary.suggested")
    partial = tables(summary_docx(summary_of(partial_root, "nb")))
    assert not any(suggested in table[0] for table in partial)
    complete = tables(summary_docx(summary_of(complete_root, "nb")))
    assert any(suggested in table[0] for table in complete)


def test_the_ranked_musts_are_a_numbered_list_in_the_learners_order(complete_root: Path) -> None:
    summary = summary_of(complete_root, "nb", ACTION_PLAN)
    exercise = summary.module(JOB_ANALYSIS).exercise("jobbanalyse")
    found = paragraphs(summary_docx(summary))
    numbered = [text for style, text in found if style == "List Number"]
    assert numbered == [course_inline(i) for i in exercise.ranked_items] + list(ACTION_PLAN)
    assert numbered[0] == next(p.item for p in exercise.placements if p.item.startswith("Forklarer regelverk"))


def test_the_sources_are_listed_once_each_with_their_address(complete_root: Path) -> None:
    summary = summary_of(complete_root, "nb")
    found = paragraphs(summary_docx(summary))
    sources = found[[t for _, t in found].index(i18n.text("nb", "summary.sources")) + 1:]
    texts = [t for s, t in sources if s == "List Bullet"]
    assert len(texts) == len(set(texts)) > 10
    assert "LDO: Spørreforbudet ved rekruttering (https://ldo.no/jobbe-for-likestilling/i-arbeidslivet/" \
           "graviditet-og-foreldrepermisjon/rekruttering/sporreforbud/sporreforbud-side/)" in texts
    assert not any(t.startswith("LDO: Spørreforbud ved rekruttering") for t in texts)  # the same page, module 4


def test_the_action_plan_is_numbered_or_says_it_is_empty(complete_root: Path) -> None:
    with_plan = paragraphs(summary_docx(summary_of(complete_root, "en", ACTION_PLAN)))
    assert [t for s, t in with_plan if s == "List Number"][-2:] == list(ACTION_PLAN)
    without = paragraphs(summary_docx(summary_of(complete_root, "en")))
    assert ("Normal", i18n.text("en", "summary.action_plan_empty")) in without


# -- plain text only ------------------------------------------------------------------------------------
def test_course_markdown_becomes_plain_text() -> None:
    assert course_paragraphs("**Rådgiver, statlig direktorat.** Se [LDO](https://ldo.no) og *vedtak* `kode`") == (
        "Rådgiver, statlig direktorat. Se LDO (https://ldo.no) og vedtak kode",)
    assert course_paragraphs("Første avsnitt\nfortsetter.\n\n- ett\n- to *ord*\n\n1. en\n2. to") == (
        "Første avsnitt fortsetter.", "– ett", "– to ord", "1. en", "2. to")
    assert course_inline("Lenke: <https://ldo.no> og &amp; *x*") == "Lenke: https://ldo.no og & x"
    assert course_inline("<b>rå HTML</b> blir tekst") == "<b>rå HTML</b> blir tekst"


def test_no_course_markdown_is_left_in_the_document(complete_root: Path) -> None:
    for language in ("nb", "en"):
        data = summary_docx(summary_of(complete_root, language))
        course_text = [t for s, t in paragraphs(data) if learners.SCRIPT_TAG not in t]
        assert not [t for t in course_text if "**" in t or "](" in t or t.startswith("*")]
    # the check question "... Hvilket krav til *personlig egnethet* følger av oppgavene?" lost its asterisks
    nb = paragraphs(summary_docx(summary_of(complete_root, "nb")))
    assert ("Normal", "Et legesenter ansetter en resepsjonist som skal ta imot pasienter, sette opp timer og svare "
                      "i telefonen. Hvilket krav til personlig egnethet følger av oppgavene?") in nb


def test_hostile_learner_text_ends_up_as_exact_plain_text(complete_root: Path) -> None:
    hostile = f"{learners.SCRIPT_TAG}\x00 null\x0b tab\x1b escape\nny linje\tog {learners.IMG_TAG} & <w:p/>"
    expected = f"{learners.SCRIPT_TAG} null tab escape\nny linje\tog {learners.IMG_TAG} & <w:p/>"
    long_text = ("Langt svar " * 5000)[:50_000]
    summary = summary_of(complete_root, "nb", (hostile, "  ", "Plan\x0cB"))
    first, second = summary.modules[:2]  # one reflection each since issue 16
    first = dataclasses.replace(first, reflections=(dataclasses.replace(first.reflections[0], text=hostile),))
    second = dataclasses.replace(second, reflections=(dataclasses.replace(second.reflections[0], text=long_text),))
    summary = dataclasses.replace(summary, modules=(first, second, *summary.modules[2:]))
    data = summary_docx(summary)

    found = paragraphs(data)  # opens with python-docx
    texts = [t for _, t in found]
    assert expected == plain_text(hostile) and expected in texts
    assert long_text in texts and len(long_text) == 50_000
    assert [t for s, t in found if s == "List Number"][-2:] == [expected, "PlanB"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "<img" not in xml and "&lt;script&gt;" in xml
    assert not any(ch in xml for ch in "\x00\x0b\x1b\x0c")


# -- a file that is the same every time -----------------------------------------------------------------
def test_the_same_summary_gives_the_same_bytes_and_dates(partial_root: Path) -> None:
    summary = summary_of(partial_root, "nb")
    first, second = summary_docx(summary), summary_docx(summary)
    assert first == second
    properties = open_docx(first).core_properties
    fixed = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
    assert properties.created == fixed and properties.modified == fixed
    assert properties.title == i18n.text("nb", "summary.log_title") and properties.author == ""
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(2025, 3, 14, 12, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"
        assert f"{DOCX_MIME}.main+xml" in package.read("[Content_Types].xml").decode()
    assert ("Normal", i18n.text("nb", "summary.generated", date="2025-03-14")) in paragraphs(first)


def test_a_summary_without_a_readable_time_still_gives_a_fixed_file(partial_root: Path) -> None:
    summary = dataclasses.replace(summary_of(partial_root, "en"), generated="not a time")
    assert summary_docx(summary) == summary_docx(summary)
    assert open_docx(summary_docx(summary)).core_properties.created == datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(("language", "proofed_as"), [("nb", "nb-NO"), ("nn", "nn-NO"), ("en", "en-GB")])
def test_word_proofs_the_course_log_in_its_own_language(complete_root: Path, language: str, proofed_as: str) -> None:
    """Word's spelling check and a screen reader's voice follow the document language: nynorsk is not bokmål."""
    document = open_docx(summary_docx(summary_of(complete_root, language)))
    assert document.core_properties.language == proofed_as
