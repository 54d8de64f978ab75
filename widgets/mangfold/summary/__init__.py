"""The learner's course summary (the job-support tool): one data model that every export draws on."""

from .docx import summary_docx
from .html import summary_html
from .model import CourseSummary, ModuleRecord, build_summary
from .pdf import PdfFailed, PdfUnavailable, summary_pdf
from .templates import interview_guide_docx, job_analysis_docx

__all__ = ["CourseSummary", "ModuleRecord", "PdfFailed", "PdfUnavailable", "build_summary", "interview_guide_docx",
           "job_analysis_docx", "summary_docx", "summary_html", "summary_pdf"]
