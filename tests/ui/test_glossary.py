"""The glossary on the course home: the case file's words, in the learner's language, escaped, closed by default."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from mangfold.content.case import CASE_FILE
from mangfold.ui.glossary import case_folder, glossary_html
from tests.conftest import REPO_ROOT
from tests.helpers.interface_text import STRINGS
from tests.helpers.widgets import home_html


def _with_case(course: Path, change=None) -> Path:
    folder = case_folder(course)
    folder.mkdir(exist_ok=True)
    shutil.copy(REPO_ROOT / "source" / "06-oppsummering" / CASE_FILE, folder)
    if change:
        data = yaml.safe_load((folder / CASE_FILE).read_text(encoding="utf-8"))
        change(data)
        (folder / CASE_FILE).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return course


def test_the_released_course_shows_every_term_in_both_languages() -> None:
    nb, en = (glossary_html(language, REPO_ROOT / "release") for language in ("nb", "en"))
    assert nb.startswith('<details class="mf-glossary">') and "<summary" in nb and " open" not in nb
    assert "<summary class=\"mf-glossary__toggle\">Ordliste</summary>" in nb
    assert "<summary class=\"mf-glossary__toggle\">Glossary</summary>" in en
    assert "<dt>jobbutførelse <span class=\"mf-glossary__other\" lang=\"en\">(job performance)</span></dt>" in nb
    assert "<dt>job performance <span class=\"mf-glossary__other\" lang=\"nb\">(jobbutførelse)</span></dt>" in en
    assert "Hvor godt en person faktisk gjør jobben" in nb and "How well a person actually does the job" in en
    assert '<dt lang="nb">statsansatteloven</dt><dd lang="en">State Employees Act</dd>' in en
    assert nb.count("<dt>") == en.count("<dt>") >= 40


def test_the_home_shows_the_glossary_after_the_modules(course: Path) -> None:
    assert "mf-glossary" not in home_html(course)  # a course without a case file has no glossary to show
    html = home_html(_with_case(course))
    glossary = html.index("mf-glossary")
    assert html.rindex("Låst: fullfør modul") < glossary < html.index(STRINGS["nb"]["progress_tools"])
    assert html.count('<details class="mf-glossary">') == 1 and "Ordliste" in html
    assert "Glossary" in home_html(course, "en")


def test_glossary_text_is_escaped(course: Path) -> None:
    def inject(data: dict) -> None:
        data["glossary"][0]["definition"]["nb"] = "<img src=x onerror=alert(1)> & «mer»"

    html = home_html(_with_case(course, inject))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; &amp; «mer»" in html


def test_the_nynorsk_glossary_has_its_own_words_with_bokmal_beside() -> None:
    """A nynorsk reader meets the bokmål words in the law texts and most documents: they stand in brackets."""
    nn = glossary_html("nn", REPO_ROOT / "source")  # the release may predate nynorsk
    nb = glossary_html("nb", REPO_ROOT / "source")
    assert '<summary class="mf-glossary__toggle">Ordliste</summary>' in nn
    assert '<dt>jobbutføring <span class="mf-glossary__other" lang="nb">(jobbutførelse)</span></dt>' in nn
    assert "Kor godt ein person faktisk gjer jobben" in nn and "bokmålsordet i parentes" in nn
    assert '<dt lang="nn">statsansattelova</dt><dd lang="nb">statsansatteloven</dd>' in nn
    assert '<dt lang="nn">likestillings- og diskrimineringslova (ldl.)</dt>' in nn
    assert nn.count("<dt>") == nb.count("<dt>") >= 40


def test_the_nynorsk_home_shows_the_glossary_in_nynorsk(course: Path) -> None:
    html = home_html(_with_case(course), "nn")
    assert html.count('<details class="mf-glossary">') == 1 and "mangfaldsrekruttering" in html
