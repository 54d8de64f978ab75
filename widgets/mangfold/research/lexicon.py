"""A lexicon of ordinary words, Norwegian and English, from ``wordfreq``: what a name in no name list is not.

The name lists (Faker's) hold the names that are common somewhere; a name from elsewhere ("Zsolt",
"Mthokozisi", "ndungu") is in none of them, and on its own, opening a sentence or written in lower
case, nothing in its shape tells it from a word. What does is that it is no ordinary word of the
language. ``wordfreq`` 3.1 (code Apache-2.0, word data CC-BY-SA 4.0; in the ``research`` extra, never
the learner's runtime) counts words in subtitles, Wikipedia, news, books and the web, for Norwegian
(``nb``, mostly bokmål; some nynorsk: "ikkje", "berre", "kven") and English (``en``). Word sets are
built from it once per process, plain frozensets, so a look-up is one hash; which set depends on the
text's language and on the question:

* a capitalised word opening a sentence or a quote (``names``) is a name when it is no word at least as
  common as :data:`CAPITALISED_ZIPF` (English text) or :data:`NORWEGIAN_CAPITALISED_ZIPF`; common names
  ("Kari", "Hans") are ordinary by this and are judged by the name lists as before;
* a lower-case word (``lower_names``) is a candidate when it is no word at least as common as
  :data:`LOWER_ZIPF` or :data:`NORWEGIAN_LOWER_ZIPF`, and a name only in a person's place ("ringte ndungu",
  "med sidiq wastuti og"): lower case is weak evidence, so only words rarer than almost all words count.

A word is also ordinary when it is one with a genitive "s", when its hyphenated parts are, when it
splits into two or three common words (compounds: "Kvalifikasjons|prinsippet"), and in a Norwegian
text when it has the ending of a derived word ("-inga", "-heit", "-else"), is a common word with a
definite or plural ending, or has a bokmål spelling that is ordinary (``nynorsk_variants``: "oppgåvene" is
"oppgavene"). Nynorsk is the weak side: wordfreq has little of it, and a rare nynorsk word in a
person's place may still be taken for a name. The answers for words outside the sets are remembered.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

from ..extras import require

#: zipf frequencies (log10 of occurrences per billion words: 3 is one in a million, 1 the rarest wordfreq lists)
#: from which a word is ordinary, as (in wordfreq's Norwegian, in its English). For a capitalised word opening
#: a sentence or a quote in an English text ...
CAPITALISED_ZIPF = (3.0, 3.0)
#: ... and in a Norwegian one, where more ordinary words are rare (compounds, nynorsk)
NORWEGIAN_CAPITALISED_ZIPF = (2.0, 2.0)
#: for a word in lower case in a person's place, in an English text ...
LOWER_ZIPF = (2.0, 2.0)
#: ... and in a Norwegian one: any word wordfreq's Norwegian lists at all
NORWEGIAN_LOWER_ZIPF = (1.0, 2.0)
#: for each part of a compound ("kravprofil|arbeidet")
PART_ZIPF = (3.0, 3.0)
#: the shortest part of a compound ("arbeids|miljø"): shorter parts would split names ("Tad|esse")
_PART = 4
_LANGUAGES = ("nb", "en")
#: the longest word judged by its parts (the split is quadratic in its length); a longer one is no name
_LONGEST = 40
#: how many answers of ``Lexicon.ordinary`` are remembered (the least recently used are forgotten)
_REMEMBERED = 200_000


def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's whole list for ``language`` (not kept: only the sets built from it stay in memory)."""
    wordfreq = require("wordfreq", "research", "mangfold research")
    return wordfreq.get_frequency_dict(language, wordlist="large")


@cache
def _word_sets(zipfs: tuple[tuple[float, float], ...]) -> tuple[frozenset[str], ...]:
    """One set per (Norwegian, English) pair of ``zipfs``: the words of either language at least that common."""
    found: list[set[str]] = [set() for _ in zipfs]
    for index, language in enumerate(_LANGUAGES):
        frequencies = _frequencies(language)
        for words, zipf in zip(found, zipfs, strict=True):
            least = 10 ** (zipf[index] - 9)
            words.update(word for word, frequency in frequencies.items() if frequency >= least)
    return tuple(frozenset(words) for words in found)


def zipf_frequency(word: str, language: str) -> float:
    """The word's zipf frequency in ``language`` (0 where wordfreq has never seen it); for tests and tuning."""
    frequency = _frequencies(language).get(word.lower())
    return round(math.log10(frequency) + 9, 2) if frequency else 0.0


#: nynorsk spellings and their bokmål ones, inside a word ("søkjar", "følgje", "oppgåve", "eigen") ...
_NN_INSIDE = (("kj", "k"), ("gj", "g"), ("å", "a"), ("ei", "e"), ("øy", "ø"), ("jing", "ting"), ("é", "e"),
              ("skot", "skudd"), ("rekne", "regn"))
