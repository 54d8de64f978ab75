"""Names written in lower case: "kari nordmann", "snakket med anne", "kollega tadesse haile sa", "det var gugu som".

A word in lower case is an ordinary word unless something says otherwise, so these rules start only
from a listed name that is no ordinary word, or from a context only a person stands in (a title
before a verb of speech, a cleft sentence, "og jeg" after a word opening a sentence). Each starting
word is found with ``str.find`` on the lower-cased text, after set look-ups on the text's words have
said there is one: most reflections have none, and cost nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from .context import next_word, previous_word, sentence_initial
from .course_terms import COURSE_AUTHORS, GLOSSARY_WORDS
from .hits import NAME, Hit
from .lexicon import Lexicon
from .name_words import (
    STOP,
    WITH_PRONOUN,
    base,
    definite_noun,
    inside,
    ordinary_lower,
    possessive_end,
    word_at,
)
from .vocabulary import (
    COMMON_WORDS,
    NB_PRONOUNS,
    PERSON_BEFORE,
    PERSON_VERBS,
    POSSESSIVES,
    TITLES,
    english_words,
    first_names,
    last_names,
)

#: the lower-case word after a position, and the one before it
_NEXT_LOWER = re.compile(r"[ \u00a0]+([^\W\d_]+(?:-[^\W\d_]+)?)")
_LOWER_BEFORE = re.compile(r"(?<![^\W_])([^\W\d_]+(?:-[^\W\d_]+)?)[ \u00a0]+$")
#: a cleft sentence around a person: "Det var X som", "It was X who" (X in lower case, one or two words)
_CLEFT = re.compile(r"(?:[Dd]et var|[Ii]t was)[ \u00a0]([^\W\d_]+(?:[ \u00a0][^\W\d_]+)?)[ \u00a0](?:som|who)\b")
#: the particles of names written in lower case ("duuk van goerle", "maurice ó madaidhin")
_LOWER_PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "di", "du", "le", "la", "da", "dos", "das",
                              "bin", "ibn", "al", "el", "ó", "ní", "mac", "nic"})
_PERSON_CONTEXT = PERSON_BEFORE | TITLES
#: how many ordinary words met are remembered (then forgotten all at once)
_SEEN = 50_000


@cache
def _lower_first_names() -> frozenset[str]:
    """First names as a lower-case word may be one: three letters or more, and no ordinary word."""
    ordinary = STOP | COMMON_WORDS | PERSON_VERBS | POSSESSIVES | english_words() | COURSE_AUTHORS
    return frozenset(n.lower() for n in first_names() if len(n) > 2 and n.lower() not in ordinary)


@cache
def _lower_last_names() -> frozenset[str]:
    ordinary = STOP | COMMON_WORDS | PERSON_VERBS | POSSESSIVES | english_words()
    return frozenset(n.lower() for n in last_names() if len(n) > 1 and n.lower() not in ordinary)


class LowerCaseNames:
    """The rules for names in lower case; built once, with the name sets shared, and used for every text."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon if lexicon is not None else Lexicon()
        #: words met in earlier texts that are no candidate, in an English text and in a Norwegian one
        self._settled: dict[bool, set[str]] = {False: set(), True: set()}
        self._lower_first = _lower_first_names()
        self._lower_last = _lower_last_names()
        self._surnames = last_names()
        self._first = first_names()

    def unknown(self, lowered_words: set[str], norwegian: bool = False, text: str | None = None) -> list[str]:
        """The text's words that are in no lexicon and no list of ordinary words: a name, if in a person's place.
        Given ``text``, only those written in lower case somewhere in it (a capitalised word is judged in ``names``)."""
        settled = self._settled[norwegian]
        rare = lowered_words.difference(settled)  # a small set, of the words met so far: fast to look in
        if not rare:
            return []
        if len(settled) > _SEEN:
            settled.clear()
        words = self._lexicon.norwegian_lower if norwegian else self._lexicon.lower
        unknown: list[str] = []
        for word in rare:
            if word in words or len(word) < 3 or not word.isalpha() or ordinary_lower(word) or self._lexicon.ordinary(
                    word, words, norwegian):
                settled.add(word)
            elif text is None or word in text:
                unknown.append(word)
        return unknown

    def candidates(self, lowered_words: set[str], unknown: Sequence[str] = ()) -> bool:
        """Whether the text has any word a lower-case rule starts from (set look-ups: most texts have none)."""
        return not (self._lower_first.isdisjoint(lowered_words) and self._lower_last.isdisjoint(lowered_words)
                    and (TITLES.isdisjoint(lowered_words) or PERSON_VERBS.isdisjoint(lowered_words))
                    and ("og" not in lowered_words or NB_PRONOUNS.isdisjoint(lowered_words))
                    and ("and" not in lowered_words or "i" not in lowered_words)
                    and ("var" not in lowered_words or "som" not in lowered_words)
                    and ("was" not in lowered_words or "who" not in lowered_words)
                    and not unknown)

    def find(self, text: str, starts: list[int], blocked: Sequence[tuple[int, int]],
             lowered_words: set[str] | None, norwegian: bool = False,
             unknown: Sequence[str] | None = None) -> Iterator[Hit]:
        """Names in lower case: a listed first name with a listed surname after it ("kari nordmann"), or with
        a person's context around it ("med anne", "anne sa"), and any words between a title and a verb of
        speech ("kollega tadesse haile sa")."""
        lowered = text.lower()
        if len(lowered) != len(text):
            return
        if lowered_words is None:
            lowered_words = set(re.findall(r"[^\W\d_]+", lowered))
        for word in self._lower_last.intersection(lowered_words):
            position = lowered.find(word)
            while position != -1:
                end = position + len(word)
                if word_at(text, position, end) and text[position].islower():
                    hit = self._after_first_name(text, position, end)
                    if hit is not None and not (blocked and inside(starts, blocked, hit.start, hit.end)):
                        yield hit
                position = lowered.find(word, end)
        if unknown is None:
            unknown = self.unknown(lowered_words, norwegian)
        for word in self._lower_first.intersection(lowered_words).union(unknown):
            position = lowered.find(word)
            while position != -1:
                end = position + len(word)
                if (word_at(text, position, end) and text[position].islower()
                        and not (blocked and inside(starts, blocked, position, end))):
                    hit = self._first_name(text, position, end, unknown)
                    if hit is not None:
                        yield hit
                position = lowered.find(word, end)
        pronouns = ("og" in lowered_words and not NB_PRONOUNS.isdisjoint(lowered_words)) or (
            "and" in lowered_words and "i" in lowered_words)
        if ("var" in lowered_words and "som" in lowered_words) or ("was" in lowered_words and "who" in lowered_words):
            for hit in self._cleft(text):
                if not (blocked and inside(starts, blocked, hit.start, hit.end)):
                    yield hit
        for with_pronoun in WITH_PRONOUN.finditer(text) if pronouns else ():
            hit = self._before_pronoun(text, with_pronoun.start())
            if hit is not None and not (blocked and inside(starts, blocked, hit.start, hit.end)):
                yield hit
        for title in TITLES.intersection(lowered_words) if not PERSON_VERBS.isdisjoint(lowered_words) else ():
            position = lowered.find(title)
            while position != -1:
                end = position + len(title)
                if word_at(text, position, end):
                    hit = self._after_title(text, end)
                    if hit is not None and not (blocked and inside(starts, blocked, hit.start, hit.end)):
                        yield hit
                position = lowered.find(title, end)

    def _first_name(self, text: str, start: int, end: int, unknown: Sequence[str] = ()) -> Hit | None:
        """A listed first name in lower case: a name with a surname after it (any listed surname: "stian vik"),
        with a verb of speech or "og jeg" after it, after a word that takes a person ("med", "ringte") or a title
        and a comma ("søkeren, robert ..."), or opening a sentence (which a sentence seldom does in lower case).
        Unknown lower-case words right after it are taken as its surname ("med bianca barbosa og")."""
        following = _NEXT_LOWER.match(text, end)
        if following and following.group(1).islower():
            surname = following.group(1)
            if surname in self._lower_last or (surname.title() in self._surnames and surname not in STOP) or (
                    surname in unknown and base(text[start:end]) in unknown):
                return Hit(NAME, start, possessive_end(text, following.end()))
        if (next_word(text, end) in PERSON_VERBS or WITH_PRONOUN.match(text, end)
                or previous_word(text, start) in _PERSON_CONTEXT or sentence_initial(text, start)
                or _after_title_and_comma(text, start) or _after_pronoun_and_comma(text, start)):
            return Hit(NAME, start, possessive_end(text, self._surname_end(text, end, unknown)))
        return None

    @staticmethod
    def _surname_end(text: str, end: int, unknown: Sequence[str] = ()) -> int:
        """Where a lower-case name ends: past up to two words after the first name that are no ordinary word
        (and the particles among them), which a first name in lower case is followed by only as its surname."""
        words = 0
        while words < 2:
            following = _NEXT_LOWER.match(text, end)
            if following is None or not following.group(1).islower():
                break
            word = base(following.group(1))
            if word in _LOWER_PARTICLES:
                end = following.end()
                continue
            if ordinary_lower(word) or (definite_noun(word) and word not in unknown) or word in GLOSSARY_WORDS:
                break
            end = following.end()
            words += 1
        return end

    def _before_pronoun(self, text: str, end: int) -> Hit | None:
        """"mahnaz og jeg var enige": a lower-case word opening a sentence, before "og jeg" or "and I", that is no
        ordinary word (a sentence seldom opens in lower case, and "Han og jeg" opens with a pronoun)."""
        before = _LOWER_BEFORE.search(text, max(0, end - 32), end + 1)
        if before is None:
            return None
        word = before.group(1)
        if (not word.islower() or ordinary_lower(word) or definite_noun(word)
                or not sentence_initial(text, before.start(1))):
            return None
        return Hit(NAME, before.start(1), before.end(1))

    def _after_first_name(self, text: str, start: int, end: int) -> Hit | None:
        """A listed surname in lower case after any listed first name, even one that is also a word ("ida lunde",
        "bjørn hanssen"), or opening a sentence ("eliassen fra HR ba oss"): the surname is no ordinary word."""
        before = _LOWER_BEFORE.search(text, max(0, start - 32), start)
        if before is None or before.group(1).title() not in self._first or before.group(1) in STOP:
            if sentence_initial(text, start):
                return Hit(NAME, start, possessive_end(text, end))
            return None
        return Hit(NAME, before.start(1), possessive_end(text, end))

    def _cleft(self, text: str) -> Iterator[Hit]:
        """"Det var gugu som foreslo", "It was curt who suggested": the words between are someone."""
        for match in _CLEFT.finditer(text):
            words = match.group(1).split()
            if any(ordinary_lower(base(word)) for word in words) or not match.group(1).islower():
                continue
            yield Hit(NAME, match.start(1), match.end(1))

    def _after_title(self, text: str, end: int) -> Hit | None:
        """"kollega tadesse haile sa", "søkeren min amina sa": up to three lower-case words between a title
        (and a possessive) and a verb of speech, none of them an ordinary word."""
        words: list[re.Match[str]] = []
        position = end
        for _ in range(5):
            following = _NEXT_LOWER.match(text, position)
            if following is None:
                return None
            word = following.group(1)
            if word in PERSON_VERBS:
                break
            if not words and word in POSSESSIVES:
                position = following.end()
                continue
            if not word.islower() or ordinary_lower(word) or len(words) == 3:
                return None
            words.append(following)
            position = following.end()
        else:
            return None
        if not words:
            return None
        return Hit(NAME, words[0].start(1), words[-1].end(1))


def _after_title_and_comma(text: str, start: int) -> bool:
    """"Søkeren, robert odhiambo, hadde": a title, a comma and then the name (an apposition)."""
    if text[max(0, start - 2):start] not in (", ", ",\u00a0"):
        return False
    return previous_word(text + " ", start - 1) in TITLES


#: "Panelet besto av meg, ..." / "The panel was me, ...": a pronoun and a comma, and then a list of people
_PRONOUN_AND_COMMA = ("meg, ", "me, ", "deg, ", "you, ", "oss, ", "us, ")


def _after_pronoun_and_comma(text: str, start: int) -> bool:
    """"besto av meg, siphesihle mazalankosi og": after an object pronoun and a comma, the list goes on with people."""
    before = text[max(0, start - 5):start].lower()
    return before.endswith(_PRONOUN_AND_COMMA) and (start < 6 or not text[start - 6].isalpha()
                                                     or before.endswith(("meg, ", "deg, ", "oss, ")))
