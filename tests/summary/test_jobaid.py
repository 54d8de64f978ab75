"""The jobbstøtte (``mangfold.summary.jobaid`` and ``jobaid_export``): two A4 pages, always; the learner's post,
reflections and plan in PDF, Word and HTML; hostile text stays text; every format without a browser.

The learners: an empty one (modules copied, nothing done, no post, no plan), a complete one (every module
done, a post, three lines of plan, a reflection of their own in each module), and maximal ones (every text
at the 200 000 characters a progress file allows: many words, one giant "word" of the widest letter, wide
East Asian characters).
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest

from mangfold import i18n
from mangfold.content.documents import load_documents
from mangfold.markup import plain_text
from mangfold.progress.model import MAX_TEXT
from mangfold.summary import CourseSummary
from mangfold.summary.jobaid import PLAN_WIDTH, PLAN_WORDS, STEP_WIDTH, STEP_WORDS, excerpt, job_aid, text_width
from mangfold.summary.jobaid_export import breakable, jobaid_data, jobaid_docx, jobaid_html, jobaid_pdf
from mangfold.summary.logbook import log_pdf, markdown_blocks
from mangfold.summary.post import LearnerPost
from mangfold.summary.snapshot import SUMMARY_MODULE
from tests import learners
from tests.conftest import REPO_ROOT
from tests.helpers.summary_courses import complete_course, empty_course, summary_of
from tests.helpers.word import open_docx, paragraphs, tables

SOURCE = REPO_ROOT / "source"
POST = LearnerPost(title="Rådgiver i økonomiseksjonen", unit="Seksjon for virksomhetsstyring")
PLAN = ("Skrive jobbanalysen før jeg ser på forrige annonse.",
        "Bruke de samme spørsmålene og den samme skalaen for alle kandidatene.",
        "Sjekke innkallingsplikten før jeg setter opp intervjulisten.")
#: one reflection a module, each its own (no hyphens: a PDF's text is compared word for word)
REFLECTIONS = (
    "Teamet mangler erfaring med brukere som ikke leser norsk godt, og ingen av oss har jobbet i kommunen.",
    "Vi krever alltid flytende norsk av vane, men oppgavene krever at man kan skrive korte vedtak på bokmål.",
    "I forrige annonse skrev vi at vi søkte en sulten og energisk kollega; jeg skriver oppgavene i stedet.",
    "For å få 5 må svaret vise en konkret sak der søkeren selv veiledet en bruker og kan vise resultatet.",
    "Neste gang setter jeg vektene før søknadsfristen og skriver innstillingen krav for krav sammen med panelet.",
)
#: what no document may hold: a question left to fill in, a field in braces, a note to the authors
PLACEHOLDERS = re.compile(r"«…»|Fortell om en gang du …|\{[a-z_]+\}|TODO|XXX|\[fagoppgave|\[krav\]")

#: learner text that is markup in every format the jobbstøtte is made in (HTML, Typst, Word's XML), with control
#: characters and a bidirectional override
HOSTILE = ('<script>alert(1)</script> #panic("x") *fet* $x^2$ <w:p/> ]] [ \\ `kode` @ref <lbl> '
           '#include "/etc/passwd" &amp; \x00\x07\x1b[31m\u202e slutt')
HOSTILE_SHOWN = plain_text(HOSTILE)


# -- learners -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def complete_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return complete_course(tmp_path_factory.mktemp("complete"))


@pytest.fixture(scope="module")
def empty_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return empty_course(tmp_path_factory.mktemp("empty"))


def with_texts(summary: CourseSummary, reflections: tuple[str, ...] | str, plan: tuple[str, ...],
               post: LearnerPost | None) -> CourseSummary:
    """The summary with every module's reflections, the plan and the post replaced."""
    modules = []
    for index, module in enumerate(summary.modules):
        text = reflections if isinstance(reflections, str) else reflections[index]
        modules.append(dataclasses.replace(module, reflections=tuple(
            dataclasses.replace(r, text=text) for r in module.reflections)))
    return dataclasses.replace(summary, modules=tuple(modules), action_plan=plan, post=post)


