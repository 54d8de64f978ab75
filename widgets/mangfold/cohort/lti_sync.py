"""``mangfold cohort lti-sync``: the autograde's course score of every learner, posted to the LMS (issue 19).

The trainer runs it in their server on the hub after ``autograde``. It reads the gradebook and sends one
score per learner to the hub's grade service (:mod:`mangfold.lti.service`), which holds the tool's key,
posts only for learners the LMS launched, and answers with one result per learner; this prints them in the
trainer's language.

One line item for the course (the LMS activity the learner clicked): ``score_given`` is the sum of the
learner's autograded module scores and ``score_maximum`` the sum of the released modules' maxima, so a module
not handed in counts 0; ``completed`` once every released module is handed in and autograded with nothing
left to grade by hand. The per-module scores go in the score's comment (docs/lms.md says why).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..i18n import LANGUAGES, text
from .commands import open_gradebook
from .config import CohortConfig

SERVICE_URL_VARIABLE = "MANGFOLD_LTI_SERVICE_URL"
SERVICE_PATH = "/services/mangfold-lti/scores"
STATUSES = ("posted", "not-launched", "no-grade-service", "failed", "invalid")


class SyncError(RuntimeError):
    """The grade service could not be asked (not configured, unreachable, or it refused the caller)."""


@dataclass(frozen=True)
class CourseScore:
    learner: str
    score_given: float
    score_maximum: float
    modules_done: int
    modules_total: int
    manual_left: bool
    comment: str

    @property
    def completed(self) -> bool:
        return self.modules_total > 0 and self.modules_done == self.modules_total and not self.manual_left

    def payload(self) -> dict:
        return {"learner": self.learner, "score_given": self.score_given, "score_maximum": self.score_maximum,
                "completed": self.completed, "comment": self.comment}


def course_scores(config: CohortConfig, learners: Sequence[str] | None = None) -> list[CourseScore]:
    """Every learner's course score from the gradebook (the modules released to this cohort)."""
    from nbgrader.api import MissingEntry

    scores = []
    with open_gradebook(config) as gradebook:
        assignments = sorted(gradebook.assignments, key=lambda a: a.name)
        maximum = sum(a.max_score for a in assignments)
        for student in sorted(gradebook.students, key=lambda s: s.id):
            if learners and student.id not in learners:
                continue
            given, done, manual, parts = 0.0, 0, False, []
            for assignment in assignments:
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    parts.append(f"{assignment.name}: -")
                    continue
                given += submission.score
                done += 1
                manual = manual or bool(submission.needs_manual_grade)
                parts.append(f"{assignment.name}: {submission.score:g}/{assignment.max_score:g}")
            scores.append(CourseScore(student.id, given, maximum, done, len(assignments), manual, "; ".join(parts)))
    return scores


def service_url(explicit: str | None = None) -> str:
    url = explicit or os.environ.get(SERVICE_URL_VARIABLE, "")
    if not url:
        raise SyncError(f"{SERVICE_URL_VARIABLE} is not set and no --service-url was given")
    return url.rstrip("/") + SERVICE_PATH


def post_scores(url: str, token: str, scores: Sequence[CourseScore],
                opener: Callable = urllib.request.urlopen) -> list[dict]:
    """Ask the grade service to post ``scores``; its result per learner."""
    request = urllib.request.Request(url, method="POST", data=json.dumps({"scores": [s.payload() for s in scores]})
                                     .encode(), headers={"Authorization": f"token {token}",
                                                         "Content-Type": "application/json"})
    try:
        with opener(request) as answer:
            results = json.loads(answer.read().decode("utf-8")).get("results")
    except urllib.error.HTTPError as error:
        raise SyncError(f"HTTP {error.code}: {error.read().decode('utf-8', 'replace')[:300]}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SyncError(str(error)) from error
    if not isinstance(results, list):
        raise SyncError("the grade service's answer has no results")
    return results


def language_of(environment: dict[str, str] | os._Environ = os.environ) -> str:
    """The trainer's language from LANGUAGE, LC_ALL or LANG (``nb_NO.UTF-8`` -> nb); English otherwise."""
    for name in ("LANGUAGE", "LC_ALL", "LANG"):
        value = environment.get(name, "").split(":")[0].split(".")[0].split("_")[0].lower()
        if value == "no":
            return "nb"
        if value in LANGUAGES:
            return value
    return "en"


def report(results: Sequence[dict], scores: Sequence[CourseScore], language: str) -> list[str]:
    """One line per learner, then the count per status, in ``language``."""
    by_learner = {s.learner: s for s in scores}
    lines = []
    for result in results:
        learner = str(result.get("learner"))
        status = result.get("status") if result.get("status") in STATUSES else "failed"
        score = by_learner.get(learner)
        values = {"learner": learner, "given": f"{score.score_given:g}" if score else "?",
                  "maximum": f"{score.score_maximum:g}" if score else "?", "attempts": result.get("attempts", 0),
                  "detail": result.get("detail", "")}
        line = text(language, f"lti.{status}", **values)
        if status == "posted" and score is not None:
            line += " " + text(language, "lti.completed" if score.completed else "lti.in-progress")
        lines.append(line)
    counts = {status: sum(r.get("status") == status for r in results) for status in STATUSES}
    lines.append(text(language, "lti.summary", total=len(results), posted=counts["posted"],
                      skipped=counts["not-launched"] + counts["no-grade-service"],
                      failed=counts["failed"] + counts["invalid"]))
    return lines


def lti_sync(config: CohortConfig, *, url: str | None = None, token: str | None = None,
             learners: Sequence[str] | None = None, opener: Callable = urllib.request.urlopen
             ) -> tuple[list[CourseScore], list[dict]]:
    token = token or os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not token:
        raise SyncError("no hub token: run it in your server on the hub (JUPYTERHUB_API_TOKEN)")
    scores = course_scores(config, learners)
    return scores, post_scores(service_url(url), token, scores, opener) if scores else []