#: endings of derived Norwegian words (bokmål and nynorsk), which a name seldom has: "grunngivinga", "annleisheit",
#: "tilsetjing", "søkjarane", "naudsynt" is not among them, but a word so derived is no name
_NORWEGIAN_SUFFIXES = ("inga", "ingar", "ingane", "ingen", "ingene", "jing", "heit", "heita", "heten", "skap",
                       "skapar", "skapen", "lege", "ande", "arar", "arane", "else", "elsen", "sjonen", "sjonar")
#: endings of derived English words ("unionised", "fairness", "onboarding"), in a text of either language
_ENGLISH_SUFFIXES = ("ised", "ized", "ising", "izing", "isation", "ization", "ness", "ment", "ments", "tion", "tions",
                     "ally", "ings", "able", "ible", "ful", "less")
#: definite and plural endings on a word of any language ("webinaret", "casene")
_DEFINITE = ("en", "et", "ene", "er", "a", "ane", "ar")
#: shorter than this before such an ending, the word may be a name ("Inga", "Ande")
_STEM = 4
#: ... and at its end: definite and plural endings ("innstillinga", "søkjarane", "krava"), "-leg", "-ande"
_NN_ENDINGS = (("ingane", "ingene"), ("ingar", "inger"), ("inga", "ingen"), ("ane", "ene"), ("arar", "ere"),
               ("aren", "eren"), ("ar", "er"), ("leg", "lig"), ("lege", "lige"), ("ande", "ende"), ("a", "en"),
               ("a", "ene"), ("a", "et"), ("a", "e"), ("e", "er"), ("e", "en"), ("t", "tt"))


def nynorsk_variants(lower: str) -> set[str]:
    """Bokmål spellings a nynorsk word may have ("oppgåvene" -> "oppgavene", "søkjarar" -> "søkere"): wordfreq's
    Norwegian is mostly bokmål, so a nynorsk word is looked up by these too."""
    stems = {lower}
    for nynorsk, bokmal in _NN_INSIDE:
        stems |= {stem.replace(nynorsk, bokmal) for stem in stems if nynorsk in stem}
    variants = set(stems)
    for stem in stems:
        for nynorsk, bokmal in _NN_ENDINGS:
            if stem.endswith(nynorsk) and len(stem) > len(nynorsk) + 1:
                variants.add(stem[:-len(nynorsk)] + bokmal)
    variants.discard(lower)
    return variants


class Lexicon:
    """The two sets, loaded once per process; ``ordinary`` answers for one lower-case word."""

    def __init__(self) -> None:
        (self.capitalised, self.norwegian_capitalised, self.lower, self.norwegian_lower, self.parts) = _word_sets(
            (CAPITALISED_ZIPF, NORWEGIAN_CAPITALISED_ZIPF, LOWER_ZIPF, NORWEGIAN_LOWER_ZIPF, PART_ZIPF))
        # the words that reach ``_judge`` (in no set) come back in text after text: remember the answers
        self._judged = lru_cache(maxsize=_REMEMBERED)(self._judge)

    def ordinary(self, lower: str, words: frozenset[str], norwegian: bool = False) -> bool:
        """``lower`` (a word in lower case) is in ``words``, maybe with a genitive "s", or is two of them joined;
        in a Norwegian text also when a bokmål spelling of it is (``nynorsk_variants``). Answers are remembered:
        the words that reach here (in no set) come back in text after text."""
        return lower in words or self._judged(lower, words, norwegian)

    def _judge(self, lower: str, words: frozenset[str], norwegian: bool) -> bool:
        if len(lower) > _LONGEST:
            return True  # no name is this long: a run of letters, a URL's words, a compound past splitting
        if any(lower.endswith(ending) and len(lower) - len(ending) >= _STEM for ending in _ENGLISH_SUFFIXES):
            return True
        if self._ordinary(lower, words):
            return True
        if not norwegian:
            return False
        if any(lower.endswith(ending) and len(lower) - len(ending) >= _STEM for ending in _NORWEGIAN_SUFFIXES):
            return True
        if any(lower.endswith(ending) and len(lower) - len(ending) >= _STEM and lower[:-len(ending)] in self.parts
               for ending in _DEFINITE):
            return True
        return any(self._ordinary(variant, words, variants=True) for variant in nynorsk_variants(lower))

    def _ordinary(self, lower: str, words: frozenset[str], variants: bool = False, depth: int = 0) -> bool:
        if lower in words:
            return True
        if lower.endswith("s") and lower[:-1] in words:
            return True
        if "-" in lower:
            return all(self._ordinary(part, words) for part in lower.split("-") if part)
        parts = self.parts
        for cut in range(_PART, len(lower) - _PART + 1):
            head, tail = lower[:cut], lower[cut:]
            if head in parts or (head[-1] in "se" and head[:-1] in parts) or (
                    variants and any(variant in parts for variant in nynorsk_variants(head.removesuffix("s")))):
                if tail in parts or (depth < 2 and self._ordinary(tail, parts, variants, depth + 1)):
                    return True
                if variants and any(variant in parts for variant in nynorsk_variants(tail)):
                    return True
        return False
