"""Benchmark of the course pages in Voilà (issue #8): time to interactive, click-to-feedback, kernel memory.

Run with ``.venv/bin/python benchmarks/bench_voila.py [--repeat 5] [--clicks 10] [--modules 01 02]``.
Everything is measured against a bare notebook generated in the same throwaway root, served by the same
``mangfold serve`` (same template, same settings), in the same run:

* the bare notebook: one ipywidgets ``Button`` and one ``HTML`` output; a click sets the output's value.
* time to interactive (TTI): a fresh browser context (no cache, no cookies) opens the page in headless
  Chromium; TTI is ``performance.now()`` in the page (milliseconds since the navigation started, so the
  request and Voilà's kernel start and notebook execution are included) at the moment the step page is
  interactive: the first step's content (``.mf-step-screen .mf-card .mf-html``) and the step bar's Next
  button (``.mf-stepnav .mf-step-next``) both have a layout box, and the button is enabled (in the bare
  notebook: its button). A module page shows one step at a time (issue 16) and opens at the learner's
  saved step; every view here opens at step 1 (a view that changed the step goes back to step 1 before it
  leaves). Ipywidgets only draws a view once its model is synchronised with the kernel, so a drawn button
  is a clickable one. Measured cold (a plain server: every page view starts
  and runs its own kernel) and preheated (a second server whose ``voila.json`` sets
  ``preheat_kernel: true`` with a pool of one kernel per notebook). Before every view the server and
  its kernels must be quiet (no CPU for 2 s), so the preheated pool has been refilled and a cold view
  does not compete with the previous page's kernel. Preheated views are also measured a second time in
  one lasting context whose cache holds Voilà's scripts (a learner's next page), to tell the browser's
  share from the kernel's. The navigation timing of each view (first byte, last byte, DOM parsed, load
  event) is printed beside TTI: where the time goes.
  Goals: cold median at most 1.25x the bare notebook's cold median; preheated median under 0.5 s.
* click-to-feedback: on each cold module page, Next to the step of the module's first scenario
  (untimed), then ``--clicks`` decisions as a learner makes them (issue 16: a radio group and a «Velg»
  button, ``ui/choices.py``): a script selects a radio of the start (the start's choices in turn), then a
  second script starts a ``MutationObserver`` on the scenario's card, takes ``performance.now()``, presses
  «Velg» (``.mf-choose-button``) and resolves when a ``.mf-feedback`` element in the card has a layout
  box; "try another way" then brings the start back (untimed). Selecting sends the choice to the kernel
  (a ``value`` update) just before the press, on the same websocket, so when that update is still queued
  its handling (one trait set) is timed too: the figure errs on the slow side. After the clicks, Back to
  step 1 (untimed). The baseline clicks the bare notebook's button and waits for its output to change.
  Goal: p95 at most 100 ms.
* kernel memory: after the clicks, the kernel process behind the page (found by its kernel id in its
  command line, below the server) is read from ``/proc/<pid>/smaps_rollup``: USS (private pages, what
  one more learner session costs), PSS and RSS. Baseline: the bare notebook's kernel (an ipykernel that
  imported ipywidgets and displayed one button), read the same way. Goal: USS at most 1.3x.

Writes ``benchmarks/results/voila.json`` (``--results DIR`` elsewhere). Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "widgets")]

from benchmarks.harness import RESULTS, Figure, compile_course, percentile, report_figures  # noqa: E402
from mangfold import i18n  # noqa: E402
from mangfold.content.loader import load_module_content  # noqa: E402
from mangfold.content.schema import ScenarioBlock  # noqa: E402
from mangfold.content.steps import step_of_block  # noqa: E402
from mangfold.course import MODULE_IDS  # noqa: E402
from tests.browser.conftest import CHROMIUM, DESKTOP, CourseServer  # noqa: E402
from tests.conftest import REPO_ROOT, copy_module  # noqa: E402
from tests.page_watch import descendants  # noqa: E402

BARE = "bare-knapp"
ALONE = "alene-{module}"  # release/alene-<module>/<module>/: a module's folder of its own
BARE_CODE = """\
import ipywidgets as widgets
from IPython.display import display

knapp = widgets.Button(description="Trykk her")
knapp.add_class("bare-button")
svar = widgets.HTML("")
teller = [0]


def trykket(_knapp):
    teller[0] += 1
    svar.value = f'<p class="bare-feedback">Du trykket {teller[0]} ganger.</p>'


