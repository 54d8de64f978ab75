"""k-anonymity over every quasi-identifier the export holds: coarsen step by step, then suppress what is still rare.

The quasi-identifiers are what someone who knows a learner could know without the data, and that the
package holds for each learner: the course language, when they were active (as ISO weeks, never as
times), how many modules they completed, and which modules they answered anything in. The last is no
column of ``learners``, but the other tables show it (a learner has rows in a module or not), and a
trainer knows who handed in what. A trainer who remembers that "only Kari took the course in English,
and she stopped after two modules" must not find Kari's rows. So, for every learner whose combination
of all of them is shared by fewer than ``k`` learners, in this order and only as far as needed:

1. the weeks are generalised to null ("unknown");
2. the number of modules completed is generalised to a band ("0-4" of five; all five stays "5");
3. a learner whose combination is *still* shared by fewer than ``k`` is dropped from every table.

The modules answered and the language are never generalised: the rows and the reflections' own words
show them whatever the ``learners`` table says, so only suppression protects them. The export then
reports the smallest class size, its actual k, which is at least the requested one, and names the
fields it was computed over (:data:`QUASI_IDENTIFIERS`). Generalising before dropping keeps as many
consenting learners as the rule allows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

MIN_CLASS = 5

#: the fields k is computed over, as the package names them (the last is shown by the other tables' rows)
QUASI_IDENTIFIERS: tuple[str, ...] = (
    "language", "week_first_activity", "week_last_activity", "modules_done", "modules_answered",
)


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


def modules_band(done: int, total: int) -> str:
    """The generalised number of completed modules: all of them stays exact, fewer becomes "0-(total-1)"."""
    return str(total) if done >= total else f"0-{total - 1}"


@dataclass(frozen=True)
class Quasi:
    """What could single a learner out (None = hidden): language, weeks of first and last activity,
    modules completed (a count, or a band once generalised) and the modules with any answer in them."""

    language: str
    week_first: str | None
    week_last: str | None
    modules_done: str = ""
    modules_answered: tuple[str, ...] = ()
    modules_total: int = 0  # how many modules the course has: the band's upper end (not published)


def _hide_weeks(quasi: Quasi) -> Quasi:
    return replace(quasi, week_first=None, week_last=None)


def _band_modules_done(quasi: Quasi) -> Quasi:
    if not quasi.modules_done.isdigit() or not quasi.modules_total:
        return quasi
    return replace(quasi, modules_done=modules_band(int(quasi.modules_done), quasi.modules_total))


#: the generalisation steps, mildest first; each is applied only to learners still in a class under k
LADDER: tuple[Callable[[Quasi], Quasi], ...] = (_hide_weeks, _band_modules_done)


@dataclass(frozen=True)
class Anonymised:
    """The outcome: the kept learners with their (maybe coarsened) quasi-identifiers, and what was done."""

    kept: dict[str, Quasi]
    generalised: frozenset[str]
    dropped: frozenset[str]
    k: int | None  # the smallest class among the kept; None when nobody is kept


def _small(learners: Mapping[str, Quasi], k: int) -> set[str]:
    sizes = Counter(learners.values())
    return {p for p, q in learners.items() if sizes[q] < k}


def anonymise(learners: Mapping[str, Quasi], k: int = MIN_CLASS) -> Anonymised:
    """Coarsen and suppress ``learners`` (pseudonym -> quasi-identifiers) until every class has ``k`` or more.

    Only learners in a class under ``k`` are coarsened, one step of :data:`LADDER` at a time; a class
    that is large enough is never touched, so the classes of the learners left alone stay as they were.
    """
    current = dict(learners)
    generalised: set[str] = set()
    for step in LADDER:
        small = _small(current, k)
        if not small:
            break
        for name in small:
            current[name] = step(current[name])
        generalised |= small
    dropped = _small(current, k)
    kept = {p: q for p, q in current.items() if p not in dropped}
    smallest = min(Counter(kept.values()).values()) if kept else None
    return Anonymised(kept, frozenset(generalised - dropped), frozenset(dropped), smallest)
