"""What the name recogniser must leave alone: citations of research and the course's own capitalised phrases.

A citation names authors, not people a reflection is about, and it has a shape a colleague's name
seldom has: a year after it ("Schmidt & Hunter 1998", "Sackett mfl. (2022)"), or "et al.", "mfl.",
"og kolleger" after an author the course cites ("ifølge Sackett og kolleger"), or several cited
authors joined ("Campion, Palmer & Campion"). The spans found here are *protected*: the name
heuristics skip them, but the roster, the organisations and every recogniser with a shape (phones,
identity numbers, e-mail) still run over them, so protecting a span never lets personal data through
that a list or a shape would have caught.

The protection is kept narrow on purpose: a capitalised word followed by a year is a citation only
when the word before it is not a first name ("Ola Hansen 2019" stays a name), and "X og kolleger"
without a year only for the course's own authors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .course_terms import COURSE_AUTHORS, COURSE_PHRASES, PARTICLES
from .listed import ListedTerms
from .recognisers import UPPER
from .vocabulary import COMMON_WORDS, english_words, first_names

_SP = r"[ \u00a0]"
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
_NAME = rf"{UPPER}[^\W\d_]{{1,30}}(?:-{UPPER}[^\W\d_]{{1,30}})?"
#: one author: a surname, maybe with a particle ("van Dijk", "Di Stefano")
_AUTHOR = rf"(?:(?:{_PARTICLE}|{_PARTICLE.title()}){_SP})?{_NAME}"
_AUTHORS = rf"{_AUTHOR}(?:,{_SP}{_AUTHOR}){{0,6}}(?:,?{_SP}(?:&|og|and){_SP}{_AUTHOR})?"
_ET_AL = (rf"{_SP}(?:m\.?{_SP}?fl\.?|et{_SP}al\.?|og{_SP}(?:kolleger|kollegaer|medarbeidere|medforfattere)"
          rf"|and{_SP}(?:colleagues|co-?workers|co-?authors))")
#: "1998", "(2022)", "2022a", ", 2022", "(2011, JPSP)", "(2014:33)"
_YEAR = rf",?{_SP}\(?(?:19|20)\d\d[a-z]?(?:[,;:][^()\n]{{0,40}})?\)?"
#: the look-ahead for a capital or a particle's first letter lets ``re`` pass over most positions at once
_CITATION = re.compile(
    rf"(?=[{UPPER[1:-1]}vdl])(?<![^\W\d_])(?P<authors>{_AUTHORS})(?P<etal>{_ET_AL})?(?P<year>{_YEAR})?(?![^\W\d_])"
)
#: a citation's tail: a year, or "mfl."/"et al."/"og kolleger"; the citation regex runs only around one
_YEAR_HINT = re.compile(r"[12]\d\d\d")
_ET_AL_HINT = re.compile(r"m\.? ?fl|et al|kolleg|colleag|medarbeid|medforfatt|co-?workers|co-?authors")
#: the words of "mfl.", "et al.", "og kolleger"...: the hint regex runs only when one is in the text
_ET_AL_WORDS = frozenset({"mfl", "fl", "al", "kolleger", "kollegaer", "colleagues", "medarbeidere", "medforfattere",
                          "co-workers", "coworkers", "co-authors", "coauthors"})
#: how far before its tail a citation's first author may start ("van Dijk, van Engen & van Knippenberg 2012")
_REACH = 100
_SPLIT = re.compile(rf",?{_SP}(?:&|og|and){_SP}|,{_SP}")
_WORD_BEFORE = re.compile(rf"({UPPER}[^\W\d_]*){_SP}$")


def _authors(group: str) -> list[str]:
    """The surnames of an author list, in lower case and without particles."""
    return [part.split()[-1].lower() for part in _SPLIT.split(group) if part]


#: the cited authors whose names are no everyday word: a text holding one is read whole for "Schmidt og Hunter"
#: (a citation without a year); "hand", "green" and "bell" are in too many texts to be worth the read
_UNTAILED_AUTHORS = COURSE_AUTHORS - COMMON_WORDS - english_words()


def _a_year(text: str, start: int, end: int) -> bool:
    """Four digits from 1900 to 2099 standing alone (not part of a longer number)."""
    return (text[start:start + 2] in ("19", "20") and not (start and text[start - 1].isdigit())
            and not (end < len(text) and text[end].isdigit()))


def _capital_before(text: str, position: int) -> bool:
    """Whether the word before ``position`` (past spaces, brackets and commas) is capitalised or "al."/"fl.":
    "Sackett 2022", "Sackett et al. 2022", never "i 2022" or "fra 2019"."""
    i = position - 1
    while i >= 0 and text[i] in " \u00a0(,":
        i -= 1
    if i < 0:
        return False
    if text[i] == ".":
        return text[max(0, i - 2):i] in ("al", "fl")
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "-"):
        i -= 1
    return text[i].isupper()


def _after_first_name(text: str, start: int) -> bool:
    """True when a capitalised first name stands right before ``start``: "Ola |Hansen 2019" is a person."""
    before = _WORD_BEFORE.search(text, max(0, start - 32), start)
    return before is not None and before.group(1) in first_names()


class Protected:
    """Finds the spans of a text the name heuristics must not mark; one instance serves every text."""

    def __init__(self) -> None:
        self._phrases = ListedTerms(COURSE_PHRASES, "KEEP")

    def find(self, text: str, lowered_words: set[str]) -> list[tuple[int, int]]:
        """Protected spans in text order (they may overlap; the caller merges them)."""
        spans = [(hit.start, hit.end) for hit in self._phrases.find(text, lowered_words)]
        if not _UNTAILED_AUTHORS.isdisjoint(lowered_words):
            spans.extend(self._citations(text, 0, len(text)))  # "Schmidt og Hunter": authors need no tail
        else:
            tails = [year for year in _YEAR_HINT.finditer(text) if _a_year(text, year.start(), year.end())]
            if not _ET_AL_WORDS.isdisjoint(lowered_words):
                tails += _ET_AL_HINT.finditer(text)
            for tail in tails:
                if _capital_before(text, tail.start()):
                    spans.extend(self._citations(text, max(0, tail.start() - _REACH), tail.end() + 48))
        return sorted(spans)

    @staticmethod
    def _citations(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        for match in _CITATION.finditer(text, start, end):
            authors = _authors(match.group("authors"))
            cited = all(author in COURSE_AUTHORS for author in authors)
            if match.group("year"):
                if len(authors) == 1 and not cited and match.group("etal") is None and (
                        match.group("authors") in first_names()):
                    continue  # "Kari (2019)": a first name and a year is someone hired that year
                if _after_first_name(text, match.start()):
                    continue
            elif not cited or (match.group("etal") is None and len(authors) < 2):
                continue
            yield match.span()