knapp.on_click(trykket)
display(knapp, svar)
"""
#: the elements that must all be drawn (and enabled) for a page to count as interactive: a module page's
#: first step (its content and the step bar's Next button), the bare notebook's button
READY = {"module": [".mf-step-screen .mf-card .mf-html", ".mf-stepnav .mf-step-next"], "bare": [".bare-button"]}
TTI_GOAL_RATIO = 1.25
PREHEATED_GOAL = 0.5
CLICK_P95_GOAL = 0.100
MEMORY_GOAL_RATIO = 1.3
QUIET_CPU = 0.05  # the server and its kernels count as quiet below 5 % of one core ...
QUIET_FOR = 2.0  # ... for this many seconds in a row

READY_JS = """(selectors) => {
  for (const selector of selectors) {
    const el = document.querySelector(selector);
    if (!el || el.disabled) return false;
    const box = el.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) return false;
  }
  return performance.now();
}"""

#: the step the page shows (1 is the first): the step list marks it ``aria-current="step"`` (0: no step bar)
CURRENT_STEP_JS = """() => [...document.querySelectorAll('.mf-stepbar__item')]
  .findIndex(item => item.getAttribute('aria-current') === 'step') + 1"""
#: press the step bar's Next (or Back) button; false when the page has none
STEP_PRESS_JS = """(which) => {
  const button = document.querySelector('.mf-stepnav .mf-step-' + which);
  if (!button) return false;
  button.click();
  return true;
}"""

#: where the time of a page view goes: the first byte of the page (Voilà has started the kernel), the
#: last byte (every cell has run: Voilà streams the page while the notebook executes), the DOM parsed,
#: and the load event (scripts and styles fetched); the rest up to TTI is the widget manager's start
PHASES_JS = """() => {
  const t = performance.getEntriesByType('navigation')[0];
  return {first_byte: t.responseStart / 1000, last_byte: t.responseEnd / 1000,
          dom_parsed: t.domContentLoadedEventEnd / 1000, loaded: t.loadEventEnd / 1000};
}"""

#: the scenario's start is drawn, nothing decided: no feedback, the radios are the start's choices
#: (``ids``), none selected and «Velg» disabled
AT_START_JS = """(ids) => {
  const card = document.querySelector('.mf-step-screen .mf-card--scenario');
  if (!card || card.querySelector('.mf-feedback')) return false;
  const radios = [...card.querySelectorAll('.mf-choice-group input[type=radio]')];
  const button = card.querySelector('.mf-choose-button');
  if (!button || !button.disabled || radios.some(r => r.checked)) return false;
  if (radios.map(r => r.value).join(' ') !== ids.join(' ')) return false;
  const box = button.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}"""
#: select a choice's radio, as a click on it does (the browser enables «Velg» and sends the value)
SELECT_JS = """(id) => {
  const card = document.querySelector('.mf-card--scenario');
  const radio = [...card.querySelectorAll('.mf-choice-group input[type=radio]')].find(r => r.value === id);
  radio.click();
  return radio.checked && !card.querySelector('.mf-choose-button').disabled;
}"""
#: press «Velg» on the selected choice; resolve with the ms until its feedback has a layout box
MODULE_CLICK_JS = """() => new Promise((resolve, reject) => {
  const card = document.querySelector('.mf-card--scenario');
  const button = card.querySelector('.mf-choose-button');
  const shown = () => {
    const feedback = card.querySelector('.mf-feedback');
    if (!feedback) return false;
    const box = feedback.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  let start = 0;
  const observer = new MutationObserver(() => {
    if (shown()) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(card, {childList: true, subtree: true, attributes: true, characterData: true});
  setTimeout(() => { observer.disconnect(); reject(new Error('no feedback within 10 s')); }, 10000);
  start = performance.now();
  button.click();
})"""

BARE_CLICK_JS = """() => new Promise((resolve, reject) => {
  const button = document.querySelector('.bare-button');
  const before = (document.querySelector('.bare-feedback') || {}).textContent;
  const shown = () => {
    const out = document.querySelector('.bare-feedback');
    if (!out || out.textContent === before) return false;
    const box = out.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  let start = 0;
  const observer = new MutationObserver(() => {
    if (shown()) { observer.disconnect(); resolve(performance.now() - start); }
  });
  observer.observe(document.body, {childList: true, subtree: true, characterData: true});
  setTimeout(() => { observer.disconnect(); reject(new Error('no output within 10 s')); }, 10000);
  start = performance.now();
  button.click();
})"""

#: "try another way" once; returns the feedback's text before the click (null when back at the start)
BACK_JS = """(label) => {
  const card = document.querySelector('.mf-card--scenario');
  const feedback = card.querySelector('.mf-feedback');
  if (!feedback) return null;
  const back = [...card.querySelectorAll('.mf-actions button')].find(b => b.textContent.trim() === label);
  back.click();
  return feedback.textContent;
}"""
#: the click of BACK_JS has been handled: no feedback, or the feedback of the step before
BACK_DONE_JS = """(before) => {
  const feedback = document.querySelector('.mf-card--scenario .mf-feedback');
  return !feedback || feedback.textContent !== before;
}"""


# -- the throwaway course root and its servers ---------------------------------------------------------
def bare_notebook() -> dict:
    """A one-cell notebook: a button and its output, nothing of the course."""
    return {"cells": [{"cell_type": "code", "execution_count": None, "id": "knapp", "metadata": {},
                       "outputs": [], "source": BARE_CODE.splitlines(keepends=True)}],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def course_server(root: Path, modules: tuple[str, ...], preheat: bool = False) -> CourseServer:
    """A ``mangfold serve`` on ``root`` with the modules (``release/alene-<module>/<module>``, each alone) and
    the bare notebook (``release/bare-knapp``).

    The server runs in ``root``, where Voilà reads ``voila.json``: preheating is switched on there, as a
    deployment would, on top of the settings ``mangfold serve`` passes on its command line.
    """
    root.mkdir(parents=True)
    server = CourseServer(root)
    shutil.rmtree(server.module_dir)  # each module goes to a folder of its own, below
    for module in modules:
        # alone in its folder: the guided path locks a module while the one before it is unfinished,
        # and a locked page shows a notice instead of the module; alone, a module is never locked
        copy_module(module, root / "release" / ALONE.format(module=module))
    bare = root / "release" / BARE
    bare.mkdir(parents=True)
    (bare / f"{BARE}.ipynb").write_text(json.dumps(bare_notebook(), indent=1), encoding="utf-8")
    if preheat:
        settings = {"VoilaConfiguration": {"preheat_kernel": True, "default_pool_size": 1}}
        (root / "voila.json").write_text(json.dumps(settings), encoding="utf-8")
    return server


def page_url(server: CourseServer, notebook: str) -> str:
    folder = BARE if notebook == BARE else f"{ALONE.format(module=notebook)}/{notebook}"
    return f"{server.url}voila/render/release/{folder}/{notebook}.ipynb"


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes (those that have ended count nothing)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def wait_quiet(server: CourseServer, timeout: float = 60.0) -> float:
    """Wait until the server and every kernel below it used < 5 % of a core for 2 s; the seconds waited."""
    start = time.monotonic()
    assert server.process is not None
    quiet_since, last = None, None
    while time.monotonic() - start < timeout:
        pids = [server.process.pid, *descendants(server.process.pid)]
        now, used = time.monotonic(), cpu_seconds(pids)
        if last is not None:
            busy = (used - last[1]) / max(now - last[0], 1e-6) > QUIET_CPU
            quiet_since = None if busy else (quiet_since or last[0])
            if quiet_since is not None and now - quiet_since >= QUIET_FOR:
                break
        last = (now, used)
        time.sleep(0.25)
    return time.monotonic() - start


@contextlib.contextmanager
def running(server: CourseServer) -> Iterator[CourseServer]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- kernel memory -------------------------------------------------------------------------------------
def memory_of(pid: int) -> dict[str, float]:
    """RSS, PSS and USS (private clean + dirty) of a process in MB, from ``/proc/<pid>/smaps_rollup``."""
    values: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[key] = int(rest.split()[0])
    mb = lambda kb: kb / 1024  # noqa: E731
    return {"rss": mb(values["Rss"]), "pss": mb(values["Pss"]),
            "uss": mb(values["Private_Clean"] + values["Private_Dirty"])}


def kernel_pid(server: CourseServer, kernel_id: str) -> int:
    """The kernel process that serves ``kernel_id``: its connection file names the id."""
    assert server.process is not None
    for pid in descendants(server.process.pid):
        with contextlib.suppress(OSError):
            if kernel_id in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                return pid
    raise LookupError(f"no process for kernel {kernel_id}")


# -- one page view ----------------------------------------------------------------------------------------
@dataclass
class View:
    """What one page view measured."""

    tti: float
    clicks: list[float] = field(default_factory=list)
    memory: dict[str, float] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # navigation timing, seconds from its start


@dataclass(frozen=True)
class FirstScenario:
    """Where a module's first scenario is: the step that shows it, and the choice ids of its start."""

    step: int
    start_choices: tuple[str, ...]


def first_scenario(module: str) -> FirstScenario:
    """The module's first scenario, from the released content the page shows (Norwegian, as the views)."""
    content = load_module_content(REPO_ROOT / "release" / module, "nb")
    scenario = next((b for b in content.blocks if isinstance(b, ScenarioBlock)), None)
    if scenario is None:
        raise LookupError(f"{module} has no scenario to click")
    step = step_of_block(content, scenario.id)
    assert step is not None
    return FirstScenario(step, tuple(choice.id for choice in scenario.situations[scenario.start].choices))


def go_to_step(page, number: int) -> None:
    """Next or Back until the page shows step ``number``, each press waited for (untimed)."""
    while (now := page.evaluate(CURRENT_STEP_JS)) != number:
        if not page.evaluate(STEP_PRESS_JS, "next" if now < number else "back"):
            raise LookupError(f"no step button from step {now} towards step {number}")
        page.wait_for_function(f"({CURRENT_STEP_JS})() !== {now}", polling=20, timeout=20_000)


def go_back(page, label: str, start_choices: tuple[str, ...]) -> None:
    """Back to the scenario's start with "try another way" (twice after a second decision), untimed."""
    for _ in range(5):
        before = page.evaluate(BACK_JS, label)
        if before is None:
            break
        page.wait_for_function(BACK_DONE_JS, arg=before, polling=20, timeout=20_000)
    page.wait_for_function(AT_START_JS, arg=list(start_choices), polling=20, timeout=20_000)


def decisions(page, scenario: FirstScenario, count: int) -> list[float]:
    """``count`` timed decisions at the first scenario's start (its choices in turn), each undone after;
    the page is on step 1 before and after."""
    back = i18n.text("nb", "ui.try_other")
    go_to_step(page, scenario.step)
    go_back(page, back, scenario.start_choices)  # a scenario left mid-way by an earlier view starts over
    times = []
    for number in range(count):
        if not page.evaluate(SELECT_JS, scenario.start_choices[number % len(scenario.start_choices)]):
            raise RuntimeError("selecting a choice did not enable «Velg»")
        times.append(page.evaluate(MODULE_CLICK_JS) / 1000)
        go_back(page, back, scenario.start_choices)
    go_to_step(page, 1)  # the step is saved: the next view of this module opens at step 1 again
    return times


def view(browser, server: CourseServer, notebook: str, clicks: int = 0, memory: bool = False,
         context=None, scenario: FirstScenario | None = None) -> View:
    """Open ``notebook`` in a fresh context (or in ``context``, whose cache is warm); TTI, then timed clicks
    (a module's at ``scenario``) and the kernel's memory; leave the page (Voilà shuts its kernel down)."""
    kind = "bare" if notebook == BARE else "module"
    own = context is None
    context = context or browser.new_context(viewport=DESKTOP, locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(page_url(server, notebook), wait_until="commit", timeout=120_000)
        ready = page.wait_for_function(READY_JS, arg=READY[kind], polling=10, timeout=120_000)
        result = View(tti=ready.json_value() / 1000, phases=page.evaluate(PHASES_JS))
        if kind == "module" and (step := page.evaluate(CURRENT_STEP_JS)) != 1:
            raise RuntimeError(f"{notebook} opened at step {step}, not at step 1")
        if kind == "bare":
            result.clicks = [page.evaluate(BARE_CLICK_JS) / 1000 for _ in range(clicks)]
        elif clicks:
            assert scenario is not None
            result.clicks = decisions(page, scenario, clicks)
        if memory:
            config = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent)")
            result.memory = memory_of(kernel_pid(server, config["kernelId"]))
        page.goto("about:blank")  # leaving fires Voilà's shutdown beacon: the kernel ends
        page.close()
    finally:
        if own:
            context.close()
    return result


# -- the figures --------------------------------------------------------------------------------------------
def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def tti_figures(cold: dict[str, list[float]], warm: dict[str, list[float]], cached: dict[str, list[float]],
                modules: list[str]) -> list[Figure]:
    base = f"bare notebook, TTI cold ({BARE})"
    base_warm = f"bare notebook, TTI preheated ({BARE})"
    figures = [Figure(base, median(cold[BARE]), "s", percentile(cold[BARE], 0.95), samples=cold[BARE])]
    bare_cold = median(cold[BARE])
    for module in modules:
        value = median(cold[module])
        figures.append(Figure(f"{module}, TTI cold", value, "s", percentile(cold[module], 0.95), base,
                              goal=f"<= {TTI_GOAL_RATIO}x baseline", met=value <= TTI_GOAL_RATIO * bare_cold,
                              samples=cold[module]))
    figures.append(Figure(base_warm, median(warm[BARE]), "s", percentile(warm[BARE], 0.95), samples=warm[BARE]))
    for module in modules:
        value = median(warm[module])
        figures.append(Figure(f"{module}, TTI preheated", value, "s", percentile(warm[module], 0.95), base_warm,
                              goal=f"< {PREHEATED_GOAL * 1000:.0f} ms", met=value < PREHEATED_GOAL,
                              samples=warm[module]))
    base_cached = f"bare notebook, TTI preheated, cache warm ({BARE})"
    figures.append(Figure(base_cached, median(cached[BARE]), "s", percentile(cached[BARE], 0.95),
                          samples=cached[BARE]))
    for module in modules:
        value = median(cached[module])
        figures.append(Figure(f"{module}, TTI preheated, cache warm", value, "s", percentile(cached[module], 0.95),
                              base_cached, goal=f"< {PREHEATED_GOAL * 1000:.0f} ms", met=value < PREHEATED_GOAL,
                              samples=cached[module]))
    return figures


def click_figures(clicks: dict[str, list[float]], modules: list[str]) -> list[Figure]:
    base = f"bare notebook, click to output ({BARE})"
    figures = [Figure(base, median(clicks[BARE]), "s", percentile(clicks[BARE], 0.95), samples=clicks[BARE],
                      extra={"clicks": len(clicks[BARE])})]
    every = [c for m in modules for c in clicks[m]]
    for name, samples in [*((f"{m}, click to feedback", clicks[m]) for m in modules),
                          ("all modules, click to feedback", every)]:
        p95 = percentile(samples, 0.95)
        figures.append(Figure(name, median(samples), "s", p95, base, goal=f"p95 <= {CLICK_P95_GOAL * 1000:.0f} ms",
                              met=p95 <= CLICK_P95_GOAL, samples=samples, extra={"clicks": len(samples)}))
    return figures


def memory_figures(memory: dict[str, list[dict[str, float]]], modules: list[str]) -> list[Figure]:
    def summary(readings: list[dict[str, float]]) -> dict[str, float]:
        return {key: median([r[key] for r in readings]) for key in ("uss", "pss", "rss")}

    base = f"bare ipykernel + ipywidgets, kernel USS ({BARE})"
    bare = summary(memory[BARE])
    figures = [Figure(base, bare["uss"], "MB", samples=[r["uss"] for r in memory[BARE]], extra=bare)]
    for module in modules:
        mine = summary(memory[module])
        figures.append(Figure(f"{module}, kernel USS", mine["uss"], "MB", None, base,
                              goal=f"<= {MEMORY_GOAL_RATIO}x baseline",
                              met=mine["uss"] <= MEMORY_GOAL_RATIO * bare["uss"],
                              samples=[r["uss"] for r in memory[module]], extra=mine))
    return figures


def print_phases(medians: dict[str, dict[str, float]]) -> None:
    """Where the time to interactive goes, per server and notebook (medians, seconds from navigation)."""
    keys = ("first_byte", "last_byte", "dom_parsed", "loaded", "interactive")
    print("\nTTI phases (median s): " + "  ".join(keys))
    for name, row in medians.items():
        print(f"  {name:50s} " + "  ".join(f"{row[k]:{len(k)}.2f}" for k in keys))


def measure(modules: list[str], repeat: int, clicks: int, chromium: Path) -> tuple[list[Figure], dict]:
    from playwright.sync_api import sync_playwright

    notebooks = [BARE, *modules]
    cold = {n: [] for n in notebooks}
    warm = {n: [] for n in notebooks}
    cached = {n: [] for n in notebooks}
    click_samples = {n: [] for n in notebooks}
    memory = {n: [] for n in notebooks}
    waits: dict[str, list[float]] = {"cold": [], "preheated": []}
    phases: dict[str, list[dict[str, float]]] = {f"{k} {n}": [] for k in ("cold", "preheated", "preheated, cache warm")
                                                 for n in notebooks}
    scenarios = {module: first_scenario(module) for module in modules}
    with tempfile.TemporaryDirectory(prefix="mangfold-bench-voila-") as temp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium))
        try:
            with running(course_server(Path(temp) / "cold", tuple(modules))) as server:
                waits["cold"].append(wait_quiet(server))
                for notebook in notebooks:  # untimed: warm the disk cache and Chromium's code cache
                    view(browser, server, notebook)
                    waits["cold"].append(wait_quiet(server))
                for round_ in range(repeat):
                    for notebook in notebooks:
                        seen = view(browser, server, notebook, clicks=clicks, memory=True,
                                    scenario=scenarios.get(notebook))
                        cold[notebook].append(seen.tti)
                        phases[f"cold {notebook}"].append({**seen.phases, "interactive": seen.tti})
                        click_samples[notebook] += seen.clicks
                        memory[notebook].append(seen.memory)
                        print(f"cold {round_ + 1}/{repeat} {notebook}: TTI {seen.tti:.2f} s, click p50 "
                              f"{median(seen.clicks) * 1000:.0f} ms, USS {seen.memory['uss']:.0f} MB", flush=True)
                        waits["cold"].append(wait_quiet(server))
            with running(course_server(Path(temp) / "preheated", tuple(modules), preheat=True)) as server:
                waits["preheated"].append(wait_quiet(server, timeout=180))
                # a learner's next page: the same browser context, Voilà's scripts and styles in its cache
                returning = browser.new_context(viewport=DESKTOP, locale="nb-NO")
                for notebook in notebooks:  # untimed, as above; the pool refills behind each view
                    view(browser, server, notebook, context=returning)
                    waits["preheated"].append(wait_quiet(server))
                for round_ in range(repeat):
                    for notebook in notebooks:
                        seen = view(browser, server, notebook)
                        warm[notebook].append(seen.tti)
                        phases[f"preheated {notebook}"].append({**seen.phases, "interactive": seen.tti})
                        waits["preheated"].append(wait_quiet(server))
                        again = view(browser, server, notebook, context=returning)
                        cached[notebook].append(again.tti)
                        phases[f"preheated, cache warm {notebook}"].append({**again.phases, "interactive": again.tti})
                        print(f"preheated {round_ + 1}/{repeat} {notebook}: TTI {seen.tti:.2f} s, "
                              f"cache warm {again.tti:.2f} s", flush=True)
                        waits["preheated"].append(wait_quiet(server))
                returning.close()
        finally:
            browser.close()
    figures = [*tti_figures(cold, warm, cached, modules), *click_figures(click_samples, modules),
               *memory_figures(memory, modules)]
    notes = {"repeat": repeat, "clicks_per_view": clicks, "modules": modules,
             "quiet_wait_median_s": {k: round(median(v), 2) for k, v in waits.items()},
             "memory_mb": {n: memory[n] for n in notebooks},
             "tti_phases_median_s": {name: {key: round(median([r[key] for r in rows]), 3) for key in rows[0]}
                                     for name, rows in phases.items() if rows}}
    print_phases(notes["tti_phases_median_s"])
    return figures, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="page views per notebook and server")
    parser.add_argument("--clicks", type=int, default=10, help="timed clicks per cold page view")
    parser.add_argument("--modules", nargs="+", default=list(MODULE_IDS),
                        help="module ids or their number prefixes (01 02 ...)")
    parser.add_argument("--quick", action="store_true", help="2 views, 5 clicks each, modules 01 and 02")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    compile_course()
    if args.quick:
        args.repeat, args.clicks, args.modules = 2, 5, ["01", "02"]
    modules = [next(m for m in MODULE_IDS if m.startswith(wanted)) for wanted in args.modules]
    if not (CHROMIUM.is_file() and shutil.which(str(CHROMIUM))):
        print(f"no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    figures, notes = measure(modules, args.repeat, args.clicks, CHROMIUM)
    notes["method"] = ("TTI: performance.now() at the first step's content and the Next button drawn (enabled), "
                       "fresh context; clicks: a radio of the first scenario's start selected, then «Velg» "
                       "pressed, MutationObserver until .mf-feedback has a layout box; memory: smaps_rollup")
    print()
    report_figures("voila", figures, notes, args.results)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
