"""«Stillingen du skal fylle» on the summary page, driven in plain Python as a learner's typing and clicks would."""

from __future__ import annotations

import base64
import errno
import html
import io
import json
import re
import shutil
from pathlib import Path

import docx
import pytest

from mangfold import i18n
from mangfold.markup import plain_text
from mangfold.progress import ProgressStore, read_progress
from mangfold.progress.model import MAX_POST_REQUIREMENTS, MAX_POST_TASKS, REQUIREMENT_KINDS, PostRecord
from mangfold.progress.trust import SUMMARY_MODULE
from mangfold.summary.prefill import PREFILL_FILENAME
from mangfold.ui.post_form import REQUIREMENTS_ID, PostForm, row_id
from mangfold.ui.summary_page import SummaryPage, open_summary
from tests.conftest import MODULE_1, REPO_ROOT, copy_module
from tests.helpers.widgets import widget_tree

PREFILL = """\
title: Rådgiver for kullet
unit: Seksjon for tilskudd
tasks: [vurdere søknader, skrive vedtak]
lacks: Erfaring fra en frivillig forening.
requirements:
  - {text: bachelorgrad, kind: knowledge}
  - {text: erfaring med saksbehandling, kind: experience, must: false}
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A learner's course: the summary folder as released and module 1 beside it."""
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, tmp_path / SUMMARY_MODULE)
    copy_module(MODULE_1, tmp_path)
    return tmp_path


def open_page(course: Path, language: str = "nb") -> tuple[SummaryPage, PostForm]:
    page = open_summary(course / SUMMARY_MODULE, language, course)
    page.exports()  # the form comes with the documents it feeds
    assert page.post is not None
    return page, page.post


def saved(course: Path) -> PostRecord | None:
    """The post in the summary's progress file (None: no file, or no post in it)."""
    progress = read_progress(course / SUMMARY_MODULE, SUMMARY_MODULE)
    return progress.post if progress is not None else None


def visible(label: str) -> str:
    """A label as the page shows it: the part for screen readers only taken out."""
    return re.sub(r'<span class="mf-visually-hidden">.*?</span>', "", label)


def spoken(label: str) -> str:
    """A label as a screen reader reads it: the page's words and the hidden ones."""
    return re.sub(r"<[^>]+>", "", label)


# -- typing and saving --------------------------------------------------------------------------------
def test_the_form_starts_empty_with_one_row_and_saves_nothing_until_the_learner_types(course: Path) -> None:
    page, form = open_page(course)
    assert [form.title.value, form.unit.value, form.tasks.value, form.lacks.value] == ["", "", "", ""]
    assert len(form.rows) == 1 and form.rows[0].text.value == "" and form.rows[0].must.value is True
    assert not (course / SUMMARY_MODULE / "mangfold-progress.json").exists()  # opening the page writes nothing
    assert form.status.value == "" and form.notice.value == ""
    assert page.exports().children[0] is form  # the post comes before the downloads it feeds


def test_every_change_is_saved_at_once_and_a_reload_restores_the_whole_form(course: Path) -> None:
    page, form = open_page(course)
    form.title.value = "Seniorrådgiver"
    assert saved(course).title == "Seniorrådgiver"
    mirrored = json.loads(page.mirror.server_copies[SUMMARY_MODULE])  # the browser's copy, for Binder
    assert mirrored["post"]["title"] == "Seniorrådgiver" and mirrored["version"] == 4
    assert "Lagret kl." in form.status.value and "mf-status--saved" in form.status.value
    form.unit.value = "Seksjon Nord"
    form.tasks.value = "behandle klager\n\n  lære opp nye  \n"
    form.lacks.value = "Ingen av oss har jobbet i en kommune."
    form.rows[0].text.value = "master i rettsvitenskap"
    form.add_requirement()
    form.rows[1].text.value = "erfaring med klagesaker"
    form.rows[1].kind.value = "experience"
    form.rows[1].must.value = False
    post = saved(course)
    assert post.tasks == ["behandle klager", "lære opp nye"]  # one a line; blank lines and edge spaces left out
    assert [(r.text, r.kind, r.must) for r in post.requirements] == [
        ("master i rettsvitenskap", "knowledge", True), ("erfaring med klagesaker", "experience", False)]
    _again, restored = open_page(course, "en")
    assert (restored.title.value, restored.unit.value, restored.lacks.value) == (
        "Seniorrådgiver", "Seksjon Nord", "Ingen av oss har jobbet i en kommune.")
    assert restored.tasks.value == "behandle klager\nlære opp nye"
    assert [(r.text.value, r.kind.value, r.must.value) for r in restored.rows] == [
        ("master i rettsvitenskap", "knowledge", True), ("erfaring med klagesaker", "experience", False)]
    assert "Saved at" in restored.status.value


