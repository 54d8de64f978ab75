"""The export's four tables: their columns, their codebook, and their rows for one learner.

The columns (names, types, constraints) live beside the code that fills them; what each one means is
English prose for researchers and lives in ``codebook.yaml`` beside this module, read and checked on
first use: every table and column here must be described there and nothing else, so a column cannot
be added without a description. ``package.py`` turns both into the data package's table schemas and
the README.
Rows hold pseudonyms only: the learner id is used to look things up and never leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..completion import check_is_correct, item_statuses
from ..content.errors import ContentError
from ..content.loader import validation_problems
from ..content.schema import LANGUAGES, ModuleContent, ScenarioBlock, Strict
from ..content.yamlfile import read_yaml
from ..engine.text import count_words
from ..progress.model import ModuleProgress, ScenarioProgress
from .scrub import Scrubber

CODEBOOK_FILE = Path(__file__).with_name("codebook.yaml")


@dataclass(frozen=True)
class Column:
    """One column of a table: its Table Schema type and constraints; its meaning is in the codebook."""

    name: str
    type: str  # Table Schema type: "string", "integer" or "boolean"
    required: bool = True
    enum: tuple[str, ...] | None = None

    @property
    def description(self) -> str:
        return codebook().columns[self.name]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def title(self) -> str:
        return codebook().tables[self.name].title

    @property
    def description(self) -> str:
        return codebook().tables[self.name].description


PSEUDONYM = Column("pseudonym", "string")
MODULE = Column("module", "string")

LEARNERS = Table("learners", (
    PSEUDONYM,
    Column("language", "string", enum=LANGUAGES),
    Column("modules_done", "string"),  # a count, or a band once generalised (``anonymity``)
    Column("week_first_activity", "string", required=False),
    Column("week_last_activity", "string", required=False),
), ("pseudonym",))

CHOICES = Table("choices", (
    PSEUDONYM, MODULE,
    Column("scenario", "string"),
    Column("step", "integer"),
    Column("situation", "string"),
    Column("choice", "string"),
    Column("choice_quality", "string", enum=("good", "partly", "weak")),
    Column("first_pass", "boolean"),
), ("pseudonym", "module", "scenario", "step"))

CHECK_ANSWERS = Table("check_answers", (
    PSEUDONYM, MODULE,
    Column("check", "string"),
    Column("first_answer", "string"),
    Column("correct_first", "boolean"),
    Column("attempts", "integer"),
), ("pseudonym", "module", "check"))

REFLECTIONS = Table("reflections", (
    PSEUDONYM, MODULE,
    Column("reflection", "string"),
    Column("text", "string", required=False),
    Column("words", "integer"),
    Column("scrubbed_count", "integer"),
), ("pseudonym", "module", "reflection"))

TABLES: tuple[Table, ...] = (LEARNERS, CHOICES, CHECK_ANSWERS, REFLECTIONS)

Row = dict[str, Any]


class PackageProse(Strict):
    """The data package's own title (``{course_id}`` filled in), description and keywords."""

    title: str
    description: str
    keywords: tuple[str, ...]


class TableProse(Strict):
    title: str
    description: str


class Codebook(Strict):
    """``codebook.yaml``: the package's prose, each table's, and one description per column name."""

    package: PackageProse
    tables: dict[str, TableProse]
    columns: dict[str, str]


def read_codebook(path: Path) -> Codebook:
    """The codebook in ``path``, checked against :data:`TABLES`; :class:`ContentError` names what is wrong."""
    doc = read_yaml(path)
    try:
        book = Codebook.model_validate(doc.data)
    except ValidationError as error:
        raise ContentError(validation_problems(error, doc)) from None
    for part, wanted in (("tables", [t.name for t in TABLES]), ("columns", [n for t in TABLES for n in t.names])):
        described: dict[str, Any] = getattr(book, part)
        missing = [name for name in dict.fromkeys(wanted) if name not in described]
        extra = [name for name in described if name not in wanted]
        if missing or extra:
            raise ContentError([*(doc.problem((part,), f"{name!r} is not described") for name in missing),
                                *(doc.problem((part, name), f"{name!r} is no {part[:-1]} of the export")
                                  for name in extra)])
    return book


@cache
def codebook() -> Codebook:
    """The package's codebook, read on first use (the export is the only reader)."""
    return read_codebook(CODEBOOK_FILE)


def activity_stamps(progress: ModuleProgress) -> list[str]:
    """When the learner did something in the module: opened it, chose, answered, wrote, sorted.

    The file's own ``updated`` and the consent's stamp are left out: answering the research question or
    a grader's re-seal is not learning activity, and would put everyone's last week at the export's date.
    """
    stamps = [progress.created]
    for scenario in progress.scenarios.values():
        stamps += [step.at for step in scenario.history] + [scenario.updated]
    for kind in (progress.checks, progress.reflections, progress.exercises):
        stamps += [item.updated for item in kind.values()]
    return stamps


def modules_done(contents: dict[str, ModuleContent], modules: dict[str, ModuleProgress]) -> int:
    return sum(all(s.done for s in item_statuses(contents[m], p)) for m, p in modules.items())


def answered(progress: ModuleProgress) -> bool:
    """Whether the module gives the learner any row in choices, check_answers or reflections.

    The modules a learner has rows in are visible to anyone reading those tables, so ``anonymity``
    counts them among the quasi-identifiers; this is the same test the row builders below make.
    """
    return bool(progress.checks or progress.reflections or any(s.history for s in progress.scenarios.values()))


def _first_pass_flags(block: ScenarioBlock, saved: ScenarioProgress) -> list[bool]:
    """True for each history step up to and including the first choice that reached an ending."""
    flags, ended = [], False
    for step in saved.history:
        flags.append(not ended)
        choice = next(c for c in block.situations[step.node].choices if c.id == step.choice)
        ended = ended or choice.next in block.endings
    return flags


def choice_rows(pseudonym: str, content: ModuleContent, progress: ModuleProgress) -> list[Row]:
    rows = []
    scenarios = {b.id: b for b in content.blocks if isinstance(b, ScenarioBlock)}
    for scenario_id, saved in sorted(progress.scenarios.items()):
        block = scenarios[scenario_id]
        for number, (step, first) in enumerate(zip(saved.history, _first_pass_flags(block, saved), strict=True), 1):
            quality = next(c.quality for c in block.situations[step.node].choices if c.id == step.choice)
            rows.append({"pseudonym": pseudonym, "module": content.module, "scenario": scenario_id, "step": number,
                         "situation": step.node, "choice": step.choice, "choice_quality": quality,
                         "first_pass": first})
    return rows


def check_rows(pseudonym: str, content: ModuleContent, progress: ModuleProgress) -> list[Row]:
    checks = {c.id: c for c in content.checks}
    return [{"pseudonym": pseudonym, "module": content.module, "check": check_id,
             "first_answer": ";".join(sorted(saved.first_answer)),
             "correct_first": check_is_correct(checks[check_id], saved.first_answer), "attempts": saved.attempts}
            for check_id, saved in sorted(progress.checks.items())]


def reflection_rows(pseudonym: str, content: ModuleContent, progress: ModuleProgress,
                    scrubber: Scrubber) -> list[Row]:
    rows = []
    for reflection_id, saved in sorted(progress.reflections.items()):
        result = scrubber.scrub(saved.text)
        rows.append({"pseudonym": pseudonym, "module": content.module, "reflection": reflection_id,
                     "text": result.text, "words": count_words(result.text), "scrubbed_count": len(result.hits)})
    return rows
