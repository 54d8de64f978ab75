"""The classify exercise driven like a learner: choose from the lists, order the musts, check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from mangfold.grading import GradingError, grade_folder, require
from mangfold.progress import read_progress
from mangfold.ui import open_module
from mangfold.ui.classify import ClassifyExercise
from tests.conftest import FILES

MODULE = "01-verdien-av-mangfold"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / MODULE
    shutil.copytree(FILES / "content" / MODULE, target)
    return target


def exercise(folder: Path, language: str = "nb") -> ClassifyExercise:
    return open_module(MODULE, folder, language).show("sortering")


def test_placing_items_saves_each_change_and_builds_the_ranking(folder: Path) -> None:
    widget = exercise(folder)
    widget.selects["utdanning"].value = "ma"
    widget.selects["erfaring"].value = "ma"
    saved = read_progress(folder, MODULE).exercises["sortering"].state
    assert saved["placements"] == {"utdanning": "ma", "erfaring": "ma"} and saved["order"] == ["utdanning", "erfaring"]
    assert "Rekkefølge" in widget.rank_box.children[0].value
    widget.rank_buttons[("erfaring", "up")].click()
    assert widget.order == ["erfaring", "utdanning"]
    assert widget.rank_buttons[("erfaring", "up")].disabled  # first in the list: cannot go further up
    assert read_progress(folder, MODULE).exercises["sortering"].state["order"] == ["erfaring", "utdanning"]
    widget.selects["erfaring"].value = "bor"
    assert widget.order == ["utdanning"]


def test_checking_needs_every_item_then_gives_feedback_per_item(folder: Path) -> None:
    widget = exercise(folder)
    widget.selects["utdanning"].value = "ma"
    widget.check_button.click()
    assert "Plasser alle punktene først (2 mangler)" in widget.result.value
    widget.selects["erfaring"].value = "bor"
    widget.selects["tempo"].value = "ma"
    widget.check_button.click()
    html = widget.result.value
    assert "1 av 3 som vi foreslår" in html
    assert html.count("mf-feedback--good") == 1 and html.count("mf-feedback--partly") == 1
    assert html.count("mf-feedback--weak") == 1 and "Uklart og kan stenge ute." in html
    widget.selects["tempo"].value = "fjern"
    assert "2 av 3" in widget.result.value  # feedback follows a corrected placement
    state = read_progress(folder, MODULE).exercises["sortering"].state
    assert state["checked"] is True
    assert state["first_check"] == {"utdanning": "ma", "erfaring": "bor", "tempo": "ma"}


def test_exercise_restores_after_a_kernel_restart(folder: Path) -> None:
    widget = exercise(folder)
    widget.place("utdanning", "ma")
    widget.place("erfaring", "ma")
    widget.place("tempo", "fjern")
    widget.move("erfaring", -1)
    widget.check()
    again = exercise(folder)
    assert {k: s.value for k, s in again.selects.items()} == {"utdanning": "ma", "erfaring": "ma", "tempo": "fjern"}
    assert again.order == ["erfaring", "utdanning"] and "3 av 3" in again.result.value


def test_exercise_grading_and_tampering(folder: Path) -> None:
    widget = exercise(folder)
    for item, category in (("utdanning", "ma"), ("erfaring", "bor"), ("tempo", "fjern")):
        widget.place(item, category)
    with pytest.raises(GradingError, match="not every item placed and checked"):
        require(MODULE, "exercise", "sortering", folder)
    widget.check()
    require(MODULE, "exercise", "sortering", folder)
    store = widget.store
    store.save_exercise("sortering", {**widget.state, "placements": {"utdanning": "kanskje"}})
    assert "names items or categories it does not have" in grade_folder(folder, MODULE).problem


def test_english_exercise_interface(folder: Path) -> None:
    widget = exercise(folder, "en")
    assert widget.check_button.description == "Check my placements"
    assert widget.selects["tempo"].options[0] == ("Choose …", "")


def test_the_ranking_shows_each_text_whole_and_names_its_buttons_short(folder: Path) -> None:
    """A phone is narrow: the ranked text is never cut (the 60-character label only names the ↑ ↓ buttons)."""
    path = folder / "content.nb.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    long_text = "Forklarer regelverk enkelt, muntlig og skriftlig, for folk uten fagbakgrunn i egen etat"
    sorting = next(b for b in data["blocks"] if b.get("id") == "sortering")
    sorting["items"][0]["text"] = long_text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    widget = exercise(folder)
    first = sorting["items"][0]["id"]
    widget.selects[first].value = "ma"
    [row] = [c for c in widget.rank_box.children if "mf-rank-row" in c._dom_classes]
    assert f"1. {long_text}</p>" in row.children[0].value
    assert long_text[:57] + "…" in widget.rank_buttons[(first, "up")].tooltip
