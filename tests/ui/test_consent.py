"""The research question on the course home, driven through its buttons as a learner would."""

from __future__ import annotations

from pathlib import Path

from mangfold.course import MODULE_IDS
from mangfold.progress import read_progress
from mangfold.progress.model import research_consent
from mangfold.ui.home import open_home
from tests.helpers.widgets import home_html, widget_tree


def buttons(home, css_class: str):
    return [w for w in widget_tree(home.research.box) if css_class in getattr(w, "_dom_classes", ())]


def card_text(home) -> str:
    return "".join(getattr(w, "value", "") for w in widget_tree(home.research.box)
                   if isinstance(getattr(w, "value", None), str))


def answers(root: Path) -> list:
    return [read_progress(root / m, m) for m in MODULE_IDS]


def test_a_new_learner_is_asked_and_the_default_is_no(course: Path) -> None:
    home = open_home(course, "nb")
    home.page()
    text = card_text(home)
    assert "Kan svarene dine brukes anonymt i forskning?" in text and "regnes det som nei" in text
    assert len(buttons(home, "mf-research__yes")) == 1 and len(buttons(home, "mf-research__no")) == 1
    assert not home.research.answered and home.research.consents is False
    assert all(p is None for p in answers(course))  # asking writes nothing


def test_yes_is_stored_with_every_modules_progress_and_mirrored(course: Path) -> None:
    home = open_home(course, "nb")
    home.page()
    buttons(home, "mf-research__yes")[0].click()
    saved = answers(course)
    assert all(p is not None and p.consent.research is True for p in saved)
    assert research_consent(saved) is True
    assert all('"research":true' in home.mirror.server_copies[m].replace(" ", "") for m in MODULE_IDS)
    text = card_text(home)
    assert "Du har svart ja" in text and "Svaret ditt er lagret: ja." in text
    assert not buttons(home, "mf-research__yes")  # asked once: now only the way to change it
    assert len(buttons(home, "mf-research__change")) == 1


def test_the_answer_can_be_changed_at_any_time_and_a_new_page_remembers_it(course: Path) -> None:
    home = open_home(course, "en")
    home.page()
    buttons(home, "mf-research__yes")[0].click()
    change = buttons(home, "mf-research__change")[0]
    assert change.description == "Change my answer to no"
    change.click()
    assert research_consent(answers(course)) is False
    again = open_home(course, "en")
    again.page()
    assert again.research.answered and "You answered no" in card_text(again)
    assert buttons(again, "mf-research__change")[0].description == "Change my answer to yes"


def test_answering_does_not_make_a_module_look_started(course: Path) -> None:
    home = open_home(course, "nb")
    home.page()
    buttons(home, "mf-research__no")[0].click()
    html = home_html(course)
    assert html.count("Ikke startet") == 5 and "Start kurset" in html


def test_a_module_file_that_cannot_be_trusted_is_not_overwritten_by_the_answer(course: Path) -> None:
    broken = course / MODULE_IDS[2] / "mangfold-progress.json"
    broken.write_text("{ broken", encoding="utf-8")
    home = open_home(course, "nb")
    home.page()
    buttons(home, "mf-research__yes")[0].click()
    kept = list((course / MODULE_IDS[2]).glob("*.set-aside-*"))
    assert kept and "{ broken" in "".join(p.read_text(encoding="utf-8") for p in kept if p.suffix != ".txt")
    assert read_progress(course / MODULE_IDS[2], MODULE_IDS[2]).consent.research is True
