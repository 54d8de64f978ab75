"""Terms the trainer lists (the cohort's roster names, organisations): found in any case, on word boundaries.

These lists name the very people and employers a reflection could identify, so they are matched
unconditionally, unlike the name heuristics. Matching is by words and set look-ups, not by one big
regex alternation: a roster of thirty people is ninety alternatives, which ``re`` would try at every
position of every text, while here a text that names nobody on the list costs one ``findall``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .context import next_word, sentence_initial
from .hits import Hit
from .vocabulary import PERSON_VERBS

WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_POSSESSIVES = ("'s", "’s", "'", "’", "s")
#: what may separate the words of one listed term: spaces, or "&", "." and "," beside them ("Aune & co.")
_GAP = re.compile(r"[ \t\u00a0]*[&.,]?[ \t\u00a0]+|[&.]")


def _words(term: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in WORD.findall(term))


class ListedTerms:
    """Finds the words and word sequences of ``terms`` in a text, each reported as a hit of ``kind``.

    With ``parts`` every word of a term is also a term of its own (a roster's "Anne Berg" is also
    "Anne" and "Berg"). A single word in ``ambiguous`` ("per", "bo", "liv") counts only when
    written with a capital and, at a sentence's start, only before a verb like "sa": "Per sa" is
    the cohort's Per, "per år" and "Per år" are Norwegian for "a year". Every term may carry a
    possessive ending ("Annes", "Anne's").
    """

    def __init__(self, terms: Iterable[str], kind: str, *, parts: bool = False,
                 ambiguous: frozenset[str] = frozenset()) -> None:
        self.kind = kind
        self._ambiguous = ambiguous
        sequences: set[tuple[str, ...]] = set()
        for term in terms:
            words = _words(term)
            if not words:
                continue
            sequences.add(words)
            if parts:
                sequences.update((word,) for word in words if len(word) > 1)
                sequences.update((piece,) for word in words for piece in word.split("-") if len(piece) > 1)
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in sorted(sequences, key=len, reverse=True):
            self._by_first.setdefault(words[0], []).append(words)
        self._gate = frozenset(self._by_first) | frozenset(
            first + ending for first in self._by_first for ending in _POSSESSIVES
        )

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, text: str, lowered_words: set[str] | None = None) -> Iterator[Hit]:
        """Hits in ``text``; ``lowered_words`` (the text's words in lower case) lets a caller share the gate.

        Only the words the gate lets through are looked for, with ``str.find`` on the lower-cased
        text, so the cost is in C and grows with the hits, not with the list.
        """
        if not self._by_first:
            return
        if lowered_words is None:
            lowered_words = set(WORD.findall(text.lower()))
        present = self._gate.intersection(lowered_words)
        if not present:
            return
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): offsets would drift
            lowered = "".join(c.lower()[:1] for c in text)
        starts: set[int] = set()
        for word in present:
            position = lowered.find(word)
            while position != -1:
                if (position == 0 or not _is_word_char(lowered[position - 1])) and not _is_word_char(
                    lowered[position + len(word):position + len(word) + 1]
                ):
                    starts.add(position)
                position = lowered.find(word, position + 1)
        covered_to = -1
        for position in sorted(starts):
            if position < covered_to:
                continue
            end = self._match_at(text, position)
            if end:
                if text[end - 1:end] in ("s", "x", "z") and text[end:end + 1] in ("'", "’"):
                    end += 1  # the possessive apostrophe of "Yilmaz'" goes with the name
                yield Hit(self.kind, position, end)
                covered_to = end

    def _match_at(self, text: str, position: int) -> int:
        """Where the longest listed term starting at ``position`` ends (0 for none)."""
        first = WORD.match(text, position)
        if first is None:
            return 0
        lower = first.group().lower()
        candidates = self._by_first.get(lower)
        if candidates is None:
            for ending in _POSSESSIVES:
                if lower.endswith(ending) and (candidates := self._by_first.get(lower[: -len(ending)])):
                    candidates = [words for words in candidates if len(words) == 1]
                    break
        for words in candidates or ():
            if len(words) == 1:
                if words[0] in self._ambiguous and not self._capitalised_person(text, first):
                    continue
                return first.end()
            end = self._sequence_end(text, first, words)
            if end:
                return end
        return 0

    @staticmethod
    def _capitalised_person(text: str, word: re.Match[str]) -> bool:
        if not word.group()[0].isupper():
            return False
        return not sentence_initial(text, word.start()) or next_word(text, word.end()) in PERSON_VERBS

    @staticmethod
    def _sequence_end(text: str, first: re.Match[str], words: tuple[str, ...]) -> int:
        """Where ``words`` end when they follow on from ``first`` (0 when they do not)."""
        previous = first
        for offset, word in enumerate(words[1:], start=1):
            gap = _GAP.match(text, previous.end())
            token = WORD.match(text, gap.end()) if gap else None
            if token is None:
                return 0
            actual = token.group().lower()
            last = offset == len(words) - 1
            if actual != word and not (last and any(actual == word + ending for ending in _POSSESSIVES)):
                return 0
            previous = token
        return previous.end()


def _is_word_char(char: str) -> bool:
    return bool(char) and (char.isalnum() or char in "-'’")