def test_an_added_empty_row_is_kept_over_a_reload_and_left_out_of_the_documents(course: Path) -> None:
    page, form = open_page(course)
    form.title.value = "Rådgiver"
    form.add_requirement()
    assert len(saved(course).requirements) == 2
    assert len(open_page(course)[1].rows) == 2
    assert page.summary().post.requirements == ()  # a blank row says nothing to a document


# -- the prefill --------------------------------------------------------------------------------------
def test_a_trainers_prefill_fills_the_form_until_the_learner_changes_it(course: Path) -> None:
    (course / SUMMARY_MODULE / PREFILL_FILENAME).write_text(PREFILL, encoding="utf-8")
    _page, form = open_page(course)
    assert form.title.value == "Rådgiver for kullet" and form.tasks.value == "vurdere søknader\nskrive vedtak"
    assert [(r.text.value, r.kind.value, r.must.value) for r in form.rows] == [
        ("bachelorgrad", "knowledge", True), ("erfaring med saksbehandling", "experience", False)]
    assert i18n.text("nb", "post.prefilled") in form.heading.value
    assert saved(course) is None  # still the trainer's: nothing saved until the learner changes something
    form.title.value = "Rådgiver i min seksjon"
    post = saved(course)
    assert post.title == "Rådgiver i min seksjon" and post.unit == "Seksjon for tilskudd"  # the rest kept
    (course / SUMMARY_MODULE / PREFILL_FILENAME).write_text(PREFILL.replace("kullet", "et nytt kull"), encoding="utf-8")
    _again, restored = open_page(course)
    assert restored.title.value == "Rådgiver i min seksjon"  # the learner's own post wins from now on
    assert i18n.text("nb", "post.prefilled") not in restored.heading.value


def test_a_broken_prefill_gives_an_empty_form_not_an_error(course: Path) -> None:
    (course / SUMMARY_MODULE / PREFILL_FILENAME).write_text("title: [ikke, tekst]\n", encoding="utf-8")
    _page, form = open_page(course)
    assert form.title.value == "" and len(form.rows) == 1


# -- rows ---------------------------------------------------------------------------------------------
def test_rows_are_added_and_removed_and_named_for_their_row(course: Path, monkeypatch) -> None:
    page, form = open_page(course)
    moves: list[tuple[str, str]] = []
    monkeypatch.setattr(page.focus, "focus", lambda element: moves.append(("focus", element)))
    monkeypatch.setattr(page.focus, "announce", lambda text: moves.append(("announce", text)))
    for text in ("første", "andre", "tredje"):
        if form.rows[-1].text.value:
            assert form.add_requirement()
        form.rows[-1].text.value = text
    assert moves[-2:] == [("focus", row_id(3)), ("announce", "Krav 3 er lagt til.")]
    assert f'id="{row_id(3)}"' in form.rows[2].title.value and "Krav 3" in form.rows[2].title.value
    form.rows[1].remove_button.click()  # «Fjern krav 2»
    assert [r.text.value for r in form.rows] == ["første", "tredje"]
    assert [r.text for r in saved(course).requirements] == ["første", "tredje"]
    assert moves[-2:] == [("focus", REQUIREMENTS_ID), ("announce", "Krav 2 er fjernet.")]
    third = form.rows[1]
    assert third.number == 2 and f'id="{row_id(2)}"' in third.title.value
    assert spoken(third.text.description) == "Kravet (krav 2)" and visible(third.text.description) == "Kravet"
    assert spoken(third.kind.description) == "Type (krav 2)"
    assert spoken(third.must.description) == "Må eller bør (krav 2)"
    assert third.remove_button.description == third.remove_button.tooltip == "Fjern krav 2"
    form.rows[0].remove_button.click()
    form.rows[0].remove_button.click()
    assert form.rows == [] and i18n.text("nb", "post.requirements_none") in str(
        [w.value for w in form.rows_box.children])
    assert saved(course).requirements == []


