"""Personal names without a list of who: capitalised words judged by name lists and the words around them.

Bokmål capitalises little besides names and places inside a sentence, so there a capitalised word
is strong evidence; at the start of a sentence it is none, and there the recogniser asks for more (a
known name that is not also an ordinary word, a surname after it, a verb like "sa" after it). A run
of capitalised words is judged as a whole, so "Dawit Tesfaye" is caught by its shape when neither
word is in any list, and a word joined by "og"/"and" to a name is taken to be a name too. All of it
is set look-ups and string slicing on the tokens of one regex pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from .context import next_word, previous_word, sentence_initial
from .hits import NAME, Hit
from .recognisers import UPPER
from .vocabulary import COMMON_WORDS, FUNCTION_WORDS, INSTITUTIONS, NEVER_NAMES, PERSON_VERBS, TITLES, known_names

#: a capitalised word, with the apostrophe of a possessive after s, x or z ("Aas'", "Tomas’")
_CAPITALISED = re.compile(rf"{UPPER}[^\W\d_]*(?:[-'’][^\W\d_]+)*(?:(?<=[sxz])['’](?![^\W\d_]))?")
#: what may stand between two parts of one name: a space, or a particle ("Ludwig van Beethoven")
_JOINS = frozenset({" ", "\u00a0", " van ", " von ", " de ", " der ", " den ", " van der ", " van den ", " von der ",
                    " de la ", " bin ", " ibn ", " al ", " el ", " la ", " da ", " dos "})
#: what joins two people in a list: "Ingrid og Goffredo", "Anne, Bo and Dawit"
_COORDINATIONS = frozenset({" og ", " and ", " eller ", " or ", ", ", " & "})
_STOP = NEVER_NAMES | TITLES | FUNCTION_WORDS
#: "i Aftenposten", "på Facebook", "via Finn": an unknown word after these is a place or a medium, not a person
_PLACE_PREPOSITIONS = frozenset({"i", "på", "via"})

Token = tuple[int, int, str]


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


class NameFinder:
    """Finds names by shape and lists; built once (the name sets are shared) and used for every text."""

    def __init__(self) -> None:
        self._names = known_names()

    def find(self, text: str, blocked: Sequence[tuple[int, int]] = (), *, norwegian: bool = True,
             named: Sequence[tuple[int, int]] = ()) -> Iterator[Hit]:
        """Names in ``text``.

        Words inside ``blocked`` spans (already an e-mail, an address, a roster name) are skipped;
        ``named`` are those of the blocked spans that are names, for the "Ingrid og Goffredo" rule.
        ``norwegian`` says the text is bokmål or nynorsk, where a capital in mid-sentence is itself evidence.
        """
        starts = [span[0] for span in blocked]
        found: list[Hit] = []
        doubtful: list[Token] = []
        run: list[Token] = []
        for match in _CAPITALISED.finditer(text):
            start, end = match.span()
            if start and (text[start - 1].isalnum() or text[start - 1] in "@./_"):
                continue  # the inner capital of "McDonald" or of a domain, not a word of its own
            if end - start > 2 and text[start + 1] == "-":
                continue  # "D-nummer", "E-post": a letter and a noun
            if blocked and _inside(starts, blocked, start, end):
                continue
            token = (start, end, match.group())
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
        yield from found

    def _judge(self, text: str, run: list[Token], norwegian: bool, found: list[Hit], doubtful: list[Token]) -> None:
        """Add the parts of one run of capitalised words that are names to ``found``; near-misses to ``doubtful``."""
        if len(run) == 1:
            word = run[0][2]
            if len(word) == 1 or word.isupper() or base(word).lower() in _STOP:
                return  # "I", "D", "HR", "Vi", "Kandidaten"
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
            never = base(token[2]).lower() in NEVER_NAMES and not self._name_before_name(run, i)
            if never or (len(token[2]) > 1 and token[2].isupper()):
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
        """Two or more capitalised words: a name when one is a known name, or when none is an ordinary word."""
        return any(_is_known(token[2], self._names) for token in piece) or not any(
            base(token[2]).lower() in COMMON_WORDS for token in piece
        )

    def _single_is_name(self, text: str, token: Token, norwegian: bool, titled: bool) -> bool:
        """One capitalised word: a name when titled, when a known name that is not an ordinary word, before a
        verb like "sa", or, in bokmål only, when it stands capitalised in mid-sentence: bokmål capitalises
        little else there, English capitalises a great deal (and brands, papers and places still slip in)."""
        start, end, word = token
        lower = base(word).lower()
        if lower in FUNCTION_WORDS or lower in NEVER_NAMES:
            return False
        if titled:
            return True
        initial = sentence_initial(text, start)
        if _is_known(word, self._names):
            return lower not in COMMON_WORDS or not initial or next_word(text, end) in PERSON_VERBS
        if norwegian and not initial and previous_word(text, start) not in _PLACE_PREPOSITIONS:
            return True
        return next_word(text, end) in PERSON_VERBS


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
    for start, end, word in doubtful:
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
