"""The export's four tables: their codebook (every column described) and their rows for one learner.

The codebook lives beside the code that fills the columns, so a column cannot be added without a
description; ``package.py`` turns it into the data package's table schemas and the README.
Rows hold pseudonyms only: the learner id is used to look things up and never leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..completion import check_is_correct, item_statuses
from ..content.schema import ModuleContent, ScenarioBlock
from ..engine.text import count_words
from ..progress.model import ModuleProgress, ScenarioProgress
from .scrub import Scrubber


@dataclass(frozen=True)
class Column:
    """One column of a table: its Table Schema type and its codebook entry."""

    name: str
    type: str  # Table Schema type: "string", "integer" or "boolean"
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


PSEUDONYM = Column("pseudonym", "string", "The learner's pseudonym: the first 16 hex characters of HMAC-SHA256 "
                   "under a secret key that is not part of this data set. The same learner has the same "
                   "pseudonym in every table.")
MODULE = Column("module", "string", "The course module (modul), e.g. 03-formidle-smart; its content file "
                "source/<module>/content.nb.yaml in the course repository defines the ids below.")

LEARNERS = Table("learners", "Learners (deltakere)", "One row per consenting learner kept after k-anonymity.", (
    PSEUDONYM,
    Column("language", "string", "The course language the learner used last: nb (bokmål) or en (English).",
           enum=("nb", "en")),
    Column("modules_done", "integer", "How many of the five modules the learner completed: every scenario "
           "ended, every check answered, every reflection long enough and every exercise finished."),
    Column("week_first_activity", "string", "ISO week (e.g. 2026-W07) of the learner's first activity in the "
           "course. Empty where it was generalised away to keep at least k learners per combination.",
           required=False),
    Column("week_last_activity", "string", "ISO week of the learner's last recorded activity (a choice, an "
           "answer, a reflection or an exercise). Empty where it was generalised away.", required=False),
), ("pseudonym",))

CHOICES = Table("choices", "Scenario choices (valg)", "Every choice the learner made in the branching scenarios, "
                "in the order made, including second tries.", (
    PSEUDONYM, MODULE,
    Column("scenario", "string", "The scenario's id within the module."),
    Column("step", "integer", "The choice's position in the learner's history of this scenario, from 1."),
    Column("situation", "string", "The id of the situation (node) where the choice was made."),
    Column("choice", "string", "The id of the option the learner chose."),
    Column("choice_quality", "string", "The course's own rating of that option: good (god), partly (delvis "
           "god) or weak (svak).", enum=("good", "partly", "weak")),
    Column("first_pass", "boolean", "True for the learner's first walk through the scenario up to its first "
           "ending; false for choices made after going back or starting again."),
), ("pseudonym", "module", "scenario", "step"))

CHECK_ANSWERS = Table("check_answers", "Knowledge-check answers (kunnskapssjekk)", "One row per knowledge "
                      "check the learner answered.", (
    PSEUDONYM, MODULE,
    Column("check", "string", "The knowledge check's id within the module."),
    Column("first_answer", "string", "The option ids of the learner's first answer, sorted, joined by ';'."),
    Column("correct_first", "boolean", "Whether the first answer was exactly the right set of options."),
    Column("attempts", "integer", "How many times the learner answered the check (1 = only once)."),
), ("pseudonym", "module", "check"))

REFLECTIONS = Table("reflections", "Reflections (refleksjoner)", "The learners' free-text reflections, scrubbed "
                    "of personal data.", (
    PSEUDONYM, MODULE,
    Column("reflection", "string", "The id of the reflection prompt (refleksjonsspørsmål) within the module; "
           "the prompt's text is in the module's content file."),
    Column("text", "string", "The reflection as written, with personal data replaced by typed markers such as "
           "‹NAVN› (name), ‹ORGANISASJON›, ‹TELEFON›, ‹EPOST›, ‹FØDSELSNUMMER› (see README).", required=False),
    Column("words", "integer", "Words in the scrubbed text (a marker counts as one word)."),
    Column("scrubbed_count", "integer", "How many pieces of personal data were replaced in this text."),
), ("pseudonym", "module", "reflection"))

TABLES: tuple[Table, ...] = (LEARNERS, CHOICES, CHECK_ANSWERS, REFLECTIONS)

Row = dict[str, Any]


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
