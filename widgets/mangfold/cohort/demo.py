"""A synthetic cohort in a real course directory, to try the dashboard before a session and to test it.

The folder is made exactly as a cohort's would be (``init_course``: config, sources, dashboard notebook,
gradebook), then filled the way nbgrader fills it after ``autograde``: a checksummed progress file per
learner and module in ``autograded/``, and in the gradebook a submission with one grade per test cell.
The learners walk the scenarios through the same state machine as the widgets, answer checks with a
per-check difficulty, and write reflections composed from the bokmål sentences in ``demo_texts.yaml``.
A few stop early, a few hand in nothing, and one file in a larger cohort is edited by hand (untrusted).
Most answer the course home's research question, yes or no, and a few change their answer later on, so
``mangfold research export`` can be tried on the demo as on a real cohort.
Each grade is what the course's own grader gives for that file (:func:`mangfold.grading.grade_folder`,
and the summary test cells' own functions), so the gradebook and the files agree.

Only the files the dashboard reads are written: an autograded folder holds the progress file (and the
summary's course snapshot), not the notebook nor a copy of the content.
"""

from __future__ import annotations

import contextlib
import io
import random
import shutil
import tempfile
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import nbformat
from pydantic import Field, ValidationError

from .. import atomic
from ..authoring.release import ensure_tools_on_path
from ..content.errors import ContentError
from ..content.loader import load_module_content, validation_problems
from ..content.schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock, Strict
from ..content.yamlfile import read_yaml
from ..course import MODULE_IDS
from ..engine.scenario import ScenarioRun
from ..grading import GradingError, grade_folder
from ..progress.model import (
    CheckProgress,
    ConsentRecord,
    ExerciseProgress,
    ModuleProgress,
    ReflectionProgress,
    ScenarioProgress,
    Step,
)
from ..progress.store import PROGRESS_FILENAME, atomic_write_json
from ..progress.trust import ACTION_IDS, SNAPSHOT_FILENAME, SUMMARY_MODULE, snapshot_document
from ..summary.snapshot import require_action_plan
from .config import CohortConfig, CohortError

#: how a learner's choice is drawn from what a situation offers (most people try to do well)
QUALITY_WEIGHT = {"good": 5.0, "partly": 3.0, "weak": 2.0}
#: the research question's answers (the course home asks it once; no answer counts as no): most learners say
#: yes, some say no, some never answer; of those who answered, a few change their mind in a later module
CONSENT_WEIGHT = {True: 0.6, False: 0.15, None: 0.25}
CONSENT_CHANGED = 0.1
START = datetime(2025, 3, 3, 8, 30, tzinfo=UTC)

DEMO_TEXTS_FILE = Path(__file__).with_name("demo_texts.yaml")

Sentences = Annotated[tuple[str, ...], Field(min_length=1)]


class DemoTexts(Strict):
    """``demo_texts.yaml``: the bokmål sentences the synthetic learners write, in the order the seed picks."""

    openers: Sentences
    middles: Annotated[tuple[str, ...], Field(min_length=2)]  # a reflection takes one or two
    closers: Sentences
    short_texts: Sentences
    actions: Annotated[tuple[str, ...], Field(min_length=len(ACTION_IDS))]  # a plan may fill every point


@cache
def demo_texts() -> DemoTexts:
    """The texts, read and checked on first use."""
    doc = read_yaml(DEMO_TEXTS_FILE)
    try:
        return DemoTexts.model_validate(doc.data)
    except ValidationError as error:
        raise ContentError(validation_problems(error, doc)) from None


class _Clock:
    """Steadily rising timestamps for one learner, so merges and the dashboard's order make sense."""

    def __init__(self, start: datetime, rng: random.Random):
        self.now, self.rng = start, rng

    def tick(self, low: int = 20, high: int = 240) -> str:
        self.now += timedelta(seconds=self.rng.randint(low, high))
        return self.now.isoformat(timespec="microseconds")


@dataclass
class _Learner:
    id: str
    first_name: str
    last_name: str
    modules: int  # how many modules were handed in (0 = nothing), in course order
    partial_last: bool  # the last module handed in was left half done
    skill: float  # chance of taking the good choice and of knowing a check's answer
    summary: bool  # handed in the summary assignment
    tamper: str | None = None  # a module whose file this learner edited by hand


