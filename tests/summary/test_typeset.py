"""The in-process PDF engine: learner text is a value, never Typst markup or code."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest

from mangfold.summary.typeset import TEMPLATES, TypesetError, typeset_pdf

SMOKE = """#import "common.typ": *
#let data = load-data()
#show: course-document.with(lang: data.lang, title: data.title)
= #data.title
#rule-box("§ 30", data.text)
"""

HOSTILE = '#panic("x") *fet* $x^2$ <script>alert(1)</script> #include "/etc/passwd" ] [ \\ `kode` @ref <lbl>'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The course's shared styles beside a small template, in a folder of the test's own."""
    shutil.copy(TEMPLATES / "common.typ", tmp_path)
    (tmp_path / "smoke.typ").write_text(SMOKE, encoding="utf-8")
    return tmp_path


def test_hostile_text_is_shown_as_typed_and_runs_nothing(folder: Path) -> None:
    pdf = typeset_pdf("smoke.typ", {"lang": "nb", "title": "Jobbstøtte æøå", "text": HOSTILE}, folder)
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Jobbstøtte æøå" in text
    assert "#panic" in text and "<script>" in text and '#include "/etc/passwd"' in text


def test_a_missing_template_is_named() -> None:
    with pytest.raises(TypesetError, match=r"no Typst template 'nope\.typ'"):
        typeset_pdf("nope.typ", {})


def test_a_broken_template_is_a_course_defect_named_with_its_file(folder: Path) -> None:
    (folder / "smoke.typ").write_text("#let x = (", encoding="utf-8")
    with pytest.raises(TypesetError, match=r"smoke\.typ"):
        typeset_pdf("smoke.typ", {}, folder)


def test_a_template_cannot_read_outside_its_folder(folder: Path) -> None:
    (folder / "smoke.typ").write_text('#read("/etc/hostname")', encoding="utf-8")
    with pytest.raises(TypesetError):
        typeset_pdf("smoke.typ", {}, folder)
