"""A demo cohort prepared for the research export's tests: consents, planted identifiers, a lonely week.

Built once per test module (``make_demo_cohort`` takes seconds) and described by a ``Prepared``
record, so each test can say exactly whom it expects to see and whom not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from mangfold.cohort.commands import open_gradebook
from mangfold.cohort.config import load_cohort_config
from mangfold.cohort.demo import make_demo_cohort
from mangfold.course import MODULE_IDS
from mangfold.progress.model import ModuleProgress, PostRecord, PostRequirementRecord
from mangfold.progress.store import PROGRESS_FILENAME, ProgressFileError, ProgressStore, read_progress
from mangfold.progress.trust import SUMMARY_MODULE
from mangfold.research.checksum import control_digits
from mangfold.research.pseudonym import write_new_key

ORGANISATION = "Statens vegvesen"
#: a word in every field of the consenting learners' own posts (the summary page): it must reach no export file
POST_MARKER = "Kvantesnekkerlærling"
LONELY_SHIFT = timedelta(weeks=30)
_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d)?$")


def valid_fodselsnummer() -> str:
    """An 11-digit number with correct control digits (born 1 Jan 1990), as a real one would be."""
    for individual in range(100, 500):
        base = f"010190{individual}"
        control = control_digits(base)
        if control is not None:
            return base + control
    raise AssertionError("no valid fødselsnummer found")


@dataclass
class Student:
    id: str
    first_name: str
    last_name: str
    email: str | None


@dataclass
class Prepared:
    """The cohort and what was done to it; every list holds learner ids."""

    course: Path
    key: Path
    other_key: Path
    organisations: Path
    students: list[Student]
    consenting: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # said no, never answered, changed to no, or forged a yes
    planted: dict[str, list[str]] = field(default_factory=dict)  # learner -> identifiers written in a reflection
    lonely: list[str] = field(default_factory=list)  # alone in their weeks: coarsened
    alone: str | None = None  # alone in their weeks and their language: coarsening is not enough

    @property
    def planted_identifiers(self) -> list[str]:
        return sorted({value for values in self.planted.values() for value in values})


def trusted_modules(folder: Path) -> list[str]:
    modules = []
    for module in MODULE_IDS:
        try:
            if read_progress(folder / module, module) is not None:
                modules.append(module)
        except ProgressFileError:
            continue
    return modules


def _shift_stamps(value, shift: timedelta):
    """Every ISO timestamp in a progress document moved by ``shift`` (a learner active in another week)."""
    if isinstance(value, dict):
        return {key: _shift_stamps(item, shift) for key, item in value.items()}
    if isinstance(value, list):
        return [_shift_stamps(item, shift) for item in value]
    if isinstance(value, str) and _STAMP.match(value):
        return (datetime.fromisoformat(value) + shift).isoformat(timespec="microseconds")
    return value


def shift_learner(folder: Path, shift: timedelta, language: str | None = None) -> None:
    """Move all of a learner's activity by ``shift`` (and switch their language), re-sealing each file."""
    for module in trusted_modules(folder):
        path = folder / module / PROGRESS_FILENAME
        document = _shift_stamps(json.loads(path.read_text(encoding="utf-8")), shift)
        document["language"] = language or document["language"]
        path.write_text(json.dumps(ModuleProgress.model_validate(document).sealed()), encoding="utf-8")


def forge_consent(folder: Path, module: str) -> None:
    """What a learner with a text editor might do: write a yes into the file without the course (checksum fails)."""
    path = folder / module / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    document["consent"] = {"research": True, "updated": "2099-01-01T00:00:00.000000+00:00"}
    path.write_text(json.dumps(document), encoding="utf-8")


