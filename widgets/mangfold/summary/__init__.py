"""The learner's course summary (the job-support tool): one data model that every export draws on.

The exporters are loaded on first use (PEP 562): importing ``mangfold.summary.snapshot`` to restore or
grade progress must not load python-docx and the page templates, which a learner's page, the grader
and Pyodide need none of.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .docx import summary_docx
    from .guides import interview_guide_docx, interview_guide_pdf
    from .html import summary_html
    from .model import CourseSummary, ModuleRecord, build_summary
    from .pdf import PdfFailed, PdfUnavailable, summary_pdf
    from .templates import job_analysis_docx

#: each name the package offers, and the module (under ``mangfold.summary``) that defines it
_HOME: dict[str, str] = {
    "CourseSummary": "model", "ModuleRecord": "model", "build_summary": "model",
    "summary_docx": "docx", "summary_html": "html",
    "PdfFailed": "pdf", "PdfUnavailable": "pdf", "summary_pdf": "pdf",
    "interview_guide_docx": "guides", "job_analysis_docx": "templates",
    "interview_guide_pdf": "guides",
}

__all__ = ["CourseSummary", "ModuleRecord", "PdfFailed", "PdfUnavailable", "build_summary", "interview_guide_docx",
           "interview_guide_pdf", "job_analysis_docx", "summary_docx", "summary_html", "summary_pdf"]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
