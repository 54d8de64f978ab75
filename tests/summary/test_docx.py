"""The summary as a Word document (``mangfold.summary.docx``): structure, plain text only, deterministic.

Golden files
------------
``tests/files/golden/docx-<name>.json`` holds the STRUCTURE of a generated document as python-docx reads it
back: every block of the body in order, one a line, a paragraph as ``["p", style name, text]`` and a
table as ``["table", [[cell text, ...], ...]]`` (a cell's paragraphs joined by line breaks). Comparing structure,
not bytes, keeps the files readable in a diff and independent of how python-docx writes its XML, while
any change of wording, order, heading level or table layout shows up.

To accept a deliberate change, regenerate the files and review the diff before committing::

    MANGFOLD_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/summary -q -p no:cacheprovider

With ``MANGFOLD_UPDATE_GOLDEN=1`` every golden test writes its file instead of comparing (and passes).
The documents are built with a fixed ``summary.generated``, so the files do not change from run to run.

The helpers here (courses worked through by the test learners, :func:`structure`, :func:`assert_golden`)
are shared with ``test_templates.py``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.table import Table

from mangfold import i18n
from mangfold.course import MODULE_IDS
from mangfold.markup import plain_text
from mangfold.summary import CourseSummary, build_summary
from mangfold.summary.docx import DOCX_MIME, course_inline, course_paragraphs, summary_docx
from mangfold.ui import open_module
from tests import learners
from tests.conftest import FILES, copy_module

GOLDEN = FILES / "golden"
UPDATE = os.environ.get("MANGFOLD_UPDATE_GOLDEN") == "1"
GENERATED = "2025-03-14T12:00:00+00:00"
JOB_ANALYSIS = MODULE_IDS[1]
#: The complete learner ranks this must-have first (the content lists it last of the three).
RANKED_FIRST = "veiledning"
ACTION_PLAN = ("Skrive jobbanalysen før annonsen", "Bruke de samme spørsmålene i alle intervjuene")


# -- courses worked through by the test learners --------------------------------------------------------
def rank_first(folder: Path, item_id: str) -> None:
    """Move one must-have to the top of the job-analysis ranking with the widget's own buttons."""
    widget = open_module(folder.name, folder, "nb").show("jobbanalyse")
    while widget.order.index(item_id) > 0:
        widget.move(item_id, -1)


def complete_course(root: Path) -> Path:
    """Every module done; the must-haves of the job analysis in the learner's own order."""
    for module in MODULE_IDS:
        learners.complete(copy_module(module, root))
    rank_first(root / JOB_ANALYSIS, RANKED_FIRST)
    return root


def partial_course(root: Path) -> Path:
    """Module 1 done, 2 and 4 half done, 3 with a file edited by hand (untrusted), 5 not started."""
    for module in MODULE_IDS:
        copy_module(module, root)
    learners.complete(root / MODULE_IDS[0])
    learners.partial(root / MODULE_IDS[1])
    learners.tampered(root / MODULE_IDS[2])
    learners.partial(root / MODULE_IDS[3])
    return root


def empty_course(root: Path) -> Path:
    for module in MODULE_IDS:
        copy_module(module, root)
    return root


def summary_of(root: Path, language: str, action_plan: tuple[str, ...] = ()) -> CourseSummary:
    """The course's summary with a fixed time, so documents made from it do not change between runs."""
    return dataclasses.replace(build_summary(root, language, action_plan), generated=GENERATED)


@pytest.fixture(scope="module")
def complete_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return complete_course(tmp_path_factory.mktemp("complete"))


@pytest.fixture(scope="module")
def partial_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return partial_course(tmp_path_factory.mktemp("partial"))


# -- reading documents back -----------------------------------------------------------------------------
def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def structure(data: bytes) -> list[list]:
    """The document's body in order: ``["p", style, text]`` per paragraph, ``["table", rows]`` per table."""
    blocks: list[list] = []
    for block in open_docx(data).iter_inner_content():
        if isinstance(block, Table):
            blocks.append(["table", [[cell.text for cell in row.cells] for row in block.rows]])
        else:
            blocks.append(["p", block.style.name, block.text])
    return blocks


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(b[1], b[2]) for b in structure(data) if b[0] == "p"]


def tables(data: bytes) -> list[list[list[str]]]:
    return [b[1] for b in structure(data) if b[0] == "table"]


def assert_golden(name: str, data: bytes) -> None:
    """Compare the document's structure with ``golden/docx-<name>.json`` (or write it, see the module docs)."""
    actual = structure(data)
    path = GOLDEN / f"docx-{name}.json"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ",\n".join(json.dumps(block, ensure_ascii=False) for block in actual)  # one block a line
        path.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run the tests with MANGFOLD_UPDATE_GOLDEN=1 to write it"
    expected = json.loads(path.read_text(encoding="utf-8"))
    for index, (got, want) in enumerate(zip(actual, expected, strict=False)):
        assert got == want, f"{path.name}, block {index}: got {got!r}, golden file has {want!r}"
    assert len(actual) == len(expected), f"{path.name}: {len(actual)} blocks, golden file has {len(expected)}"


