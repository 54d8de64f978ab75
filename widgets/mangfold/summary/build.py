"""Build every learner's jobbstøtte, course log and job-support documents from a course's autograded work.

For trainers: after ``nbgrader autograde`` and ``nbgrader generate_feedback 06-oppsummering``,
``mangfold summary build COURSE_DIR`` reads ``autograded/<learner>/<module>/`` and writes into
nbgrader's feedback folder ``feedback/<learner>/06-oppsummering/``:

- ``06-oppsummering.html``: the feedback page of the summary notebook, which ``release_feedback`` and
  ``fetch_feedback`` carry to the learner: the jobbstøtte, with the course log after it as an appendix
  (nbgrader's exchange carries only this one HTML file, so it holds both);
- ``jobbstotte.pdf`` (two A4 pages), ``jobbstotte.docx``, ``jobbstotte.html``;
- ``kurslogg.pdf``, ``kurslogg.docx``: the course log alone;
- the filled job-analysis template, and both interview guides in Word and PDF.

The PDFs are typeset in-process by Typst (no browser), so every format is made on any machine;
``--no-pdf`` leaves them out for speed. The files other than the HTML page are for the trainer to hand
out. One learner's broken files never stop the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import atomic
from ..course import MODULE_IDS
from ..progress.store import latest_language
from ..progress.trust import SUMMARY_MODULE
from .docx import summary_docx
from .guides import interview_guide_docx, interview_guide_pdf
from .job_analysis import job_analysis_pdf
from .jobaid_export import jobaid_docx, jobaid_html, jobaid_pdf
from .logbook import log_pdf
from .model import build_summary
from .snapshot import read_action_plan
from .templates import job_analysis_docx
from .typeset import TypesetError

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
        source = course_dir / "source"
        outputs: dict[str, bytes] = {
            # named after the summary notebook: nbgrader's release_feedback passes on <notebook>.html files,
            # so this is the page a learner gets with `nbgrader fetch_feedback 06-oppsummering`
            f"{SUMMARY_ASSIGNMENT}.html": jobaid_html(summary, source, log=True).encode("utf-8"),
            "jobbstotte.html": jobaid_html(summary, source).encode("utf-8"),
            "jobbstotte.docx": jobaid_docx(summary, source),
            "kurslogg.docx": summary_docx(summary),
            "jobbanalyse.docx": job_analysis_docx(summary, content_root=source),
            "intervjuguide-1.docx": interview_guide_docx(summary, 1, content_root=source),
            "intervjuguide-2.docx": interview_guide_docx(summary, 2, content_root=source),
        }
        if with_pdf:
            makers = [("jobbstotte.pdf", lambda: jobaid_pdf(summary, source)),
                      ("kurslogg.pdf", lambda: log_pdf(summary)),
                      ("jobbanalyse.pdf", lambda: job_analysis_pdf(summary, content_root=source))]
            makers += [(f"intervjuguide-{n}.pdf", lambda n=n: interview_guide_pdf(summary, n, content_root=source))
                       for n in (1, 2)]
            for name, make in makers:
                try:
                    outputs[name] = make()
                except TypesetError as error:  # a defect in the course's template: the other files still come
                    result.notes.append(f"{name}: {error}")
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
