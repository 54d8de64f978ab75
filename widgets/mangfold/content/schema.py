"""The content schema: what a module's YAML file may contain.

Every model forbids unknown keys, so a typo in a content file is an error that names the place
instead of text that silently never appears. The structural rules that span several fields (the
scenario graph, the parity of every language with bokmål) live in :mod:`mangfold.content.rules`; this
module checks shapes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

SCHEMA_VERSION = 1
#: the course's languages: bokmål (the reference every other file is checked against), nynorsk, English
LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
Language = Literal["nb", "nn", "en"]

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
PlainLabel = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Quality = Literal["good", "partly", "weak"]


class Strict(BaseModel):
    """Base for all content models: unknown keys are errors, values are never coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Choice(Strict):
    id: Identifier
    label: PlainLabel
    quality: Quality
    feedback: Markdown
    next: Identifier


class Situation(Strict):
    """One decision: the story so far (``text``), the question the choices answer, and the choices.

    The question is its own field so the player asks it once, as the label of the choice group; a
    situation without one is asked with the course's fixed «Hva gjør du?» (rule in
    :func:`mangfold.content.rules.situation_question_problems`).
    """

    text: Markdown
    question: PlainLabel | None = None
    choices: list[Choice] = Field(min_length=2, max_length=6)

    @property
    def whole_text(self) -> str:
        """The situation as the learner meets it, story and question, for summaries and dashboards."""
        return self.text if self.question is None else f"{self.text} {self.question}"


class Ending(Strict):
    """Where a scenario path ends. ``quality`` says how the story went, so its rating can be checked.

    The rule (in :mod:`mangfold.content.rules`): a choice that leads to an ending has the ending's
    quality, and a weak choice leads straight to an ending, so a "forsvarlig, men svakere" choice never
    ends in a story that says the law was broken, and a weak choice never dissolves into a happy end.
    """

    title: PlainLabel
    text: Markdown
    debrief: str = Field(max_length=20_000)
    quality: Quality | None = None

    @field_validator("debrief")
    @classmethod
    def _debrief_required(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an ending needs a debrief: what should the learner take away?")
        return value


class TextBlock(Strict):
    kind: Literal["text"]
    id: Identifier
    title: PlainLabel
    body: Markdown


class ScenarioBlock(Strict):
    kind: Literal["scenario"]
    id: Identifier
    title: PlainLabel
    intro: Markdown | None = None
    start: Identifier
    situations: dict[Identifier, Situation] = Field(min_length=1)
    endings: dict[Identifier, Ending] = Field(min_length=1)


class Option(Strict):
    id: Identifier
    text: PlainLabel
    correct: bool


class CheckBlock(Strict):
    kind: Literal["check"]
    id: Identifier
    question: Markdown
    multiple: bool = False
    options: list[Option] = Field(min_length=2, max_length=8)
    explanation: Markdown


class ReflectionBlock(Strict):
    kind: Literal["reflection"]
    id: Identifier
    prompt: Markdown
    hint: str | None = Field(default=None, max_length=500)
    min_words: int = Field(default=15, ge=1, le=500)


class Category(Strict):
    """A place an item can be put: "must have", a pitfall's name, a point on a rating scale."""

    id: Identifier
    label: PlainLabel
    description: str | None = Field(default=None, max_length=500)


class ClassifyItem(Strict):
    id: Identifier
    text: Markdown
    expected: Identifier
    acceptable: list[Identifier] = Field(default_factory=list, max_length=7)
    feedback: Markdown


class ClassifyBlock(Strict):
    """An exercise: put each item in a category (and optionally order one category), then get feedback.

    One block kind serves the job analysis (must / nice / drop, musts in order), the job ad (phrases
    that may exclude or not), the interview transcript (which pitfall?) and anchored rating (which
    score?): the content decides the categories, the widget and the grader stay the same.
    """

    kind: Literal["classify"]
    id: Identifier
    title: PlainLabel
    intro: Markdown | None = None
    instructions: Markdown
    categories: list[Category] = Field(min_length=2, max_length=8)
    items: list[ClassifyItem] = Field(min_length=2, max_length=20)
    rank: Identifier | None = None
    rank_instructions: Markdown | None = None


Block = Annotated[TextBlock | ScenarioBlock | CheckBlock | ReflectionBlock | ClassifyBlock,
                  Field(discriminator="kind")]


class Source(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^S\d+(?:[–-]S?\d+)?$")]
    text: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


RECORD_KEY = "reviewed"
FINGERPRINT_LENGTH = 12


class ReviewRecord(Strict):
    """The ``reviewed:`` section a translated file ends with: the bokmål file it was reviewed against and a
    fingerprint of each of its texts (:mod:`mangfold.content.translations` writes and compares it)."""

    against: Annotated[str, StringConstraints(pattern=r"^(content|documents)\.nb\.yaml$")]
    texts: dict[Annotated[str, StringConstraints(min_length=1, max_length=300)],
                Annotated[str, StringConstraints(pattern=rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")]] = Field(
        min_length=1)


class ModuleContent(Strict):
    """One module in one language, as read from ``content.<lang>.yaml``."""

    schema_: Literal[1] = Field(alias="schema")
    module: Annotated[str, StringConstraints(pattern=r"^\d\d-[a-z0-9-]+$")]
    language: Language
    title: PlainLabel
    subtitle: PlainLabel
    minutes: int = Field(ge=1, le=60)
    intro: Markdown
    blocks: list[Block] = Field(min_length=1)
    learning_points: list[Annotated[str, StringConstraints(min_length=1, max_length=400)]] = Field(
        min_length=1, max_length=10
    )
    sources: list[Source] = Field(min_length=1)
    #: a translation's last review against bokmål (nn and en files; bokmål has none)
    reviewed: ReviewRecord | None = None

    def block(self, block_id: str) -> Block:
        """The block with this id; a KeyError names the module when there is none."""
        for candidate in self.blocks:
            if candidate.id == block_id:
                return candidate
        raise KeyError(f"{self.module}: no block with id {block_id!r}")

    def blocks_of(self, kind: type[Strict]) -> list:
        return [b for b in self.blocks if isinstance(b, kind)]

    @property
    def scenarios(self) -> list[ScenarioBlock]:
        return self.blocks_of(ScenarioBlock)

    @property
    def checks(self) -> list[CheckBlock]:
        return self.blocks_of(CheckBlock)

    @property
    def reflections(self) -> list[ReflectionBlock]:
        return self.blocks_of(ReflectionBlock)

    @property
    def exercises(self) -> list[ClassifyBlock]:
        return self.blocks_of(ClassifyBlock)
