"""Scrubber 1.3: the lexicon of ordinary words (wordfreq) tells an unlisted name from a word where rules alone cannot.

The examples are written here, not taken from either corpus: names from no Faker list, and ordinary
bokmål, nynorsk and English words in the places where such a name would stand.
"""

from __future__ import annotations

import pytest

from mangfold.extras import EXTRA_OF
from mangfold.research.hits import NAME
from mangfold.research.lexicon import Lexicon, nynorsk_variants, zipf_frequency
from mangfold.research.scrub import Scrubber


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    return Scrubber()


def names(scrubber: Scrubber, text: str) -> list[str]:
    return [text[hit.start:hit.end] for hit in scrubber.scrub(text).hits if hit.kind == NAME]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("«Zsolt passer ikke inn hos oss», sa en kollega.", "Zsolt"),
        ('"Mthokozisi won\'t fit in here," a colleague said.', "Mthokozisi"),
        ("Etter første runde ringte ndungu og sa hva panelet mente.", "ndungu"),
        ("Panelet besto av meg, sidiq wastuti og en tillitsvalgt.", "sidiq wastuti"),
        ("We noticed that bhekisisa ngcamane was interrupted more often.", "bhekisisa ngcamane"),
        ("If it had not been for vratislav, we would never have read it.", "vratislav"),
    ],
)
def test_a_name_in_no_list_is_found_where_it_is_no_ordinary_word(scrubber: Scrubber, text: str, name: str) -> None:
    assert name in names(scrubber, text)


@pytest.mark.parametrize(
    "text",
    [
        "Kvalifikasjonsprinsippet gjelder for alle stillinger i staten.",
        "Intervjuguiden var ny for alle i panelet.",
        "Oppgåvene avgjer kva utdanning som trengst.",
        "Innstillinga blir send tilbake til seksjonen.",
        "Søkjarlista kan bli offentleg.",
        "Fortrinnet gjelder bare mellom søkere som er like godt kvalifisert.",
        "Vi snakket med tillitsvalgte og ledere om kravprofilen.",
        "«Flytande norsk» seier ikkje kva nivå oppgåvene krev.",
        "Masculine-coded words put some applicants off.",
        "The panel discussed it with recruiters and unionised staff.",
        "Vi snakket om fairness og onboarding med ledelsen.",
    ],
)
def test_ordinary_words_in_those_places_are_kept(scrubber: Scrubber, text: str) -> None:
    assert names(scrubber, text) == []


def test_nynorsk_words_are_looked_up_by_their_bokmal_spellings() -> None:
    assert "oppgavene" in nynorsk_variants("oppgåvene")
    assert "søkere" in nynorsk_variants("søkjarar")
    assert "innstillingen" in nynorsk_variants("innstillinga")
    lexicon = Lexicon()
    assert lexicon.ordinary("oppgåvene", lexicon.norwegian_lower, norwegian=True)
    assert not lexicon.ordinary("mthokozisi", lexicon.norwegian_lower, norwegian=True)


def test_common_names_are_ordinary_words_and_left_to_the_name_lists() -> None:
    assert zipf_frequency("kari", "nb") > 3 and zipf_frequency("ikke", "nb") > 6
    assert zipf_frequency("mthokozisi", "nb") == 0.0


def test_wordfreq_comes_with_the_research_extra() -> None:
    assert EXTRA_OF["wordfreq"] == "research"
