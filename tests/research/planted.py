"""What a synthetic corpus of reflections is made of, shared by the two generators (``corpus``, ``heldout_corpus``).

A reflection is composed from sentence templates whose ``{slots}`` a generator fills. A slot's value
is personal data (a *truth*, which the scrubber must remove), a non-identifying term that looks like
it could be (a *keep*: a law section, a year, an amount, a citation, an institution, which the
scrubber must leave), or plain text. Both are recorded at their spans, so recall and what is kept can
be counted. Only the machinery is shared: each generator has its own templates, names and formats.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

SLOT = re.compile(r"\{(\w+)\}")


class Planted(NamedTuple):
    """One planted span: ``text[start:end]`` is personal data of ``kind`` (a truth) or a term to keep (a keep)."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class PlantedText:
    """A reflection with its truths and keeps; ``sources`` says, per truth, where it came from (for names:
    ``roster``, ``list`` or ``unlisted``, or the way it is written: ``lower``, ``capitals``)."""

    text: str
    truths: list[Planted]
    language: str
    sources: list[str] = field(default_factory=list)
    keeps: list[Planted] = field(default_factory=list)


#: a slot's value as pieces: (truth kind or None, keep kind or None, text, source)
Piece = tuple[str | None, str | None, str, str]
Filler = Callable[[str, str], list[Piece]]


def fill(template: str, language: str, slot_values: Filler) -> tuple[str, list[Planted], list[str], list[Planted]]:
    """One sentence with its slots filled by ``slot_values(slot, language)``; spans are relative to the sentence."""
    parts: list[str] = []
    truths: list[Planted] = []
    sources: list[str] = []
    keeps: list[Planted] = []
    length = 0
    position = 0
    for match in SLOT.finditer(template):
        literal = template[position:match.start()]
        parts.append(literal)
        length += len(literal)
        position = match.end()
        for kind, keep, value, source in slot_values(match.group(1), language):
            if kind is not None:
                truths.append(Planted(kind, length, length + len(value)))
                sources.append(source)
            if keep is not None:
                keeps.append(Planted(keep, length, length + len(value)))
            parts.append(value)
            length += len(value)
    parts.append(template[position:])
    return "".join(parts), truths, sources, keeps


def compose(templates: Sequence[str], language: str, slot_values: Filler, separator: Callable[[], str]) -> PlantedText:
    """A reflection of ``templates`` in order, each filled, joined by what ``separator`` returns each time."""
    text_parts: list[str] = []
    truths: list[Planted] = []
    sources: list[str] = []
    keeps: list[Planted] = []
    offset = 0
    for template in templates:
        sentence, sentence_truths, sentence_sources, sentence_keeps = fill(template, language, slot_values)
        if text_parts:
            between = separator()
            text_parts.append(between)
            offset += len(between)
        truths.extend(Planted(kind, start + offset, end + offset) for kind, start, end in sentence_truths)
        keeps.extend(Planted(kind, start + offset, end + offset) for kind, start, end in sentence_keeps)
        sources.extend(sentence_sources)
        text_parts.append(sentence)
        offset += len(sentence)
    return PlantedText("".join(text_parts), truths, language, sources, keeps)


def covered(hits: Sequence, start: int, end: int) -> bool:
    """True when ``[start, end)`` lies wholly inside the union of the (sorted, non-overlapping) hits: a planted
    identifier counts as found only when nothing of it is left in the text."""
    position = start
    for hit in hits:
        if hit.end <= position:
            continue
        if hit.start > position:
            return False
        position = hit.end
        if position >= end:
            return True
    return position >= end
