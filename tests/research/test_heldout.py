"""Issue 18's goals on the held-out corpus (``heldout_corpus``), a fixed seed, counted; speed is the benchmark's.

The held-out corpus has its own names, templates and formats. Its first measurement (seed 1, before
any rule was changed after it) is in the benchmark's README; the rules were fixed afterwards for what
it showed, so it is no longer blind, and this seed (18) is one no rule was looked at on. Scrubber 1.2
reached 95.4 % of names here; 1.3 (a lexicon of ordinary words, ``research.lexicon``, developed on the
development corpus and held-out seeds 1-3) reached 97.85 % (1,413 of 1,444 names) when it was measured
here once, at the end. (The generator's corpus used to depend on the process's hash seed, which gave
97.85-98.06 %; it is now the same in every process.) The name goal (98 %) is not met: an expected failure,
strict, so the day it is met the test says so; the floor below guards against going back.
"""

from __future__ import annotations

from collections import Counter

import pytest

from mangfold.research.hits import ADDRESS, DNR, EMAIL, FNR, NAME, PHONE, PNR
from mangfold.research.scrub import Scrubber
from tests.research.heldout_corpus import ORGANISATIONS, ROSTER, heldout_corpus
from tests.research.planted import covered

SEED = 18
TEXTS = 1000
#: what scrubber 1.3 reached on this seed (97.85 % at the lowest hash seed measured), rounded down to the half
#: percent: a fall below it is a regression
NAME_FLOOR = 0.975


@pytest.fixture(scope="module")
def measured() -> dict:
    """Per kind (support, found); terms to keep (support, kept); identifiers found verbatim in the output."""
    scrubber = Scrubber(ROSTER, ORGANISATIONS)
    support: Counter[str] = Counter()
    found: Counter[str] = Counter()
    keeps = kept = 0
    leaks: list[str] = []
    for item in heldout_corpus(TEXTS, SEED):
        result = scrubber.scrub(item.text)
        for truth in item.truths:
            support[truth.kind] += 1
            found[truth.kind] += covered(result.hits, truth.start, truth.end)
            value = item.text[truth.start:truth.end]
            if truth.kind in (FNR, DNR, PNR, PHONE, EMAIL) and value in result.text:
                leaks.append(value)
        for keep in item.keeps:
            keeps += 1
            kept += not any(hit.start < keep.end and keep.start < hit.end for hit in result.hits)
    return {"support": support, "found": found, "keeps": keeps, "kept": kept, "leaks": leaks}


def test_the_corpus_is_deterministic_and_plants_every_kind_asked_for() -> None:
    first, again = heldout_corpus(20, SEED), heldout_corpus(20, SEED)
    assert [item.text for item in first] == [item.text for item in again]
    assert heldout_corpus(5, SEED + 1)[0].text != first[0].text
    for item in first:
        for span in (*item.truths, *item.keeps):
            value = item.text[span.start:span.end]
            assert value and value == value.strip()


@pytest.mark.parametrize("kind", [FNR, DNR, PNR, PHONE, EMAIL])
def test_every_identity_number_phone_and_email_is_removed(measured: dict, kind: str) -> None:
    assert measured["support"][kind] >= 50, "the corpus plants enough of them to count"
    assert measured["found"][kind] == measured["support"][kind]


def test_nothing_with_a_number_or_an_at_is_left_verbatim(measured: dict) -> None:
    assert measured["leaks"] == []


def test_addresses_are_removed(measured: dict) -> None:
    assert measured["found"][ADDRESS] / measured["support"][ADDRESS] >= 0.98


def test_at_least_98_percent_of_the_terms_to_keep_are_kept(measured: dict) -> None:
    assert measured["keeps"] >= 1000
    assert measured["kept"] / measured["keeps"] >= 0.98


def test_names_do_not_fall_below_what_was_reached(measured: dict) -> None:
    assert measured["found"][NAME] / measured["support"][NAME] >= NAME_FLOOR


@pytest.mark.xfail(strict=True, reason="issue 18's 98 % for names is not reached on the held-out seed (97.85 %): "
                                        "common names that are also words opening a quote («Hans passer ikke»), "
                                        "lower-case names in no person's place, and unlisted names wordfreq knows")
def test_at_least_98_percent_of_names_are_removed(measured: dict) -> None:
    assert measured["found"][NAME] / measured["support"][NAME] >= 0.98
