"""The prose of the job-support documents: read and checked like module content.

The job analysis and the interview guides the summary hands out carry HR advice and the law on what an
employer may ask (likestillings- og diskrimineringsloven §§ 30 and 37, arbeidsmiljøloven §§ 9-3 and
13-4). That is course text, written and reviewed by the course's authors, not interface text: it lives
beside the summary's module content as ``documents.<language>.yaml`` in the summary's folder
(``06-oppsummering/``), is read through the same located YAML reader, and a broken file gives the same
kind of error as a broken module (file, place in the document, line). The models below fix the file's
shape: every text the documents print has its named place, a text with ``{fields}`` must have exactly
the fields the documents fill in, and the nynorsk and English files must have bokmål's structure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from string import Formatter
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, Field, StringConstraints, ValidationError, model_validator

from .errors import ContentError, Location, Problem
from .loader import validate_languages, validation_problems
from .rules import record_problems
from .schema import LANGUAGES, RECORD_KEY, Identifier, ReviewRecord, Strict
from .yamlfile import LocatedDocument, load_checked

REFERENCE_LANGUAGE = "nb"

Text = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
Texts = Annotated[list[Text], Field(min_length=1, max_length=20)]

#: the requirement types the question bank has questions for (content-brief-2 § 5); the learner's post
#: (mangfold.summary.post) gives each of its requirements one of them
RequirementKind = Literal["knowledge", "experience", "personal", "cooperation", "language"]
REQUIREMENT_KINDS: tuple[str, ...] = get_args(RequirementKind)


def _fields_exactly(*names: str) -> AfterValidator:
    """A text that must name exactly ``names`` in braces (``{number}``): the documents fill in those."""
    expected = frozenset(names)

    def check(value: str) -> str:
        found = frozenset(name for _literal, name, _spec, _conv in Formatter().parse(value) if name)
        if found != expected:
            wanted = ", ".join(f"{{{name}}}" for name in sorted(expected)) or "no {fields}"
            raise ValueError(f"the text must contain {wanted}, exactly (it has {sorted(found) or 'none'})")
        return value

    return AfterValidator(check)


def _field_names(value: str) -> frozenset[str]:
    return frozenset(name for _literal, name, _spec, _conv in Formatter().parse(value) if name)


def _fields_among(*names: str) -> AfterValidator:
    """A text that may name some of ``names`` in braces and nothing else (a question may or may not quote
    the requirement, but a slot the guides do not fill would be printed as it stands)."""
    allowed = frozenset(names)

    def check(value: str) -> str:
        extra = _field_names(value) - allowed
        if extra:
            wanted = ", ".join(f"{{{name}}}" for name in sorted(allowed))
            raise ValueError(f"the text may contain only {wanted} (it has {sorted(extra)})")
        return value

    return AfterValidator(check)


class Guidance(Strict):
    heading: Text
    points: Texts


class Section(Strict):
    """A heading, a lead paragraph and the labels of a table to fill in."""

    heading: Text
    lead: Text
    fields: Texts


class FieldsSection(Strict):
    heading: Text
    fields: Texts


class LeadSection(Strict):
    heading: Text
    lead: Text


class Tasks(Strict):
    heading: Text
    lead: Text
    columns: Annotated[list[Text], Field(min_length=3, max_length=3)]


class Requirements(Strict):
    """The requirements table's heading, lead and column names (the learner's rows; the weight is theirs to fill)."""

    heading: Text
    lead: Text
    number: Text
    requirement: Text
    kind: Text
    must: Text
    reason: Text
    weight: Text


class ExampleTask(Strict):
    task: Text
    needs: Text


class ExampleRequirement(Strict):
    """One requirement of the worked example: ``case`` names it in case.yaml, which holds its must/should and
    weight (one place for the numbers); the wording here is the language's own."""

    case: Annotated[str, StringConstraints(pattern=r"^R\d$")]
    kind: Literal["knowledge", "experience", "personal", "cooperation", "language"]
    text: Text
    reason: Text


