"""The reflection cards: the course's prompts on A6 cards, four to an A4 page, from the page and the command."""

from __future__ import annotations

import base64
import io
import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
import yaml

from mangfold import atomic
from mangfold.cli import main
from mangfold.content.documents import documents_path, load_documents, validate_documents
from mangfold.content.errors import ContentError
from mangfold.content.loader import load_module_content
from mangfold.course import MODULE_IDS
from mangfold.progress.trust import SUMMARY_MODULE
from mangfold.summary import cards
from mangfold.summary.cards import CARDS_FILENAME, CARDS_PER_PAGE, cards_pdf, reflection_cards
from mangfold.summary.docx import course_inline
from mangfold.ui.summary_page import open_summary
from tests.conftest import REPO_ROOT, copy_module
from tests.helpers.summary_courses import TREE

SOURCE = REPO_ROOT / "source"
LANGUAGES = ("nb", "nn", "en")
#: A4 in PostScript points, as Typst writes it (210 x 297 mm)
A4 = (595.28, 841.89)
#: what a document must never print: an unfilled field, an ellipsis standing for text, a template question
PLACEHOLDERS = re.compile(r"…|\.\.\.|\{|\}|TODO|XXX|Fortell om en gang du|Tell me about a time you", re.IGNORECASE)
HOSTILE = '#panic("x") $x^2$ <script>alert(1)</script> #include "/etc/passwd" ] [ @ref <lbl> #set page(width: 1cm)'


