"""The scrubber of the research export: free text in, the same text with personal data replaced by typed markers.

A researcher reads "‹NAVN› sa at ‹ORGANISASJON› ..." and still sees what kind of thing was said
about whom, without the who. One ``Scrubber`` is built per export (it holds the cohort's roster and
the trainer's organisations) and then scrubs every reflection of it; ``SCRUBBER_VERSION`` goes into
the export so a data set says which rules it was scrubbed by.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .citations import Protected
from .hits import MARKERS, NAME, ORG, SPECIFICITY, Hit
from .listed import WORD, ListedTerms
from .names import NameFinder
from .recognisers import find_structured
from .vocabulary import COMMON_WORDS, FUNCTION_WORDS, reads_as_norwegian

#: 1.1: phones of every country (phonenumbers), identity numbers by python-stdnum; 1.2: the course's own
#: terms and citations kept, names in lower case and in capitals, more ways of writing numbers and e-mail,
#: nynorsk reflections (its pronouns, titles and verbs of speech in the word lists); 1.3: a lexicon of ordinary
#: words (wordfreq, Norwegian and English; ``lexicon``): a capitalised word opening a sentence or a quote, or a
#: lower-case word in a person's place (also after "meg, "/"me, ", or beside another such word), that is no
#: ordinary word of the text's language is a name
SCRUBBER_VERSION = "1.3"

__all__ = ["MARKERS", "SCRUBBER_VERSION", "Hit", "ScrubResult", "Scrubber"]


@dataclass(frozen=True)
class ScrubResult:
    """The scrubbed text and what was taken out of it; hits hold spans of the *original* text."""

    text: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        """Hits per kind, for the export's report."""
        return Counter(hit.kind for hit in self.hits)


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits, in text order: of two that overlap the longer wins, then the more specific.

    A phone number inside a URL, or a roster name inside an e-mail address, is thus replaced as part
    of the larger thing rather than cutting it in two and leaving half of it readable.
    """
    if len(hits) < 2:
        return list(hits)
    kept_starts: list[int] = []
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, SPECIFICITY[h.kind], h.start)):
        i = bisect_left(kept_starts, hit.start)
        if i < len(kept) and kept[i].start < hit.end:
            continue
        if i > 0 and kept[i - 1].end > hit.start:
            continue
        kept_starts.insert(i, hit.start)
        kept.insert(i, hit)
    return kept


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined, as the name finder's ``blocked`` must be."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _merge_adjacent_names(hits: list[Hit], text: str) -> list[Hit]:
    """"‹NAVN› ‹NAVN›" becomes one "‹NAVN›": a roster first name and a listed surname are one person,
    and two markers would tell a reader the name had two parts."""
    merged: list[Hit] = []
    for hit in hits:
        joined = merged and merged[-1].kind == NAME and text[merged[-1].end:hit.start] in (" ", "\u00a0")
        if joined and hit.kind == NAME:
            merged[-1] = Hit(NAME, merged[-1].start, hit.end)
        else:
            merged.append(hit)
    return merged


class Scrubber:
    """Scrubs reflections of one export; ``counts`` adds up the hits of every text scrubbed so far."""

    def __init__(self, roster_names: Iterable[str] = (), organisations: Iterable[str] = ()) -> None:
        roster = [name for name in roster_names if name and name.strip()]
        self._roster = ListedTerms(roster, NAME, parts=True, ambiguous=COMMON_WORDS | FUNCTION_WORDS)
        self._organisations = ListedTerms(organisations, ORG)
        self._names = NameFinder()
        self._protected = Protected()
        self.counts: Counter[str] = Counter()

    def find(self, text: str) -> list[Hit]:
        """The hits that ``scrub`` replaces, without replacing them."""
        hits = list(find_structured(text))
        lowered = set(WORD.findall(text.lower()))
        hits.extend(self._organisations.find(text, lowered))
        hits.extend(self._roster.find(text, lowered))
        kept = _resolve(hits)
        blocked = [(hit.start, hit.end) for hit in kept]
        protected = self._protected.find(text, lowered)
        names = list(self._names.find(
            text,
            _merge_spans(blocked + protected) if protected else blocked,
            norwegian=reads_as_norwegian(lowered),
            named=[(hit.start, hit.end) for hit in kept if hit.kind == NAME],
            lowered_words=lowered,
        ))
        return _merge_adjacent_names(_resolve(kept + names) if names else kept, text)

    def scrub(self, text: str) -> ScrubResult:
        """``text`` with every hit replaced by its kind's marker."""
        hits = self.find(text)
        if not hits:
            return ScrubResult(text, [])
        pieces: list[str] = []
        position = 0
        for hit in hits:
            pieces.append(text[position:hit.start])
            pieces.append(MARKERS[hit.kind])
            position = hit.end
        pieces.append(text[position:])
        self.counts.update(hit.kind for hit in hits)
        return ScrubResult("".join(pieces), hits)
