"""Benchmark of the trainer's dashboard (issue #6): a cohort of 1,000 learners must open in at most 2 s.

Run with ``.venv/bin/python benchmarks/bench_cohort.py [--sizes 100 1000] [--repeat 5]``. For each size it
builds a demo cohort (``make_demo_cohort``) in a temporary folder, then times, 5 times each:

* baseline: reading and json-parsing every progress file under ``autograded/``, nothing else;
* ``load_cohort``: the gradebook (SQL) and every file checked as the grader checks it (checksum and
  replay against the content), into pandas frames;
* ``open_dashboard``: all of the above plus building the page's widgets and HTML (what a Voilà kernel
  does before the page shows; the browser's rendering comes on top).

The content cache is cleared before each run, as in a new Voilà kernel (only Python's imports are warm).
The table and ``benchmarks/results/cohort.json`` give median and p95, and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "widgets")]

from benchmarks.harness import Case, report, run_case  # noqa: E402
from mangfold.cohort.data import load_cohort  # noqa: E402
from mangfold.cohort.demo import make_demo_cohort  # noqa: E402
from mangfold.content import yamlfile  # noqa: E402
from mangfold.markup import markdown_html  # noqa: E402
from mangfold.ui.dashboard import open_dashboard  # noqa: E402

GOAL_SIZE = 1000
GOAL_SECONDS = 2.0


def parse_only(course: Path) -> int:
    """The baseline: every progress file read and parsed as JSON, with no check at all."""
    count = 0
    for path in (course / "autograded").glob("*/*/*.json"):
        json.loads(path.read_bytes())
        count += 1
    return count


def cold() -> None:
    """Forget parsed content, as a fresh kernel would."""
    yamlfile.clear_cache()
    markdown_html.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, GOAL_SIZE])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    cases: list[Case] = []
    notes: dict[str, object] = {"goal": f"{GOAL_SIZE} learners open (open_dashboard) in <= {GOAL_SECONDS} s"}
    with tempfile.TemporaryDirectory(prefix="mangfold-bench-cohort-") as temp:
        for size in args.sizes:
            course = Path(temp) / f"kull-{size}"
            start = time.perf_counter()
            make_demo_cohort(course, learners=size, seed=args.seed)
            built = time.perf_counter() - start
            files = parse_only(course)
            notes[f"{size} learners"] = {"progress_files": files, "demo_build_seconds": round(built, 2)}
            print(f"{size} learners: demo cohort built in {built:.1f} s ({files} progress files)", flush=True)
            baseline = f"parse JSON only, {size}"
            cases.append(run_case(baseline, lambda c=course: parse_only(c), repeat=args.repeat, setup=cold))
            cases.append(run_case(f"load_cohort, {size}", lambda c=course: load_cohort(c), repeat=args.repeat,
                                  setup=cold, baseline=baseline))
            goal = GOAL_SECONDS if size == GOAL_SIZE else None
            cases.append(run_case(f"open_dashboard, {size}", lambda c=course: open_dashboard(c, "nb"),
                                  repeat=args.repeat, setup=cold, baseline=baseline, goal=goal))
    print()
    report("cohort", cases, notes)
    return 0 if all(c.met is not False for c in cases) else 1


if __name__ == "__main__":
    sys.exit(main())
