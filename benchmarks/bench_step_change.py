"""Step-change benchmark (issue 16): a Next or Back click on a module page, kernel side, over every step.

Run with ``.venv/bin/python benchmarks/bench_step_change.py [--rounds 3] [--modules 01 02 ...] [--quick]``
(``run_all.py`` runs it as ``step_change``; ``--quick``: one round of modules 01 and 02).

A step change is a widget update, not a page load: the click swaps the children of the step's box (its
blocks' widgets are built on the first visit and kept), redraws the step bar, saves the step in the
progress file (an atomic write: temporary file, fsync, rename) and asks the browser to move focus. Timed
here from the Next (or Back) button's click to the click's return, when the new screen's widgets are set
and the save is on disk, in one Python process as the page's kernel runs it. Every widget's messages are
serialised to JSON as a kernel does before sending them (a comm that serialises and counts, instead of
the no-op comm a process without a kernel gets); the browser's drawing comes on top (``bench_voila.py``
measures a click in Chromium).

For every released module whose content loads: open the page (untimed), then ``--rounds`` times walk
Next from step 1 to the completion screen and Back to step 1 again. The first walk's Next clicks build
each step's widgets ("first visit"); the rest show kept widgets ("again"). Reported: p50 and p95 of
each kind and of all step changes; the issue's goal is p95 <= 100 ms over all of them.

Baseline, same run and machine: the floor of a step change, a bare ``VBox`` whose children swap between
two kept HTML widgets plus the same atomic save of the progress file (``ProgressStore.set_step``).
Writes ``benchmarks/results/step_change.json`` (``--results DIR`` elsewhere): the name ``run_all.py`` reads
back, the file's name without ``bench_``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "widgets")]

import comm  # noqa: E402
import ipywidgets as widgets  # noqa: E402
from comm.base_comm import BaseComm  # noqa: E402

from benchmarks.harness import RESULTS, Figure, percentile, report_figures  # noqa: E402
from mangfold.content.errors import ContentError  # noqa: E402
from mangfold.course import MODULE_IDS  # noqa: E402
from mangfold.progress.store import ProgressStore  # noqa: E402

P95_GOAL = 0.100
#: the name of the result file and of the benchmark in ``run_all.py``: the script's name without ``bench_``
RESULT_NAME = Path(__file__).stem.removeprefix("bench_")


class SerializingComm(BaseComm):
    """A comm that does what a kernel's does before the socket: the message as JSON. It counts them."""

    sent = 0
    bytes = 0

    def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None,
                    **keys: Any) -> None:
        text = json.dumps({"msg_type": msg_type, "data": data, "metadata": metadata, **keys}, default=str)
        SerializingComm.sent += 1
        SerializingComm.bytes += len(text)


def serialising_comms() -> None:
    comm.create_comm = lambda *args, **kwargs: SerializingComm(*args, **kwargs)


def module_walks(module: str, course: Path, rounds: int) -> dict[str, list[float]]:
    """Time every Next and Back click of ``rounds`` walks through ``module`` (a fresh learner folder)."""
    from mangfold.ui.page import open_module

    folder = course / module
    shutil.copytree(REPO / "release" / module, folder,
                    ignore=shutil.ignore_patterns("mangfold-progress*", ".mangfold-progress.lock"))
    page = open_module(module, folder, "nb", guided=False)
    page.header()
    view = page.steps()
    times: dict[str, list[float]] = {"first visit": [], "again": [], "messages": []}
    for round_number in range(rounds):
        for button, steps in ((view.next_button, view.total - 1), (view.back_button, view.total - 1)):
            for _ in range(steps):
                sent = SerializingComm.sent
                start = time.perf_counter()
                button.click()
                elapsed = time.perf_counter() - start
                first = round_number == 0 and button is view.next_button
                times["first visit" if first else "again"].append(elapsed)
                times["messages"].append(SerializingComm.sent - sent)
    return times


def baseline(course: Path, changes: int) -> list[float]:
    """The floor: swap a box's children between two kept widgets and save the step, ``changes`` times."""
    folder = course / "baseline"
    folder.mkdir()
    store = ProgressStore(folder, MODULE_IDS[0], "nb")
    screens = [widgets.HTML("<p>one</p>"), widgets.HTML("<p>two</p>")]
    box = widgets.VBox()
    times = []
    for number in range(changes):
        start = time.perf_counter()
        box.children = [screens[number % 2]]
        store.set_step(number % 2 + 1)
        times.append(time.perf_counter() - start)
    return times


def figure(name: str, samples: list[float], base: str | None, goal: str = "", met: bool | None = None) -> Figure:
    return Figure(name, percentile(samples, 0.5), "s", percentile(samples, 0.95), base, None, goal, met,
                  samples, {"p50": percentile(samples, 0.5), "changes": len(samples)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="walks to the completion screen and back")
    parser.add_argument("--modules", nargs="+", default=list(MODULE_IDS),
                        help="module ids or their number prefixes (01 02 ...)")
    parser.add_argument("--quick", action="store_true", help="one round, modules 01 and 02")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.modules = 1, ["01", "02"]
    args.modules = [next(m for m in MODULE_IDS if m.startswith(wanted)) for wanted in args.modules]
    serialising_comms()
    first, again, messages, skipped, per_module = [], [], [], {}, {}
    with tempfile.TemporaryDirectory(prefix="mangfold-steps-") as temporary:
        course = Path(temporary) / "release"
        course.mkdir()
        for module in args.modules:
            try:
                times = module_walks(module, course, args.rounds)
            except ContentError as error:  # content being rewritten: say so, measure the rest
                skipped[module] = str(error).splitlines()[-1].strip()
                continue
            first += times["first visit"]
            again += times["again"]
            messages += times["messages"]
            per_module[module] = {"steps": len(times["first visit"]) + 1,
                                  "p95": percentile(times["first visit"] + times["again"], 0.95)}
        floor = baseline(Path(temporary), max(len(first) + len(again), 20))
    every = first + again
    if not every:
        print(f"no module could be opened: {skipped}")
        return 1
    met = percentile(every, 0.95) <= P95_GOAL
    figures = [
        figure("baseline: box swap + atomic save", floor, None),
        figure("step change, first visit (builds the widgets)", first, "baseline: box swap + atomic save"),
        figure("step change, again (kept widgets)", again, "baseline: box swap + atomic save"),
        figure("step change, all", every, "baseline: box swap + atomic save", "p95 <= 100 ms", met),
    ]
    notes = {"rounds": args.rounds, "modules": per_module, "skipped (content does not load)": skipped,
             "comm messages per step change (median)": percentile(messages, 0.5),
             "timed": "Next/Back click to its return: new screen's widgets set, step saved, focus asked for",
             "goal": "p95 of all step changes <= 100 ms (issue 16)"}
    report_figures(RESULT_NAME, figures, notes, args.results)
    for module, facts in per_module.items():
        print(f"{module}: {facts['steps']} steps, p95 {facts['p95'] * 1000:.0f} ms")
    for module, why in skipped.items():
        print(f"{module}: skipped ({why})")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
