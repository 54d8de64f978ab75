"""The course home and the guided path, in plain Python (the browser tests check the same in Voilà)."""

from __future__ import annotations

from pathlib import Path

from mangfold.course import MODULE_IDS
from mangfold.ui import open_module
from mangfold.ui.home import module_href, open_home
from tests.helpers.interface_text import STRINGS
from tests.helpers.widgets import finish, home_html


def test_new_learner_home_shows_five_modules_first_open(course: Path) -> None:
    html = home_html(course)
    assert html.count("<h3 class=\"mf-card__title\">") == 5
    assert html.count("Ikke startet") == 5
    assert html.count(STRINGS["nb"]["open_module"].split(" {")[0]) == 1 + 1  # button text + its aria-label
    assert html.count("Låst: fullfør modul") == 4
    assert "Start kurset" in html and module_href(MODULE_IDS[0], "nb") in html


def test_continue_goes_to_the_first_unfinished_item_of_the_latest_module(course: Path) -> None:
    finish(course / MODULE_IDS[0])
    page = open_module(MODULE_IDS[1], course / MODULE_IDS[1], "nb")
    page.show("valget").choose("a")
    page.show("valget").choose("a")
    html = home_html(course)
    assert "Fortsett der du slapp" in html
    assert module_href(MODULE_IDS[1], "nb", "sjekk") in html
    assert html.count("Låst: fullfør modul") == 3


def test_finished_course_opens_everything(course: Path) -> None:
    for module in MODULE_IDS:
        finish(course / module)
    html = home_html(course, "en")
    assert "You have finished the course" in html and "Locked" not in html
    assert html.count("Open module") == 10


def test_a_locked_module_page_shows_only_the_way_back(course: Path) -> None:
    page = open_module(MODULE_IDS[2], course / MODULE_IDS[2], "nb", guided=True)
    header = page.header()
    notice = header.children[-1].value
    assert "åpner når du har fullført modul 2" in notice and f"../{MODULE_IDS[1]}/" in notice
    assert page.show("valget").value == "" and page.steps().value == ""


def test_outside_voila_nothing_is_locked(course: Path) -> None:
    page = open_module(MODULE_IDS[4], course / MODULE_IDS[4], "nb")
    assert page.locked_by is None and page.show("valget").children


def test_home_language_follows_the_address_then_the_latest_module(course: Path, monkeypatch) -> None:
    assert open_home(course).language == "nb"
    open_module(MODULE_IDS[0], course / MODULE_IDS[0], "en").show("tanke").write("one two")
    assert open_home(course).language == "en"
    monkeypatch.setenv("QUERY_STRING", "lang=nb")
    assert open_home(course).language == "nb"
    open_module(MODULE_IDS[1], course / MODULE_IDS[1], "nn").show("tanke").write("eitt to")
    monkeypatch.setenv("QUERY_STRING", "")
    assert open_home(course).language == "nn"


def test_the_nynorsk_home_links_every_page_in_nynorsk_and_offers_the_other_two(course: Path) -> None:
    html = home_html(course, "nn")
    assert "Mangfalds­rekruttering" in html and "Opne modul 1" in html and "Låst: fullfør modul 1 først" in html
    assert module_href(MODULE_IDS[0], "nn") in html
    assert 'href="?lang=nb" lang="nb" hreflang="nb">Bokmål</a>' in html
    assert 'href="?lang=en" lang="en" hreflang="en">English</a>' in html


def test_a_home_from_before_nynorsk_shows_its_modules_in_bokmal(course: Path) -> None:
    for module in MODULE_IDS[2:]:
        (course / module / "content.nn.yaml").unlink()
    html = home_html(course, "nn")
    assert "Opne modul 1" in html and html.count("Låst: fullfør modul") == len(MODULE_IDS) - 1  # every module is there
