"""The summary assignment: the course snapshot it hands in, its grading, and its downloads."""

from __future__ import annotations

import base64
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mangfold.course import MODULE_IDS
from mangfold.grading import GradingError
from mangfold.summary.snapshot import (
    SNAPSHOT_FILENAME,
    SUMMARY_MODULE,
    require_action_plan,
    require_module_done,
    write_snapshot,
)
from mangfold.ui.document_frame import DocumentFrame
from mangfold.ui.summary_page import open_summary
from tests import learners
from tests.conftest import REPO_ROOT, copy_module


@pytest.fixture
def course(tmp_path: Path) -> Path:
    for module in MODULE_IDS:
        copy_module(module, tmp_path)
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, tmp_path / SUMMARY_MODULE)
    return tmp_path


def test_a_complete_course_and_an_action_plan_score_every_point(course: Path, monkeypatch) -> None:
    for module in MODULE_IDS:
        learners.complete(course / module)
    monkeypatch.setenv("VOILA_KERNEL_ID", "learner-page")  # the snapshot is taken on the learner's page
    page = open_summary(course / SUMMARY_MODULE, "nb")
    assert (course / SUMMARY_MODULE / SNAPSHOT_FILENAME).exists()
    page.action_plan()
    page.action_boxes[0].value = "Jeg skriver jobbanalysen før annonsen"
    folder = course / SUMMARY_MODULE
    for module in MODULE_IDS:
        require_module_done(module, folder)
    require_action_plan(folder)


def test_unfinished_modules_and_a_missing_plan_are_named(course: Path) -> None:
    learners.partial(course / MODULE_IDS[0])
    write_snapshot(course / SUMMARY_MODULE, course)
    with pytest.raises(GradingError, match="not completed / ikke fullført"):
        require_module_done(MODULE_IDS[0], course / SUMMARY_MODULE)
    with pytest.raises(GradingError, match="No progress for it"):
        require_module_done(MODULE_IDS[1], course / SUMMARY_MODULE)
    with pytest.raises(GradingError, match="not written"):
        require_action_plan(course / SUMMARY_MODULE)


def test_no_or_tampered_snapshot_scores_nothing(course: Path) -> None:
    folder = course / SUMMARY_MODULE
    with pytest.raises(GradingError, match="No course snapshot"):
        require_module_done(MODULE_IDS[0], folder)
    learners.complete(course / MODULE_IDS[0])
    path = write_snapshot(folder, course)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["taken"] = "2020-01-01"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(GradingError, match="checksum does not match"):
        require_module_done(MODULE_IDS[0], folder)


def test_outside_voila_opening_the_page_never_touches_the_snapshot(course: Path) -> None:
    open_summary(course / SUMMARY_MODULE, "nb")  # as autograde does
    assert not (course / SUMMARY_MODULE / SNAPSHOT_FILENAME).exists()


def test_the_page_offers_every_document_as_a_download(course: Path) -> None:
    learners.complete(course / MODULE_IDS[0])
    page = open_summary(course / SUMMARY_MODULE, "en")
    assert "not complete" in page.header().children[-1].value
    page.exports()
    page.make_button.click()
    html = page.exports_result.value
    for name in ("jobbstotte.pdf", "jobbstotte.docx", "jobbstotte.html", "kurslogg.pdf", "kurslogg.docx",
                 "kurslogg.html", "jobbanalyse.docx", "intervjuguide-1.docx", "intervjuguide-2.docx"):
        assert f'download="{name}"' in html  # the PDFs too: typeset in-process, no browser needed
    assert "mf-notice" not in html


def test_the_page_shows_the_whole_summary_escaped_and_without_scripts(course: Path) -> None:
    learners.complete(course / MODULE_IDS[0])  # its reflections hold <script> and <img onerror> payloads
    frame = open_summary(course / SUMMARY_MODULE, "nb").overview().children[0]
    assert isinstance(frame, DocumentFrame)
    assert 'frame.setAttribute("sandbox", "allow-same-origin")' in frame._esm  # the document runs no scripts
    assert "<script" not in frame.document and "&lt;script&gt;" in frame.document  # the learner's text, escaped


class _Reader(HTMLParser):
    """The elements of an HTML text and its text as a browser reads it (entities resolved)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.parts: list[str] = []
        self.feed(html)
        self.close()
        self.text = "".join(self.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_an_action_point_with_markup_quotes_and_ampersands_reads_as_typed_on_the_page(course: Path) -> None:
    typed = """<script>alert("x")</script> & 'sitat' &amp; <img src=x onerror=alert(1)>"""
    page = open_summary(course / SUMMARY_MODULE, "nb")
    page.action_plan()
    page.action_boxes[0].value = typed
    document = _Reader(page.overview().children[0].document)  # the summary as the frame shows it
    assert typed in document.text and not {"script", "img"} & {tag for tag, _ in document.tags}

    links = _Reader(page.make_documents())
    for name in ("jobbstotte.html", "kurslogg.html"):
        html = next(a["href"] for tag, a in links.tags if tag == "a" and a.get("download") == name)
        downloaded = _Reader(base64.b64decode((html or "").split(",", 1)[1]).decode("utf-8"))
        assert typed in downloaded.text and not {"script", "img"} & {tag for tag, _ in downloaded.tags}


def test_the_action_plan_comes_back_from_the_browser_and_nothing_else_does(course: Path, tmp_path: Path) -> None:
    from mangfold.progress import PROGRESS_FILENAME
    from mangfold.progress.model import checksum_of
    from mangfold.progress.sync import restore_copy

    page = open_summary(course / SUMMARY_MODULE, "nb")
    page.action_plan()
    page.action_boxes[1].value = "Strukturert intervju for alle"
    copy = (course / SUMMARY_MODULE / PROGRESS_FILENAME).read_text(encoding="utf-8")
    assert "Strukturert intervju for alle" in page.mirror.server_copies[SUMMARY_MODULE]
    fresh = tmp_path / "fresh" / SUMMARY_MODULE
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, fresh)
    assert restore_copy(fresh, SUMMARY_MODULE, copy, "browser").outcome == "merged"
    document = json.loads(copy)
    document["checks"] = {"k": {"first_answer": ["a"], "answer": ["a"], "attempts": 1, "updated": "x"}}
    document["checksum"] = checksum_of(document)
    result = restore_copy(fresh, SUMMARY_MODULE, json.dumps(document), "browser")
    assert result.outcome == "rejected" and "the summary has no checks" in result.reason
