"""The form bugs of issue 16, in plain Python: what a learner in self-study reads, what a check says after a
right and a wrong answer, what a screen reader calls an exercise's drop-downs, and that selecting a
scenario choice decides nothing until «Velg» is pressed."""

from __future__ import annotations

import errno
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest

from mangfold import i18n
from mangfold.content.loader import load_module_content
from mangfold.content.schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock
from mangfold.course import MODULE_IDS
from mangfold.handin import exchange_exists
from mangfold.progress import ProgressStore, read_progress
from mangfold.summary.snapshot import SUMMARY_MODULE
from mangfold.ui.check import KnowledgeCheck
from mangfold.ui.classify import ClassifyExercise
from mangfold.ui.reflection import ReflectionBox, save_error_reason
from mangfold.ui.scenario import ScenarioPlayer
from mangfold.ui.summary_page import open_summary
from tests.conftest import MODULE_1, REPO_ROOT, copy_module
from tests.helpers.widgets import decide, path_to_ending, widget_tree

#: what only means something where modules are handed in through nbgrader
NBGRADER_WORDS = re.compile(
    r"kursmapp|modulen rettes|\blever(er|e)? (inn|modulen)|innlever|kursholder"
    r"|course folder|\bgraded\b|\bgrading\b|\bhand(ed|ing|s)?[ -]in\b|\btrainer",
    re.IGNORECASE)

HUB_CONFIG = """\
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "mangfold-test"
c.Exchange.root = {exchange!r}
"""


def make_hub(course_root: Path) -> None:
    """An nbgrader exchange for the modules under ``course_root``, as a hub where the course was released has."""
    exchange = course_root / "exchange"
    (exchange / "mangfold-test" / "inbound").mkdir(parents=True)
    (course_root / "nbgrader_config.py").write_text(HUB_CONFIG.format(exchange=str(exchange)), encoding="utf-8")


def texts(widget: widgets.Widget) -> Iterator[str]:
    """Every text a learner can read or hear from ``widget`` and below: HTML, labels, names, options."""
    for w in widget_tree(widget):
        for trait in ("value", "description", "tooltip", "placeholder", "button_label", "title", "document"):
            value = getattr(w, trait, None)
            if isinstance(value, str):
                yield value
        options = getattr(w, "options", None)
        if isinstance(options, (list, tuple)):  # a drop-down's, a radio group's (not a check's box of options)
            yield from (str(option) for option in options)


def module_widgets(folder: Path, language: str) -> Iterator[widgets.Widget]:
    """Every block of the module as its widget, and each in the states after the learner acts."""
    content: ModuleContent = load_module_content(folder, language)
    store = ProgressStore(folder, folder.name, language)
    for block in content.blocks:
        if isinstance(block, ScenarioBlock):
            player = ScenarioPlayer(block, store, language)
            yield player
            for choice in path_to_ending(block):
                decide(player, choice)
                yield player
        elif isinstance(block, CheckBlock):
            check = KnowledgeCheck(block, store, language)
            yield check
            for option in block.options:  # each answer's result: right, partly and wrong
                check.select([option.id])
                check.submit()
                yield check
        elif isinstance(block, ReflectionBlock):
            box = ReflectionBox(block, store, language)
            box.write("Et svar")
            yield box
            for code in (errno.ENOSPC, errno.EACCES, errno.EROFS):  # the reasons a save fails, as shown
                box._show_status(error=save_error_reason(OSError(code, "x"), language))
                yield box
        elif isinstance(block, ClassifyBlock):
            exercise = ClassifyExercise(block, store, language)
            for item in block.items:
                exercise.place(item.id, item.expected)
            exercise.check()
            yield exercise


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("module", MODULE_IDS)
def test_self_study_shows_no_nbgrader_words(tmp_path: Path, module: str, language: str) -> None:
    """On Binder or a laptop nothing is handed in or graded, and there is no course folder to speak of."""
    folder = copy_module(module, tmp_path)
    assert not exchange_exists(folder, module)
    for widget in module_widgets(folder, language):
        found = {m.group(0) for text in texts(widget) for m in NBGRADER_WORDS.finditer(text)}
        assert not found, f"{module} {type(widget).__name__} ({language}) says {sorted(found)}"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_summary_page_in_self_study_shows_no_nbgrader_words(tmp_path: Path, language: str) -> None:
    summary_folder = tmp_path / SUMMARY_MODULE
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, summary_folder)
    copy_module(MODULE_1, tmp_path)
    page = open_summary(summary_folder, language, tmp_path)
    parts = [page.header(), page.overview(), page.action_plan(), page.exports(), page.footer()]
    page.action_boxes[0].value = "Skrive jobbanalysen før annonsen"
    page.make_documents()
    found = {m.group(0) for part in parts for text in texts(part) for m in NBGRADER_WORDS.finditer(text)}
    assert not found, f"the summary page ({language}) says {sorted(found)}"