# -- golden structure -----------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_complete_summary_matches_its_golden_structure(complete_root: Path, language: str) -> None:
    assert_golden(f"summary-complete-{language}", summary_docx(summary_of(complete_root, language, ACTION_PLAN)))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_partial_summary_matches_its_golden_structure(partial_root: Path, language: str) -> None:
    assert_golden(f"summary-partial-{language}", summary_docx(summary_of(partial_root, language)))


# -- what the document says -----------------------------------------------------------------------------
def test_headings_are_word_headings_in_course_order(complete_root: Path) -> None:
    summary = summary_of(complete_root, "nb", ACTION_PLAN)
    data = summary_docx(summary)
    document = open_docx(data)
    assert all(document.styles[name].builtin for name in ("Title", "Heading 1", "Heading 2"))
    found = paragraphs(data)
    assert found[0] == ("Title", i18n.text("nb", "summary.title"))
    top = [text for style, text in found if style == "Heading 1"]
    modules = [i18n.text("nb", "summary.module_heading", number=m.number, title=m.title) for m in summary.modules]
    tools = [i18n.text("nb", f"summary.{key}") for key in ("checklist", "action_plan", "sources")]
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
    assert not any(suggested in table[0] for table in partial[:-1])  # the last table is the checklist
    complete = tables(summary_docx(summary_of(complete_root, "nb")))
    assert any(suggested in table[0] for table in complete)


def test_the_ranked_musts_are_a_numbered_list_in_the_learners_order(complete_root: Path) -> None:
    summary = summary_of(complete_root, "nb", ACTION_PLAN)
    exercise = summary.module(JOB_ANALYSIS).exercise("jobbanalyse")
    found = paragraphs(summary_docx(summary))
    numbered = [text for style, text in found if style == "List Number"]
    assert numbered == [course_inline(i) for i in exercise.ranked_items] + list(ACTION_PLAN)
    assert numbered[0] == next(p.item for p in exercise.placements if p.item.startswith("Forklarer regler"))


def test_the_checklist_has_one_row_per_module_with_points_and_reflections(partial_root: Path) -> None:
    summary = summary_of(partial_root, "nb")
    checklist = tables(summary_docx(summary))[-1]
    assert checklist[0] == [i18n.text("nb", "summary.learning_points"), i18n.text("nb", "summary.your_reflections")]
    assert len(checklist) == 1 + len(summary.modules)
    for row, module in zip(checklist[1:], summary.modules, strict=True):
        points, reflections = row
        step = i18n.text("nb", "summary.checklist_step", number=module.number, title=module.title)
        assert points.split("\n")[0] == step
        assert all(f"☐ {course_inline(p)}" in points for p in module.learning_points)
        written = [r.text for r in module.reflections if r.text.strip()]
        assert reflections == ("\n".join(written) if written else i18n.text("nb", "summary.no_text"))


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
    # the check question "Hva skal *personlig egnethet* beskrive?" lost its asterisks
    nb = paragraphs(summary_docx(summary_of(complete_root, "nb")))
    assert ("Normal", "Hva skal personlig egnethet beskrive?") in nb


def test_hostile_learner_text_ends_up_as_exact_plain_text(complete_root: Path) -> None:
    hostile = f"{learners.SCRIPT_TAG}\x00 null\x0b tab\x1b escape\nny linje\tog {learners.IMG_TAG} & <w:p/>"
    expected = f"{learners.SCRIPT_TAG} null tab escape\nny linje\tog {learners.IMG_TAG} & <w:p/>"
    long_text = ("Langt svar " * 5000)[:50_000]
    summary = summary_of(complete_root, "nb", (hostile, "  ", "Plan\x0cB"))
    first = summary.modules[0]
    reflections = (dataclasses.replace(first.reflections[0], text=hostile),
                   dataclasses.replace(first.reflections[1], text=long_text))
    summary = dataclasses.replace(summary, modules=(dataclasses.replace(first, reflections=reflections),
                                                    *summary.modules[1:]))
    data = summary_docx(summary)

    found = paragraphs(data)  # opens with python-docx
    texts = [t for _, t in found]
    assert expected == plain_text(hostile) and expected in texts
    assert long_text in texts and len(long_text) == 50_000
    assert [t for s, t in found if s == "List Number"][-2:] == [expected, "PlanB"]
    checklist = tables(data)[-1]
    assert checklist[1][1] == f"{expected}\n{long_text}"
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
    assert properties.title == i18n.text("nb", "summary.title") and properties.author == ""
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(2025, 3, 14, 12, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"
        assert f"{DOCX_MIME}.main+xml" in package.read("[Content_Types].xml").decode()
    assert ("Normal", i18n.text("nb", "summary.generated", date="2025-03-14")) in paragraphs(first)


def test_a_summary_without_a_readable_time_still_gives_a_fixed_file(partial_root: Path) -> None:
    summary = dataclasses.replace(summary_of(partial_root, "en"), generated="not a time")
    assert summary_docx(summary) == summary_docx(summary)
    assert open_docx(summary_docx(summary)).core_properties.created == datetime(2025, 1, 1, tzinfo=UTC)
