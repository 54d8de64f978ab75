"""Personal names without a list of who: words judged by name lists, by their case and by the words around them.

Bokmål capitalises little besides names and places inside a sentence, so there a capitalised word
is strong evidence; at the start of a sentence it is none, and there the recogniser asks for more (a
known name that is not also an ordinary word, a surname after it, a verb like "sa" after it, or "og
jeg" after it). English capitalises far more, so a lone capitalised word in mid-sentence is a name
there unless an article, a possessive or a preposition of place stands before it, or it is an
everyday English word. A run of capitalised words is judged as a whole, so "Dawit Tesfaye" is caught
by its shape when neither word is in any list, and a word joined by "og"/"and" to a name is taken to
be a name too. Words in capitals are judged as the same word capitalised ("MÁRET SOMBY" is Máret
Somby), except short acronyms ("HR", "LDO") and everyday words the scrubber knows, in capitals for
emphasis. Names written in lower case are found by the lists and their context only ("snakket med
kari", "kollega tadesse sa"): a lower-case word is an ordinary word unless something says otherwise.

The course's own terms and the authors it cites are never names on their own (``course_terms``);
citations are protected spans the caller passes in as blocked (``citations``). All of it is set
look-ups and string slicing on the tokens of one regex pass, plus ``str.find`` for lower-case names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache

from .context import next_word, previous_word, sentence_initial
from .course_terms import (
    COURSE_ACRONYMS,
    COURSE_AUTHORS,
    COURSE_WORDS,
    GLOSSARY_WORDS,
    PARTICLES,
    distinctive_authors,
)
from .hits import NAME, Hit
from .recognisers import UPPER
from .vocabulary import (
    COMMON_WORDS,
    EN_PRONOUNS,
    EN_THING_BEFORE,
    FUNCTION_WORDS,
    INSTITUTIONS,
    NB_PRONOUNS,
    NEVER_NAMES,
    PERSON_BEFORE,
    PERSON_VERBS,
    POSSESSIVES,
    TITLES,
    english_words,
    first_names,
    known_names,
    last_names,
)

#: a capitalised word, with the apostrophe of a possessive after s, x or z ("Aas'", "Tomas’")
_CAPITALISED = re.compile(rf"{UPPER}[^\W\d_]*(?:[-'’][^\W\d_]+)*(?:(?<=[sxz])['’](?![^\W\d_]))?")
#: what may stand between two parts of one name: a space, or a particle ("Ludwig van Beethoven")
_JOINS = frozenset({" ", "\u00a0", " van ", " von ", " de ", " der ", " den ", " van der ", " van den ", " von der ",
                    " de la ", " del ", " de los ", " di ", " du ", " le ", " bin ", " ibn ", " al ", " el ", " la ",
                    " da ", " dos ", " das ", " do "})
#: the particles of names written in lower case ("duuk van goerle", "maurice ó madaidhin")
_LOWER_PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "di", "du", "le", "la", "da", "dos", "das",
                              "bin", "ibn", "al", "el", "ó", "ní", "mac", "nic"})
#: what joins two people in a list: "Ingrid og Goffredo", "Anne, Bo and Dawit"
_COORDINATIONS = frozenset({" og ", " and ", " eller ", " or ", ", ", " & "})
_STOP = NEVER_NAMES | TITLES | FUNCTION_WORDS | COURSE_WORDS
#: "i Aftenposten", "på Facebook", "via Finn": an unknown word after these is a place or a medium, not a person
_PLACE_PREPOSITIONS = frozenset({"i", "på", "via"})
#: a person follows: "Gudrun og jeg", "Tadesse and I" (checked right after a word); English "I" only in
#: capitals, since bokmål's "og i" is "and in"
_WITH_PRONOUN = re.compile(
    rf"[ \u00a0](?:og[ \u00a0](?:{'|'.join(sorted(NB_PRONOUNS))})|and[ \u00a0](?:I|{'|'.join(sorted(EN_PRONOUNS))}))"
    r"(?![^\W_])")
#: an acronym right before a word: "HR Director", "IT Manager" name a role, not a person
_ACRONYM_BEFORE = re.compile(rf"(?<![^\W_]){UPPER}{{2,6}}[ \u00a0]$")
#: the lower-case word after a position, and the one before it, for names written in lower case
_NEXT_LOWER = re.compile(r"[ \u00a0]+([^\W\d_]+(?:-[^\W\d_]+)?)")
#: a cleft sentence around a person: "Det var X som", "It was X who" (X in lower case, one or two words)
_CLEFT = re.compile(r"(?:[Dd]et var|[Ii]t was)[ \u00a0]([^\W\d_]+(?:[ \u00a0][^\W\d_]+)?)[ \u00a0](?:som|who)\b")
_LOWER_BEFORE = re.compile(r"(?<![^\W_])([^\W\d_]+(?:-[^\W\d_]+)?)[ \u00a0]+$")
_PERSON_CONTEXT = PERSON_BEFORE | TITLES
#: "fra HR", "from the union": where a person is from, between a name and what the person said
_FROM = frozenset({"fra", "from", "i", "in", "hos", "at"})
_FROM_WHERE = re.compile(
    r"[ \u00a0](?:fra|from|i|in|hos|at)(?:[ \u00a0](?:the|det|den))?[ \u00a0][^\W\d_]+(?:-[^\W\d_]+)?"
)
#: the longest acronym read as one, not as a word in capitals ("HR", "LDO", "NAV"; "KARI" is a word)
_ACRONYM_LENGTH = 3

#: (start, end, the word as judged, whether it was written in capitals)
Token = tuple[int, int, str, bool]


def base(word: str) -> str:
    """The word without a possessive ending: "Anne's" and "Anne’s" are Anne ("Annes" is judged in ``_is_known``)."""
    if word.endswith(("'s", "’s")):
        return word[:-2]
    if word.endswith(("'", "’")):
        return word[:-1]
    return word


def _is_known(word: str, names: frozenset[str]) -> bool:
    if word in names:
        return True
    stem = base(word)
    if stem in names or (stem.endswith("s") and stem[:-1] in names):
        return True
    return "-" in stem and any(part in names for part in stem.split("-"))


@cache
def _lower_first_names() -> frozenset[str]:
    """First names as a lower-case word may be one: three letters or more, and no ordinary word."""
    ordinary = _STOP | COMMON_WORDS | PERSON_VERBS | POSSESSIVES | english_words() | COURSE_AUTHORS
    return frozenset(n.lower() for n in first_names() if len(n) > 2 and n.lower() not in ordinary)


@cache
def _lower_last_names() -> frozenset[str]:
    ordinary = _STOP | COMMON_WORDS | PERSON_VERBS | POSSESSIVES | english_words()
    return frozenset(n.lower() for n in last_names() if len(n) > 1 and n.lower() not in ordinary)


def _ordinary_lower(word: str) -> bool:
    """A lower-case word that is never part of a name written in lower case."""
    return (word in _STOP or word in COMMON_WORDS or word in PERSON_VERBS or word in POSSESSIVES
            or word in english_words())


class NameFinder:
    """Finds names by shape and lists; built once (the name sets are shared) and used for every text."""

    def __init__(self) -> None:
        self._names = known_names()
        self._authors = distinctive_authors()
        self._lower_first = _lower_first_names()
        self._lower_last = _lower_last_names()
        self._surnames = last_names()
        self._first = first_names()
        self._english = english_words()

    def find(self, text: str, blocked: Sequence[tuple[int, int]] = (), *, norwegian: bool = True,
             named: Sequence[tuple[int, int]] = (), lowered_words: set[str] | None = None) -> Iterator[Hit]:
        """Names in ``text``.

        Words inside ``blocked`` spans (sorted, not overlapping: already an e-mail, an address, a roster
        name, a citation) are skipped; ``named`` are those of the blocked spans that are names, for the
        "Ingrid og Goffredo" rule. ``norwegian`` says the text is bokmål, where a capital in mid-sentence is
        itself evidence. ``lowered_words`` (the text's words in lower case) lets the lower-case rules skip
        a text with no candidate at all.
        """
        starts = [span[0] for span in blocked]
        found: list[Hit] = []
        doubtful: list[Token] = []
        run: list[Token] = []
        for match in _CAPITALISED.finditer(text):
            start, end = match.span()
            if start and (text[start - 1].isalnum() or text[start - 1] in "@./_"):
                continue  # the inner capital of "McDonald" or of a domain, not a word of its own
            word = match.group()
            if "-" in word:
                hyphen = word.index("-")
                if hyphen == 1 or (word[:hyphen].isupper() and word[hyphen + 1:hyphen + 2].islower()):
                    continue  # "D-nummer", "CV-en", "HR-sjefen", "NAV-kontoret": a letter or acronym and a noun
            if blocked and _inside(starts, blocked, start, end):
                continue
            capitals = end - start > 1 and word.isupper()
            if capitals and self._acronym(word):
                if run:
                    self._judge(text, run, norwegian, found, doubtful)
                run = []
                continue
            token = (start, end, word.title() if capitals else word, capitals)
            if run and text[run[-1][1]:start] in _JOINS:
                run.append(token)
                continue
            if run:
                self._judge(text, run, norwegian, found, doubtful)
            run = [token]
        if run:
            self._judge(text, run, norwegian, found, doubtful)
        if doubtful and (found or named):
            found.extend(_coordinated(text, doubtful, [(h.start, h.end) for h in found] + list(named), self._names))
        if lowered_words is None or self._lower_case_candidates(lowered_words):
            found.extend(self._lower_case(text, starts, blocked, lowered_words))
        yield from found

    def _lower_case_candidates(self, lowered_words: set[str]) -> bool:
        """Whether the text has any word a lower-case rule starts from (set look-ups: most texts have none)."""
        return not (self._lower_first.isdisjoint(lowered_words) and self._lower_last.isdisjoint(lowered_words)
                    and (TITLES.isdisjoint(lowered_words) or PERSON_VERBS.isdisjoint(lowered_words))
                    and ("og" not in lowered_words or NB_PRONOUNS.isdisjoint(lowered_words))
                    and ("and" not in lowered_words or "i" not in lowered_words)
                    and ("var" not in lowered_words or "som" not in lowered_words)
                    and ("was" not in lowered_words or "who" not in lowered_words))

    def _acronym(self, word: str) -> bool:
        """"HR", "LDO", "NAV", "IT": read as an acronym, not as a word in capitals ("KARI", "BO", "LIE" are words)."""
        lower = word.lower()
        if lower in COURSE_WORDS or lower in NEVER_NAMES or lower in COURSE_ACRONYMS:
            return True
        return len(word) <= _ACRONYM_LENGTH and not _is_known(word.title(), self._names)

    def _judge(self, text: str, run: list[Token], norwegian: bool, found: list[Hit], doubtful: list[Token]) -> None:
        """Add the parts of one run of capitalised words that are names to ``found``; near-misses to ``doubtful``."""
        if len(run) == 1:
            word = run[0][2]
            if len(word) == 1 or base(word).lower() in _STOP:
                return  # "I", "D", "Vi", "Kandidaten"
            if self._single_is_name(text, run[0], norwegian, previous_word(text, run[0][0]) in TITLES):
                found.append(Hit(NAME, run[0][0], run[0][1]))
            else:
                doubtful.append(run[0])
            return
        if any(base(token[2]).lower() in INSTITUTIONS for token in run):
            return  # "the Equality and Anti-Discrimination Act", "Oslo Universitetssykehus"
        titled = previous_word(text, run[0][0]) in TITLES
        while run and base(run[0][2]).lower() in _STOP and not self._name_before_name(run, 0):
            titled = titled or base(run[0][2]).lower() in TITLES
            run = run[1:]
        pieces: list[list[Token]] = [[]]
        for i, token in enumerate(run):
            lower = base(token[2]).lower()
            if (lower in NEVER_NAMES or lower in COURSE_WORDS) and not self._name_before_name(run, i):
                pieces.append([])
            else:
                pieces[-1].append(token)
        for piece in pieces:
            if not piece:
                continue
            if len(piece) == 1:
                if self._single_is_name(text, piece[0], norwegian, titled):
                    found.append(Hit(NAME, piece[0][0], piece[0][1]))
                else:
                    doubtful.append(piece[0])
            elif titled or self._run_is_name(piece):
                found.append(Hit(NAME, piece[0][0], piece[-1][1]))
            titled = False

    def _name_before_name(self, run: list[Token], i: int) -> bool:
        """"April Jones", "May Moe": a month that is also a first name, before a known name, is a person."""
        return i + 1 < len(run) and _is_known(run[i][2], self._names) and _is_known(run[i + 1][2], self._names)

    def _run_is_name(self, piece: list[Token]) -> bool:
        """Two or more capitalised words: a name when one is a known name, or when one is no ordinary word.

        Cited authors together ("Di Stefano", "Van Knippenberg") are not; nor is a run of the course's
        concepts and everyday English words in which no word is a name ("Structured Interview").
        """
        lowers = [base(token[2]).lower() for token in piece]
        if all(lower in COURSE_AUTHORS or lower in PARTICLES for lower in lowers):
            return False
        if any(_is_known(token[2], self._names) for token in piece):
            return True
        return not all(self._ordinary(lower) for lower in lowers)

    def _ordinary(self, lower: str) -> bool:
        """An everyday word, capitalised for emphasis or as a title: the course's concepts, English words."""
        return lower in GLOSSARY_WORDS or lower in self._english or lower in COMMON_WORDS

    def _single_is_name(self, text: str, token: Token, norwegian: bool, titled: bool) -> bool:
        """One capitalised word: a name when titled; when a known name that is not an ordinary word; before a
        verb like "sa" or before "og jeg"; in bokmål when it stands capitalised in mid-sentence; in English
        when it stands capitalised in mid-sentence after no article, possessive or preposition of place and
        is no everyday English word. A word in capitals that is a known name or an everyday word is judged by
        that alone (a shouted "VIKTIG" is no one); any other is judged as if it were capitalised."""
        start, end, word, capitals = token
        lower = base(word).lower()
        if lower in _STOP or lower in self._authors:
            return False
        if titled:
            return True
        known = _is_known(word, self._names)
        if capitals and (known or self._ordinary(lower)) and not (known and lower in COMMON_WORDS):
            return known
        initial = sentence_initial(text, start)
        if known and (lower not in COMMON_WORDS or not initial):
            return True
        if known or initial:
            return self._person_after(text, end, lower)
        if lower in GLOSSARY_WORDS:
            return False
        if self._person_after(text, end, lower):
            return True
        before = previous_word(text, start)
        if norwegian:
            return before not in _PLACE_PREPOSITIONS
        if before in EN_THING_BEFORE or self._ordinary(lower):
            return False
        return _ACRONYM_BEFORE.search(text, max(0, start - 8), start) is None

    @staticmethod
    def _person_after(text: str, end: int, lower: str) -> bool:
        """A verb of speech after the word ("Per sa"), maybe after where the person is from ("Nagy fra HR ba
        oss", "Wafa from HR asked"), or "og jeg"/"and I" after a word that is no bokmål noun in its definite form
        ("Gudrun og jeg", not "Teamet og jeg")."""
        following = next_word(text, end)
        if following in PERSON_VERBS:
            return True
        if following in _FROM:
            affiliation = _FROM_WHERE.match(text, end)
            if affiliation and next_word(text, affiliation.end()) in PERSON_VERBS and not _definite_noun(lower):
                return True
        return _WITH_PRONOUN.match(text, end) is not None and not _definite_noun(lower)

    # -- names written in lower case ------------------------------------------------------------------
    def _lower_case(self, text: str, starts: list[int], blocked: Sequence[tuple[int, int]],
                    lowered_words: set[str] | None) -> Iterator[Hit]:
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
                if _word_at(text, position, end) and text[position].islower():
                    hit = self._after_first_name(text, position, end)
                    if hit is not None and not (blocked and _inside(starts, blocked, hit.start, hit.end)):
                        yield hit
                position = lowered.find(word, end)
        for word in self._lower_first.intersection(lowered_words):
            position = lowered.find(word)
            while position != -1:
                end = position + len(word)
                if (_word_at(text, position, end) and text[position].islower()
                        and not (blocked and _inside(starts, blocked, position, end))):
                    hit = self._lower_first_name(text, position, end)
                    if hit is not None:
                        yield hit
                position = lowered.find(word, end)
        pronouns = ("og" in lowered_words and not NB_PRONOUNS.isdisjoint(lowered_words)) or (
            "and" in lowered_words and "i" in lowered_words)
        if ("var" in lowered_words and "som" in lowered_words) or ("was" in lowered_words and "who" in lowered_words):
            for hit in self._cleft(text):
                if not (blocked and _inside(starts, blocked, hit.start, hit.end)):
                    yield hit
        for with_pronoun in _WITH_PRONOUN.finditer(text) if pronouns else ():
            hit = self._before_pronoun(text, with_pronoun.start())
            if hit is not None and not (blocked and _inside(starts, blocked, hit.start, hit.end)):
                yield hit
        for title in TITLES.intersection(lowered_words) if not PERSON_VERBS.isdisjoint(lowered_words) else ():
            position = lowered.find(title)
            while position != -1:
                end = position + len(title)
                if _word_at(text, position, end):
                    hit = self._after_title(text, end)
                    if hit is not None and not (blocked and _inside(starts, blocked, hit.start, hit.end)):
                        yield hit
                position = lowered.find(title, end)

    def _lower_first_name(self, text: str, start: int, end: int) -> Hit | None:
        """A listed first name in lower case: a name with a surname after it (any listed surname: "stian vik"),
        with a verb of speech or "og jeg" after it, after a word that takes a person ("med", "ringte") or a title
        and a comma ("søkeren, robert ..."), or opening a sentence (which a sentence seldom does in lower case).
        Unknown lower-case words right after it are taken as its surname ("med bianca barbosa og")."""
        following = _NEXT_LOWER.match(text, end)
        if following and following.group(1).islower():
            surname = following.group(1)
            if surname in self._lower_last or (surname.title() in self._surnames and surname not in _STOP):
                return Hit(NAME, start, _possessive_end(text, following.end()))
        if (next_word(text, end) in PERSON_VERBS or _WITH_PRONOUN.match(text, end)
                or previous_word(text, start) in _PERSON_CONTEXT or sentence_initial(text, start)
                or _after_title_and_comma(text, start)):
            return Hit(NAME, start, _possessive_end(text, self._surname_end(text, end)))
        return None

    @staticmethod
    def _surname_end(text: str, end: int) -> int:
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
            if _ordinary_lower(word) or _definite_noun(word) or word in GLOSSARY_WORDS:
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
        if (not word.islower() or _ordinary_lower(word) or _definite_noun(word)
                or not sentence_initial(text, before.start(1))):
            return None
        return Hit(NAME, before.start(1), before.end(1))

    def _after_first_name(self, text: str, start: int, end: int) -> Hit | None:
        """A listed surname in lower case after any listed first name, even one that is also a word ("ida lunde",
        "bjørn hanssen"), or opening a sentence ("eliassen fra HR ba oss"): the surname is no ordinary word."""
        before = _LOWER_BEFORE.search(text, max(0, start - 32), start)
        if before is None or before.group(1).title() not in self._first or before.group(1) in _STOP:
            if sentence_initial(text, start):
                return Hit(NAME, start, _possessive_end(text, end))
            return None
        return Hit(NAME, before.start(1), _possessive_end(text, end))

    def _cleft(self, text: str) -> Iterator[Hit]:
        """"Det var gugu som foreslo", "It was curt who suggested": the words between are someone."""
        for match in _CLEFT.finditer(text):
            words = match.group(1).split()
            if any(_ordinary_lower(base(word)) for word in words) or not match.group(1).islower():
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
            if not word.islower() or _ordinary_lower(word) or len(words) == 3:
                return None
            words.append(following)
            position = following.end()
        else:
            return None
        if not words:
            return None
        return Hit(NAME, words[0].start(1), words[-1].end(1))


def _definite_noun(lower: str) -> bool:
    """A bokmål noun in its definite form ("teamet", "panelet", "ledelsen", "søkerne"), which "og jeg" may follow
    as well as a name can: "Teamet og jeg" is no person. Names seldom end so ("Steffen" is in the lists)."""
    return lower.endswith(("et", "ene", "ane", "erne")) or (len(lower) > 5 and lower.endswith("en"))


def _after_title_and_comma(text: str, start: int) -> bool:
    """"Søkeren, robert odhiambo, hadde": a title, a comma and then the name (an apposition)."""
    if text[max(0, start - 2):start] not in (", ", ",\u00a0"):
        return False
    return previous_word(text + " ", start - 1) in TITLES


def _possessive_end(text: str, end: int) -> int:
    """``end`` moved past a possessive ending right after it ("kari's", "jonas'")."""
    if text[end:end + 2] in ("'s", "’s"):
        return end + 2
    if text[end:end + 1] in ("'", "’") and text[end - 1:end] in ("s", "x", "z"):
        return end + 1
    return end


def _word_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole word (no letter, digit or hyphen joined on either side)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-'’@._") and not (after.isalnum() or after in "-@")


def _inside(starts: list[int], blocked: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(starts, start) - 1
    return (i >= 0 and blocked[i][1] > start) or (i + 1 < len(blocked) and blocked[i + 1][0] < end)


def _coordinated(
    text: str, doubtful: list[Token], names: list[tuple[int, int]], known: frozenset[str]
) -> Iterator[Hit]:
    """Doubtful words joined to a name by "og", "and", "," ...: "Både Ingrid og Goffredo" names both; a known
    name right beside a name is its other part ("Frank" before the roster's "Strand")."""
    ends = {end for _, end in names}
    starts = {start for start, _ in names}
    for start, end, word, _capitals in doubtful:
        if _is_known(word, known) and (start - 1 in ends or end + 1 in starts) and (
            text[start - 1:start] == " " or text[end:end + 1] == " "
        ):
            yield Hit(NAME, start, end)
            continue
        if base(word).lower() in COMMON_WORDS and sentence_initial(text, start):
            continue
        for join in _COORDINATIONS:
            if (start - len(join) in ends and text[start - len(join):start] == join) or (
                end + len(join) in starts and text[end:end + len(join)] == join
            ):
                yield Hit(NAME, start, end)
                break
