"""Build every learner's summary and job-support documents from a course's autograded work.

For trainers: after ``nbgrader autograde`` and ``nbgrader generate_feedback 06-oppsummering``,
``mangfold summary build COURSE_DIR`` reads ``autograded/<learner>/<module>/`` and writes into
nbgrader's feedback folder ``feedback/<learner>/06-oppsummering/``: the learner's summary as
``06-oppsummering.html`` (the feedback page of the summary notebook, which ``release_feedback`` and
``fetch_feedback`` carry to the learner), the same summary in Word and PDF (where Chromium exists), the
filled job-analysis template and both interview guides (for the trainer to hand out: nbgrader's
exchange carries only the HTML). One learner's broken files never stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import atomic
from ..course import MODULE_IDS
from ..progress.store import latest_language
from ..progress.trust import SUMMARY_MODULE
from .docx import summary_docx
from .html import summary_html
from .job_analysis import job_analysis_pdf
from .model import build_summary
from .pdf import PdfUnavailable, summary_pdf
from .snapshot import read_action_plan
from .templates import interview_guide_docx, job_analysis_docx

SUMMARY_ASSIGNMENT = SUMMARY_MODULE


@dataclass
class LearnerBuild:
    learner: str
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None


def build_learner(course_dir: Path, learner: str, with_pdf: bool = True) -> LearnerBuild:
    result = LearnerBuild(learner)
    work = course_dir / "autograded" / learner
    target = course_dir / "feedback" / learner / SUMMARY_ASSIGNMENT
    try:
        summary = build_summary(work, latest_language(work, MODULE_IDS) or "nb",
                                read_action_plan(work / SUMMARY_ASSIGNMENT),
                                prefill_folder=course_dir / "source" / SUMMARY_ASSIGNMENT)  # the cohort's post.yaml
        target.mkdir(parents=True, exist_ok=True)
        outputs: dict[str, bytes] = {
            # named after the summary notebook: nbgrader's release_feedback passes on <notebook>.html files,
            # so this is the page a learner gets with `nbgrader fetch_feedback 06-oppsummering`
            f"{SUMMARY_ASSIGNMENT}.html": summary_html(summary).encode("utf-8"),
            "oppsummering.docx": summary_docx(summary),
            "jobbanalyse.docx": job_analysis_docx(summary, content_root=course_dir / "source"),
            "intervjuguide-1.docx": interview_guide_docx(summary, 1, content_root=course_dir / "source"),
            "intervjuguide-2.docx": interview_guide_docx(summary, 2, content_root=course_dir / "source"),
        }
        outputs["jobbanalyse.pdf"] = job_analysis_pdf(summary, content_root=course_dir / "source")  # no browser
        if with_pdf:
            try:
                outputs["oppsummering.pdf"] = summary_pdf(summary)
            except PdfUnavailable as unavailable:
                result.notes.append(str(unavailable.detail or unavailable))
        for name, data in outputs.items():
            atomic.write_bytes(target / name, data)
            result.files.append(target / name)
        result.notes += [f"{m.module}: {m.problem}" for m in summary.modules if m.problem]
    except Exception as error:
        result.error = f"{error.__class__.__name__}: {error}"
    return result


def build_course(course_dir: Path, with_pdf: bool = True) -> list[LearnerBuild]:
    """Build for every learner folder under ``COURSE_DIR/autograded``, in name order."""
    autograded = Path(course_dir) / "autograded"
    learners = sorted(p.name for p in autograded.iterdir() if p.is_dir()) if autograded.is_dir() else []
    return [build_learner(Path(course_dir), learner, with_pdf) for learner in learners]
