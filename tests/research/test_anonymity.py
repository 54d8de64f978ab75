"""k-anonymity: rare combinations lose their weeks first, and only those still rare are dropped."""

from __future__ import annotations

from mangfold.research.anonymity import Quasi, activity_weeks, anonymise, iso_week


def cohort(*groups: tuple[int, str, str | None, str | None]) -> dict[str, Quasi]:
    learners, number = {}, 0
    for size, language, first, last in groups:
        for _ in range(size):
            learners[f"p{number:03d}"] = Quasi(language, first, last)
            number += 1
    return learners


def test_iso_weeks_use_the_iso_year() -> None:
    assert iso_week("2026-11-16T09:00:00+00:00") == "2026-W47"
    assert iso_week("2027-01-01T12:00:00+00:00") == "2026-W53"
    assert iso_week("2024-12-30T08:00:00.123456+00:00") == "2025-W01"


def test_activity_weeks_compare_times_and_skip_what_is_not_a_time() -> None:
    stamps = ["2026-03-02T23:30:00-02:00", "2026-03-02T10:00:00+00:00", "not a time", "2026-03-09T00:00:00+00:00"]
    assert activity_weeks(stamps) == ("2026-W10", "2026-W11")
    assert activity_weeks(["garbage"]) == (None, None)


def test_large_classes_are_kept_as_they_are() -> None:
    result = anonymise(cohort((6, "nb", "2026-W10", "2026-W11"), (5, "en", "2026-W10", "2026-W10")))
    assert len(result.kept) == 11 and not result.generalised and not result.dropped
    assert result.k == 5


def test_small_classes_are_coarsened_and_kept_when_that_is_enough() -> None:
    result = anonymise(cohort((7, "nb", "2026-W10", "2026-W11"), (3, "nb", "2026-W12", "2026-W12"),
                              (2, "nb", "2026-W14", "2026-W15")))
    assert len(result.generalised) == 5 and not result.dropped
    assert {q for p, q in result.kept.items() if p in result.generalised} == {Quasi("nb", None, None)}
    assert result.k == 5


def test_classes_still_small_after_coarsening_are_dropped() -> None:
    result = anonymise(cohort((8, "nb", "2026-W10", "2026-W10"), (2, "nb", "2026-W12", "2026-W13"),
                              (1, "en", "2026-W12", "2026-W12"), (3, "en", "2026-W15", "2026-W15")))
    assert len(result.dropped) == 6  # two nb and four en: coarsened, each group still under five
    assert set(result.kept.values()) == {Quasi("nb", "2026-W10", "2026-W10")}
    assert result.k == 8 and not result.generalised


def test_nobody_left_gives_no_k() -> None:
    result = anonymise(cohort((2, "nb", "2026-W10", "2026-W10")))
    assert not result.kept and result.k is None and len(result.dropped) == 2


def test_nynorsk_is_a_language_class_of_its_own() -> None:
    """Five nynorsk learners in one week stay; one alone in nynorsk is dropped, not hidden among bokmål."""
    result = anonymise(cohort((6, "nb", "2026-W10", "2026-W10"), (5, "nn", "2026-W10", "2026-W10"),
                              (1, "nn", "2026-W11", "2026-W11")))
    assert sorted(set(result.kept.values()), key=str) == [Quasi("nb", "2026-W10", "2026-W10"),
                                                         Quasi("nn", "2026-W10", "2026-W10")]
    assert len(result.dropped) == 1 and result.k == 5
