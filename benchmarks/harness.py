"""A small harness shared by the benchmarks: time a callable, summarise, print a table, keep the result.

Every benchmark measures its own baseline in the same run, on the same machine and data, so a slower or
busier machine shows up in both numbers and the ratio stays meaningful. Results go to
``benchmarks/results/<name>.json`` with the facts about the machine that explain them.

    from benchmarks.harness import Case, run_case, report
    case = run_case("load 1,000", lambda: load(), repeat=5, setup=clear_caches, goal=2.0)
    report("cohort", [case], notes={...})
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
PACKAGE = Path(__file__).resolve().parents[1] / "widgets" / "mangfold"


def compile_course() -> None:
    """Write the course package's bytecode, as ``pip install`` does for a deployment.

    In the project's editable install a kernel compiles the package from source on every start when
    Python may not write ``.pyc`` files (``PYTHONDONTWRITEBYTECODE``, a read-only checkout): ~30 ms a
    kernel that a deployed course never pays and the bare baseline (no course imports) never pays either.
    ``compileall`` writes only what is missing or stale, and writes it whatever that setting says.
    """
    import compileall

    if not compileall.compile_dir(str(PACKAGE), quiet=1):
        raise RuntimeError(f"the course package does not compile: {PACKAGE}")


@dataclass
class Case:
    """The timings of one measured callable, in seconds."""

    name: str
    samples: list[float]
    goal: float | None = None  # the most a run may take (median), when the benchmark states one
    baseline: str | None = None  # the name of the case this one is compared with
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        """The 95th percentile, nearest rank (with 5 samples: the slowest)."""
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def met(self) -> bool | None:
        return None if self.goal is None else self.median <= self.goal


def run_case(name: str, action: Callable[[], object], *, repeat: int = 5, warmup: int = 0,
             setup: Callable[[], object] | None = None, goal: float | None = None,
             baseline: str | None = None) -> Case:
    """Time ``action`` ``repeat`` times (after ``warmup`` untimed runs); ``setup`` runs untimed before each."""
    for _ in range(warmup):
        if setup:
            setup()
        action()
    samples = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return Case(name, samples, goal, baseline)


def machine() -> dict[str, object]:
    """What the numbers depend on: CPUs (all, and those this process may use), Python, platform."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu_count": os.cpu_count(), "cpus_usable": usable, "python": sys.version.split()[0],
            "implementation": platform.python_implementation(), "platform": platform.platform(),
            "machine": platform.machine(), "processor": platform.processor() or None,
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(cases: Sequence[Case]) -> str:
    """An aligned text table: median, p95, the ratio to the baseline, and the goal with its verdict."""
    medians = {c.name: c.median for c in cases}
    header = ("case", "median", "p95", "x baseline", "goal", "met")
    rows = []
    for case in cases:
        ratio = f"{case.median / medians[case.baseline]:.1f}" if case.baseline in medians else ""
        goal = f"<= {_seconds(case.goal)}" if case.goal is not None else ""
        met = {None: "", True: "yes", False: "NO"}[case.met]
        rows.append((case.name, _seconds(case.median), _seconds(case.p95), ratio, goal, met))
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    line = lambda r: "  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)  # noqa: E731
                               for i, (v, w) in enumerate(zip(r, widths, strict=True)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def report(name: str, cases: Sequence[Case], notes: dict[str, object] | None = None,
           results: Path = RESULTS) -> Path:
    """Print the table and write ``results/<name>.json``; return the file's path."""
    print(table(cases))
    return write_result(name, results, notes,
                        cases=[{**asdict(c), "median": c.median, "p95": c.p95, "met": c.met} for c in cases])


def write_result(name: str, results: Path, notes: dict[str, object] | None, *, cases: list[dict],
                 figures: list[dict] | None = None) -> Path:
    """Write ``results/<name>.json`` with the machine facts that explain it; say where it went."""
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"{name}.json"
    document: dict[str, object] = {
        "benchmark": name,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "notes": notes or {},
        "cases": cases,
    }
    if figures is not None:
        document["figures"] = figures
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\n-> {path}")
    return path


# -- figures that are not one timed callable (added for issue #8: memory, latency percentiles, load) --------
def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0.95 for p95), as ``Case.p95`` counts; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class Figure:
    """One reported number with its unit, its baseline and its goal, when a timed ``Case`` does not fit.

    ``value`` is the headline (a median unless the name says otherwise); ``goal`` is the goal as the
    issue states it (``"<= 1.25x baseline"``, ``"p95 <= 100 ms"``) and ``met`` the verdict, worked out
    by the benchmark that knows what the goal refers to.
    """

    name: str
    value: float
    unit: str  # "s", "MB", "sessions", "count"
    p95: float | None = None
    baseline: str | None = None
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None
    samples: list[float] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)