def _ascii(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text if ch.isalnum())


def _roster(count: int, rng: random.Random, seed: int) -> list[_Learner]:
    """Learners with Norwegian names (Faker's Norwegian locale) and a profile each; ids are unique."""
    from ..extras import require

    # Faker's Norwegian (bokmål) locale; it has no nb_NO
    fake = require("faker", "trainer", "mangfold cohort demo").Faker("no_NO")
    fake.seed_instance(seed)
    learners = []
    for number in range(1, count + 1):
        first, last = fake.first_name(), fake.last_name()
        roll = rng.random()
        if roll < 0.06:
            modules, partial_last = 0, False  # registered, handed in nothing
        elif roll < 0.16:
            modules, partial_last = rng.randint(1, 3), True  # stopped early
        else:
            modules, partial_last = len(MODULE_IDS), rng.random() < 0.1
        learners.append(_Learner(f"{_ascii(first)}.{_ascii(last)[:1] or 'x'}{number:04d}", first, last, modules,
                                 partial_last, rng.uniform(0.45, 0.95),
                                 modules == len(MODULE_IDS) and rng.random() < 0.85))
    if count >= 10:  # one hand-edited file, so the dashboard's list of untrusted files has something in it
        cheat = next((x for x in learners[3:] if x.modules >= 3), None)
        if cheat is not None:
            cheat.tamper = MODULE_IDS[min(2, cheat.modules - 1)]
    return learners


# -- one module's progress ------------------------------------------------------------------------------
def _walk(scenario: ScenarioBlock, rng: random.Random, skill: float, clock: _Clock,
          finish: bool) -> ScenarioProgress:
    """A walk through the scenario as the player widget records it: path, history, endings, maybe a retry."""
    run = ScenarioRun(scenario)
    history: list[Step] = []
    path: list[Step] = []
    endings: list[str] = []

    def step() -> None:
        choices = run.situation.choices  # type: ignore[union-attr]
        weights = [QUALITY_WEIGHT[c.quality] * (1 + 2 * skill if c.quality == "good" else 1) for c in choices]
        choice = rng.choices(choices, weights=weights)[0]
        record = Step(node=run.node, choice=choice.id, at=clock.tick())
        run.choose(choice.id)
        history.append(record)
        path.append(record)

    while run.situation is not None:
        if not finish and history:
            break  # stopped in the middle of the scenario
        step()
    if run.ending_id:
        endings.append(run.ending_id)
        if rng.random() < 0.35:  # "try another choice" on the last decision, or start again
            if rng.random() < 0.5 and len(path) > 0:
                run.back()
                path.pop()
            else:
                run.restart()
                path.clear()
            while run.situation is not None:
                step()
            if run.ending_id not in endings:
                endings.append(run.ending_id)  # type: ignore[arg-type]
    return ScenarioProgress(path=path, first_choice=history[0].choice if history else None, ending=run.ending_id,
                            endings_reached=endings, history=history, updated=clock.tick(1, 5))


def _answer(check: CheckBlock, rng: random.Random, knows: bool) -> list[str]:
    correct = sorted(o.id for o in check.options if o.correct)
    if knows:
        return correct
    ids = [o.id for o in check.options]
    while True:
        guess = sorted(rng.sample(ids, rng.randint(1, min(3, len(ids))))) if check.multiple else [rng.choice(ids)]
        if guess != correct:
            return guess


def _reflection(rng: random.Random, short: bool) -> str:
    texts = demo_texts()
    if short:
        return rng.choice(texts.short_texts)
    parts = [rng.choice(texts.openers), *rng.sample(texts.middles, rng.randint(1, 2)), rng.choice(texts.closers)]
    return " ".join(parts)


