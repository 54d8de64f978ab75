"""The course case and its glossary as data: one post, one employer, its people, requirements and words.

docs/case.md is the plan every module author writes from; ``case.yaml`` holds the parts of it that can be
checked: the people (one name, one role), the requirement wordings and weights, the scores, the names the
old content used, the glossary (one term per concept, the words not to use) and the law names. The module
content is held to it by tests/content/test_case.py, and the glossary is shown to learners from it
(:mod:`mangfold.ui.glossary`), so the plan, the tests and the page read one file.

Story text (names, employer, post title, requirement wordings) is the same in every language and written
once; every text a learner reads has an ``nb``, an ``nn`` and an ``en`` (:class:`Localized`), so the languages
cannot drift apart in structure. The file lives in the summary's folder (``06-oppsummering/``) because
that folder is course-wide and is what reaches a learner's ``release/`` and workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError

from .errors import ContentError, Problem
from .loader import validation_problems
from .schema import LANGUAGES, Strict
from .yamlfile import LocatedDocument, load_checked, read_yaml

CASE_FILE = "case.yaml"

Text = Annotated[str, StringConstraints(min_length=1, max_length=400)]
#: a person in the case: «Fornavn Etternavn», two capitalised words (a hyphen joins a double name)
PersonName = Annotated[str, StringConstraints(pattern=r"^[A-ZÆØÅ][\wæøåÆØÅ-]+\x20[A-ZÆØÅ][\wæøåÆØÅ-]+$")]
RequirementId = Annotated[str, StringConstraints(pattern=r"^R\d$")]


class Localized(Strict):
    """A text in every language of the course. The schema refuses one without bokmål and English; nynorsk is
    required in the authors' tree (:func:`validate_case`), and a case file copied before nynorsk came (an older
    release, a learner's laid-out course) still loads and shows bokmål where it has no nynorsk."""

    nb: Text
    nn: Text | None = None
    en: Text

    def in_language(self, language: str) -> str:
        """The text in ``language``; bokmål for a language the file does not have."""
        return (getattr(self, language) if language in LANGUAGES else None) or self.nb


class Employer(Strict):
    name: Text
    unit: Text
    city: Text


class Post(Strict):
    title: Text
    extent: Text


class SideCase(Strict):
    """The side case from another employer (docs/case.md §3), marked in the content as such."""

    employer: Text
    marker: Localized


class Person(Strict):
    name: PersonName
    role: Localized
    learner: bool = False
    side_case: bool = False
    age: int | None = Field(default=None, ge=16, le=80)
    municipality: Text | None = None

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0]

    @property
    def surname(self) -> str:
        return self.name.split(" ")[1]


class Requirement(Strict):
    id: RequirementId
    kind: Literal["must", "should"]
    text: Text
    weight: int | None = Field(default=None, ge=1, le=100)


class Score(Strict):
    """One applicant's scores (1–5) on the weighted requirements, and the weighted sum the content quotes."""

    name: PersonName
    by_requirement: dict[RequirementId, Annotated[int, Field(ge=1, le=5)]]
    weighted: float = Field(ge=1, le=5)


class Term(Strict):
    term: Localized
    definition: Localized
    avoid: list[Text] = Field(default_factory=list, max_length=10)


class LawName(Strict):
    """A law's name: bokmål (as the law itself and the bokmål course write it), nynorsk, English; the short form."""

    nb: Text
    nn: Text | None = None  # required in the authors' tree, as for :class:`Localized`
    short: Text | None = None
    en: Text

    def in_language(self, language: str) -> str:
        return (getattr(self, language) if language in LANGUAGES else None) or self.nb


class CaseContent(Strict):
    """The case file: everything the modules must agree on, and the glossary."""

    schema_: Literal[1] = Field(alias="schema")
    employer: Employer
    post: Post
    side_case: SideCase
    people: list[Person] = Field(min_length=2, max_length=40)
    requirements: list[Requirement] = Field(min_length=1, max_length=9)
    scores: list[Score] = Field(default_factory=list, max_length=20)
    retired_names: list[Text] = Field(default_factory=list, max_length=100)
    glossary: list[Term] = Field(min_length=1, max_length=80)
    laws: list[LawName] = Field(min_length=1, max_length=30)

    def person(self, name: str) -> Person:
        for person in self.people:
            if person.name == name:
                return person
        raise KeyError(f"no person {name!r} in the case")

    @property
    def learner(self) -> Person:
        """Whom the learner plays in the main case («Du er Kjersti Nygård»)."""
        return next(p for p in self.people if p.learner and not p.side_case)

    @property
    def weights(self) -> dict[str, int]:
        return {r.id: r.weight for r in self.requirements if r.weight is not None}


