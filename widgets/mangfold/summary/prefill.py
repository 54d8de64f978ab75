"""A trainer's prefill of the learner's post: ``post.yaml`` in the summary assignment's folder.

A cohort often recruits for the same kind of post, or a trainer wants every learner to start from the
post their organisation is about to fill. ``mangfold cohort post FILE.yaml`` checks the file and puts it
into the course's ``source/06-oppsummering/``, so nbgrader releases it with the summary assignment and
it lands beside the learner's summary notebook. The summary page then shows it filled in; the learner's
first change saves the whole post as their own, and from then on their post wins (``build_summary``).

The file is read like course content (:mod:`mangfold.content.yamlfile`): a duplicated key, a type
that is not one of the five, a list that is too long or a typo in a key is an error that names the file,
the place in it and the line. Its limits are the progress format's, so whatever a trainer can prefill a
learner can save.

Example::

    title: Rådgiver – tilskudd til frivillige organisasjoner
    unit: Seksjon for frivillighetstilskudd
    tasks:
      - vurdere søknader om tilskudd etter regelverket
      - skrive vedtak og begrunnelser
    lacks: Ingen av oss har jobbet i en liten forening drevet av frivillige.
    requirements:
      - {text: "relevant høyere utdanning, minst bachelorgrad", kind: knowledge, must: true}
      - {text: erfaring med saksbehandling etter regelverk, kind: experience, must: false}

``kind`` is one of knowledge, experience, personal, cooperation, language; ``must`` is true (a must
requirement, the default) or false (a should requirement).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, StrictBool, ValidationError

from ..content.errors import ContentError, Problem
from ..content.loader import validation_problems
from ..content.schema import Strict
from ..content.yamlfile import LocatedDocument, read_yaml
from ..progress.model import MAX_POST_REQUIREMENTS, MAX_POST_TASKS, MAX_TEXT, RequirementKind
from ..progress.trust import SUMMARY_MODULE
from .post import LearnerPost, PostRequirement

PREFILL_FILENAME = "post.yaml"

PrefillText = Annotated[str, Field(max_length=MAX_TEXT)]


class PrefillRequirement(Strict):
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    kind: RequirementKind
    must: StrictBool = True


class PostPrefill(Strict):
    """The shape of ``post.yaml``: every key optional, none unknown."""

    title: PrefillText = ""
    unit: PrefillText = ""
    tasks: list[Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]] = Field(
        default_factory=list, max_length=MAX_POST_TASKS)
    lacks: PrefillText = ""
    requirements: list[PrefillRequirement] = Field(default_factory=list, max_length=MAX_POST_REQUIREMENTS)

    def post(self) -> LearnerPost:
        return LearnerPost(self.title, self.unit, tuple(self.tasks), self.lacks,
                           tuple(PostRequirement(r.text, r.kind, r.must) for r in self.requirements))


class PrefillError(ValueError):
    """A ``post.yaml`` that cannot be used; the message has one line per problem: file:line: place: what."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def parse_prefill(doc: LocatedDocument) -> LearnerPost:
    """A located ``post.yaml`` as the post it prefills, or :class:`PrefillError` with every problem found."""
    if not isinstance(doc.data, dict):
        raise PrefillError([doc.problem((), "the file must hold a mapping (title:, unit:, tasks:, lacks:, "
                                            "requirements:) at the top")])
    try:
        return PostPrefill.model_validate(doc.data).post()
    except ValidationError as error:
        raise PrefillError(validation_problems(error, doc)) from None


def load_prefill(path: Path) -> LearnerPost:
    """Read and check a ``post.yaml``; :class:`PrefillError` names the file and the line of each problem."""
    try:
        return parse_prefill(read_yaml(Path(path)))
    except ContentError as error:  # unreadable, not UTF-8, not YAML, a duplicated key
        raise PrefillError(error.problems) from None


def prefill_path(summary_folder: Path) -> Path:
    return Path(summary_folder) / PREFILL_FILENAME


def read_prefill(summary_folder: Path) -> LearnerPost | None:
    """The prefill beside the summary notebook, or None when there is none or it cannot be used.

    A broken file is the trainer's to fix (``mangfold cohort post`` refuses one); a learner's page shows
    an empty form rather than an error it cannot act on.
    """
    path = prefill_path(summary_folder)
    if not path.is_file():
        return None
    try:
        return load_prefill(path)
    except PrefillError:
        return None


__all__ = ["PREFILL_FILENAME", "SUMMARY_MODULE", "PostPrefill", "PrefillError", "load_prefill", "parse_prefill",
           "prefill_path", "read_prefill"]
