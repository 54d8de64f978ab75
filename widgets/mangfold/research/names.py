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
emphasis. Names written in lower case have rules of their own (``lower_names``).

The course's own terms and the authors it cites are never names on their own (``course_terms``);
citations are protected spans the caller passes in as blocked (``citations``). All of it is set
look-ups and string slicing on the tokens of one regex pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

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
from .lexicon import Lexicon
from .lower_names import LowerCaseNames
from .name_words import STOP, WITH_PRONOUN, base, definite_noun, inside, is_known
from .recognisers import UPPER
from .vocabulary import (
    COMMON_WORDS,
    EN_THING_BEFORE,
    INSTITUTIONS,
    NEVER_NAMES,
    PERSON_VERBS,
    TITLES,
    english_words,
    known_names,
)

#: a capitalised word, with the apostrophe of a possessive after s, x or z ("Aas'", "Tomas’")
_CAPITALISED = re.compile(rf"{UPPER}[^\W\d_]*(?:[-'’][^\W\d_]+)*(?:(?<=[sxz])['’](?![^\W\d_]))?")
#: what may stand between two parts of one name: a space, or a particle ("Ludwig van Beethoven")
_JOINS = frozenset({" ", "\u00a0", " van ", " von ", " de ", " der ", " den ", " van der ", " van den ", " von der ",
                    " de la ", " del ", " de los ", " di ", " du ", " le ", " bin ", " ibn ", " al ", " el ", " la ",
                    " da ", " dos ", " das ", " do "})
#: what joins two people in a list: "Ingrid og Goffredo", "Anne, Bo and Dawit"
_COORDINATIONS = frozenset({" og ", " and ", " eller ", " or ", ", ", " & "})
#: "i Aftenposten", "på Facebook", "via Finn": an unknown word after these is a place or a medium, not a person
_PLACE_PREPOSITIONS = frozenset({"i", "på", "via"})
#: an acronym right before a word: "HR Director", "IT Manager" name a role, not a person
_ACRONYM_BEFORE = re.compile(rf"(?<![^\W_]){UPPER}{{2,6}}[ \u00a0]$")
#: "fra HR", "from the union": where a person is from, between a name and what the person said
_FROM = frozenset({"fra", "from", "i", "in", "hos", "at"})
_FROM_WHERE = re.compile(
    r"[ \u00a0](?:fra|from|i|in|hos|at)(?:[ \u00a0](?:the|det|den))?[ \u00a0][^\W\d_]+(?:-[^\W\d_]+)?"
)
#: the longest acronym read as one, not as a word in capitals ("HR", "LDO", "NAV"; "KARI" is a word)
_ACRONYM_LENGTH = 3

#: (start, end, the word as judged, whether it was written in capitals)
Token = tuple[int, int, str, bool]


class NameFinder:
    """Finds names by shape and lists; built once (the name sets are shared) and used for every text."""

    def __init__(self) -> None:
        self._names = known_names()
        self._authors = distinctive_authors()
        self._lexicon = Lexicon()
        self._lower = LowerCaseNames(self._lexicon)
        self._english = english_words()

    def find(self, text: str, blocked: Sequence[tuple[int, int]] = (), *, norwegian: bool = True,
             named: Sequence[tuple[int, int]] = (), lowered_words: set[str] | None = None) -> Iterator[Hit]:
        """Names in ``text``.

        Words inside ``blocked`` spans (sorted, not overlapping: already an e-mail, an address, a roster
        name, a citation) are skipped; ``named`` are those of the blocked spans that are names, for the
        "Ingrid og Goffredo" rule. ``norwegian`` says the text is bokmål or nynorsk, where a capital in mid-sentence is
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
            if blocked and inside(starts, blocked, start, end):
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
        unknown = self._lower.unknown(lowered_words, norwegian, text) if lowered_words is not None else None
        if lowered_words is None or self._lower.candidates(lowered_words, unknown or ()):
            found.extend(self._lower.find(text, starts, blocked, lowered_words, norwegian, unknown))
        yield from found

    def _acronym(self, word: str) -> bool:
        """"HR", "LDO", "NAV", "IT": read as an acronym, not as a word in capitals ("KARI", "BO", "LIE" are words)."""
        lower = word.lower()
        if lower in COURSE_WORDS or lower in NEVER_NAMES or lower in COURSE_ACRONYMS:
            return True
        return len(word) <= _ACRONYM_LENGTH and not is_known(word.title(), self._names)

    def _judge(self, text: str, run: list[Token], norwegian: bool, found: list[Hit], doubtful: list[Token]) -> None:
        """Add the parts of one run of capitalised words that are names to ``found``; near-misses to ``doubtful``."""
        if len(run) == 1:
            word = run[0][2]
            if len(word) == 1 or base(word).lower() in STOP:
                return  # "I", "D", "Vi", "Kandidaten"
            if self._single_is_name(text, run[0], norwegian, previous_word(text, run[0][0]) in TITLES):
                found.append(Hit(NAME, run[0][0], run[0][1]))
            else:
                doubtful.append(run[0])
            return
        if any(base(token[2]).lower() in INSTITUTIONS for token in run):
            return  # "the Equality and Anti-Discrimination Act", "Oslo Universitetssykehus"
        titled = previous_word(text, run[0][0]) in TITLES
        while run and base(run[0][2]).lower() in STOP and not self._name_before_name(run, 0):
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
        return i + 1 < len(run) and is_known(run[i][2], self._names) and is_known(run[i + 1][2], self._names)

    def _run_is_name(self, piece: list[Token]) -> bool:
        """Two or more capitalised words: a name when one is a known name, or when one is no ordinary word.

        Cited authors together ("Di Stefano", "Van Knippenberg") are not; nor is a run of the course's
        concepts and everyday English words in which no word is a name ("Structured Interview").
        """
        lowers = [base(token[2]).lower() for token in piece]
        if all(lower in COURSE_AUTHORS or lower in PARTICLES for lower in lowers):
            return False
        if any(is_known(token[2], self._names) for token in piece):
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
        if lower in STOP or lower in self._authors:
            return False
        if titled:
            return True
        known = is_known(word, self._names)
        if capitals and (known or self._ordinary(lower)) and not (known and lower in COMMON_WORDS):
            return known
        initial = sentence_initial(text, start)
        if known and (lower not in COMMON_WORDS or not initial):
            return True
        if known or initial:
            return self._person_after(text, end, lower) or (
                initial and not self._lexicon.ordinary(
                    lower, self._lexicon.norwegian_capitalised if norwegian else self._lexicon.capitalised, norwegian))
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
            if affiliation and next_word(text, affiliation.end()) in PERSON_VERBS and not definite_noun(lower):
                return True
        return WITH_PRONOUN.match(text, end) is not None and not definite_noun(lower)

def _coordinated(
    text: str, doubtful: list[Token], names: list[tuple[int, int]], known: frozenset[str]
) -> Iterator[Hit]:
    """Doubtful words joined to a name by "og", "and", "," ...: "Både Ingrid og Goffredo" names both; a known
    name right beside a name is its other part ("Frank" before the roster's "Strand")."""
    ends = {end for _, end in names}
    starts = {start for start, _ in names}
    for start, end, word, _capitals in doubtful:
        if is_known(word, known) and (start - 1 in ends or end + 1 in starts) and (
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
