"""The progress file's schema (version 4): what a learner did in one module.

One JSON document per learner per module. Every item (a scenario, a check, a reflection, an
exercise) carries its own ``updated`` stamp, so two copies of the file — two browser tabs, the
server and the browser's mirror, an upload — merge item by item with the newest winning and
nothing deleted. The ``checksum`` catches hand edits; the grader also checks that the recorded
choices are a walk the content allows.

Version 2 added the learner's answer to the research question (``consent``); a version 1 file is
lifted to version 2 on reading (``progress.store.MIGRATIONS``) and means "not asked yet", which
counts as no.

Version 3 added the step the learner is on (``step``), so a reload opens the module where they were. A
version 2 file is lifted without one and opens at step 1. The step is a place, not a record of work: a
value that does not fit (not a number, out of range for the content) is read as "no step" or step 1,
never as a reason to refuse the file (``progress.trust.saved_step``).

Version 4 added the learner's own post (``post``): the post they will fill next, entered on the summary
page (title, unit, main tasks, what the team lacks, their requirements), from which the job analysis and
the interview guides are built. It is one item with one ``updated`` stamp: two copies merge with the newer
post winning whole, so a title from one tab and a requirement list from another are never spliced into a
post nobody wrote. Only the summary assignment's file may hold one (``progress.trust``). A version 3 file
is lifted without a post.

``language`` may be ``nn`` (nynorsk) as well as ``nb`` and ``en`` since issue 20: the set of values grew, the
shape did not, so every earlier file reads as before and the version stays 4.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

# the requirement types of a post are the question bank's (content-brief-2 § 5): one list, in the content
from ..content.documents import REQUIREMENT_KINDS as REQUIREMENT_KINDS  # re-exported: the one list
from ..content.documents import RequirementKind
from ..content.schema import Language

FORMAT = "mangfold-progress"
PROGRESS_VERSION = 4
MAX_TEXT = 200_000
#: the post's limits: what fits the job analysis and the interview guides (one section per requirement)
MAX_POST_TASKS = 8
MAX_POST_REQUIREMENTS = 10


def checksum_of(document: dict[str, Any]) -> str:
    """SHA-256 of a document's canonical JSON (sorted keys, no spaces), without its checksum field."""
    body = {key: value for key, value in document.items() if key != "checksum"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def now_stamp() -> str:
    """An ISO-8601 UTC time with microseconds: sortable as text, comparable across processes."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Step(Record):
    """One decision: at ``node`` the learner chose ``choice``."""

    node: str = Field(max_length=60)
    choice: str = Field(max_length=60)
    at: str = Field(max_length=40)


class ScenarioProgress(Record):
    path: list[Step] = Field(default_factory=list, max_length=100)
    first_choice: str | None = Field(default=None, max_length=60)
    ending: str | None = Field(default=None, max_length=60)
    endings_reached: list[str] = Field(default_factory=list, max_length=50)
    history: list[Step] = Field(default_factory=list, max_length=2000)
    updated: str = Field(max_length=40)


class CheckProgress(Record):
    first_answer: list[str] = Field(max_length=10)
    answer: list[str] = Field(max_length=10)
    attempts: int = Field(ge=1, le=10_000)
    updated: str = Field(max_length=40)


class ReflectionProgress(Record):
    text: str = Field(max_length=MAX_TEXT)
    updated: str = Field(max_length=40)


class ExerciseProgress(Record):
    """Free-form exercise state (job-analysis sorting, ad marking...): the exercise validates it."""

    state: dict[str, Any]
    updated: str = Field(max_length=40)


class ConsentRecord(Record):
    """The learner's answer to "may your answers be used anonymously for research?"; absent means no."""

    research: bool
    updated: str = Field(max_length=40)


class StepMark(Record):
    """The step of the module page the learner is on (1 is the first; the completion screen is the last)."""

    number: StrictInt  # "3" or true is not a step: read as none
    updated: str = Field(max_length=40)


PostText = Annotated[str, Field(max_length=MAX_TEXT)]


class PostRequirementRecord(Record):
    """One requirement of the learner's post: its wording, its type, and must (True) or should (False)."""

    text: PostText
    kind: RequirementKind
    must: StrictBool  # "yes" or 1 is not an answer: a file that says so is not the course's


class PostRecord(Record):
    """The post the learner will fill next (summary page). Every text may be empty: half a post still counts."""

    title: PostText = ""
    unit: PostText = ""
    tasks: list[PostText] = Field(default_factory=list, max_length=MAX_POST_TASKS)
    lacks: PostText = ""
    requirements: list[PostRequirementRecord] = Field(default_factory=list, max_length=MAX_POST_REQUIREMENTS)
    updated: str = Field(max_length=40)


class ModuleProgress(Record):
    format: Literal["mangfold-progress"] = FORMAT
    version: Literal[4] = PROGRESS_VERSION
    module: str = Field(pattern=r"^\d\d-[a-z0-9-]+$")
    language: Language = "nb"
    created: str = Field(default_factory=now_stamp, max_length=40)
    updated: str = Field(default_factory=now_stamp, max_length=40)
    scenarios: dict[str, ScenarioProgress] = Field(default_factory=dict)
    checks: dict[str, CheckProgress] = Field(default_factory=dict)
    reflections: dict[str, ReflectionProgress] = Field(default_factory=dict)
    exercises: dict[str, ExerciseProgress] = Field(default_factory=dict)
    consent: ConsentRecord | None = None
    step: StepMark | None = None
    post: PostRecord | None = None
    checksum: str | None = None

    @field_validator("step", mode="before")
    @classmethod
    def _step_or_none(cls, value: Any) -> Any:
        """A step that is not a well-formed mark is no step: the file is kept, the module opens at step 1."""
        if value is None or isinstance(value, StepMark):
            return value
        try:
            return StepMark.model_validate(value)
        except ValueError:
            return None

    def payload(self) -> dict[str, Any]:
        """The document without its checksum, in the form that is hashed and written."""
        return self.model_dump(mode="json", exclude={"checksum"})

    def compute_checksum(self) -> str:
        return checksum_of(self.payload())

    def sealed(self) -> dict[str, Any]:
        """The JSON-ready document with a fresh checksum."""
        document = self.payload()
        document["checksum"] = self.compute_checksum()
        return document


ITEM_KINDS: tuple[str, ...] = ("scenarios", "checks", "reflections", "exercises")


def merge(base: ModuleProgress, other: ModuleProgress) -> ModuleProgress:
    """Join two copies of one module's progress: per item the newest ``updated`` wins; none is dropped.

    On a tie ``other`` wins, so callers pass the copy they hold in memory as ``other``.
    """
    if base.module != other.module:
        raise ValueError(f"cannot merge progress of {base.module!r} with {other.module!r}")
    merged: dict[str, Any] = {}
    for kind in ITEM_KINDS:
        items = dict(getattr(base, kind))
        for key, item in getattr(other, kind).items():
            if key not in items or item.updated >= items[key].updated:
                items[key] = item
        merged[kind] = items
    newer = other if other.updated >= base.updated else base
    consents = [c for c in (other.consent, base.consent) if c is not None]  # max keeps the first: other on a tie
    steps = [s for s in (other.step, base.step) if s is not None]
    posts = [p for p in (other.post, base.post) if p is not None]  # the newer post wins whole, other on a tie
    return ModuleProgress(
        module=other.module,
        language=newer.language,
        created=min(base.created, other.created),
        updated=max(base.updated, other.updated),
        consent=max(consents, key=lambda c: c.updated) if consents else None,
        step=max(steps, key=lambda s: s.updated) if steps else None,
        post=max(posts, key=lambda p: p.updated) if posts else None,
        **merged,
    )


def research_consent(documents: list[ModuleProgress]) -> bool:
    """A learner's current answer across their modules: the newest answer given anywhere; none is no."""
    answers = [d.consent for d in documents if d.consent is not None]
    return max(answers, key=lambda c: c.updated).research if answers else False
