"""Benchmark of nbgrader autograde (issue #8): each module's submission against an empty notebook.

Run with ``.venv/bin/python benchmarks/bench_autograde.py [--repeat 3] [--modules 01 02]``.

In a throwaway course (``mangfold.authoring.release.nbgrader_api``, one in-process ``NbGraderAPI``, a
SQLite gradebook) it generates each module from ``source/`` and, as the baseline, an assignment of one
notebook with a single graded cell (``assert True``, 1 point). A learner's submission is the generated
release of the module, worked through by ``tests/learners.py``'s ``complete`` (the real widgets write
the progress file); the baseline's submission is its release as is. Each is then autograded
``--repeat`` times (``force=True``: the whole notebook is re-run each time, as a new submission
would be). nbgrader's time is mostly the kernel it starts per notebook, which the baseline pays too.
Goal: a module's median at most 1.2x the empty notebook's median.
Writes ``benchmarks/results/autograde.json`` (``--results DIR`` elsewhere).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "widgets")]

from benchmarks.harness import RESULTS, Case, compile_course, figure_from_case, report_figures, run_case  # noqa: E402
from mangfold.authoring.release import SKIPPED, nbgrader_api  # noqa: E402
from mangfold.course import MODULE_IDS  # noqa: E402
from tests import learners  # noqa: E402

EMPTY = "00-tom"
LEARNER = "laerer-1"
GOAL_RATIO = 1.2


def empty_notebook() -> dict:
    """A notebook with one graded, locked test cell and nothing else."""
    nbgrader = {"grade": True, "grade_id": "poeng-tom", "locked": True, "points": 1, "schema_version": 3,
                "solution": False, "task": False}
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": "poeng-tom",
                       "metadata": {"nbgrader": nbgrader}, "outputs": [], "source": ["assert True"]}],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def ok(result: dict) -> dict:
    if not result.get("success"):
        raise RuntimeError(result.get("error") or result.get("log"))
    return result


def prepare(course: Path, modules: list[str]):
    """Generate every assignment and put one learner's submission of each in ``submitted/``."""
    source = course / "source"
    for module in modules:
        shutil.copytree(REPO / "source" / module, source / module, ignore=shutil.ignore_patterns(*SKIPPED))
    (source / EMPTY).mkdir(parents=True)
    (source / EMPTY / f"{EMPTY}.ipynb").write_text(json.dumps(empty_notebook(), indent=1), encoding="utf-8")
    api = nbgrader_api(course)
    for assignment in (EMPTY, *modules):
        ok(api.generate_assignment(assignment, force=True, create=True))
        submission = course / "submitted" / LEARNER / assignment
        shutil.copytree(course / "release" / assignment, submission)
        if assignment != EMPTY:
            learners.complete(submission)  # the module page, driven through its widgets, writes the progress
    return api


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--modules", nargs="+", default=list(MODULE_IDS),
                        help="module ids or their number prefixes (01 02 ...)")
    parser.add_argument("--quick", action="store_true", help="one run each, module 01 only")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    compile_course()
    if args.quick:
        args.repeat, args.modules = 1, ["01"]
    modules = [next(m for m in MODULE_IDS if m.startswith(wanted)) for wanted in args.modules]
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own autoflush warnings; not ours
    cases: list[Case] = []
    scores: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="mangfold-bench-autograde-") as temp:
        api = prepare(Path(temp), modules)
        baseline = f"empty notebook, 1 graded cell ({EMPTY})"

        def grade(assignment: str):
            return lambda: ok(api.autograde(assignment, LEARNER, force=True, create=True))

        # untimed: the gradebook's first use and Python's imports inside nbgrader
        grade(EMPTY)()
        cases.append(run_case(baseline, grade(EMPTY), repeat=args.repeat))
        print(f"{baseline}: {cases[-1].median:.2f} s", flush=True)
        for module in modules:
            case = run_case(f"{module}, autograde", grade(module), repeat=args.repeat, baseline=baseline)
            cases.append(case)
            print(f"{module}: {case.median:.2f} s", flush=True)
        from nbgrader.api import Gradebook

        with Gradebook(api.coursedir.db_url) as gradebook:
            for module in modules:
                scores[module] = gradebook.find_submission(module, LEARNER).score
    limit = GOAL_RATIO * cases[0].median
    figures = [figure_from_case(cases[0])]
    for case in cases[1:]:
        figure = figure_from_case(case, goal=f"<= {GOAL_RATIO}x baseline")
        figure.met = case.median <= limit
        figure.extra["score"] = scores[case.name.split(",")[0]]
        figures.append(figure)
    notes = {"repeat": args.repeat, "learner": "tests/learners.py complete", "scores": scores,
             "goal": f"median per module <= {GOAL_RATIO}x the empty notebook's median"}
    print()
    report_figures("autograde", figures, notes, args.results)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
