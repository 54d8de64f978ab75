"""The post the learner will fill next: what the job analysis and the interview guides are built from.

The course's own case (module 2's requirements) is the worked example; this is the learner's real
post, entered on the summary page or prefilled by a trainer for a cohort. It is learner text: every
export escapes it for its own format, and it never goes into a research export.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the requirement types the interview guides write questions for (content-brief-2 § 5): defined with the
#: progress format that stores them, so a saved post and the documents can never disagree on the list
from ..progress.model import REQUIREMENT_KINDS, PostRecord, PostRequirementRecord, RequirementKind

__all__ = ["REQUIREMENT_KINDS", "LearnerPost", "PostRequirement", "RequirementKind", "post_from_record",
           "record_from_post"]


@dataclass(frozen=True)
class PostRequirement:
    """One requirement of the learner's post: its wording, its type, and whether it is a must."""

    text: str
    kind: RequirementKind
    must: bool = True


@dataclass(frozen=True)
class LearnerPost:
    """The learner's next post. Every field may be empty: a half-filled post still makes documents."""

    title: str = ""
    unit: str = ""
    tasks: tuple[str, ...] = ()
    lacks: str = ""  # what the team lacks for its tasks (LDO step 2: difference as a strength)
    requirements: tuple[PostRequirement, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.title.strip() or self.unit.strip() or any(t.strip() for t in self.tasks)
                    or self.lacks.strip() or self.requirements)

    @property
    def musts(self) -> tuple[PostRequirement, ...]:
        return tuple(r for r in self.requirements if r.must and r.text.strip())


def post_from_record(record: PostRecord) -> LearnerPost:
    """The saved post (progress file) as the summary's data; blank tasks are left out, blank requirements kept
    out too (a row the learner added and left empty says nothing to a document)."""
    return LearnerPost(
        title=record.title, unit=record.unit, tasks=tuple(t for t in record.tasks if t.strip()), lacks=record.lacks,
        requirements=tuple(PostRequirement(r.text, r.kind, r.must) for r in record.requirements if r.text.strip()))


def record_from_post(post: LearnerPost, updated: str) -> PostRecord:
    """The summary's post as a progress record stamped ``updated`` (the form saves a prefill the learner edits)."""
    return PostRecord(title=post.title, unit=post.unit, tasks=list(post.tasks), lacks=post.lacks,
                      requirements=[PostRequirementRecord(text=r.text, kind=r.kind, must=r.must)
                                    for r in post.requirements], updated=updated)