def _exercise(block: ClassifyBlock, rng: random.Random, skill: float, finish: bool) -> dict[str, Any]:
    categories = [c.id for c in block.categories]
    items = block.items if finish else block.items[: max(1, len(block.items) // 2)]
    placements = {i.id: (i.expected if rng.random() < skill + 0.1 else rng.choice(categories)) for i in items}
    order = [i.id for i in items if block.rank and placements[i.id] == block.rank]
    rng.shuffle(order)
    return {"placements": placements, "order": order, "checked": finish, "first_check": dict(placements) if finish
            else None}


def _module_progress(content: ModuleContent, learner: _Learner, rng: random.Random, clock: _Clock,
                     difficulty: dict[str, float], finish: bool) -> ModuleProgress:
    created = clock.tick()
    scenarios: dict[str, ScenarioProgress] = {}
    checks: dict[str, CheckProgress] = {}
    reflections: dict[str, ReflectionProgress] = {}
    exercises: dict[str, ExerciseProgress] = {}
    for number, block in enumerate(content.blocks):
        if not finish and number > len(content.blocks) // 2:
            break  # stopped half way through the page
        if isinstance(block, ScenarioBlock):
            scenarios[block.id] = _walk(block, rng, learner.skill, clock, finish or number == 0)
        elif isinstance(block, CheckBlock):
            first = _answer(block, rng, rng.random() < learner.skill * difficulty[block.id])
            correct = sorted(o.id for o in block.options if o.correct)
            retry = first != correct and rng.random() < 0.7
            checks[block.id] = CheckProgress(first_answer=first, answer=correct if retry else first,
                                             attempts=2 if retry else 1, updated=clock.tick())
        elif isinstance(block, ReflectionBlock):
            text = _reflection(rng, short=rng.random() < 0.08)
            reflections[block.id] = ReflectionProgress(text=text, updated=clock.tick(60, 400))
        elif isinstance(block, ClassifyBlock):
            exercises[block.id] = ExerciseProgress(state=_exercise(block, rng, learner.skill, finish),
                                                   updated=clock.tick())
    return ModuleProgress(module=content.module, language="en" if rng.random() < 0.08 else "nb", created=created,
                          updated=clock.tick(1, 5), scenarios=scenarios, checks=checks, reflections=reflections,
                          exercises=exercises)


def _consent_plan(rng: random.Random, modules: int) -> list[bool | None]:
    """The answer to the research question each of a learner's ``modules`` files carries, in course order.

    The first answer goes into every file from the first on, as the course home writes it; a changed
    answer goes into the files from a later module on, with a later stamp, so the newest answer is the
    one that counts (``research_consent``), as when a learner changes it on the course home mid-course.
    """
    answer = rng.choices(list(CONSENT_WEIGHT), weights=list(CONSENT_WEIGHT.values()))[0]
    plan: list[bool | None] = [answer] * modules
    if answer is not None and modules > 1 and rng.random() < CONSENT_CHANGED:
        change = rng.randint(1, modules - 1)
        plan[change:] = [not answer] * (modules - change)
    return plan


def _with_consent(progress: ModuleProgress, answer: bool | None, previous: ConsentRecord | None) -> ModuleProgress:
    """``progress`` carrying ``answer``: the earlier record when the answer is the same, else one stamped now."""
    if answer is None:
        return progress
    record = previous if previous is not None and previous.research == answer else ConsentRecord(
        research=answer, updated=progress.created)
    return progress.model_copy(update={"consent": record})


def _edit_by_hand(document: dict[str, Any]) -> None:
    """What a learner with a text editor does: a wrong first answer made right (the checksum then fails).

    The one write outside the progress API, on purpose: it is the learner's edit, not the course's.
    """
    wrong = [c for c in document["checks"].values() if c["first_answer"] != c["answer"]]
    if wrong:
        wrong[0]["first_answer"] = wrong[0]["answer"]
    else:
        document["created"] = START.isoformat(timespec="microseconds")  # any edit breaks the checksum


# -- the gradebook ----------------------------------------------------------------------------------------
def _grade_cells(notebook: Path) -> list[tuple[str, float]]:
    """(grade id, points) of the notebook's graded test cells, as ``generate_assignment`` records them."""
    cells = nbformat.read(notebook, as_version=4).cells
    return [(c.metadata["nbgrader"]["grade_id"], float(c.metadata["nbgrader"].get("points", 0))) for c in cells
            if c.metadata.get("nbgrader", {}).get("grade")]


def _register_assignments(config: CohortConfig, modules: list[str]) -> dict[tuple[str, str], str]:
    """Assignments, notebooks and grade cells in the gradebook; (module, grade id) -> cell id."""
    from nbgrader.api import Gradebook

    cell_ids = {}
    with Gradebook(config.db_url, config.course_id) as gradebook:
        for module in modules:
            gradebook.update_or_create_assignment(module)
            gradebook.update_or_create_notebook(module, module)
            for name, points in _grade_cells(config.course_dir / "source" / module / f"{module}.ipynb"):
                cell = gradebook.update_or_create_grade_cell(name, module, module, max_score=points,
                                                             cell_type="code")
                cell_ids[module, name] = cell.id
        notebooks = {module: gradebook.find_notebook(module, module).id for module in modules}
        assignments = {module: gradebook.find_assignment(module).id for module in modules}
    return {**cell_ids, **{(m, "#notebook"): n for m, n in notebooks.items()},
            **{(m, "#assignment"): a for m, a in assignments.items()}}


def _insert(config: CohortConfig, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Rows into nbgrader's own tables in one transaction (the ORM would take minutes for a large cohort)."""
    import sqlalchemy
    from nbgrader.api import Base

    engine = sqlalchemy.create_engine(config.db_url)
    try:
        with engine.begin() as connection:
            for name in ("student", "submitted_assignment", "submitted_notebook", "grade"):
                if tables[name]:
                    connection.execute(Base.metadata.tables[name].insert(), tables[name])
    finally:
        engine.dispose()


def _uid() -> str:
    return uuid.uuid4().hex


# -- the whole cohort -----------------------------------------------------------------------------------------
def make_demo_cohort(course_dir: Path | str, learners: int = 30, seed: int = 1,
                     source: Path | str | None = None, consent: bool = True) -> CohortConfig:
    """Make ``course_dir`` (new or empty) a course directory with ``learners`` synthetic learners.

    The same ``seed`` gives the same learners, choices and texts (the gradebook's row ids differ).
    ``consent`` False leaves the research question unanswered by everyone (for tests that set each
    answer themselves). The answers are drawn from a generator of their own, so they change nothing
    else the seed gives.
    """
    from ..extras import require
    from .commands import init_course

    require("faker", "trainer", "mangfold cohort demo")  # before anything is written
    course_dir = Path(course_dir).resolve()
    if learners < 0:
        raise CohortError(f"--learners: {learners} is not a number of learners")
    if course_dir.exists() and any(course_dir.iterdir()):
        raise CohortError(f"{course_dir}: not empty; make the demo cohort in a new folder")
    ensure_tools_on_path()  # a new gradebook asks the `alembic` command for its version
    config = init_course(course_dir, source=source)
    modules = [m for m in MODULE_IDS if (course_dir / "source" / m).is_dir()]
    assignments = [*modules, SUMMARY_MODULE]
    ids = _register_assignments(config, assignments)
    rng = random.Random(seed)
    consent_rng = random.Random(f"consent-{seed}")
    roster = _roster(learners, rng, seed)
    contents = {m: load_module_content(course_dir / "source" / m, "nb") for m in modules}
    difficulty = {check.id: rng.uniform(0.5, 1.15) for c in contents.values() for check in c.checks}
    tables: dict[str, list[dict[str, Any]]] = {"student": [], "submitted_assignment": [], "submitted_notebook": [],
                                               "grade": []}
    with tempfile.TemporaryDirectory(prefix="mangfold-demo-") as scratch_name:
        scratch = Path(scratch_name)
        for module in modules:  # the grader reads the content beside the file: parsed once, from here
            (scratch / module).mkdir()
            shutil.copy2(course_dir / "source" / module / "content.nb.yaml", scratch / module / "content.nb.yaml")
        (scratch / SUMMARY_MODULE).mkdir()
        for number, learner in enumerate(roster):
            tables["student"].append({"id": learner.id, "first_name": learner.first_name,
                                      "last_name": learner.last_name, "email": f"{learner.id}@example.org"})
            clock = _Clock(START + timedelta(hours=number % 72, minutes=rng.randint(0, 59)), rng)
            handed_in = modules[: learner.modules]
            answers = _consent_plan(consent_rng, len(handed_in)) if consent else [None] * len(handed_in)
            sealed: dict[str, dict[str, Any]] = {}
            complete: dict[str, bool] = {}
            answered: ConsentRecord | None = None
            for index, module in enumerate(handed_in):
                finish = not (learner.partial_last and index == len(handed_in) - 1)
                progress = _module_progress(contents[module], learner, rng, clock, difficulty, finish)
                progress = _with_consent(progress, answers[index], answered)
                answered = progress.consent
                document = progress.sealed()
                if learner.tamper == module:
                    _edit_by_hand(document)
                atomic_write_json(scratch / module / PROGRESS_FILENAME, document)
                result = grade_folder(scratch / module, module)
                points = {f"poeng-{s.kind}-{s.id}": float(result.correct_checks.get(s.id, False) if s.kind == "check"
                                                          else s.done) * result.trusted for s in result.statuses}
                target = course_dir / "autograded" / learner.id / module
                target.mkdir(parents=True)
                atomic.copy(scratch / module / PROGRESS_FILENAME, target / PROGRESS_FILENAME)  # as collect copies
                _submission(tables, ids, learner.id, module, points, clock.now)
                if result.trusted:
                    sealed[module] = document
                    complete[module] = all(s.done for s in result.statuses)
            if learner.summary:
                points = _summary(course_dir / "autograded" / learner.id, scratch / SUMMARY_MODULE, sealed, complete,
                                  rng, clock)
                _submission(tables, ids, learner.id, SUMMARY_MODULE, points, clock.now)
    _insert(config, tables)
    return config


def _summary(learner_root: Path, scratch: Path, sealed: dict[str, dict[str, Any]], complete: dict[str, bool],
             rng: random.Random, clock: _Clock) -> dict[str, float]:
    """The summary assignment: an action plan, the course snapshot, and the points its test cells give.

    The snapshot holds the sealed documents of the learner's trusted module files, as the summary page's
    ``write_snapshot`` takes them; a module's cell scores when the grader found that module complete.
    """
    texts = rng.sample(demo_texts().actions, rng.randint(1, len(ACTION_IDS))) if rng.random() < 0.9 else []
    plan = ModuleProgress(module=SUMMARY_MODULE, created=clock.tick(), updated=clock.tick(),
                          reflections={i: ReflectionProgress(text=t, updated=clock.tick())
                                       for i, t in zip(ACTION_IDS, texts, strict=False)})
    snapshot = snapshot_document(sealed, clock.tick())
    atomic_write_json(scratch / PROGRESS_FILENAME, plan.sealed())
    points = {f"poeng-modul-{module}": float(complete.get(module, False)) for module in MODULE_IDS}
    with contextlib.redirect_stdout(io.StringIO()):  # the test cell prints "OK" for formgrader
        points["poeng-handlingsplan"] = _passes(lambda: require_action_plan(scratch))
    target = learner_root / SUMMARY_MODULE
    target.mkdir(parents=True)
    atomic.copy(scratch / PROGRESS_FILENAME, target / PROGRESS_FILENAME)
    atomic_write_json(target / SNAPSHOT_FILENAME, snapshot)
    return points


def _passes(test: Callable[[], None]) -> float:
    try:
        test()
    except GradingError:
        return 0.0
    return 1.0


def _submission(tables: dict[str, list[dict[str, Any]]], ids: dict[tuple[str, str], str], learner: str,
                module: str, points: dict[str, float], when: datetime) -> None:
    """One autograded submission: the assignment, its notebook, and a grade for every test cell."""
    submitted, notebook = _uid(), _uid()
    tables["submitted_assignment"].append({"id": submitted, "assignment_id": ids[module, "#assignment"],
                                           "student_id": learner, "timestamp": when.replace(tzinfo=None)})
    tables["submitted_notebook"].append({"id": notebook, "assignment_id": submitted,
                                         "notebook_id": ids[module, "#notebook"], "flagged": False})
    for name, score in points.items():
        tables["grade"].append({"id": _uid(), "notebook_id": notebook, "cell_id": ids[module, name],
                                "auto_score": score, "manual_score": None, "extra_credit": None,
                                "needs_manual_grade": False})
