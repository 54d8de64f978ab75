"""The words around a candidate (the one before, the one after, a sentence's start), read with string methods.

Recognisers ask these questions for every capitalised word and number, so they are answered by
slicing a few characters, never by a regex searched across a window: that is most of the speed.
"""

from __future__ import annotations

_SENTENCE_ENDS = frozenset(".!?:;…\n\r\t•")
_OPENERS = frozenset(" \u00a0\"'«“‘([*-–—>")
_PUNCTUATION = ".,;:!?\"'«»“”‘’()[]"


def sentence_initial(text: str, start: int) -> bool:
    """True when only spaces, quotes or a bullet stand between ``start`` and a sentence's end (or the text's start)."""
    i = start - 1
    for _ in range(12):
        if i < 0 or text[i] in _SENTENCE_ENDS:
            return True
        if text[i] not in _OPENERS:
            return False
        i -= 1
    return False


def previous_word(text: str, start: int, reach: int = 32) -> str:
    """The word before ``start`` in lower case, in the same sentence ("" when there is none).

    A full stop ends the sentence, except after an abbreviation such as "Dr." or "frk.": those
    are at most four letters, and no title word that long ends a sentence.
    """
    window = text[max(0, start - reach):start].rstrip()
    if not window or window[-1] in ",;:!?\n":
        return ""
    word = window.rsplit(None, 1)[-1]
    if word.endswith(".") and len(word.strip(_PUNCTUATION)) > 4:
        return ""
    return word.strip(_PUNCTUATION).lower()


def next_word(text: str, end: int, reach: int = 24) -> str:
    """The word after ``end`` in lower case, without punctuation ("" when a punctuation mark comes first)."""
    window = text[end:end + reach]
    if not window or window[0] not in " \u00a0":
        return ""
    parts = window.split(None, 1)
    return parts[0].strip(_PUNCTUATION).lower() if parts else ""
