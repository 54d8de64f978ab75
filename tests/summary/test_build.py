"""`mangfold summary build` on a course with complete, partial, broken and empty submissions."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pypdf
import pytest

from mangfold.cli import main
from mangfold.course import MODULE_IDS
from mangfold.progress import PROGRESS_FILENAME
from tests import learners
from tests.conftest import REPO_ROOT, copy_module


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    for module in MODULE_IDS:
        shutil.copytree(REPO_ROOT / "source" / module, tmp_path / "source" / module,
                        ignore=shutil.ignore_patterns("mangfold-progress*"))
    for learner in ("anne", "bo", "cato", "dina"):
        for module in MODULE_IDS:
            copy_module(module, tmp_path / "autograded" / learner)
    for module in MODULE_IDS:
        learners.complete(tmp_path / "autograded" / "anne" / module)
    learners.partial(tmp_path / "autograded" / "bo" / MODULE_IDS[0])
    broken = tmp_path / "autograded" / "cato" / MODULE_IDS[0]
    learners.complete(broken)
    (broken / PROGRESS_FILENAME).write_text("{cut off", encoding="utf-8")
    return tmp_path  # dina handed in nothing


def test_every_learner_gets_their_documents(course_dir: Path, capsys) -> None:
    assert main(["summary", "build", str(course_dir), "--no-pdf"]) == 0
    out = capsys.readouterr().out
    assert "4 of 4 learners built" in out and "not valid JSON" in out
    for learner in ("anne", "bo", "cato", "dina"):
        folder = course_dir / "feedback" / learner / "06-oppsummering"
        assert sorted(p.name for p in folder.iterdir()) == [
            "06-oppsummering.html", "intervjuguide-1.docx", "intervjuguide-2.docx", "jobbanalyse.docx",
            "jobbstotte.docx", "jobbstotte.html", "kurslogg.docx"]
        for name in ("jobbstotte.docx", "kurslogg.docx"):
            docx.Document(str(folder / name))  # opens
    anne = (course_dir / "feedback" / "anne" / "06-oppsummering" / "06-oppsummering.html").read_text()
    assert "Du har fullført hele kurset." in anne and "<script>alert(1)</script>" not in anne
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in anne
    # the feedback page is the jobbstøtte, then the course log as an appendix
    assert anne.index("Jobbstøtte for mangfoldsrekruttering") < anne.index("Kurslogg: mangfoldsrekruttering")
    cato = (course_dir / "feedback" / "cato" / "06-oppsummering" / "06-oppsummering.html").read_text()
    assert "kunne ikke brukes" in cato


def test_a_folder_without_autograded_work_is_refused(tmp_path: Path, capsys) -> None:
    assert main(["summary", "build", str(tmp_path)]) == 1
    assert "no autograded/ folder" in capsys.readouterr().err


def test_without_a_browser_every_format_is_made(course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDFs are typeset in-process: with no Chromium anywhere (as on Binder and most hubs) every file comes."""
    monkeypatch.setenv("MANGFOLD_CHROMIUM", "/nonexistent")
    monkeypatch.setenv("PATH", "/nonexistent")  # nothing to start, not even a browser found on the PATH
    for learner in ("cato", "dina"):
        shutil.rmtree(course_dir / "autograded" / learner)
    assert main(["summary", "build", str(course_dir)]) == 0
    for learner in ("anne", "bo"):
        folder = course_dir / "feedback" / learner / "06-oppsummering"
        assert sorted(p.name for p in folder.iterdir()) == [
            "06-oppsummering.html", "intervjuguide-1.docx", "intervjuguide-1.pdf", "intervjuguide-2.docx",
            "intervjuguide-2.pdf", "jobbanalyse.docx", "jobbanalyse.pdf", "jobbstotte.docx", "jobbstotte.html",
            "jobbstotte.pdf", "kurslogg.docx", "kurslogg.pdf"]
        jobaid = pypdf.PdfReader(folder / "jobbstotte.pdf")
        assert len(jobaid.pages) <= 2
        assert len(pypdf.PdfReader(folder / "kurslogg.pdf").pages) >= 5  # a module a page at least