def complete(root: Path, language: str = "nb") -> CourseSummary:
    return with_texts(summary_of(root, language), REFLECTIONS, PLAN, POST)


#: maximal texts: many ordinary words; one "word" of the widest capital; wide East Asian characters
MAXIMAL = {
    "words": ("Ordlyd " * MAX_TEXT)[:MAX_TEXT],
    "wide-letters": "W" * MAX_TEXT,
    "east-asian": "漢" * MAX_TEXT,
}


def maximal(root: Path, kind: str, language: str = "nb") -> CourseSummary:
    text = MAXIMAL[kind]
    return with_texts(summary_of(root, language), text, (text, text, text), LearnerPost(title=text, unit=text))


def pdf_text(data: bytes) -> str:
    """A PDF's text with white space folded, the zero-width break chances of long runs taken out, and no space
    after a hyphen (a line may break after «Anti-»; the text read back then has «Anti- Discrimination»)."""
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return hyphens(" ".join(" ".join(p.extract_text() or "" for p in pages).replace("\u200b", "").split()))


def hyphens(text: str) -> str:
    """``text`` with no white space after a hyphen, for comparing with a PDF's text (:func:`pdf_text`)."""
    return re.sub(r"-\s+", "-", text)


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = open_docx(data)
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(parts)


def html_text(html: str) -> str:
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = False

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.skip = tag in ("style", "title")

        def handle_endtag(self, tag: str) -> None:
            self.skip = False

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def start_of(text: str, words: int = 8) -> str:
    return " ".join(text.split()[:words])


# -- two pages, always ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_an_empty_and_a_complete_learner_get_at_most_two_pages(empty_root: Path, complete_root: Path,
                                                              language: str) -> None:
    assert page_count(jobaid_pdf(summary_of(empty_root, language), SOURCE)) <= 2
    assert page_count(jobaid_pdf(complete(complete_root, language), SOURCE)) <= 2


@pytest.mark.parametrize("kind", sorted(MAXIMAL))
def test_a_maximal_learner_gets_at_most_two_pages(complete_root: Path, kind: str) -> None:
    summary = maximal(complete_root, kind)
    assert all(len(r.text) == MAX_TEXT for m in summary.modules for r in m.reflections)
    data = jobaid_pdf(summary, SOURCE)
    assert page_count(data) == 2
    text = pdf_text(data)
    assert text.count(i18n.text("nb", "summary.jobaid_cut")) == len(summary.modules) + 3  # each reflection, plan
    for rule in load_documents(SOURCE / SUMMARY_MODULE, "nb").job_aid.rules:
        assert rule.heading in text  # page 2 is still there, whole


def test_every_learner_text_is_cut_to_its_length_however_wide_its_letters() -> None:
    for text in MAXIMAL.values():
        step, plan = excerpt(text, STEP_WORDS, STEP_WIDTH), excerpt(text, PLAN_WORDS, PLAN_WIDTH)
        assert step.cut and plan.cut
        assert text_width(step.text) <= STEP_WIDTH and text_width(plan.text) <= PLAN_WIDTH
        assert len(step.text.split()) <= STEP_WORDS


def test_an_excerpt_folds_white_space_drops_control_characters_and_says_when_it_is_cut() -> None:
    assert excerpt("  \n\t ", 10, 100) is None
    assert excerpt("Kort\n\nsvar\x07 her.", 10, 100) == excerpt("Kort svar her.", 10, 100)
    whole = excerpt("Kort svar her.", 10, 100)
    assert whole.text == "Kort svar her." and not whole.cut
    by_words = excerpt("en to tre fire fem seks", 3, 100)
    assert by_words.text == "en to tre" and by_words.cut
    by_width = excerpt("alfa beta gamma delta, epsilon", 10, 22)
    assert by_width.text == "alfa beta gamma delta" and by_width.cut  # at a word's end, without the comma
    giant = excerpt("x" * 50, 10, 20)
    assert giant.text == "x" * 20 and giant.cut  # one long "word" is cut inside


