"""The benchmarks' shared parts: figures, tables, JSON files, and ``run_all.py`` end to end (quick).

No timing is asserted: the numbers depend on the machine. What is checked is that every figure reaches
the table and the JSON files with its unit, baseline ratio, goal and verdict, and that a quick run of a
real benchmark through ``run_all.py`` leaves valid result files.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import run_all
from benchmarks.harness import (
    Case,
    Figure,
    figure_from_case,
    figures_of,
    figures_table,
    format_value,
    percentile,
    report,
    report_figures,
    with_ratios,
)
from tests.conftest import REPO_ROOT


def test_percentile_is_nearest_rank_like_case_p95() -> None:
    samples = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(samples, 0.95) == Case("x", samples).p95 == 5.0
    assert percentile(samples, 0.5) == 3.0
    assert percentile(list(range(1, 21)), 0.95) == 19
    assert math.isnan(percentile([], 0.95))


def test_format_value_by_unit() -> None:
    assert format_value(0.0423, "s") == "42 ms"
    assert format_value(2.5, "s") == "2.50 s"
    assert format_value(47.25, "MB") == "47.2 MB"
    assert format_value(25, "sessions") == "25 sessions"
    assert format_value(812, "count") == "812"
    assert format_value(None, "s") == "" and format_value(float("nan"), "MB") == ""


def test_ratios_come_from_the_named_baseline() -> None:
    figures = with_ratios([Figure("bare", 2.0, "s"), Figure("module", 3.0, "s", baseline="bare"),
                           Figure("orphan", 1.0, "s", baseline="missing")])
    assert [f.ratio for f in figures] == [None, 1.5, None]


def test_table_shows_units_goals_and_verdicts() -> None:
    figures = with_ratios([
        Figure("bare kernel", 40.0, "MB"),
        Figure("module kernel", 60.0, "MB", baseline="bare kernel", goal="<= 1.3x baseline", met=False),
        Figure("clicks", 0.05, "s", p95=0.09, goal="p95 <= 100 ms", met=True),
    ])
    lines = figures_table(figures, prefix=["voila"] * 3).splitlines()
    assert lines[0].split() == ["benchmark", "case", "value", "p95", "x", "baseline", "goal", "met"]
    module = next(line for line in lines if "module kernel" in line)
    assert module.startswith("voila") and "60.0 MB" in module and "1.50" in module and module.endswith("NO")
    clicks = next(line for line in lines if line.startswith("voila") and "clicks" in line)
    assert "50 ms" in clicks and "90 ms" in clicks and "p95 <= 100 ms" in clicks and clicks.endswith("yes")


def test_report_figures_writes_json_that_reads_back(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    figures = [Figure("base", 1.0, "s", samples=[1.0]),
               Figure("thing", 2.0, "s", p95=2.5, baseline="base", goal="<= 1.25x baseline", met=False,
                      samples=[2.0, 2.5], extra={"clicks": 2})]
    path = report_figures("fake", figures, {"why": "a test"}, results=tmp_path)
    assert path == tmp_path / "fake.json"
    assert "thing" in capsys.readouterr().out
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["benchmark"] == "fake" and document["notes"] == {"why": "a test"}
    assert {"cpu_count", "cpus_usable", "python", "load_average"} <= set(document["machine"])
    back = figures_of(document)
    assert [(f.name, f.value, f.ratio, f.met, f.extra) for f in back] == [
        ("base", 1.0, None, None, {}), ("thing", 2.0, 2.0, False, {"clicks": 2})]


def test_a_timed_case_file_becomes_figures(tmp_path: Path) -> None:
    """cohort.json and scrubber.json hold timed cases only: run_all shows them as figures in seconds."""
    cases = [Case("parse", [0.1, 0.2, 0.3]), Case("load", [1.0, 3.0, 2.0], goal=2.0, baseline="parse")]
    path = report("fake-cases", cases, results=tmp_path)
    figures = figures_of(json.loads(path.read_text(encoding="utf-8")))
    assert [(f.name, f.unit, f.value, f.p95, f.goal, f.met) for f in figures] == [
        ("parse", "s", 0.2, 0.3, "", None), ("load", "s", 2.0, 3.0, "<= 2.00 s", True)]
    assert figures[1].ratio == pytest.approx(10.0)
    assert figure_from_case(Case("slow", [3.0], goal=2.0)).met is False


def test_combined_table_and_document_name_every_benchmark() -> None:
    fake = {"benchmark": "fake", "cases": [], "figures": [
        {"name": "a", "value": 0.5, "unit": "s", "goal": "< 500 ms", "met": False}]}
    text, document = run_all.combined({"fake": {"exit": 1, "seconds": 3.0, "document": fake},
                                       "broken": {"exit": 2, "seconds": 1.0}})
    assert "load average" in text and "fake: exit 1, 3 s" in text and "broken: exit 2, 1 s (no result)" in text
    row = next(line for line in text.splitlines() if line.startswith("fake "))
    assert "500 ms" in row and row.endswith("NO")
    assert document["figures"] == [{"benchmark": "fake", "name": "a", "value": 0.5, "unit": "s", "p95": None,
                                    "baseline": None, "ratio": None, "goal": "< 500 ms", "met": False,
                                    "samples": [], "extra": {}}]
    assert set(document["benchmarks"]) == {"fake", "broken"} and "result" not in document["benchmarks"]["broken"]


def test_run_all_knows_every_benchmark_and_how_to_run_it_quickly(tmp_path: Path) -> None:
    found = run_all.benchmarks()
    assert {"cohort", "scrubber", "voila", "load", "autograde"} <= set(found)
    assert run_all.command("load", found["load"], True, tmp_path)[2:] == ["--quick", "--results", str(tmp_path)]
    assert run_all.command("cohort", found["cohort"], True, tmp_path)[2:] == ["--sizes", "1000", "--repeat", "2"]
    assert run_all.result_file("cohort", tmp_path) == run_all.RESULTS / "cohort.json"
    with pytest.raises(SystemExit, match="no such benchmark: nope"):
        run_all.benchmarks(["nope"])


def test_run_all_runs_the_step_change_benchmark_and_finds_its_result(tmp_path: Path) -> None:
    """Issue 16's step-change benchmark is a ``bench_*.py``: run_all runs it, quick, and reads back its JSON."""
    script = run_all.benchmarks(["step_change"])["step_change"]
    assert script.name == "bench_step_change.py"
    assert run_all.command("step_change", script, True, tmp_path)[2:] == ["--quick", "--results", str(tmp_path)]
    assert run_all.result_file("step_change", tmp_path) == tmp_path / "step_change.json"


