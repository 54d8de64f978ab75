"""The prose of the job-support documents: read and checked like module content.

The job analysis and the interview guides the summary hands out carry HR advice and the law on what an
employer may ask (likestillings- og diskrimineringsloven §§ 30 and 37, arbeidsmiljøloven §§ 9-3 and
13-4). That is course text, written and reviewed by the course's authors, not interface text: it lives
beside the summary's module content as ``documents.<language>.yaml`` in the summary's folder
(``06-oppsummering/``), is read through the same located YAML reader, and a broken file gives the same
kind of error as a broken module (file, place in the document, line). The models below fix the file's
shape: every text the documents print has its named place, a text with ``{fields}`` must have exactly
the fields the documents fill in, and the bokmål and English files must have the same structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from string import Formatter
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints, ValidationError

from .errors import ContentError, Location, Problem
from .loader import validate_languages, validation_problems
from .schema import LANGUAGES, Strict
from .yamlfile import LocatedDocument, load_checked

REFERENCE_LANGUAGE = "nb"

Text = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
Texts = Annotated[list[Text], Field(min_length=1, max_length=20)]


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
    heading: Annotated[Text, _fields_exactly("number", "text")]
    heading_blank: Annotated[Text, _fields_exactly("number")]
    fill: Text
    question_label: Text
    question: Text
    follow_ups: Text
    follow_up_questions: Texts


class Scale(Strict):
    heading: Text
    columns: Annotated[list[Text], Field(min_length=3, max_length=3)]
    between: Annotated[Text, _fields_exactly("low", "high")]


class References(Strict):
    heading: Text
    lead: Text
    fields: Texts
    questions: Text
    question: Annotated[Text, _fields_exactly("text")]
    question_blank: Text
    ban: Text


class Ban(Strict):
    """What an employer may not ask about, with the law's exceptions: legal text, reworded only by an author."""

    heading: Text
    lead: Text
    grounds: Texts
    notes: Texts


class InterviewGuideText(Strict):
    lead: Text
    lead_second: Text
    no_musts: Text
    fields: Texts
    notes: Text
    rules: Guidance
    requirement: RequirementSection
    scale: Scale
    work_sample: Section
    references: References
    ban: Ban


class DocumentsContent(Strict):
    """The prose of the job analysis and the interview guides in one language."""

    schema_: Literal[1] = Field(alias="schema")
    job_analysis: JobAnalysisText
    interview_guide: InterviewGuideText


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


def validate_documents(folder: Path) -> list[Problem]:
    """Every problem in a folder's documents files: each language on its own, then the nb/en structure."""
    return validate_languages(lambda language: documents_path(Path(folder), language),
                              lambda doc, _language: parse_documents(doc), structure_problems,
                              lambda path: Problem(path, (), "the documents' text is missing: nb and en are "
                                                             "both needed"))
