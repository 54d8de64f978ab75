"""Run every benchmark (``benchmarks/bench_*.py``), each in a fresh process, and print one combined table.

Run with ``.venv/bin/python benchmarks/run_all.py [--quick] [--only voila load] [--results DIR]``
(``make bench`` runs it without options). Each benchmark writes ``<results>/<name>.json``; this script
reads them back, prints one table of every figure (value, p95, ratio to the benchmark's own baseline,
goal, met) under the machine's facts and load, and writes ``<results>/all.json``.

A fresh process per benchmark: one benchmark's imports, caches and leftover kernels must not flatter or
burden the next. They run one after another, never together (the machine has 2 cores).
``--quick`` is a short run for the tests and a first look (20 s load levels, fewer repeats and modules);
its numbers are not the ones to quote.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "widgets")]

from benchmarks.harness import RESULTS, figures_of, figures_table, machine  # noqa: E402

#: the arguments of a quick run; a benchmark not listed here gets ``--quick``
QUICK_ARGUMENTS = {
    "cohort": ["--sizes", "1000", "--repeat", "2"],
    "scrubber": ["--texts", "500"],
}
#: benchmarks that write where ``--results`` says; the others write to benchmarks/results/ only
TAKES_RESULTS = {"voila", "load", "autograde", "server_memory", "step_change", "lti_launch"}


def benchmarks(only: list[str] | None = None) -> dict[str, Path]:
    """Every ``bench_<name>.py`` by name, sorted; only those named in ``only`` when given."""
    found = {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}
    if only:
        unknown = sorted(set(only) - set(found))
        if unknown:
            raise SystemExit(f"no such benchmark: {', '.join(unknown)} (there are: {', '.join(found)})")
        found = {name: path for name, path in found.items() if name in only}
    return found


def command(name: str, script: Path, quick: bool, results: Path) -> list[str]:
    arguments = [sys.executable, str(script)]
    if quick:
        arguments += QUICK_ARGUMENTS.get(name, ["--quick"])
    if name in TAKES_RESULTS:
        arguments += ["--results", str(results)]
    return arguments


def result_file(name: str, results: Path) -> Path:
    """Where benchmark ``name`` left its JSON: ``results``, or benchmarks/results/ for those without ``--results``."""
    return (results if name in TAKES_RESULTS else RESULTS) / f"{name}.json"


def combined(runs: dict[str, dict]) -> tuple[str, dict]:
    """The combined table (text) and the document for ``all.json`` from each benchmark's run."""
    prefix, figures, documents = [], [], {}
    for name, run in runs.items():
        document = run.get("document")
        documents[name] = {k: v for k, v in run.items() if k != "document"}
        if document is None:
            continue
        documents[name]["result"] = document
        for figure in figures_of(document):
            prefix.append(name)
            figures.append(figure)
    facts = machine()
    lines = [f"machine: {facts['cpu_count']} CPUs ({facts['cpus_usable']} usable), {facts['platform']}, "
             f"Python {facts['python']}; load average {tuple(round(x, 2) for x in facts['load_average'] or ())}"]
    lines += [f"{name}: exit {run['exit']}, {run['seconds']:.0f} s" + ("" if run.get("document") else " (no result)")
              for name, run in runs.items()]
    text = "\n".join([*lines, "", figures_table(figures, prefix=prefix)]) if figures else "\n".join(lines)
    document = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": facts, "benchmarks": documents,
                "figures": [{"benchmark": b, **f.__dict__} for b, f in zip(prefix, figures, strict=True)]}
    return text, document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (tests, a first look)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these (voila, load, autograde, ...)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON files")
    args = parser.parse_args(argv)
    args.results.mkdir(parents=True, exist_ok=True)
    runs: dict[str, dict] = {}
    for name, script in benchmarks(args.only).items():
        print(f"== {name} ({script.name}) ==", flush=True)
        target = result_file(name, args.results)
        target.unlink(missing_ok=True)  # a stale file from an earlier run must not pass for this one's
        start = time.perf_counter()
        exit_code = subprocess.run(command(name, script, args.quick, args.results), cwd=HERE.parent,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"}).returncode
        run = {"exit": exit_code, "seconds": time.perf_counter() - start, "quick": args.quick}
        if target.exists():
            run["document"] = json.loads(target.read_text(encoding="utf-8"))
        runs[name] = run
        print(flush=True)
    text, document = combined(runs)
    print(text)
    path = args.results / "all.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\n-> {path}")
    return 0 if all("document" in run for run in runs.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