def plant(folder: Path, module: str, identifiers: list[str]) -> None:
    """Write the identifiers into the first reflection of ``module`` through the store (which seals the file)."""
    store = ProgressStore(folder / module, module)
    reflection = sorted(store.data.reflections)[0]
    text = (f"Jeg snakket med {identifiers[0]} om annonsen. Ring meg på {identifiers[1]} eller {identifiers[2]}. "
            f"Fødselsnummeret mitt er {identifiers[3]}, e-post {identifiers[4]}. Vi i {identifiers[5]} "
            "har lært mye om strukturerte intervjuer.")
    assert store.save_reflection(reflection, text)


def prepare(root: Path, learners: int = 30, seed: int = 5) -> Prepared:
    """A cohort where most learners consent; some refuse in each way there is; three plant identifiers.

    With the default seed nobody else consenting uses English, so the three planters (whose last week
    is today's) and the two lonely learners make one coarsened class of five, and ``alone`` (English,
    lonely) is in a class of one even after coarsening.
    """
    course = root / "kurs"
    make_demo_cohort(course, learners=learners, seed=seed, consent=False)  # every answer is set below
    keys = root / "keys"
    keys.mkdir()
    organisations = root / "organisations.txt"
    organisations.write_text(f"{ORGANISATION}\nOslo kommune\n\n", encoding="utf-8")
    with open_gradebook(load_cohort_config(course)) as gradebook:
        students = [Student(s.id, s.first_name, s.last_name, s.email) for s in gradebook.students]
    prepared = Prepared(course, write_new_key(keys / "a.key"), write_new_key(keys / "b.key"), organisations,
                        students)
    autograded = course / "autograded"
    with_files = [p.name for p in sorted(autograded.iterdir()) if trusted_modules(p)]
    assert len(with_files) >= 20, "the demo cohort should have enough learners with trusted files"
    fnr = valid_fodselsnummer()
    for number, learner in enumerate(with_files):
        folder = autograded / learner
        modules = trusted_modules(folder)
        if number < 2:
            ProgressStore(folder / modules[0], modules[0]).set_consent(False)
            prepared.refused.append(learner)
        elif number < 4:
            prepared.refused.append(learner)  # never answered
        elif number == 4 and len(modules) >= 2:
            ProgressStore(folder / modules[0], modules[0]).set_consent(True)
            ProgressStore(folder / modules[1], modules[1]).set_consent(False)  # the newer answer counts
            prepared.refused.append(learner)
        elif number == 5:
            forge_consent(folder, modules[0])
            prepared.refused.append(learner)
        else:
            ProgressStore(folder / modules[0], modules[0]).set_consent(True)
            prepared.consenting.append(learner)
    for learner in prepared.consenting[:3]:
        other = next(s for s in students if s.id != learner)
        identifiers = [f"{other.first_name} {other.last_name}", "412 34 567", "+47 99887766", fnr,
                       f"{learner}@example.org", ORGANISATION]
        folder = autograded / learner
        plant(folder, next(m for m in trusted_modules(folder)
                           if read_progress(folder / m, m).reflections), identifiers)  # type: ignore[union-attr]
        prepared.planted[learner] = identifiers
    for learner in prepared.consenting[-2:]:
        shift_learner(autograded / learner, LONELY_SHIFT)
        prepared.lonely.append(learner)
    prepared.alone = prepared.consenting[-3]
    shift_learner(autograded / prepared.alone, LONELY_SHIFT, language="en")
    for learner in prepared.consenting:
        write_post(autograded / learner)
    return prepared


def write_post(folder: Path) -> None:
    """The learner's own post on the summary page, :data:`POST_MARKER` in every field (personal data, not exported)."""
    summary = folder / SUMMARY_MODULE
    summary.mkdir(exist_ok=True)
    text = f"{POST_MARKER} i seksjonen"
    assert ProgressStore(summary, SUMMARY_MODULE).save_post(PostRecord(
        title=text, unit=text, tasks=[text], lacks=text,
        requirements=[PostRequirementRecord(text=text, kind="experience", must=True)], updated=""))