def test_the_word_list_catches_what_the_old_catalogue_said() -> None:
    """The hub's words, which self-study must not show, are what the list looks for."""
    for language in ("nb", "en"):
        for key in ("check_first_counts", "private_note_hub", "handin_lead", "handin_title"):
            assert NBGRADER_WORDS.search(i18n.text(language, f"ui.{key}")), (language, key)


def test_on_a_hub_the_page_says_what_is_graded_and_who_sees_reflections(tmp_path: Path) -> None:
    folder = copy_module(MODULE_1, tmp_path)
    make_hub(tmp_path)
    assert exchange_exists(folder, MODULE_1)
    content = load_module_content(folder, "nb")
    store = ProgressStore(folder, MODULE_1, "nb")
    check = KnowledgeCheck(content.checks[0], store, "nb")
    assert i18n.text("nb", "ui.check_first_counts") in check.question.value  # before the first answer
    box = ReflectionBox(content.reflections[0], store, "nb")
    assert box.privacy.value.count(i18n.text("nb", "ui.private_note_hub")) == 1


def check_widget(folder: Path, multiple: bool = False) -> tuple[KnowledgeCheck, CheckBlock]:
    """A check of the wanted kind from the first module that has one (module 1 asks single-answer checks)."""
    module = next(m for m in MODULE_IDS if any(c.multiple == multiple for c in
                                               load_module_content(REPO_ROOT / "release" / m, "nb").checks))
    if module != MODULE_1:
        folder = copy_module(module, folder.parent / f"{module}-copy")
    check = next(c for c in load_module_content(folder, "nb").checks if c.multiple == multiple)
    return KnowledgeCheck(check, ProgressStore(folder, module, "nb"), "nb"), check


TRY_AGAIN = re.compile(r"prøv|igjen|try", re.IGNORECASE)


def test_a_right_answer_ends_the_check_without_inviting_another_try(module_dir: Path) -> None:
    widget, check = check_widget(module_dir)
    widget.select([o.id for o in check.options if o.correct])
    widget.submit()
    assert "mf-check-result--correct" in widget.result.value
    assert not TRY_AGAIN.search(widget.result.value), widget.result.value
    assert widget.submit_button not in widget.children and widget.radio.disabled
    again = KnowledgeCheck(check, ProgressStore(module_dir, MODULE_1, "nb"), "nb")  # restored the same
    assert widget.submit_button not in again.children and not TRY_AGAIN.search(again.result.value)


@pytest.mark.parametrize("multiple", [False, True])
def test_a_wrong_answer_gives_the_explanation_and_a_way_to_try_again(module_dir: Path, multiple: bool) -> None:
    widget, check = check_widget(module_dir, multiple)
    wrong = next(o.id for o in check.options if not o.correct)
    widget.select([wrong])
    widget.submit()
    assert "mf-check-result--correct" not in widget.result.value
    assert check.explanation.split()[0] in widget.result.value
    assert i18n.text("nb", "ui.check_wrong_lead") in widget.result.value
    assert widget.submit_button in widget.children
    assert not any(control.disabled for control in widget_tree(widget.options) if hasattr(control, "disabled"))
    widget.select([o.id for o in check.options if o.correct])
    widget.submit()
    assert "mf-check-result--correct" in widget.result.value
    assert read_progress(widget.store.folder, widget.store.module).checks[check.id].first_answer == [wrong]


@pytest.mark.parametrize("module", MODULE_IDS)
def test_every_placement_control_is_named_for_its_item(tmp_path: Path, module: str) -> None:
    """A screen reader lists form controls by name: twelve "Plassering N" tell nothing."""
    folder = copy_module(module, tmp_path)
    for block in load_module_content(folder, "nb").exercises:
        exercise = ClassifyExercise(block, ProgressStore(folder, module, "nb"), "nb")
        names = [exercise.selects[item.id].description for item in block.items]
        assert len(set(names)) == len(names), names
        for item, name in zip(block.items, names, strict=True):
            assert name.startswith("Plassering for: ")
            words = re.sub(r"[*_`]", "", item.text).split()
            assert " ".join(words[:3]) in name, (item.text, name)
            assert len(name) <= len("Plassering for: ") + 60


def test_selecting_a_choice_decides_nothing_until_velg(module_dir: Path) -> None:
    content = load_module_content(module_dir, "nb")
    scenario = content.scenarios[0]
    player = ScenarioPlayer(scenario, ProgressStore(module_dir, MODULE_1, "nb"), "nb")
    assert player.choices.button_label == "Velg" and not player.choices.ready  # disabled: nothing selected
    assert player.choices.labelled_by == f"mf-{scenario.id}-situation"
    first, second = (c.id for c in scenario.situations[scenario.start].choices[:2])
    player.select(first)
    player.select(second)  # the arrow keys move the selection: still nothing decided
    assert player.choices.ready and player.run.steps == [] and player.feedback.value == ""
    assert read_progress(module_dir, MODULE_1) is None  # nothing saved: nothing was done
    player.choices.commit()
    assert player.run.steps == [(scenario.start, second)]
    assert f"mf-{scenario.id}-feedback" in player.feedback.value
    assert read_progress(module_dir, MODULE_1).scenarios[scenario.id].first_choice == second