def test_at_the_limit_a_new_row_is_refused_with_a_reason(course: Path) -> None:
    _page, form = open_page(course)
    while len(form.rows) < MAX_POST_REQUIREMENTS:
        assert form.add_requirement()
    assert not form.add_requirement()
    assert len(form.rows) == MAX_POST_REQUIREMENTS and 'role="alert"' in form.notice.value
    assert f"Du har {MAX_POST_REQUIREMENTS} krav" in form.notice.value


def test_more_tasks_than_the_job_analysis_holds_are_named_and_the_first_ones_kept(course: Path) -> None:
    _page, form = open_page(course, "en")
    form.tasks.value = "\n".join(f"task {n}" for n in range(1, MAX_POST_TASKS + 3))
    assert saved(course).tasks == [f"task {n}" for n in range(1, MAX_POST_TASKS + 1)]
    assert f"room for {MAX_POST_TASKS} tasks" in form.notice.value and 'role="alert"' in form.notice.value
    form.tasks.value = "task 1"
    assert form.notice.value == ""  # within the limit again: the warning goes


def test_a_failed_save_keeps_the_text_and_says_why_in_the_learners_language(course: Path, monkeypatch) -> None:
    for language, words in (("nb", "disken på serveren er full"), ("en", "the server's disk is full")):
        _page, form = open_page(course, language)

        def full(self: ProgressStore) -> bool:
            self.last_error = OSError(errno.ENOSPC, "No space left on device")
            return False

        monkeypatch.setattr(ProgressStore, "save", full)
        form.title.value = f"Ikke lagret ({language})"
        assert words in html.unescape(form.status.value) and 'role="alert"' in form.status.value
        assert form.title.value == f"Ikke lagret ({language})"
        monkeypatch.undo()
        form.unit.value = f"neste endring ({language})"  # the next change tries again, with everything in the form
        assert saved(course).title == f"Ikke lagret ({language})"


# -- labels and language ------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_control_has_a_label_in_the_learners_language(course: Path, language: str) -> None:
    _page, form = open_page(course, language)
    form.add_requirement()
    t = lambda key, **values: i18n.text(language, f"post.{key}", **values)  # noqa: E731
    assert [form.title.description, form.unit.description, form.tasks.description, form.lacks.description] == [
        t("title"), t("unit"), t("tasks"), t("lacks")]
    for number, row in enumerate(form.rows, 1):
        in_row = t("in_row", number=number)
        assert [spoken(c.description) for c in (row.text, row.kind, row.must)] == [
            f"{t('row_text')} {in_row}", f"{t('row_kind')} {in_row}", f"{t('row_must')} {in_row}"]
        assert row.kind.options == tuple((t(f"kind_{k}"), k) for k in REQUIREMENT_KINDS)
        assert row.must.options == ((t("must"), True), (t("should"), False))
        assert row.remove_button.description == t("remove", number=number)
    assert form.add_button.description == t("add")
    assert t("heading") in form.heading.value and f'id="{REQUIREMENTS_ID}"' in form.requirements_heading.value


def test_the_plain_kind_names_are_the_ones_the_issue_asks_for() -> None:
    assert [i18n.text("nb", f"post.kind_{k}") for k in REQUIREMENT_KINDS] == [
        "Kunnskap og utdanning", "Erfaring", "Personlige egenskaper", "Samarbeid", "Språk"]


# -- the documents --------------------------------------------------------------------------------------
def test_the_downloads_are_made_from_the_post_and_include_the_job_analysis_pdf(course: Path) -> None:
    page, form = open_page(course)
    hostile = '<script>window.__xss=1</script> #panic("x") Rådgiver'
    form.title.value = hostile
    form.rows[0].text.value = "skriver klare vedtak på norsk"
    form.rows[0].kind.value = "language"
    made = page.make_documents()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', made))
    assert {"jobbanalyse.docx", "jobbanalyse.pdf"} <= set(links)
    document = docx.Document(io.BytesIO(base64.b64decode(links["jobbanalyse.docx"])))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert plain_text(hostile) in cells and "skriver klare vedtak på norsk" in cells
    assert base64.b64decode(links["jobbanalyse.pdf"]).startswith(b"%PDF")
    assert "<script>window.__xss" not in made  # the page's own HTML: the title never reaches it unescaped


def test_every_widget_of_the_form_is_in_the_page_tree(course: Path) -> None:
    page, form = open_page(course)
    tree = list(widget_tree(page.exports()))
    assert all(w in tree for w in (form.title, form.unit, form.tasks, form.lacks, form.add_button,
                                   form.rows[0].text, form.rows[0].kind, form.rows[0].must,
                                   form.rows[0].remove_button))
