"""Learners who work through a module folder by driving the real widgets, as a browser would.

Each function opens the module page on a folder (the learner's fetched copy of the assignment),
clicks through scenarios, answers checks and writes reflections through the widgets' own methods,
so the progress file is written by the package itself. The few learners who cheat or break their
file edit it afterwards, as a person with a text editor would.

Every function returns the points each gradable item should earn, keyed by the nbgrader grade id
of its test cell (``poeng-<kind>-<id>``). The expectation is worked out from the grading rules
written in the README, independently of :mod:`mangfold.grading`: a scenario counts when an ending
was reached, a check when its FIRST answer was exactly the set of correct options, a reflection
when it has at least the prompt's ``min_words`` words, an exercise when every item was placed and
checked. An untrusted file earns nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mangfold.content.loader import load_module_content
from mangfold.content.schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock
from mangfold.progress.model import checksum_of
from mangfold.progress.store import PROGRESS_FILENAME
from mangfold.ui.page import ModulePage, open_module  # the real page, wherever the folder is (autograded/ too)

Points = dict[str, int]

SCRIPT_TAG = "<script>alert(1)</script>"
IMG_TAG = "<img src=x onerror=alert(1)>"
#: A reflection a learner might paste: markup that must come out as text wherever it is shown.
HOSTILE_REFLECTION = (
    f"{SCRIPT_TAG} I forrige ansettelse snakket vi mest om hvem som ville passe inn i teamet, "
    f"og lite om hva jobben faktisk krevde. {IMG_TAG} Neste gang skriver jeg ned kravene før "
    "jeg leser søknadene, og vurderer alle søkerne mot de samme kravene. Særlig språkkrav må være saklige."
)
LONG_REFLECTION = (
    "Enheten vår betjener innbyggere med svært ulik bakgrunn, men alle i teamet har samme utdanning. "
    "Nye perspektiver kan gjøre oss bedre til å forstå brukerne, og jeg må lede slik at uenighet "
    "blir nyttig og ikke skaper splittelse i gruppen."
)
SHORT_REFLECTION = "Vi så mest på om hun passet inn."

QUALITY_ORDER = {"good": 0, "partly": 1, "weak": 2}


def grade_id(kind: str, item_id: str) -> str:
    """The nbgrader grade id of an item's hidden test cell (see ``mangfold.authoring.notebook``)."""
    return f"poeng-{kind}-{item_id}"


def words(text: str) -> int:
    """A plain word count (runs of letters or digits), kept apart from the package's own counter."""
    return len(re.findall(r"[^\W_]+", text))


def max_points(content: ModuleContent) -> int:
    """One point per scenario, check, reflection and exercise in the module."""
    return len(content.scenarios) + len(content.checks) + len(content.reflections) + len(content.exercises)


def no_points(content: ModuleContent) -> Points:
    points: Points = {}
    for block in content.blocks:
        if isinstance(block, ScenarioBlock):
            points[grade_id("scenario", block.id)] = 0
        elif isinstance(block, CheckBlock):
            points[grade_id("check", block.id)] = 0
        elif isinstance(block, ReflectionBlock):
            points[grade_id("reflection", block.id)] = 0
        elif isinstance(block, ClassifyBlock):
            points[grade_id("exercise", block.id)] = 0
    return points


def best_path(scenario: ScenarioBlock, node: str | None = None, seen: frozenset[str] = frozenset()) -> list[str]:
    """Choice ids from ``node`` to an ending, preferring the best-rated choice at every step."""
    node = node or scenario.start
    if node in scenario.endings:
        return []
    for choice in sorted(scenario.situations[node].choices, key=lambda c: QUALITY_ORDER[c.quality]):
        if choice.next in seen:
            continue
        try:
            return [choice.id, *best_path(scenario, choice.next, seen | {node})]
        except LookupError:
            continue
    raise LookupError(f"no ending reachable from {node!r} in scenario {scenario.id!r}")


def correct_answer(check: CheckBlock) -> list[str]:
    return [o.id for o in check.options if o.correct]


def wrong_answer(check: CheckBlock) -> list[str]:
    return [next(o.id for o in check.options if not o.correct)]


def _page(folder: Path) -> ModulePage:
    return open_module(_module_id(folder), folder, "nb")


def _module_id(folder: Path) -> str:
    return Path(folder).name


def _content(folder: Path) -> ModuleContent:
    """The module's content, read without opening a page (opening one starts a progress file)."""
    return load_module_content(Path(folder), "nb")


def _answer(page: ModulePage, check: CheckBlock, *answers: list[str]) -> int:
    """Submit each answer in turn through the widget; the points the first answer earns."""
    widget = page.show(check.id)
    for answer in answers:
        widget.select(answer)
        widget.submit()
    return int(sorted(answers[0]) == sorted(correct_answer(check)))