def case_rules(case: CaseContent, doc: LocatedDocument) -> Iterator[Problem]:
    """What only the whole file can tell: one name one person, weights that add up, scores that compute."""
    firsts: dict[str, int] = {}
    surnames: dict[str, int] = {}
    for index, person in enumerate(case.people):
        if person.first_name in firsts:
            yield doc.problem(("people", index, "name"), f"{person.name!r} shares the first name with "
                                                         f"people[{firsts[person.first_name]}]: one name, one person")
        if person.surname in surnames:
            yield doc.problem(("people", index, "name"), f"{person.name!r} shares the surname with "
                                                         f"people[{surnames[person.surname]}]: one name, one person")
        firsts.setdefault(person.first_name, index)
        surnames.setdefault(person.surname, index)
    retired = {word for name in case.retired_names for word in name.split()}
    for index, person in enumerate(case.people):
        reused = sorted({person.first_name, person.surname} & retired)
        if reused:
            yield doc.problem(("people", index, "name"), f"{person.name!r} reuses {', '.join(reused)} from the "
                                                         "old content's names (retired_names)")
    for side in (False, True):
        learners = [p.name for p in case.people if p.learner and p.side_case == side]
        if len(learners) != 1:
            yield doc.problem(("people",), f"the {'side' if side else 'main'} case needs exactly one person the "
                                           f"learner plays (learner: true), found {learners or 'none'}")
    ids = [r.id for r in case.requirements]
    for index, requirement_id in enumerate(ids):
        if requirement_id in ids[:index]:
            yield doc.problem(("requirements", index, "id"), f"duplicate requirement {requirement_id!r}")
    if case.weights and sum(case.weights.values()) != 100:
        yield doc.problem(("requirements",), f"the weights add up to {sum(case.weights.values())} %, not 100 %")
    yield from _score_problems(case, doc)
    for language in LANGUAGES:
        yield from _unique(doc, "glossary", [t.term.in_language(language) for t in case.glossary], "term", language)
    terms = {t.term.nb.lower() for t in case.glossary}
    for index, term in enumerate(case.glossary):
        for position, word in enumerate(term.avoid):
            if word.lower() in terms:
                yield doc.problem(("glossary", index, "avoid", position), f"{word!r} is a glossary term itself")
    for language in LANGUAGES:
        yield from _unique(doc, "laws", [law.in_language(language) for law in case.laws], language)


def _score_problems(case: CaseContent, doc: LocatedDocument) -> Iterator[Problem]:
    applicants = {p.name for p in case.people if not p.side_case and p.age is not None}
    weights = case.weights
    for index, score in enumerate(case.scores):
        if score.name not in applicants:
            yield doc.problem(("scores", index, "name"), f"{score.name!r} is not an applicant of the main case")
        if set(score.by_requirement) != set(weights):
            yield doc.problem(("scores", index, "by_requirement"),
                              f"scores {sorted(score.by_requirement)} must be for the weighted requirements "
                              f"{sorted(weights)}")
            continue
        computed = sum(value * weights[rid] for rid, value in score.by_requirement.items()) / 100
        if abs(computed - score.weighted) > 0.005:
            yield doc.problem(("scores", index, "weighted"),
                              f"{score.weighted:.2f} is not the weighted sum of the scores ({computed:.2f})")
    yield from _unique(doc, "scores", [s.name for s in case.scores], "name")


def _unique(doc: LocatedDocument, key: str, values: list[str], *field: str) -> Iterator[Problem]:
    for index, value in enumerate(values):
        if value in values[:index]:
            yield doc.problem((key, index, *field), f"{value!r} appears twice in {key}")


def case_path(folder: Path) -> Path:
    return Path(folder) / CASE_FILE


def parse_case(doc: LocatedDocument) -> CaseContent:
    """Validate one located document; raise :class:`ContentError` with every problem found."""
    if not isinstance(doc.data, dict):
        raise ContentError([doc.problem((), "the file must hold a mapping (key: value) at the top")])
    try:
        case = CaseContent.model_validate(doc.data)
    except ValidationError as error:
        raise ContentError(validation_problems(error, doc)) from None
    ContentError.collect(case_rules(case, doc))
    return case


def load_case(folder: Path) -> CaseContent:
    """The checked case in ``folder``; cached per file and modification time (every page asks for it)."""
    return load_checked(case_path(Path(folder).resolve()), "the course case file is missing", parse_case)


def missing_languages(case: CaseContent, doc: LocatedDocument, languages: tuple[str, ...]) -> Iterator[Problem]:
    """Every text of the case that lacks one of ``languages`` (the schema holds bokmål and English already)."""
    def texts() -> Iterator[tuple[tuple[str | int, ...], Localized | LawName]]:
        yield ("side_case", "marker"), case.side_case.marker
        for index, person in enumerate(case.people):
            yield ("people", index, "role"), person.role
        for index, term in enumerate(case.glossary):
            yield ("glossary", index, "term"), term.term
            yield ("glossary", index, "definition"), term.definition
        for index, law in enumerate(case.laws):
            yield ("laws", index), law

    for location, text in texts():
        for language in languages:
            if getattr(text, language, None) is None:
                yield doc.problem((*location, language), f"the text in {language} is missing: every language of "
                                                         "the course has its own")


def validate_case(folder: Path, required: tuple[str, ...] = LANGUAGES) -> list[Problem]:
    """Every problem in ``folder``'s case file (a missing file is one), for ``mangfold check``; ``required``:
    the languages every text must have (all in ``source/``; a release may predate nynorsk)."""
    path = case_path(Path(folder))
    if not path.is_file():
        return [Problem(path, (), "the course case file is missing")]
    try:
        doc = read_yaml(path)
        case = parse_case(doc)
    except ContentError as error:
        return error.problems
    return list(missing_languages(case, doc, required))
