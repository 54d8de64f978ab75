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
    from .jobaid import JobAid, job_aid
    from .jobaid_export import jobaid_docx, jobaid_html, jobaid_pdf
    from .logbook import log_pdf
    from .model import CourseSummary, ModuleRecord, build_summary
    from .templates import job_analysis_docx

#: each name the package offers, and the module (under ``mangfold.summary``) that defines it
_HOME: dict[str, str] = {
    "CourseSummary": "model", "ModuleRecord": "model", "build_summary": "model",
    "summary_docx": "docx", "summary_html": "html",
    "interview_guide_docx": "guides", "interview_guide_pdf": "guides", "job_analysis_docx": "templates",
    "JobAid": "jobaid", "job_aid": "jobaid",
    "jobaid_docx": "jobaid_export", "jobaid_html": "jobaid_export", "jobaid_pdf": "jobaid_export",
    "log_pdf": "logbook",
}

__all__ = [
    "CourseSummary",
    "JobAid",
    "ModuleRecord",
    "build_summary",
    "interview_guide_docx",
    "interview_guide_pdf",
    "job_aid",
    "job_analysis_docx",
    "jobaid_docx",
    "jobaid_html",
    "jobaid_pdf",
    "log_pdf",
    "summary_docx",
    "summary_html",
]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