def test_long_runs_get_break_chances_and_nothing_else_changes() -> None:
    assert breakable("kort tekst") == "kort tekst"
    assert breakable("y" * 60).replace("\u200b", "") == "y" * 60
    assert max(len(part) for part in breakable("y" * 60).split("\u200b")) == 24


# -- what it says ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_pdf_holds_the_post_every_reflection_the_plan_and_the_rules(complete_root: Path, language: str) -> None:
    summary = complete(complete_root, language)
    text = pdf_text(jobaid_pdf(summary, SOURCE))
    assert POST.title in text and POST.unit in text
    for reflection in REFLECTIONS:
        assert start_of(reflection) in text, reflection
    for line in PLAN:
        assert line in text
    words = load_documents(SOURCE / SUMMARY_MODULE, language).job_aid
    for step in words.steps:
        assert step.heading in text
    for rule in words.rules:
        assert rule.heading in text and hyphens(rule.law) in text
    assert all(hyphens(link.title) in text for link in words.read_more)
    assert i18n.text(language, "summary.jobaid_cut") not in text  # nothing was cut
    assert not PLACEHOLDERS.search(text)


def test_the_rules_name_the_sections_of_the_briefs(complete_root: Path) -> None:
    rules = load_documents(SOURCE / SUMMARY_MODULE, "nb").job_aid.rules
    laws = [rule.law for rule in rules]
    assert laws == ["likestillings- og diskrimineringsloven § 30", "forskrift til statsansatteloven §§ 4, 4a og 4b",
                    "bevisbyrden, likestillings- og diskrimineringsloven § 37"]
    duty = " ".join(rules[1].points)
    assert "funksjonsnedsettelse" in duty and "hull i CV-en" in duty and "innvandrerbakgrunn" in duty
    assert "innstillingen" in rules[1].note
    for language in ("nb", "nn", "en"):
        hosts = {re.sub(r"^https://(www\.)?", "", r.url).split("/")[0]
                 for r in load_documents(SOURCE / SUMMARY_MODULE, language).job_aid.read_more}
        assert hosts <= {"arbeidsgiver.dfo.no", "arbeidsgiver.difi.no", "ldo.no", "lovdata.no", "sivilombudet.no"}


def test_an_empty_learner_gets_room_to_write_and_no_placeholder(empty_root: Path) -> None:
    summary = summary_of(empty_root, "nb")
    text = pdf_text(jobaid_pdf(summary, SOURCE))
    assert text.count(i18n.text("nb", "summary.jobaid_none")) == len(summary.modules)
    assert i18n.text("nb", "summary.jobaid_plan_empty") in text
    assert i18n.text("nb", "summary.jobaid_unfinished", done=0, total=5) in text
    assert not PLACEHOLDERS.search(text)
    for document in (docx_text(jobaid_docx(summary, SOURCE)), html_text(jobaid_html(summary, SOURCE))):
        assert i18n.text("nb", "summary.jobaid_plan_empty") in document and not PLACEHOLDERS.search(document)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_word_file_holds_the_same(complete_root: Path, language: str) -> None:
    summary = complete(complete_root, language)
    data = jobaid_docx(summary, SOURCE)
    found = paragraphs(data)
    assert found[0] == ("Title", i18n.text(language, "summary.jobaid_title"))
    text = docx_text(data)
    assert POST.title in text and POST.unit in text
    checklist = tables(data)[0]
    assert len(checklist) == 1 + 5
    for row, reflection in zip(checklist[1:], REFLECTIONS, strict=True):
        assert reflection in row[1]  # each step's row: the checklist, the reflection from its module beside it
        assert row[0].count("☐") >= 3
    assert [t for s, t in found if s == "List Number"] == list(PLAN)
    rules = tables(data)[1]
    assert len(rules) == 1 and all("§" in cell for cell in rules[0])
    assert not PLACEHOLDERS.search(text)
    section = open_docx(data).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_html_holds_the_same_and_the_summary_page_shows_it(complete_root: Path, language: str) -> None:
    summary = complete(complete_root, language)
    html = jobaid_html(summary, SOURCE)
    text = html_text(html)
    assert POST.title in text and all(r in text for r in REFLECTIONS) and all(p in text for p in PLAN)
    assert html.count("<h1") == 1 and "<script" not in html
    assert not PLACEHOLDERS.search(text)


