"""The post the learner will fill next: what the job analysis and the interview guides are built from.

The course's own case (module 2's requirements) is the worked example; this is the learner's real
post, entered on the summary page or prefilled by a trainer for a cohort. It is learner text: every
export escapes it for its own format, and it never goes into a research export.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.documents import REQUIREMENT_KINDS, RequirementKind

__all__ = ["REQUIREMENT_KINDS", "LearnerPost", "PostRequirement", "RequirementKind"]


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