@pytest.mark.slow
def test_quick_autograde_run_writes_valid_json(tmp_path: Path) -> None:
    """run_all.py --quick --only autograde: a real nbgrader run, in a fresh process, to files in tmp_path."""
    done = subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / "run_all.py"), "--quick",
                           "--only", "autograde", "--results", str(tmp_path)],
                          cwd=REPO_ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)  # no time limit
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    single = json.loads((tmp_path / "autograde.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in single["figures"]]
    assert names[0].startswith("empty notebook") and names[1] == "01-verdien-av-mangfold, autograde"
    assert single["notes"]["scores"]["01-verdien-av-mangfold"] > 0  # the learner's work was graded
    combined = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert list(combined["benchmarks"]) == ["autograde"]
    assert [f["name"] for f in combined["figures"]] == names
    assert all(f["value"] > 0 and f["unit"] == "s" for f in combined["figures"])
    assert "autograde" in done.stdout and "x baseline" in done.stdout


@pytest.mark.parametrize("script", sorted(p.name for p in (REPO_ROOT / "benchmarks").glob("bench_*.py")))
def test_every_benchmark_starts(script: str) -> None:
    """Each benchmark imports what it measures and reads its options (a removed module broke one unnoticed)."""
    done = subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / script), "--help"],
                          capture_output=True, text=True, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage" in done.stdout.lower()