def figure_from_case(case: Case, goal: str = "") -> Figure:
    """A timed case as a figure (median and p95 in seconds), for tables that mix units."""
    return Figure(case.name, case.median, "s", case.p95, case.baseline, None,
                  goal or (f"<= {_seconds(case.goal)}" if case.goal is not None else ""), case.met,
                  list(case.samples), dict(case.extra))


def with_ratios(figures: Sequence[Figure]) -> list[Figure]:
    """Fill in ``ratio`` (value / the baseline figure's value) where a figure names its baseline."""
    values = {f.name: f.value for f in figures}
    for figure in figures:
        base = values.get(figure.baseline) if figure.baseline else None
        if figure.ratio is None and base:
            figure.ratio = figure.value / base
    return list(figures)


def format_value(value: float | None, unit: str) -> str:
    """``value`` in its unit, briefly: seconds as ms below 1 s, megabytes with one decimal, counts whole."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "s":
        return _seconds(value)
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit in ("count", "sessions"):
        return f"{value:.0f}" + (" sessions" if unit == "sessions" else "")
    return f"{value:g} {unit}"


def figures_table(figures: Sequence[Figure], first_column: str = "case",
                  prefix: Sequence[str] | None = None) -> str:
    """An aligned text table of figures: value, p95, ratio to the baseline, goal, met.

    ``prefix`` gives one extra leading cell per figure (``run_all`` puts the benchmark's name there).
    """
    header = (*(("benchmark",) if prefix is not None else ()), first_column, "value", "p95", "x baseline",
              "goal", "met")
    rows = []
    for index, f in enumerate(figures):
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
        met = {None: "", True: "yes", False: "NO"}[f.met]
        cells = (f.name, format_value(f.value, f.unit), format_value(f.p95, f.unit), ratio, f.goal, met)
        rows.append((prefix[index], *cells) if prefix is not None else cells)
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    texts = {0, 1} if prefix is not None else {0}
    line = lambda r: "  ".join(str(v).ljust(w) if i in texts else str(v).rjust(w)  # noqa: E731
                               for i, (v, w) in enumerate(zip(r, widths, strict=True)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def report_figures(name: str, figures: Sequence[Figure], notes: dict[str, object] | None = None,
                   results: Path = RESULTS) -> Path:
    """Print the figures' table and write ``results/<name>.json`` (``figures``; ``cases`` left empty)."""
    figures = with_ratios(figures)
    print(figures_table(figures))
    return write_result(name, results, notes, cases=[], figures=[asdict(f) for f in figures])


def figures_of(document: dict) -> list[Figure]:
    """The figures of a result file; a file with timed ``cases`` only (cohort, scrubber) is converted."""
    if document.get("figures"):
        return [Figure(**{k: v for k, v in f.items() if k in Figure.__dataclass_fields__})
                for f in document["figures"]]
    cases = [Case(c["name"], c["samples"], c.get("goal"), c.get("baseline"), c.get("extra", {}))
             for c in document.get("cases", [])]
    return with_ratios([figure_from_case(c) for c in cases])
