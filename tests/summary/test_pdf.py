"""The summary as PDF: printed by Debian's Chromium, and a clear answer where there is no Chromium.

The test that prints a real PDF needs ``/usr/bin/chromium`` (or ``MANGFOLD_CHROMIUM``): without it, it
skips and says so, except on CI (``CI=true``), where a missing Chromium is a failure, as for the
browser tests. The other tests stand a small script in for Chromium and run everywhere.
"""

from __future__ import annotations

import dataclasses
import io
import os
import stat
import tempfile
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from mangfold import i18n
from mangfold.course import MODULE_IDS
from mangfold.summary import CourseSummary, build_summary
from mangfold.summary.pdf import PdfFailed, PdfUnavailable, chromium_path, summary_pdf
from tests import learners
from tests.conftest import copy_module
from tests.waiting import StateUnreachable, wait_for

GENERATED = "2025-03-14T09:30:00.000000+00:00"


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> CourseSummary:
    """Module 1 done (reflections: learners.HOSTILE_REFLECTION), module 2 half done, the rest untouched."""
    root = tmp_path_factory.mktemp("course")
    for module in MODULE_IDS:
        copy_module(module, root)
    learners.complete(root / MODULE_IDS[0])
    learners.partial(root / MODULE_IDS[1])
    summary = build_summary(root, "nb", ("Skrive jobbanalysen før annonsen.",))
    return dataclasses.replace(summary, generated=GENERATED)


@pytest.fixture(scope="module")
def chromium() -> Path:
    """The real Chromium; skip without it, but fail on CI, which always installs it."""
    path = chromium_path()
    if path is not None:
        return path
    message = "Debian's chromium is not installed (apt-get install chromium), or MANGFOLD_CHROMIUM points nowhere"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: the PDF test must run here)", pytrace=False)
    pytest.skip(message)


def fake_chromium(folder: Path, body: str) -> Path:
    """A shell script standing in for Chromium."""
    path = folder / "chromium"
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def group_ends(group: int) -> bool:
    """Whether every process of a process group ends (killed ones may linger a while until reaped).

    No time limit: it waits until the group is gone, and answers False at once when a member still sleeps
    with no SIGKILL pending (nobody killed it), however busy the machine.
    """
    def gone() -> bool:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        return False

    try:
        wait_for(gone, unreachable=lambda: unkilled(group), what=f"process group {group}", poll=0.05)
    except StateUnreachable:
        return False
    return True


def unkilled(group: int) -> str | None:
    """A member of ``group`` asleep with no SIGKILL pending (so nothing will end it); None if there is none."""
    kill_bit = 1 << (9 - 1)  # SIGKILL in /proc's pending-signal masks
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            pgid = int(Path(status.parent, "stat").read_text().rsplit(")", 1)[1].split()[2])
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except (OSError, IndexError, ValueError):
            continue
        pending = int(fields.get("SigPnd", "0"), 16) | int(fields.get("ShdPnd", "0"), 16)
        if pgid == group and fields.get("State", "").split()[:1] == ["S"] and not pending & kill_bit:
            return f"pid {status.parent.name} ({fields.get('Name', '').strip()}) sleeps and was not killed"
    return None


def words(text: str) -> str:
    return " ".join(text.split())


# -- with Chromium ------------------------------------------------------------------------------------------
def test_the_summary_prints_to_a_pdf_with_its_title_modules_and_reflections(
        chromium: Path, summary: CourseSummary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # to see that the work folder is removed
    started = time.monotonic()
    data = summary_pdf(summary)
    assert time.monotonic() - started < 30
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert i18n.text("nb", "summary.title") in text
    assert summary.modules[0].title in text and summary.modules[4].title in text
    assert "Neste gang skriver jeg ned kravene før jeg leser søknadene" in text  # the learner's reflection
    assert "<script>alert(1)</script>" in text  # markup in it printed as text
    assert "Skrive jobbanalysen før annonsen." in text
    assert list(tmp_path.iterdir()) == []


# -- without Chromium -------------------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["nb", "en"])
def test_without_chromium_the_learner_is_told_what_to_do_instead(
        summary: CourseSummary, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANGFOLD_CHROMIUM", str(tmp_path / "no-chromium-here"))
    assert chromium_path() is None
    with pytest.raises(PdfUnavailable) as raised:
        summary_pdf(dataclasses.replace(summary, language=language))
    assert str(raised.value) == i18n.text(language, "summary.pdf_unavailable")
    assert not isinstance(raised.value, PdfFailed)


def test_mangfold_chromium_chooses_the_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = fake_chromium(tmp_path, "exit 0")
    monkeypatch.setenv("MANGFOLD_CHROMIUM", str(browser))
    assert chromium_path() == browser
    browser.chmod(0o644)  # not executable: not a browser
    assert chromium_path() is None


def test_the_browser_gets_a_throwaway_profile_and_the_print_flags(
        summary: CourseSummary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "arguments.txt"
    body = (f'printf "%s\\n" "$@" > "{log}"\n'
            'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 fake" > "${a#--print-to-pdf=}";; '
            "esac; done")
    monkeypatch.setenv("MANGFOLD_CHROMIUM", str(fake_chromium(tmp_path, body)))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    assert summary_pdf(summary) == b"%PDF-1.4 fake"
    arguments = log.read_text(encoding="utf-8").splitlines()
    for flag in ("--headless", "--no-sandbox", "--no-pdf-header-footer", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        assert flag in arguments
    profile = next(a for a in arguments if a.startswith("--user-data-dir="))
    assert profile.startswith(f"--user-data-dir={work}")
    assert arguments[-1].startswith("file://") and arguments[-1].endswith(".html")
    assert list(work.iterdir()) == []  # profile, page and PDF are gone


def test_a_browser_that_fails_or_hangs_gives_an_error_that_says_why(
        summary: CourseSummary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MANGFOLD_CHROMIUM", str(fake_chromium(tmp_path, "echo 'cannot open display' >&2; exit 3")))
    with pytest.raises(PdfFailed) as raised:
        summary_pdf(summary)
    assert "exited with 3" in raised.value.detail and "cannot open display" in raised.value.detail
    assert str(raised.value) == i18n.text("nb", "summary.pdf_failed")  # says it failed, and the way round

    group = tmp_path / "group.txt"
    monkeypatch.setenv("MANGFOLD_CHROMIUM", str(fake_chromium(tmp_path, f'echo $$ > "{group}"; sleep 30 & sleep 30')))
    with pytest.raises(PdfFailed) as raised:  # no timing here: the detail says the product's own limit ended it
        summary_pdf(summary, timeout=0.5)
    assert "longer than 0.5 s" in raised.value.detail
    assert group_ends(int(group.read_text())), "the browser or a process it started is still running"