class WorkedExample(Strict):
    """The course's case post (module 2's job analysis), shown beside the learner's own in every section."""

    label: Text
    intro: Text
    post: Annotated[list[Text], Field(min_length=3, max_length=3)]  # one line for each of ``post.fields``
    purpose: Text
    task_columns: Annotated[list[Text], Field(min_length=2, max_length=2)]
    tasks: Annotated[list[ExampleTask], Field(min_length=1, max_length=8)]
    lacks: Text
    requirements: Annotated[list[ExampleRequirement], Field(min_length=1, max_length=10)]
    threshold: Text
    removed: Text


class JobAnalysisText(Strict):
    lead: Text
    no_post: Text
    guidance: Guidance
    post: FieldsSection
    purpose: LeadSection
    tasks: Tasks
    lacks: LeadSection
    requirements: Requirements
    decided: FieldsSection
    example: WorkedExample


class RequirementSection(Strict):
    """How a requirement's part of a guide is labelled (the questions themselves are in the question bank)."""

    heading: Annotated[Text, _fields_exactly("number", "text")]
    kind: Text
    question: Annotated[Text, _fields_exactly("number", "format")]
    probes: Text
    open_points: Text


class Scale(Strict):
    heading: Text
    columns: Annotated[list[Text], Field(min_length=3, max_length=3)]
    between: Annotated[Text, _fields_exactly("low", "high")]


class WorkSample(Strict):
    """The second interview's work sample: one task from the post for everyone, scored on task criteria."""

    heading: Text
    lead: Text
    task: Annotated[Text, _fields_exactly("task")]
    no_task: Text
    fields: Texts
    accommodation: Text
    criteria: Text
    columns: Annotated[list[Text], Field(min_length=5, max_length=5)]
    criterion: Annotated[Text, _fields_exactly("number", "text")]


class References(Strict):
    """The reference-check plan: the same questions per requirement to every referee."""

    heading: Text
    lead: Text
    points: Texts
    fields: Texts
    questions: Text
    knowledge: Text


class Ban(Strict):
    """What an employer may not ask about, with the law's exceptions: legal text, reworded only by an author."""

    heading: Text
    lead: Text
    grounds: Texts
    notes: Texts


class InterviewGuideText(Strict):
    lead: Text
    lead_second: Text
    example: Annotated[Text, _fields_exactly("title")]
    example_label: Text
    no_musts: Text
    tasks_used: Text
    top: Annotated[Text, _fields_exactly("count")]
    fields: Texts
    notes: Text
    rules: Guidance
    requirement: RequirementSection
    scale: Scale
    work_sample: WorkSample
    references: References
    ban: Ban


QuestionFormat = Literal["behavioural", "situational", "knowledge"]
"""Past behaviour (what the applicant has done), situational (what they would do), knowledge (what they can
explain): the formats of content-brief-2 § 5."""


class Anchors(Strict):
    """What an answer scored 1, 3 and 5 shows (2 and 4 lie between): written for the question it scores."""

    one: Text
    three: Text
    five: Text


class Question(Strict):
    """One question of the bank. ``{requirement}`` is filled with the requirement's wording, ``{task}`` with a
    task of the post; a question that names a task has a wording for a post without tasks."""

    format: QuestionFormat
    text: Annotated[Text, _fields_among("requirement", "task")]
    without_task: Annotated[Text, _fields_among("requirement")] | None = None
    probes: Annotated[list[Text], Field(min_length=1, max_length=2)]
    scale: Anchors

    @model_validator(mode="after")
    def _a_task_has_a_fallback(self) -> Question:
        if "task" in _field_names(self.text) and self.without_task is None:
            raise ValueError("a question that names {task} needs `without_task`, its wording for a post without "
                             "tasks")
        if "task" not in _field_names(self.text) and self.without_task is not None:
            raise ValueError("`without_task` is only for a question that names {task}")
        return self


Questions = Annotated[list[Question], Field(min_length=1, max_length=4)]


class ReferenceQuestion(Strict):
    question: Annotated[Text, _fields_exactly("requirement")]
    probe: Text


class Criterion(Strict):
    """A work sample's criterion for one requirement type, with its anchored scale."""

    text: Annotated[Text, _fields_among("requirement")]
    scale: Anchors


class KindQuestions(Strict):
    """The questions for one requirement type: ``first`` for the first interview, ``second`` (different ones)
    for the second; a note for the panel, and for knowledge how to check the documentation."""

    label: Text
    note: Text | None = None
    documentation: Text | None = None
    first: Questions
    second: Questions
    reference: ReferenceQuestion | None = None
    work_sample: Criterion


