"""The debrief's counting (cohort/debrief.py): plain data the page can render without pandas, with the
same counts as the frames it is worked out from. The page's own tests (tests/ui/test_dashboard.py) hold
the charts to the learners' files; these hold the counting to the frames, without any markup."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from mangfold.cohort.data import NOT_SUBMITTED, UNTRUSTED, CohortData, load_cohort
from mangfold.cohort.debrief import Debrief, debrief
from mangfold.cohort.demo import make_demo_cohort

#: the demo cohort builds an nbgrader gradebook (alembic and all), which takes tens of seconds
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")]
PLAIN = (str, int, float, bool, type(None))


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> CohortData:
    course = tmp_path_factory.mktemp("debrief") / "kurs"
    make_demo_cohort(course, learners=12, seed=3)
    return load_cohort(course, "nb")


@pytest.fixture(scope="module")
def result(cohort: CohortData) -> Debrief:
    return debrief(cohort)


def not_plain(value: object, where: str) -> Iterator[str]:
    """Where ``value`` holds anything but Python's own scalars, containers and dataclasses (a pandas row,
    frame or number would tie the page to pandas again)."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from not_plain(getattr(value, field.name), f"{where}.{field.name}")
    elif type(value) is dict:
        for key, item in value.items():
            yield from not_plain(key, f"{where} key {key!r}")
            yield from not_plain(item, f"{where}[{key!r}]")
    elif type(value) in (list, tuple):  # not a pandas row (a namedtuple)
        for index, item in enumerate(value):
            yield from not_plain(item, f"{where}[{index}]")
    elif type(value) not in PLAIN:
        yield f"{where}: {type(value).__module__}.{type(value).__name__}"


def test_the_debrief_is_plain_data(result: Debrief) -> None:
    assert list(not_plain(result, "debrief")) == []


def test_choices_are_counted_as_in_the_frame(cohort: CohortData, result: Debrief) -> None:
    choices = cohort.choices
    assert result.scenarios, "the demo cohort has scenarios"
    for module, tallies in result.scenarios.items():
        for tally in tallies:
            rows = choices[(choices["module"] == module) & (choices["scenario"] == tally.id)]
            firsts = rows[rows["first"].astype(bool)]
            assert tally.first_made == len(firsts) == sum(c.count for c in tally.first), tally.id
            for situation in tally.situations:
                made = rows[rows["situation"] == situation.node]
                assert situation.made == len(made) == sum(c.count for c in situation.choices), situation.node
            assert [s.number for s in tally.situations] == list(range(1, len(tally.situations) + 1))


def test_checks_are_counted_as_in_the_frame(cohort: CohortData, result: Debrief) -> None:
    checks = cohort.checks
    for module, tallies in result.checks.items():
        for tally in tallies:
            rows = checks[(checks["module"] == module) & (checks["check"] == tally.id)]
            assert tally.answered == len(rows)
            assert tally.right_first == int(rows["first_correct"].sum())
            assert sum(o.count for o in tally.options) == sum(len(a) for a in rows["first_answer"])


def test_answers_keep_every_text_in_the_learners_fixed_order(cohort: CohortData, result: Debrief) -> None:
    numbers = {learner.id: learner.number for learner in result.learners}
    shown = [(p.module, a.learner, a.text) for prompts in result.prompts.values() for p in prompts for a in p.answers]
    written = [(r.module, r.learner, r.text) for r in cohort.reflections.itertuples()]
    assert sorted(shown) == sorted(written)
    for prompts in result.prompts.values():
        for prompt in prompts:
            order = [numbers[a.learner] for a in prompt.answers]
            assert order == sorted(order), prompt.key


def test_key_figures_of_every_module(cohort: CohortData, result: Debrief) -> None:
    completion = cohort.completion
    figures = result.key_figures(result.modules)
    assert figures.learners == len(cohort.learners)
    assert figures.submitted == completion[completion["status"] != NOT_SUBMITTED]["learner"].nunique()
    assert figures.untrusted == int((completion["status"] == UNTRUSTED).sum())
    graded = completion.dropna(subset=["score", "max_score"])
    assert figures.score_percent == round(100 * graded["score"].sum() / graded["max_score"].sum())
    assert result.key_figures([]).submitted == 0


def test_rejected_files_by_learner_number(result: Debrief) -> None:
    assert result.rejected, "the demo cohort hands in a tampered file"
    numbers = {learner.id: learner.number for learner in result.learners}
    order = [(numbers[r.learner], r.module) for r in result.rejected]
    assert order == sorted(order)
    assert result.rejected_in([]) == []