def pdf_text(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    """The PDF and its text with every run of white space made one space (a prompt wraps over lines)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def prompts(language: str, root: Path = SOURCE) -> list[str]:
    """Every reflection prompt of modules 1–5, as the module content has it, in module order."""
    return [course_inline(block.prompt) for module in MODULE_IDS
            for block in load_module_content(root / module, language).reflections]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_card_for_each_reflection_prompt_then_the_three_steps_and_the_review(language: str) -> None:
    deck = reflection_cards(language, SOURCE)
    assert [c.kind for c in deck.cards] == ["intro", *["reflection"] * len(prompts(language)), "steps", "review"]
    assert [c.prompt for c in deck.cards if c.kind == "reflection"] == prompts(language)
    first = next(c for c in deck.cards if c.kind == "reflection")
    title = load_module_content(SOURCE / MODULE_IDS[0], language).title
    assert first.label == f"{'Module' if language == 'en' else 'Modul'} 1 · {title}"
    steps = next(c for c in deck.cards if c.kind == "steps")
    assert [p.lead for p in steps.points] == {"nb": ["Lik behandling", "Annerledeshet som styrke",
                                                     "Positiv særbehandling"],
                                              "nn": ["Lik behandling", "Annleisheit som styrke",
                                                     "Positiv særbehandling"],
                                              "en": ["Equal treatment", "Difference as a strength",
                                                     "Positive action"]}[language]
    assert len(next(c for c in deck.cards if c.kind == "review").points) == 3
    assert all(card.label and card.prompt and card.context for card in deck.cards)
    assert deck.pages == math.ceil(len(deck.cards) / CARDS_PER_PAGE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_prompt_has_its_own_line_from_the_course(language: str) -> None:
    """The line under each module's prompt is written for that prompt: a renamed or new reflection must get
    its own line in documents.<language>.yaml, not fall back to the module's hint or subtitle unnoticed."""
    follow_ups = load_documents(SOURCE / SUMMARY_MODULE, language).cards.follow_ups
    reflections = {module: [b.id for b in load_module_content(SOURCE / module, language).reflections]
                   for module in MODULE_IDS}
    assert {module: sorted(lines) for module, lines in follow_ups.items()} == {
        module: sorted(ids) for module, ids in reflections.items() if ids}
    deck = reflection_cards(language, SOURCE)
    assert [c.context for c in deck.cards if c.kind == "reflection"] == [
        follow_ups[module][reflection] for module in MODULE_IDS for reflection in reflections[module]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_a4_four_cards_a_page_with_every_prompt_and_no_placeholder(language: str) -> None:
    deck = reflection_cards(language, SOURCE)
    reader, text = pdf_text(cards_pdf(language, SOURCE))
    assert len(reader.pages) == math.ceil(len(deck.cards) / 4) == deck.pages
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    for prompt in prompts(language):
        assert prompt in text
    for card in deck.cards:
        assert card.label in text and card.prompt in text and card.context in text
        assert all(point.text in text and point.lead in text for point in card.points)
    assert text.count(deck.footer) == len(deck.cards)
    assert f"{len(deck.cards)} / {len(deck.cards)}" in text
    assert not PLACEHOLDERS.search(text), PLACEHOLDERS.search(text)
    assert reader.metadata.title == deck.title
    assert reader.trailer["/Root"]["/Lang"] == language  # a screen reader reads the cards in their language


def test_the_same_cards_give_the_same_bytes() -> None:
    assert cards_pdf("nb", SOURCE) == cards_pdf("nb", SOURCE)


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """The course's source folder, to change."""
    shutil.copytree(SOURCE, tmp_path / "source", ignore=shutil.ignore_patterns("*.ipynb", "mangfold-progress*"))
    return tmp_path / "source"


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_more_prompts_make_more_pages_and_markup_in_a_prompt_stays_text(course_copy: Path) -> None:
    """A course with three more reflections gets 11 cards on 3 pages; a long prompt full of Typst and HTML
    is shown as typed, set smaller to fit its card; a new prompt without its own line takes the module's hint."""
    long_prompt = f"{HOSTILE} " + "Hvilket ord i annonsen kunne stengt ute kvalifiserte søkere? " * 10

    def change(data: dict) -> None:
        next(b for b in data["blocks"] if b["kind"] == "reflection")["prompt"] = long_prompt
        data["blocks"] += [{"kind": "reflection", "id": f"ekstra-{n}", "prompt": f"Ekstra spørsmål {n}?",
                            "hint": f"Et hint til spørsmål {n}."} for n in (1, 2, 3)]

    _edit(course_copy / MODULE_IDS[2] / "content.nb.yaml", change)
    deck = reflection_cards("nb", course_copy)
    assert len(deck.cards) == 11 and deck.pages == 3
    assert [c.context for c in deck.cards if c.prompt.startswith("Ekstra")] == [
        f"Et hint til spørsmål {n}." for n in (1, 2, 3)]
    reader, text = pdf_text(cards_pdf("nb", course_copy))
    assert len(reader.pages) == 3
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=0.5)
    assert HOSTILE in text and "Ekstra spørsmål 3?" in text and "11 / 11" in text


def test_a_course_folder_written_before_the_cards_uses_the_course_s_own_text(course_copy: Path) -> None:
    """A trainer's older course (documents without ``cards:``) keeps its own prompts and gets the cards'
    text from the course the package finds; where there is none, the error names what is missing."""
    for language in LANGUAGES:
        _edit(documents_path(course_copy / SUMMARY_MODULE, language), lambda data: data.pop("cards"))
    assert validate_documents(course_copy / SUMMARY_MODULE) == []
    _edit(course_copy / MODULE_IDS[0] / "content.en.yaml", lambda data: next(
        b for b in data["blocks"] if b["kind"] == "reflection").update(prompt="Our own prompt?"))
    deck = reflection_cards("en", course_copy)
    assert deck.cards[1].prompt == "Our own prompt?" and deck.title == "Reflection cards"


def test_without_any_cards_text_the_error_names_the_section(course_copy: Path, monkeypatch) -> None:
    monkeypatch.setattr(cards, "_course_folders", lambda: [])
    _edit(documents_path(course_copy / SUMMARY_MODULE, "nb"), lambda data: data.pop("cards"))
    with pytest.raises(ContentError, match=r"a 'cards:' section in documents\.nb\.yaml"):
        reflection_cards("nb", course_copy)


def test_the_cards_text_has_the_same_structure_in_both_languages(course_copy: Path) -> None:
    folder = course_copy / SUMMARY_MODULE
    _edit(documents_path(folder, "en"), lambda data: data["cards"]["review"]["points"].pop())
    [problem] = validate_documents(folder)
    assert (problem.file.name, problem.location) == ("documents.en.yaml", ("cards", "review", "points"))
    assert "2 items here, 3 in documents.nb.yaml" in problem.message
    _edit(documents_path(folder, "nb"), lambda data: data["cards"].update(module="Modul {nummer}: {title}"))
    assert any(p.location == ("cards", "module") and "{number}, {title}" in p.message
               for p in validate_documents(folder))


# -- the summary page ------------------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: dict[str, tuple[str, str]] = {}
        self._open: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("download"):
            self._open = found["download"] or ""
            self.links[self._open] = (found.get("href") or "", "")

    def handle_data(self, data: str) -> None:
        if self._open:
            self.links[self._open] = (self.links[self._open][0], self.links[self._open][1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_summary_page_offers_the_cards_in_its_language(tmp_path: Path, language: str) -> None:
    """The learner's course (its summary folder as released, modules 1 and 3 only) still gets every card."""
    for module in (MODULE_IDS[0], MODULE_IDS[2]):
        copy_module(module, tmp_path, TREE)
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, tmp_path / SUMMARY_MODULE)
    page = open_summary(tmp_path / SUMMARY_MODULE, language, tmp_path)
    page.exports()
    links = _Links(page.make_documents()).links
    href, label = links[CARDS_FILENAME[language]]
    assert label == {"nb": "Refleksjonskort til ledergruppen (PDF)", "nn": "Refleksjonskort til leiargruppa (PDF)",
                     "en": "Reflection cards for the management team (PDF)"}[language]
    assert href.startswith("data:application/pdf;base64,")
    reader, text = pdf_text(base64.b64decode(href.split(",", 1)[1]))
    assert len(reader.pages) == reflection_cards(language).pages
    assert all(prompt in text for prompt in prompts(language))


def test_a_defect_in_the_cards_costs_the_learner_no_other_document(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(cards, "_course_folders", lambda: [])  # no course to fall back on
    copy_module(MODULE_IDS[0], tmp_path)
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, tmp_path / SUMMARY_MODULE)
    _edit(documents_path(tmp_path / SUMMARY_MODULE, "nb"), lambda data: data.pop("cards", None))
    html = open_summary(tmp_path / SUMMARY_MODULE, "nb", tmp_path).make_documents()
    links = _Links(html).links
    assert "jobbstotte.pdf" in links and "jobbanalyse.docx" in links and "refleksjonskort.pdf" not in links
    assert "Refleksjonskortene kunne ikke lages" in html


# -- mangfold cards ----------------------------------------------------------------------------------------

def test_the_command_writes_the_cards_and_says_where(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["cards"]) == 0
    written = tmp_path / "refleksjonskort.pdf"
    assert f"8 refleksjonskort på 2 A4-ark / 8 reflection cards on 2 A4 sheets: {written}" in capsys.readouterr().out
    assert written.read_bytes() == cards_pdf("nb", SOURCE)

    target = tmp_path / "kort" / "en.pdf"
    target.parent.mkdir()
    assert main(["cards", "--language", "en", "--course", str(REPO_ROOT), "-o", str(target)]) == 0
    assert str(target) in capsys.readouterr().out
    reader, text = pdf_text(target.read_bytes())
    assert all(prompt in text for prompt in prompts("en")) and len(reader.pages) == 2
    assert not list(target.parent.glob(".*.tmp"))  # written whole, through a temporary file


def test_the_command_reads_the_named_course(course_copy: Path, tmp_path: Path, capsys) -> None:
    _edit(course_copy / MODULE_IDS[4] / "content.nb.yaml", lambda data: next(
        b for b in data["blocks"] if b["kind"] == "reflection").update(prompt="Kursholderens eget spørsmål?"))
    output = tmp_path / "kort.pdf"
    assert main(["--course", str(course_copy.parent), "cards", "-o", str(output)]) == 0
    assert "Kursholderens eget spørsmål?" in pdf_text(output.read_bytes())[1]


@pytest.mark.parametrize(("output", "message"), [
    ("mangler/kort.pdf", "mappen {parent} finnes ikke / the folder {parent} does not exist"),
    (".", "dette er en mappe; oppgi en fil, for eksempel med navnet refleksjonskort.pdf i den / this is a folder"),
])
def test_a_bad_output_path_is_refused_clearly(tmp_path: Path, capsys, monkeypatch, output: str,
                                              message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["cards", "-o", output]) == 1
    path = (tmp_path / output).absolute()
    assert f"mangfold: {path}: " + message.format(parent=path.parent) in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_is_refused_clearly(tmp_path: Path, capsys, monkeypatch) -> None:
    """A file the system will not let us write (a read-only folder; root may write anywhere, so the refusal
    is staged) is named with the system's reason, and no half-written file is left."""
    def refuse(path: Path, data: bytes, **_options: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(atomic, "write_bytes", refuse)
    assert main(["cards", "-o", str(tmp_path / "kort.pdf")]) == 1
    assert (f"mangfold: {tmp_path / 'kort.pdf'}: kunne ikke skrive filen (Permission denied) / "
            "could not write the file (Permission denied)") in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