def _write(page: ModulePage, reflection: ReflectionBlock, text: str) -> int:
    box = page.show(reflection.id)
    # type it in two goes, as autosave sees a learner typing
    box.write(text[: len(text) // 2])
    box.write(text)
    return int(words(text) >= reflection.min_words)


def complete(folder: Path, reflection_text: str = HOSTILE_REFLECTION, first_wrong: tuple[str, ...] = ()) -> Points:
    """Everything done: every scenario to an ending (after a wrong turn and a restart on the way),
    every check answered right at once (except those in ``first_wrong``), every reflection long enough."""
    page = _page(folder)
    points: Points = {}
    for number, scenario in enumerate(page.content.scenarios):
        player = page.show(scenario.id)
        path = best_path(scenario)
        if number % 2 == 0:
            # a weaker choice first, then "try another", then the best way to an ending
            start_choices = scenario.situations[scenario.start].choices
            worst = max(start_choices, key=lambda c: QUALITY_ORDER[c.quality])
            player.choose(worst.id)
            player.try_other()
            for choice in path:
                player.choose(choice)
            if number == len(page.content.scenarios) - 1:  # a module with one scenario restarts it too
                player.restart()
                for choice in path:
                    player.choose(choice)
        else:
            # all the way to an ending, restart, and all the way again
            for choice in path:
                player.choose(choice)
            player.restart()
            for choice in path:
                player.choose(choice)
        assert player.completed, f"{scenario.id} should have reached an ending"
        points[grade_id("scenario", scenario.id)] = 1
    for check in page.content.checks:
        if check.id in first_wrong:
            got = _answer(page, check, wrong_answer(check), correct_answer(check))
        else:
            got = _answer(page, check, correct_answer(check))
        points[grade_id("check", check.id)] = got
    for reflection in page.content.reflections:
        points[grade_id("reflection", reflection.id)] = _write(page, reflection, reflection_text)
    for exercise in page.content.exercises:
        widget = page.show(exercise.id)
        for item in exercise.items:  # a first try with every item in the first category, then as suggested
            widget.place(item.id, exercise.categories[0].id)
        widget.check()
        for item in exercise.items:
            widget.place(item.id, item.expected)
        points[grade_id("exercise", exercise.id)] = 1
    assert not page.store.notices, page.store.notices
    return points


def partial(folder: Path) -> Points:
    """Every scenario but the last to an ending, the last only started; the first check wrong at first and
    then right, the others right; the first reflection too short, the others long enough; exercises
    with one item left unplaced, so they cannot be checked."""
    page = _page(folder)
    points: Points = {}
    for number, scenario in enumerate(page.content.scenarios):
        player = page.show(scenario.id)
        if number < len(page.content.scenarios) - 1:
            for choice in best_path(scenario):
                player.choose(choice)
            points[grade_id("scenario", scenario.id)] = 1
        else:
            # one step into the scenario, stopping at a situation (not an ending)
            onward = [c for c in scenario.situations[scenario.start].choices if c.next in scenario.situations]
            if onward:
                player.choose(onward[0].id)
            assert not player.completed
            points[grade_id("scenario", scenario.id)] = 0
    for number, check in enumerate(page.content.checks):
        answers = [wrong_answer(check), correct_answer(check)] if number == 0 else [correct_answer(check)]
        points[grade_id("check", check.id)] = _answer(page, check, *answers)
    for number, reflection in enumerate(page.content.reflections):
        text = SHORT_REFLECTION if number == 0 else LONG_REFLECTION
        points[grade_id("reflection", reflection.id)] = _write(page, reflection, text)
    for exercise in page.content.exercises:  # every item placed but one, never checked
        widget = page.show(exercise.id)
        for item in exercise.items[1:]:
            widget.place(item.id, item.expected)
        widget.check()  # refused: an item is missing
        points[grade_id("exercise", exercise.id)] = 0
    assert not page.store.notices, page.store.notices
    return points


def _load(folder: Path) -> dict:
    return json.loads((Path(folder) / PROGRESS_FILENAME).read_text(encoding="utf-8"))


def _dump(folder: Path, document: dict) -> None:
    (Path(folder) / PROGRESS_FILENAME).write_text(json.dumps(document, ensure_ascii=False, indent=1),
                                                  encoding="utf-8")


def tampered(folder: Path) -> Points:
    """A learner whose first answer to a check was wrong edits the file to make it right.

    The checksum no longer matches, so the whole module scores nothing.
    """
    content = _content(folder)
    cheated = content.checks[0]
    complete(folder, LONG_REFLECTION, first_wrong=(cheated.id,))
    document = _load(folder)
    document["checks"][cheated.id]["first_answer"] = sorted(correct_answer(cheated))
    _dump(folder, document)
    return no_points(content)


def corrupt(folder: Path) -> Points:
    """Complete work whose file was cut off half way (a broken copy or upload): not JSON any more."""
    content = _content(folder)
    complete(folder, LONG_REFLECTION)
    path = Path(folder) / PROGRESS_FILENAME
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return no_points(content)


def forged(folder: Path) -> Points:
    """Complete work with a recorded choice the content does not offer, and a recomputed checksum.

    The checksum holds, but the grader replays the path through the scenario and finds the forgery.
    """
    content = _content(folder)
    complete(folder, LONG_REFLECTION)
    document = _load(folder)
    scenario_id = content.scenarios[0].id
    document["scenarios"][scenario_id]["path"][0]["choice"] = "finnes-ikke"
    document["checksum"] = checksum_of(document)
    _dump(folder, document)
    return no_points(content)


def no_progress(folder: Path) -> Points:
    """Hands the notebook in without ever opening it: no progress file at all."""
    assert not (Path(folder) / PROGRESS_FILENAME).exists()
    return no_points(_content(folder))
