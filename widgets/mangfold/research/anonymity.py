"""k-anonymity over the learners' quasi-identifiers: coarsen first, then suppress what is still rare.

The quasi-identifiers are what someone who knows a learner could know without the data: the course
language and when they were active (as ISO weeks, never as times). A trainer who remembers that
"only Kari took the course in English in week 12" must not find Kari's row. So:

1. every learner whose combination (language, first week, last week) is shared by fewer than ``k``
   learners loses the weeks (generalised to null, "unknown");
2. a learner whose combination is *still* shared by fewer than ``k`` is dropped from every table.

The export then reports the smallest class size, its actual k, which is at least the requested one.
Generalising before dropping keeps as many consenting learners as the rule allows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

MIN_CLASS = 5


def iso_week(stamp: str) -> str:
    """An ISO-8601 timestamp as its ISO week, "2026-W07": the year is the ISO week's own year."""
    year, week, _ = datetime.fromisoformat(stamp).isocalendar()
    return f"{year}-W{week:02d}"


def activity_weeks(stamps: list[str]) -> tuple[str | None, str | None]:
    """The ISO weeks of the earliest and the latest of ``stamps``, compared as times, not as text.

    A stamp that is not an ISO time (a file sealed by hand can hold anything) is passed over rather
    than guessed at; with none left both weeks are unknown.
    """
    times = []
    for stamp in stamps:
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            continue
        times.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    if not times:
        return None, None
    return iso_week(min(times).isoformat()), iso_week(max(times).isoformat())


@dataclass(frozen=True)
class Quasi:
    """What could single a learner out: language and the weeks of first and last activity (None = hidden)."""

    language: str
    week_first: str | None
    week_last: str | None


@dataclass(frozen=True)
class Anonymised:
    """The outcome: the kept learners with their (maybe coarsened) quasi-identifiers, and what was done."""

    kept: dict[str, Quasi]
    generalised: frozenset[str]
    dropped: frozenset[str]
    k: int | None  # the smallest class among the kept; None when nobody is kept


def anonymise(learners: Mapping[str, Quasi], k: int = MIN_CLASS) -> Anonymised:
    """Coarsen and suppress ``learners`` (pseudonym -> quasi-identifiers) until every class has ``k`` or more."""
    sizes = Counter(learners.values())
    generalised = {p for p, q in learners.items() if sizes[q] < k}
    coarse = {p: (Quasi(q.language, None, None) if p in generalised else q) for p, q in learners.items()}
    sizes = Counter(coarse.values())
    dropped = {p for p, q in coarse.items() if sizes[q] < k}
    kept = {p: q for p, q in coarse.items() if p not in dropped}
    smallest = min(Counter(kept.values()).values()) if kept else None
    return Anonymised(kept, frozenset(generalised - dropped), frozenset(dropped), smallest)