class QuestionFormats(Strict):
    behavioural: Text
    situational: Text
    knowledge: Text


class QuestionBank(Strict):
    """The interview questions, one set per requirement type (mangfold.summary.post.REQUIREMENT_KINDS)."""

    formats: QuestionFormats
    knowledge: KindQuestions
    experience: KindQuestions
    personal: KindQuestions
    cooperation: KindQuestions
    language: KindQuestions

    def kind(self, kind: str) -> KindQuestions:
        if kind not in REQUIREMENT_KINDS:
            raise KeyError(kind)
        return getattr(self, kind)

    @model_validator(mode="after")
    def _each_type_is_asked_its_own_way(self) -> QuestionBank:
        """Knowledge and education are asked about and checked on paper, not told as stories or checked with a
        referee; every other type has its reference question; every second interview has a case from the
        post's own tasks."""
        knowledge = self.knowledge
        if any(q.format != "knowledge" for q in (*knowledge.first, *knowledge.second)):
            raise ValueError("knowledge: every question has the format `knowledge` (no behavioural or situational "
                             "stories)")
        if knowledge.reference is not None or knowledge.documentation is None:
            raise ValueError("knowledge: `documentation` (how to check it), and no `reference` question")
        for name in REQUIREMENT_KINDS:
            kind = self.kind(name)
            if name != "knowledge" and (kind.reference is None or kind.documentation is not None):
                raise ValueError(f"{name}: a `reference` question, and no `documentation`")
            if not any("task" in _field_names(q.text) for q in kind.second):
                raise ValueError(f"{name}: the second interview needs a question on one of the post's {{task}}s")
        return self


class GuideExample(Strict):
    """The course's case post (module 2's exercise), the guides' example when the learner gave no post:
    its tasks in this language, and the requirement type of each of the exercise's items (by item id)."""

    tasks: Texts
    kinds: dict[Identifier, RequirementKind]
class CardText(Strict):
    """A reflection card the course writes itself: its label (the step), the prompt, numbered points and
    one short line of context."""

    label: Text
    prompt: Text
    points: Texts
    context: Text


class Step(Strict):
    """A step of a model: its name (set in bold) and what it means."""

    name: Text
    text: Text


class StepsCardText(Strict):
    """A card with the steps of a model (LDO's three steps) instead of plain points."""

    label: Text
    prompt: Text
    steps: Annotated[list[Step], Field(min_length=1, max_length=6)]
    context: Text


ModuleId = Annotated[str, StringConstraints(pattern=r"^\d\d-[a-z0-9-]+$", max_length=60)]
BlockId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]  # as in a module


class CardsText(Strict):
    """The reflection cards' own text (:mod:`mangfold.summary.cards`). The prompts of the module cards are
    the modules' reflection prompts, read from their content; the line under each prompt is here, by module
    and reflection id, so a card's follow-up stays beside the prompt it was written for."""

    title: Text
    footer: Text
    module: Annotated[Text, _fields_exactly("number", "title")]
    intro: CardText
    follow_ups: dict[ModuleId, dict[BlockId, Text]] = Field(min_length=1)
    three_steps: StepsCardText
    review: CardText
# The jobbstøtte (mangfold.summary.jobaid): two A4 pages a manager pins up. The bounds keep the course's
# own text within its share of the two pages; the learner's text is cut to a fixed length by the exports.
AidPoint = Annotated[str, StringConstraints(min_length=1, max_length=240)]
AidPoints = Annotated[list[AidPoint], Field(min_length=2, max_length=5)]


class JobAidStep(Strict):
    """One step of a recruitment on the checklist, beside the learner's reflection from the same module."""

    heading: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    points: AidPoints


class JobAidRule(Strict):
    """A rule a manager must not forget, in a box: its name, and the law and section it is in."""

    heading: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    law: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    lead: AidPoint
    points: AidPoints
    note: Annotated[str, StringConstraints(min_length=1, max_length=400)]


class ReadMore(Strict):
    """Where to read more: a short title and the page's address (a source from the course's briefs)."""

    title: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]


