"""The course state: module status, the guided path and where to resume, read from progress files."""

from __future__ import annotations

from pathlib import Path

from mangfold.course import MODULE_IDS
from mangfold.course_state import DONE, IN_PROGRESS, NOT_STARTED, course_state
from mangfold.progress import PROGRESS_FILENAME
from mangfold.ui import open_module
from tests.helpers.widgets import finish


def test_a_new_learner_sees_only_the_first_module_open(course: Path) -> None:
    state = course_state(course)
    assert [m.status for m in state.modules] == [NOT_STARTED] * 5
    assert [state.unlocked(m) for m in MODULE_IDS] == [True, False, False, False, False]
    assert state.resume.module == MODULE_IDS[0] and state.resume.next_item == "valget"
    assert (state.done_items, state.total_items) == (0, 20)


def test_finishing_a_module_unlocks_the_next_only(course: Path) -> None:
    finish(course / MODULE_IDS[0])
    page = open_module(MODULE_IDS[1], course / MODULE_IDS[1], "nb")
    page.show("tanke").write("halvveis")
    state = course_state(course)
    assert [m.status for m in state.modules][:3] == [DONE, IN_PROGRESS, NOT_STARTED]
    assert [state.unlocked(m) for m in MODULE_IDS] == [True, True, False, False, False]
    assert state.resume.module == MODULE_IDS[1] and state.resume.next_item == "valget"


def test_after_the_whole_course_every_module_is_open(course: Path) -> None:
    for module in MODULE_IDS:
        finish(course / module)
    state = course_state(course)
    assert state.finished and state.resume is None
    assert all(state.unlocked(m) for m in MODULE_IDS)


def test_an_untrusted_file_counts_as_not_started_and_is_left_alone(course: Path) -> None:
    path = course / MODULE_IDS[0] / PROGRESS_FILENAME
    path.write_text("{broken", encoding="utf-8")
    assert course_state(course).modules[0].status == NOT_STARTED
    assert path.read_text(encoding="utf-8") == "{broken"


def test_english_titles(course: Path) -> None:
    assert course_state(course, "en").modules[0].content.title == "Trial module"