def test_the_summary_page_previews_the_jobbstotte(tmp_path: Path) -> None:
    import shutil

    from mangfold.course import MODULE_IDS
    from mangfold.ui.summary_page import open_summary
    from tests.conftest import copy_module

    for module in MODULE_IDS:
        copy_module(module, tmp_path)
    learners.complete(tmp_path / MODULE_IDS[0])
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, tmp_path / SUMMARY_MODULE)
    frame = open_summary(tmp_path / SUMMARY_MODULE, "nb").overview().children[0]
    assert i18n.text("nb", "summary.jobaid_title") in frame.document
    assert 'id="steg-for-steg"' in frame.document and 'id="modul-1"' not in frame.document  # not the log


def test_the_feedback_page_is_the_jobbstotte_then_the_course_log(complete_root: Path) -> None:
    summary = complete(complete_root)
    html = jobaid_html(summary, SOURCE, log=True)
    text = html_text(html)
    assert text.index(i18n.text("nb", "summary.jobaid_title")) < text.index(i18n.text("nb", "summary.log_title"))
    assert 'id="modul-5"' in html and all(r in text for r in REFLECTIONS)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "an id used twice"


# -- hostile text stays text ----------------------------------------------------------------------------------
def hostile(root: Path) -> CourseSummary:
    long = ("Langt svar " * 2000)[:20_000]
    reflections = (HOSTILE, long, HOSTILE, HOSTILE + " " + long, HOSTILE)
    return with_texts(summary_of(root, "nb"), reflections, (HOSTILE, long, HOSTILE),
                      LearnerPost(title=HOSTILE, unit=HOSTILE))


def test_hostile_text_in_every_field_stays_text_in_the_pdf(complete_root: Path) -> None:
    data = jobaid_pdf(hostile(complete_root), SOURCE)
    assert page_count(data) == 2
    text = pdf_text(data)
    shown = start_of(HOSTILE_SHOWN, 12)
    assert text.count(shown) == 4 + 2  # four reflections and two lines of plan, as typed (the post is one line)
    assert '#include "/etc/passwd"' in text and "<script>alert(1)</script>" in text
    for marker in (b"/JavaScript", b"/JS ", b"/OpenAction", b"/Launch"):
        assert marker not in data


def test_hostile_text_in_every_field_stays_text_in_html(complete_root: Path) -> None:
    html = jobaid_html(hostile(complete_root), SOURCE)
    assert "<script>" not in html and "<w:p/>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202e]", html)
    text = html_text(html)
    assert text.count(start_of(HOSTILE_SHOWN, 12)) == 4 + 2  # four reflections begin with it, two lines of plan
    assert text.count(start_of(HOSTILE_SHOWN, 5)) == 2 + 4 + 2  # and the post's title and unit


def test_hostile_text_in_every_field_stays_text_in_word(complete_root: Path) -> None:
    data = jobaid_docx(hostile(complete_root), SOURCE)
    text = docx_text(data)
    assert text.count(start_of(HOSTILE_SHOWN, 12)) == 4 + 2
    assert text.count(start_of(HOSTILE_SHOWN, 5)) == 2 + 4 + 2
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml  # the learner's <w:p/> is escaped text, not an element of Word's own
    assert xml.count("&lt;w:p/&gt;") == 2 + 4 + 2 and xml.count("&lt;script&gt;") == 2 + 4 + 2
    assert not any(ch in xml for ch in "\x00\x07\x1b\u202e")


