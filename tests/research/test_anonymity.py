"""k-anonymity over every quasi-identifier: rare combinations lose their weeks first, then the exact number of
modules done, and only those still rare are dropped; small groups are built here on purpose to break it."""

from __future__ import annotations

from collections import Counter

from mangfold.research.anonymity import (
    QUASI_IDENTIFIERS,
    Quasi,
    activity_weeks,
    anonymise,
    iso_week,
    modules_band,
)

ALL = ("01", "02", "03", "04", "05")


def cohort(*groups: tuple) -> dict[str, Quasi]:
    """Learners from (size, language, first week, last week[, modules done[, modules answered]]) groups."""
    learners, number = {}, 0
    for size, language, first, last, *rest in groups:
        done = rest[0] if rest else 5
        modules = rest[1] if len(rest) > 1 else ALL
        for _ in range(size):
            learners[f"p{number:03d}"] = Quasi(language, first, last, str(done), modules, 5)
            number += 1
    return learners


def classes(result) -> Counter:
    return Counter(result.kept.values())


def test_iso_weeks_use_the_iso_year() -> None:
    assert iso_week("2026-11-16T09:00:00+00:00") == "2026-W47"
    assert iso_week("2027-01-01T12:00:00+00:00") == "2026-W53"
    assert iso_week("2024-12-30T08:00:00.123456+00:00") == "2025-W01"


def test_activity_weeks_compare_times_and_skip_what_is_not_a_time() -> None:
    stamps = ["2026-03-02T23:30:00-02:00", "2026-03-02T10:00:00+00:00", "not a time", "2026-03-09T00:00:00+00:00"]
    assert activity_weeks(stamps) == ("2026-W10", "2026-W11")
    assert activity_weeks(["garbage"]) == (None, None)


def test_the_fields_are_named_as_the_package_names_them() -> None:
    assert QUASI_IDENTIFIERS == ("language", "week_first_activity", "week_last_activity", "modules_done",
                                 "modules_answered")
    assert modules_band(5, 5) == "5" and modules_band(3, 5) == modules_band(0, 5) == "0-4"


def test_large_classes_are_kept_as_they_are() -> None:
    result = anonymise(cohort((6, "nb", "2026-W10", "2026-W11"), (5, "en", "2026-W10", "2026-W10")))
    assert len(result.kept) == 11 and not result.generalised and not result.dropped
    assert result.k == 5


def test_small_classes_are_coarsened_and_kept_when_that_is_enough() -> None:
    result = anonymise(cohort((7, "nb", "2026-W10", "2026-W11"), (3, "nb", "2026-W12", "2026-W12"),
                              (2, "nb", "2026-W14", "2026-W15")))
    assert len(result.generalised) == 5 and not result.dropped
    assert {q for p, q in result.kept.items() if p in result.generalised} == {Quasi("nb", None, None, "5", ALL, 5)}
    assert result.k == 5


def test_classes_still_small_after_coarsening_are_dropped() -> None:
    result = anonymise(cohort((8, "nb", "2026-W10", "2026-W10"), (2, "nb", "2026-W12", "2026-W13"),
                              (1, "en", "2026-W12", "2026-W12"), (3, "en", "2026-W15", "2026-W15")))
    assert len(result.dropped) == 6  # two nb and four en: coarsened, each group still under five
    assert set(result.kept.values()) == {Quasi("nb", "2026-W10", "2026-W10", "5", ALL, 5)}
    assert result.k == 8 and not result.generalised


def test_two_english_learners_with_two_modules_each_do_not_form_a_group_of_two() -> None:
    """The issue's case: grouped by language and weeks alone these two would hide among the other English
    learners; their modules single them out, so they must go (nothing coarser hides modules they answered)."""
    result = anonymise(cohort((8, "nb", "2026-W10", "2026-W11"), (5, "en", "2026-W10", "2026-W11"),
                              (2, "en", "2026-W10", "2026-W11", 2, ALL[:2])))
    pair = {"p013", "p014"}
    assert pair <= result.dropped and not pair & set(result.kept)
    assert min(classes(result).values()) == result.k >= 5


def test_a_rare_number_of_modules_done_is_banded_when_that_is_enough() -> None:
    """Six learners answered every module; two completed three, one four: with weeks hidden those three are
    still rare by modules_done, and banded together with the two who completed none they make a class of five."""
    result = anonymise(cohort((6, "nb", "2026-W10", "2026-W11", 5), (2, "nb", "2026-W12", "2026-W12", 3),
                              (1, "nb", "2026-W13", "2026-W13", 4), (2, "nb", "2026-W14", "2026-W14", 0)))
    assert not result.dropped and len(result.generalised) == 5
    banded = {q for p, q in result.kept.items() if p in result.generalised}
    assert banded == {Quasi("nb", None, None, "0-4", ALL, 5)}
    assert Counter(q.modules_done for q in result.kept.values()) == {"5": 6, "0-4": 5}
    assert result.k == 5


def test_every_field_counts_a_class_apart() -> None:
    """Groups of four that differ in one field each: whichever field it is, none of them may be published."""
    base = ("nb", "2026-W10", "2026-W11", 5, ALL)
    variants = [("en", *base[1:]), (base[0], "2026-W09", *base[2:]), (*base[:2], "2026-W12", *base[3:]),
                (*base[:3], 4, base[4]), (*base[:4], ALL[:4])]
    for variant in variants:
        result = anonymise(cohort((6, *base), (4, *variant)))
        assert min(classes(result).values()) == result.k >= 5, variant
        assert all(count >= 5 for count in classes(result).values()), variant


def test_the_published_combinations_all_reach_k_on_random_cohorts() -> None:
    """Whatever the mix, each combination of every field the package shows occurs at least k times."""
    import random

    rng = random.Random(18)
    for _ in range(200):
        learners = {}
        for number in range(rng.randint(5, 40)):
            done = rng.choice((5, 5, 5, 4, 3, 0))
            modules = ALL if rng.random() < 0.85 else ALL[:rng.randint(1, 4)]
            learners[f"p{number}"] = Quasi(rng.choice(("nb", "nb", "nb", "en")), f"2026-W{rng.randint(10, 12)}",
                                           f"2026-W{rng.randint(12, 14)}", str(done), modules, 5)
        result = anonymise(learners)
        shown = Counter((q.language, q.week_first, q.week_last, q.modules_done, q.modules_answered)
                        for q in result.kept.values())
        assert all(count >= 5 for count in shown.values())
        assert set(result.kept) | result.dropped == set(learners)


def test_nobody_left_gives_no_k() -> None:
    result = anonymise(cohort((2, "nb", "2026-W10", "2026-W10")))
    assert not result.kept and result.k is None and len(result.dropped) == 2


def test_nynorsk_is_a_language_class_of_its_own() -> None:
    """Five nynorsk learners in one week stay; one alone in nynorsk is dropped, not hidden among bokmål."""
    result = anonymise(cohort((6, "nb", "2026-W10", "2026-W10"), (5, "nn", "2026-W10", "2026-W10"),
                              (1, "nn", "2026-W11", "2026-W11")))
    assert sorted({(q.language, q.week_first) for q in result.kept.values()}) == [("nb", "2026-W10"),
                                                                                  ("nn", "2026-W10")]
    assert len(result.dropped) == 1 and result.k == 5
