"""The course's sources as one list, each source once.

Modules cite the same source under slightly different titles (module 4 calls a page «Spørreforbud ved
rekruttering», module 3 «Spørreforbudet ved rekruttering») and module 2 names five LDO cases in one entry
(``S92–S96``) that module 3 lists one by one. Counting the titles alone, the course log listed such a
source two or three times. A source here is the same source as one already listed when it has the same
id in the course's briefs (a range covers each id in it), the same address, or the same title; the first
one, in module order, is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import CourseSummary, SourceRecord

_NUMBER = re.compile(r"\d+")


def source_ids(source_id: str) -> frozenset[str]:
    """The brief's ids a source id stands for: ``S64`` is one, ``S92–S96`` (or ``S46-S50``) each of five."""
    numbers = [int(n) for n in _NUMBER.findall(source_id)]
    if len(numbers) == 2 and numbers[0] < numbers[1] <= numbers[0] + 50:
        return frozenset(f"S{n}" for n in range(numbers[0], numbers[1] + 1))
    return frozenset(f"S{n}" for n in numbers)


def _address(url: str | None) -> str | None:
    """An address without what does not tell two pages apart: scheme, ``www.``, a final slash, letter case."""
    if not url:
        return None
    return re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").casefold()


def _title(text: str) -> str:
    """A title for comparing: letter case, spacing and the punctuation around it do not count."""
    return " ".join(text.casefold().split()).strip(" .,:;")


def unique_sources(sources: Iterable[SourceRecord]) -> list[SourceRecord]:
    """Each source once, in the order given: a later one with an id, address or title already seen is left out."""
    seen_ids: set[str] = set()
    seen_addresses: set[str] = set()
    seen_titles: set[str] = set()
    kept: list[SourceRecord] = []
    for source in sources:
        ids, address, title = source_ids(source.id), _address(source.url), _title(source.text)
        if (ids and ids <= seen_ids) or (address and address in seen_addresses) or title in seen_titles:
            continue
        kept.append(source)
        seen_ids |= ids
        seen_titles.add(title)
        if address:
            seen_addresses.add(address)
    return kept


def course_sources(summary: CourseSummary) -> list[SourceRecord]:
    """Every module's sources once, in module order (see :func:`unique_sources`)."""
    return unique_sources(source for module in summary.modules for source in module.source_records)
