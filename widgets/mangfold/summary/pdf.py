"""The course summary as a PDF, printed from its HTML by Debian's Chromium in headless mode.

Chromium prints a local file straight to PDF (``--print-to-pdf``), about a second a document, with the
page size, margins and page numbers the document's own print CSS asks for; no LaTeX, no Playwright
browser download. Every run gets a throwaway profile folder and a throwaway working folder, both
removed afterwards, and Chromium is told not to reach the network (the document needs nothing from it).
Where there is no Chromium (a plain Binder image), :class:`PdfUnavailable` says so in the learner's
language, and the HTML export is the way to a PDF: the browser's own "print to PDF".
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from pathlib import Path

from .. import i18n
from .html import summary_html
from .model import CourseSummary

#: Debian's Chromium; the environment variable ``MANGFOLD_CHROMIUM`` points elsewhere
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
#: seconds Chromium may take to print; a first start on a cold disk takes a few
TIMEOUT = 60.0

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-pdf-header-footer",
)


class PdfUnavailable(RuntimeError):
    """No PDF can be made here because there is no Chromium; the message is meant for the learner."""

    message_key = "pdf_unavailable"

    def __init__(self, language: str, detail: str | None = None) -> None:
        super().__init__(i18n.text(language, f"summary.{self.message_key}"))
        self.language = language
        self.detail = detail  # what went wrong, for logs; not shown to the learner


class PdfFailed(PdfUnavailable):
    """Chromium is there but made no PDF (it failed or timed out); ``detail`` says why.

    The learner is told it failed this time, with the same way out (download the HTML and print it).
    """

    message_key = "pdf_failed"


def chromium_path() -> Path | None:
    """The Chromium to print with (``MANGFOLD_CHROMIUM`` or ``/usr/bin/chromium``), or None when there is none."""
    configured = os.environ.get("MANGFOLD_CHROMIUM")
    candidate = Path(configured) if configured else DEFAULT_CHROMIUM
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate
    return None


def _run(command: list[str], work: Path, timeout: float, language: str) -> tuple[int, str]:
    """Run Chromium in a session of its own, so a timeout ends it and every helper process it started."""
    try:
        process = subprocess.Popen(command, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True,
                                   env={**os.environ, "HOME": str(work)})
    except OSError as error:
        raise PdfFailed(language, f"Chromium could not start: {error}") from error
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfFailed(language, f"Chromium took longer than {timeout:g} s") from error
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):  # helpers a finished Chromium left behind
            os.killpg(process.pid, signal.SIGKILL)
    return process.returncode, errors.decode("utf-8", "replace")


def html_to_pdf(html: str, language: str = "nb", timeout: float = TIMEOUT) -> bytes:
    """Print an HTML document to PDF with headless Chromium; :class:`PdfUnavailable` when it cannot."""
    chromium = chromium_path()
    if chromium is None:
        raise PdfUnavailable(language, "no Chromium at MANGFOLD_CHROMIUM or /usr/bin/chromium")
    with tempfile.TemporaryDirectory(prefix="mangfold-pdf-") as folder:
        work = Path(folder)
        source = work / "oppsummering.html"
        target = work / "oppsummering.pdf"
        profile = work / "profile"
        profile.mkdir()
        source.write_text(html, encoding="utf-8")
        command = [str(chromium), *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}",
                   source.as_uri()]
        returncode, errors = _run(command, work, timeout, language)
        if not target.is_file() or target.stat().st_size == 0:
            raise PdfFailed(language, f"Chromium exited with {returncode} and wrote no PDF: {errors[-2000:]}")
        return target.read_bytes()


def summary_pdf(summary: CourseSummary, timeout: float = TIMEOUT) -> bytes:
    """The summary as PDF bytes (A4), from the same HTML as the HTML export."""
    return html_to_pdf(summary_html(summary), summary.language, timeout)