class JobAidText(Strict):
    """The jobbstøtte's course text: one checklist step per module, in module order, the rule boxes and the
    reading list."""

    steps: Annotated[list[JobAidStep], Field(min_length=5, max_length=5)]
    rules: Annotated[list[JobAidRule], Field(min_length=3, max_length=3)]
    read_more: Annotated[list[ReadMore], Field(min_length=1, max_length=8)]


class DocumentsContent(Strict):
    """The prose of the job analysis and the interview guides in one language."""

    schema_: Literal[1] = Field(alias="schema")
    job_analysis: JobAnalysisText
    interview_guide: InterviewGuideText
    question_bank: QuestionBank
    guide_example: GuideExample
    cards: CardsText | None = None  # optional: a course folder written before the cards keeps working
    #: optional so that a trainer's course with its own documents file from before the jobbstøtte still loads
    #: (its job analysis and guides keep working; the jobbstøtte then takes the course's own text)
    job_aid: JobAidText | None = None
    #: a translation's last review against bokmål (nn and en files; bokmål has none)
    reviewed: ReviewRecord | None = None


def documents_path(folder: Path, language: str) -> Path:
    """The documents' prose in ``language`` inside the summary's folder."""
    return Path(folder) / f"documents.{language}.yaml"


def parse_documents(doc: LocatedDocument) -> DocumentsContent:
    """Validate one located document; raise :class:`ContentError` with every problem found."""
    if not isinstance(doc.data, dict):
        raise ContentError([doc.problem((), "the file must hold a mapping (key: value) at the top")])
    try:
        return DocumentsContent.model_validate(doc.data)
    except ValidationError as error:
        raise ContentError(validation_problems(error, doc)) from None


def load_documents(folder: Path, language: str) -> DocumentsContent:
    """The documents' prose in ``language`` from ``folder``, checked; cached per file and modification time."""
    if language not in LANGUAGES:
        raise ContentError([Problem(Path(folder), (), f"unknown language {language!r}; use one of {LANGUAGES}")])
    return load_checked(documents_path(Path(folder).resolve(), language), "the documents' text is missing",
                        parse_documents)


def structure_problems(reference: LocatedDocument, other: LocatedDocument,
                       location: Location = ()) -> Iterator[Problem]:
    """Where ``other`` has another structure than ``reference``: a key or a list item one has and the other
    lacks (a rule or a ground of the ban missing in one language). The texts themselves differ, of course."""
    ref, oth = _at(reference.data, location), _at(other.data, location)
    if isinstance(ref, dict) and isinstance(oth, dict):
        for key in sorted(ref.keys() | oth.keys()):
            if not location and key == RECORD_KEY:
                continue  # a translation's review record is its own, not structure bokmål shares
            if key not in oth:
                yield other.problem(location, f"{key!r} is missing here but is in {reference.path.name}")
            elif key not in ref:
                yield other.problem((*location, key), f"not in {reference.path.name}")
            else:
                yield from structure_problems(reference, other, (*location, key))
    elif isinstance(ref, list) and isinstance(oth, list):
        if len(ref) != len(oth):
            yield other.problem(location, f"{len(oth)} items here, {len(ref)} in {reference.path.name}")
    elif isinstance(ref, dict | list) or isinstance(oth, dict | list):
        yield other.problem(location, f"another kind of value than in {reference.path.name}")


def _at(data: Any, location: Location) -> Any:
    for part in location:
        data = data[part]
    return data


def _parse_in(doc: LocatedDocument, language: str) -> DocumentsContent:
    """:func:`parse_documents`, and the rule that only a translation has a review record."""
    documents = parse_documents(doc)
    ContentError.collect(record_problems(doc, language))
    return documents


def validate_documents(folder: Path, required: Iterable[str] = LANGUAGES) -> list[Problem]:
    """Every problem in a folder's documents files: each language on its own, then its structure against
    bokmål's; ``required`` as for the modules (:func:`mangfold.content.loader.validate_languages`)."""
    needed = ", ".join(LANGUAGES)
    return validate_languages(lambda language: documents_path(Path(folder), language),
                              lambda doc, language: _parse_in(doc, language), structure_problems,
                              lambda path: Problem(path, (), f"the documents' text is missing: {needed} are "
                                                             "all needed"), required)