# -- the course log as PDF --------------------------------------------------------------------------------------
def test_the_course_log_pdf_holds_every_module_and_the_whole_texts(complete_root: Path) -> None:
    long = " ".join(f"ord{n}" for n in range(400))  # far past the jobbstøtte's cut
    summary = with_texts(summary_of(complete_root, "nb"), (long, *REFLECTIONS[1:]), (HOSTILE,), POST)
    text = pdf_text(log_pdf(summary))
    assert "ord0 ord1" in text and "ord399" in text  # the whole reflection
    for module in summary.modules:
        assert i18n.text("nb", "summary.module_heading", number=module.number, title=module.title) in text
    assert start_of(HOSTILE_SHOWN, 12) in text and '#panic("x")' in text
    assert i18n.text("nb", "summary.sources") in text
    assert text.count("LDO: Spørreforbudet ved rekruttering") + text.count("LDO: Spørreforbud ved rekruttering") == 1


def test_course_markdown_goes_to_the_log_as_data_not_as_markup() -> None:
    blocks = markdown_blocks("Et *viktig* krav og **fet** tekst med [en lenke](https://ldo.no) og `#kode`.\n\n- a\n- b")
    assert blocks[0]["k"] == "p" and blocks[1]["k"] == "list" and len(blocks[1]["items"]) == 2
    runs = blocks[0]["r"]
    assert {"t": "viktig", "b": False, "i": True, "c": False, "u": None} in runs
    assert any(r["u"] == "https://ldo.no" and r["t"] == "en lenke" for r in runs)
    assert any(r["c"] and r["t"] == "#kode" for r in runs)
    assert not any(r["u"] for r in markdown_blocks("[x](javascript:alert(1))")[0]["r"])


# -- no browser ----------------------------------------------------------------------------------------------
def test_without_a_browser_every_format_is_made(complete_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANGFOLD_CHROMIUM", "/nonexistent")
    monkeypatch.setenv("PATH", "/nonexistent")
    summary = complete(complete_root)
    assert jobaid_pdf(summary, SOURCE).startswith(b"%PDF") and log_pdf(summary).startswith(b"%PDF")
    assert open_docx(jobaid_docx(summary, SOURCE)) is not None
    assert jobaid_html(summary, SOURCE).startswith("<!DOCTYPE html>")


# -- where the text comes from ---------------------------------------------------------------------------------
def test_a_trainers_documents_file_from_before_the_jobbstotte_still_gives_one(complete_root: Path,
                                                                             tmp_path: Path) -> None:
    """A course with its own documents file without ``job_aid`` keeps it for the guides; the jobbstøtte takes the
    course's own text."""
    import yaml

    own = tmp_path / SUMMARY_MODULE
    own.mkdir()
    for language in ("nb", "nn", "en"):
        data = yaml.safe_load((SOURCE / SUMMARY_MODULE / f"documents.{language}.yaml").read_text(encoding="utf-8"))
        del data["job_aid"]
        (own / f"documents.{language}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    summary = complete(complete_root)
    aid = job_aid(summary, tmp_path)
    assert [s.heading for s in aid.steps] == [s.heading for s in
                                              load_documents(SOURCE / SUMMARY_MODULE, "nb").job_aid.steps]
    assert jobaid_data(aid)["title"] == i18n.text("nb", "summary.jobaid_title")


def test_a_pdf_that_fails_leaves_a_notice_and_every_other_download(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A Typst failure is a defect in the course's template; the learner still gets the Word and HTML files."""
    import shutil

    from mangfold.course import MODULE_IDS
    from mangfold.summary.typeset import TypesetError
    from mangfold.ui import summary_page
    from tests.conftest import copy_module

    for module in MODULE_IDS:
        copy_module(module, tmp_path)
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, tmp_path / SUMMARY_MODULE)

    def broken(*_args: object) -> bytes:
        raise TypesetError("jobaid.typ: a defect")

    monkeypatch.setattr(summary_page, "jobaid_pdf", broken)
    html = summary_page.open_summary(tmp_path / SUMMARY_MODULE, "nb").make_documents()
    assert i18n.text("nb", "summary_page.pdf_failed") in html
    assert 'download="jobbstotte.pdf"' not in html and 'download="kurslogg.pdf"' in html
    assert 'download="jobbstotte.docx"' in html and 'download="jobbstotte.html"' in html
