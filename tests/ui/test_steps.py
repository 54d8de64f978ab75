"""A module page as steps, in plain Python: how blocks group into steps, Back and Next, what the step bar and the
completion screen say, and the learner's step saved in the progress file and restored (issue 16).

Written against block KINDS, never the course's block ids (authors rename them): the minimal test module
(tests/files/content) and content built here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mangfold.authoring.notebook import build_notebook
from mangfold.content.loader import load_module_content
from mangfold.content.schema import CheckBlock, ModuleContent, ReflectionBlock, TextBlock
from mangfold.content.steps import module_steps, step_count, step_of_block
from mangfold.course import MODULE_IDS
from mangfold.progress import PROGRESS_FILENAME, read_progress
from mangfold.progress.model import PROGRESS_VERSION, ModuleProgress, StepMark, checksum_of, merge
from mangfold.progress.trust import SUMMARY_MODULE, judge_folder, saved_step
from mangfold.ui import open_module
from mangfold.ui.steps import HEADING_ID, TOP_ID
from tests.helpers.interface_text import STRINGS

NB, EN = STRINGS["nb"], STRINGS["en"]


# -- content built for the grouping -----------------------------------------------------------------------
def content_of_kinds(base: ModuleContent, kinds: list[str]) -> ModuleContent:
    """``base`` with its blocks replaced by copies of its blocks of ``kinds``, in that order, with fresh ids."""
    first_of = {b.kind: b for b in reversed(base.blocks)}
    blocks = [first_of[kind].model_copy(update={"id": f"{kind}-{n}"}) for n, kind in enumerate(kinds)]
    return base.model_copy(update={"blocks": blocks})


@pytest.fixture
def minimal(course: Path) -> ModuleContent:
    return load_module_content(course / MODULE_IDS[0], "nb")


def test_a_step_begins_at_text_scenario_and_classify_and_checks_and_reflections_join_the_one_before(
        minimal: ModuleContent) -> None:
    kinds = ["text", "check", "scenario", "reflection", "check", "text", "classify", "reflection", "text"]
    content = content_of_kinds(minimal, kinds)
    steps = module_steps(content)
    assert [[b.kind for b in s.blocks] for s in steps] == [
        ["text", "check"], ["scenario", "reflection", "check"], ["text"], ["classify", "reflection"], ["text"]]
    assert [s.number for s in steps] == [1, 2, 3, 4, 5]
    assert [s.title for s in steps] == [content.blocks[i].title for i in (0, 2, 5, 6, 8)]
    assert step_count(content) == 6  # and the completion screen
    assert step_of_block(content, "reflection-7") == 4 and step_of_block(content, "nope") is None


def test_a_module_that_opens_with_a_check_has_it_as_its_first_step(minimal: ModuleContent) -> None:
    content = content_of_kinds(minimal, ["check", "reflection", "text"])
    steps = module_steps(content)
    assert [[b.kind for b in s.blocks] for s in steps] == [["check", "reflection"], ["text"]]
    assert steps[0].title is None  # the page shows the module's title for it


# -- the page ---------------------------------------------------------------------------------------------
def bar(page) -> str:
    return page.step_view.bar.value


def screen_ids(page) -> list[str]:
    """The block ids on the current screen (their widgets are the page's own, built once)."""
    shown = set(map(id, page.step_view.screen.children))
    return [block_id for block_id, widget in page.widgets.items() if id(widget) in shown]


def nav_labels(page) -> list[str]:
    return [button.description for button in page.step_view.nav.children]


def test_next_and_back_move_one_step_within_the_module(course: Path) -> None:
    page = open_module(MODULE_IDS[0], course / MODULE_IDS[0], "nb")
    view = page.steps()
    steps = module_steps(page.content)
    assert view.total == len(steps) + 1 == 4
    assert view.current == 1 and nav_labels(page) == [NB["step_next"]]  # no Back on the first step
    assert screen_ids(page) == list(steps[0].block_ids)
    for number in range(2, view.total + 1):
        view.next_button.click()
        assert view.current == number
        if number <= len(steps):
            assert screen_ids(page) == list(steps[number - 1].block_ids)
    assert nav_labels(page) == [NB["step_back"]]  # no Next on the completion screen
    assert view.screen.children == (page.completion(),)
    view.go(view.total + 5)
    assert view.current == view.total
    view.back_button.click()
    assert view.current == view.total - 1 and nav_labels(page) == [NB["step_back"], NB["step_next"]]
    view.go(-3)
    assert view.current == 1


def test_the_intro_shows_on_the_first_step_only(course: Path) -> None:
    page = open_module(MODULE_IDS[0], course / MODULE_IDS[0], "nb")
    page.header()
    view = page.steps()
    assert "mf-hidden" not in page.intro._dom_classes
    view.next_button.click()
    assert "mf-hidden" in page.intro._dom_classes
    view.back_button.click()
    assert "mf-hidden" not in page.intro._dom_classes


def test_a_step_change_moves_focus_to_the_step_heading_and_scrolls_to_the_step(course: Path, monkeypatch) -> None:
    page = open_module(MODULE_IDS[0], course / MODULE_IDS[0], "nb")
    view = page.steps()
    focused, scrolled = [], []
    monkeypatch.setattr(page.focus, "focus", focused.append)
    monkeypatch.setattr(view.scroller, "scroll_to", scrolled.append)
    view.next_button.click()
    view.back_button.click()
    assert focused == [HEADING_ID, HEADING_ID] and scrolled == [TOP_ID, TOP_ID]
    assert f'id="{HEADING_ID}"' in bar(page) and f'id="{TOP_ID}"' in view.top.value


def test_the_step_bar_says_where_the_learner_is_and_what_is_done(course: Path) -> None:
    page = open_module(MODULE_IDS[0], course / MODULE_IDS[0], "nb")
    view = page.steps()
    steps = module_steps(page.content)
    assert NB["step_of"].format(number=1, total=4) in bar(page)
    assert steps[0].title in bar(page)
    assert bar(page).count("<li") == 4 and bar(page).count('aria-current="step"') == 1
    assert f'aria-label="{NB["steps_label"]}"' in bar(page) and "<ol" in bar(page) and "<nav" in bar(page)
    view.next_button.click()
    assert NB["step_of"].format(number=2, total=4) in bar(page)
    assert bar(page).count("mf-stepbar__item--done") == 1  # the text step before, passed
    # doing the step's tasks marks it done at once, without a step change
    scenario_step = steps[1]
    view.go(3)
    assert "mf-stepbar__item--todo" in bar(page).split("<li")[2]
    for block in scenario_step.blocks:
        widget = page.show(block.id)
        if block.kind == "scenario":
            widget.choose("a")
            widget.choose("a")
        elif block.kind == "check":
            widget.select([o.id for o in block.options if o.correct])
            widget.submit()
        elif block.kind == "reflection":
            widget.write("en to tre fire")
    assert "mf-stepbar__item--done" in bar(page).split("<li")[2]
    page.header()
    assert page.step_view is view  # one view per page


def test_the_step_bar_in_english(course: Path) -> None:
    page = open_module(MODULE_IDS[0], course / MODULE_IDS[0], "en")
    page.steps().next_button.click()
    assert EN["step_of"].format(number=2, total=4) in bar(page)
    assert EN["step_current"] in bar(page) and NB["step_of"].split(" ")[0] not in bar(page)
    assert nav_labels(page) == [EN["step_back"], EN["step_next"]]


# -- the completion screen --------------------------------------------------------------------------------
def completion_html(page) -> str:
    page.steps().go(page.steps().total)
    return page.completion_html.value


def test_the_completion_screen_says_what_was_done_and_leads_on(course: Path) -> None:
    page = open_module(MODULE_IDS[0], course / MODULE_IDS[0], "nb")
    html = completion_html(page)
    assert NB["completion_done"].format(done=0, total=4) in html
    for point in page.content.learning_points:
        assert point in html
    assert "mf-learning-points" not in html  # the class that draws a green tick before each point
    # the sources under a «Kilder» disclosure, their short titles as link text, no raw address shown
    details = re.search(r"<details[^>]*><summary>(.*?)</summary>(.*?)</details>", html, re.S)
    assert details and details.group(1) == NB["sources"]
    for source in page.content.sources:
        assert f'href="{source.url}"' in details.group(2) and f">{source.text}</a>" in details.group(2)
    assert not re.search(r">[^<]*https?://", html), "a raw address is shown as text"
    following = load_module_content(course / MODULE_IDS[1], "nb").title
    assert NB["next_module"].format(title=following) in html and f"../{MODULE_IDS[1]}/" in html
    assert NB["to_summary"] not in html

    page.show("tanke").write("en to tre fire")  # a task done: the screen says so when shown again
    page.steps().go(1)
    assert NB["completion_done"].format(done=1, total=4) in completion_html(page)


def test_the_last_module_leads_to_the_course_summary(course: Path) -> None:
    summary = course / SUMMARY_MODULE
    summary.mkdir()
    (summary / f"{SUMMARY_MODULE}.ipynb").write_text("{}", encoding="utf-8")
    page = open_module(MODULE_IDS[-1], course / MODULE_IDS[-1], "en")
    html = completion_html(page)
    assert EN["to_summary"] in html
    assert f'href="../{SUMMARY_MODULE}/{SUMMARY_MODULE}.ipynb?lang=en"' in html
    assert "mf-to-summary" in html and EN["next_module"].split(":")[0] not in html


def test_the_last_module_without_a_summary_beside_it_shows_no_dead_link(course: Path) -> None:
    page = open_module(MODULE_IDS[-1], course / MODULE_IDS[-1], "nb")
    html = completion_html(page)
    assert NB["to_summary"] not in html and "mf-next" not in html


# -- the step saved and restored --------------------------------------------------------------------------
def test_the_step_is_saved_at_once_and_a_reload_opens_it(course: Path) -> None:
    folder = course / MODULE_IDS[0]
    page = open_module(MODULE_IDS[0], folder, "nb")
    page.steps().next_button.click()
    page.steps().next_button.click()
    saved = json.loads((folder / PROGRESS_FILENAME).read_text(encoding="utf-8"))
    assert saved["version"] == PROGRESS_VERSION == 4
    assert saved["step"]["number"] == 3 and saved["checksum"] == checksum_of(saved)
    again = open_module(MODULE_IDS[0], folder, "nb")
    assert again.steps().current == 3
    assert screen_ids(again) == list(module_steps(again.content)[2].block_ids)
    assert "mf-hidden" in again.intro._dom_classes
    assert judge_folder(folder, MODULE_IDS[0]).trusted is not None


def test_opening_a_module_saves_nothing(course: Path) -> None:
    folder = course / MODULE_IDS[0]
    open_module(MODULE_IDS[0], folder).steps()  # no language asked for: nothing to remember either
    assert not (folder / PROGRESS_FILENAME).exists()  # a grader's or trainer's look never writes


def write_document(folder: Path, document: dict) -> None:
    document = dict(document)
    document["checksum"] = checksum_of(document)
    (folder / PROGRESS_FILENAME).write_text(json.dumps(document), encoding="utf-8")


def version_2_document(module: str) -> dict:
    """A file the course wrote before steps: version 2, a reflection, no step."""
    return {"format": "mangfold-progress", "version": 2, "module": module, "language": "nb",
            "created": "2026-11-01T10:00:00.000000+00:00", "updated": "2026-11-01T10:05:00.000000+00:00",
            "scenarios": {}, "checks": {}, "exercises": {}, "consent": None,
            "reflections": {"tanke": {"text": "skrevet i versjon to", "updated": "2026-11-01T10:05:00.000000+00:00"}}}


def test_an_old_progress_file_without_a_step_opens_at_step_1(course: Path) -> None:
    folder = course / MODULE_IDS[0]
    write_document(folder, version_2_document(MODULE_IDS[0]))
    page = open_module(MODULE_IDS[0], folder, "nb")
    assert page.store.notices == [] and page.store.data.step is None
    assert page.steps().current == 1
    assert judge_folder(folder, MODULE_IDS[0]).trusted is not None
    page.steps().next_button.click()  # the next save writes the current version, the old text kept
    saved = read_progress(folder, MODULE_IDS[0])
    assert saved.version == PROGRESS_VERSION and saved.step.number == 2
    assert saved.reflections["tanke"].text == "skrevet i versjon to"


@pytest.mark.parametrize("step", [0, 5, 99, -1, 2**40, "3", True, None, [], {"number": 2},
                                  {"number": 2, "updated": "x", "extra": 1}])
def test_an_unknown_or_out_of_range_step_opens_step_1_and_the_file_is_still_trusted(
        course: Path, step: object) -> None:
    folder = course / MODULE_IDS[0]
    document = {**version_2_document(MODULE_IDS[0]), "version": 3,
                "step": step if isinstance(step, (dict, list)) or step is None
                else {"number": step, "updated": "2026-11-01T10:06:00.000000+00:00"}}
    write_document(folder, document)
    judged = judge_folder(folder, MODULE_IDS[0])
    assert judged.trusted is not None, judged.error or judged.problems
    assert saved_step(load_module_content(folder, "nb"), judged.trusted) == 1
    page = open_module(MODULE_IDS[0], folder, "nb")
    assert page.store.notices == [] and page.steps().current == 1


def test_a_saved_step_in_range_is_the_step_to_open(minimal: ModuleContent) -> None:
    progress = ModuleProgress(module=minimal.module)
    assert saved_step(minimal, progress) == 1 and saved_step(minimal, None) == 1
    for number in range(1, step_count(minimal) + 1):
        progress.step = StepMark(number=number, updated="2026-11-01T10:00:00.000000+00:00")
        assert saved_step(minimal, progress) == number


def test_two_copies_merge_to_the_newest_step(course: Path) -> None:
    old = ModuleProgress(module=MODULE_IDS[0], step=StepMark(number=2, updated="2026-11-01T10:00:00+00:00"))
    new = ModuleProgress(module=MODULE_IDS[0], step=StepMark(number=4, updated="2026-11-02T10:00:00+00:00"))
    assert merge(old, new).step.number == 4 and merge(new, old).step.number == 4
    assert merge(ModuleProgress(module=MODULE_IDS[0]), new).step.number == 4


def test_a_continue_link_to_a_block_opens_its_step(course: Path) -> None:
    page = open_module(MODULE_IDS[0], course / MODULE_IDS[0], "nb")
    view = page.steps()
    exercise = page.content.exercises[0]
    view.open_block(exercise.id)
    assert view.current == step_of_block(page.content, exercise.id) and exercise.id in screen_ids(page)
    view.open_block("no-such-block")
    assert view.current == step_of_block(page.content, exercise.id)


def test_a_locked_module_shows_no_steps(course: Path) -> None:
    page = open_module(MODULE_IDS[2], course / MODULE_IDS[2], guided=True)
    assert page.locked_by is not None
    assert page.steps().value == "" and page.completion().value == ""
    assert not (course / MODULE_IDS[2] / PROGRESS_FILENAME).exists()


# -- the notebook -----------------------------------------------------------------------------------------
def test_the_module_notebook_shows_the_steps_in_one_cell(minimal: ModuleContent) -> None:
    notebook = build_notebook(minimal)
    sources = [cell.source for cell in notebook.cells]
    assert sources[1] == "page.steps()" and "page.header()" in sources[0]
    assert sum("page." in s and "steps" in s for s in sources) == 1
    assert not [s for s in sources if "page.show" in s or "page.footer" in s]
    graded = [c.metadata["nbgrader"]["grade_id"] for c in notebook.cells if c.metadata["nbgrader"]["grade"]]
    tasks = [b for b in minimal.blocks if not isinstance(b, TextBlock)]
    assert len(graded) == len(tasks)
    assert notebook.cells[-1].metadata["nbgrader"]["grade_id"] == "refleksjoner"
    assert {type(b) for b in tasks} >= {CheckBlock, ReflectionBlock}
