"""What the name rules ask of single words: a possessive's stem, a listed name, a bokmål noun, a word's edges.

Shared by the rules for capitalised words (``names``) and for names written in lower case
(``lower_names``), so both judge a word the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from .course_terms import COURSE_WORDS
from .vocabulary import (
    COMMON_WORDS,
    EN_PRONOUNS,
    FUNCTION_WORDS,
    NB_PRONOUNS,
    NEVER_NAMES,
    PERSON_VERBS,
    POSSESSIVES,
    TITLES,
    english_words,
)

#: words that are never a name, nor the start of one (function words, titles, places, the course's terms)
STOP = NEVER_NAMES | TITLES | FUNCTION_WORDS | COURSE_WORDS
#: a person follows: "Gudrun og jeg", "Tadesse and I" (checked right after a word); English "I" only in
#: capitals, since bokmål's "og i" is "and in"
WITH_PRONOUN = re.compile(
    rf"[ \u00a0](?:og[ \u00a0](?:{'|'.join(sorted(NB_PRONOUNS))})|and[ \u00a0](?:I|{'|'.join(sorted(EN_PRONOUNS))}))"
    r"(?![^\W_])")


def base(word: str) -> str:
    """The word without a possessive ending: "Anne's" and "Anne’s" are Anne ("Annes" is judged in ``_is_known``)."""
    if word.endswith(("'s", "’s")):
        return word[:-2]
    if word.endswith(("'", "’")):
        return word[:-1]
    return word


def is_known(word: str, names: frozenset[str]) -> bool:
    if word in names:
        return True
    stem = base(word)
    if stem in names or (stem.endswith("s") and stem[:-1] in names):
        return True
    return "-" in stem and any(part in names for part in stem.split("-"))


def definite_noun(lower: str) -> bool:
    """A bokmål noun in its definite form ("teamet", "panelet", "ledelsen", "søkerne"), which "og jeg" may follow
    as well as a name can: "Teamet og jeg" is no person. Names seldom end so ("Steffen" is in the lists)."""
    return lower.endswith(("et", "ene", "ane", "erne")) or (len(lower) > 5 and lower.endswith("en"))


def possessive_end(text: str, end: int) -> int:
    """``end`` moved past a possessive ending right after it ("kari's", "jonas'")."""
    if text[end:end + 2] in ("'s", "’s"):
        return end + 2
    if text[end:end + 1] in ("'", "’") and text[end - 1:end] in ("s", "x", "z"):
        return end + 1
    return end


def ordinary_lower(word: str) -> bool:
    """A lower-case word that is never part of a name written in lower case."""
    return (word in STOP or word in COMMON_WORDS or word in PERSON_VERBS or word in POSSESSIVES
            or word in english_words())


def word_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole word (no letter, digit or hyphen joined on either side)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-'’@._") and not (after.isalnum() or after in "-@")


def inside(starts: list[int], blocked: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(starts, start) - 1
    return (i >= 0 and blocked[i][1] > start) or (i + 1 < len(blocked) and blocked[i + 1][0] < end)
