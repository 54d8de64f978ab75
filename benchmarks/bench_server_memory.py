"""Server memory under jupyter-server after a whole course walk, against one bare Voilà session (issue 13).

Binder gives a learner 1-2 GB. Under jupyter-server every page view used to leave its kernel running (13
views: 13 kernels, 969 MB); with the course's server extension a left page's kernel ends. This measures
what a learner's server holds once the course has been walked, with the package's shipped configuration
(``jupyter_server_config.d/mangfold.json``, learner mode), exactly as ``tests/server`` starts it.

* *Course walk*: a fresh ``jupyter server``; in headless Chromium the course home, each of the five modules
  and the summary page, one after another (each page left for the next, the last for ``about:blank``);
  then, once the server's kernels have ended (or 60 s have passed: then the kernels left are counted and
  measured) and the server and its kernels have been quiet for 2 s, the memory of the server process and
  every kernel below it.
* *Baseline*: a second fresh server, the same way, with one page of a one-button notebook open (its kernel
  running): what one bare Voilà session costs.

Memory is read from ``/proc/<pid>/smaps_rollup``: USS (private pages; the headline, summed over the server
and its kernels) and RSS (in the JSON). Goal: the walk's USS <= 1.5x the bare session's. Each run uses new
servers; ``--repeat`` runs, the median is reported. Writes ``benchmarks/results/server_memory.json``
(``--results DIR`` elsewhere). ``--before`` measures the course as it was (no server configuration, only
``voila.json`` in the folder) into ``server_memory_before.json``. Linux only; needs Debian's Chromium.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "widgets")]

from benchmarks.bench_voila import ALONE, BARE, bare_notebook, memory_of, wait_quiet  # noqa: E402
from benchmarks.harness import RESULTS, Figure, compile_course, report_figures  # noqa: E402
from mangfold.serving import voila_config_file  # noqa: E402
from tests.browser.conftest import CHROMIUM, DESKTOP  # noqa: E402
from tests.page_watch import descendants  # noqa: E402
from tests.server.conftest import MODULES, PAGES, SHIPPED_CONFIG, TOKEN, JupyterServer, course_root  # noqa: E402

GOAL_RATIO = 1.5
#: how long the walk's kernels may take to end before they are measured as they are (a benchmark may give up)
SETTLE_TIMEOUT = 60.0
#: what every course page and the bare notebook show once their widgets are drawn
SHOWN = ".mf-header, .widget-button"
REFUSED_SHUTDOWN = re.compile(r"\b4\d\d POST \S*/voila/api/shutdown/")


def server_memory(server: JupyterServer) -> dict[str, float]:
    """USS and RSS in MB, summed over the server process and every process below it (its kernels)."""
    assert server.process is not None
    totals = {"uss": 0.0, "rss": 0.0, "processes": 0}
    for pid in [server.process.pid, *descendants(server.process.pid)]:
        try:
            reading = memory_of(pid)
        except (OSError, KeyError):
            continue  # ended meanwhile
        totals["uss"] += reading["uss"]
        totals["rss"] += reading["rss"]
        totals["processes"] += 1
    return totals


def settle(server: JupyterServer, views: int) -> int:
    """Wait until the server's kernels have ended, or every left page's shutdown call was refused, or the
    timeout; how many kernels are left."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        if not server.kernels() or len(REFUSED_SHUTDOWN.findall(server.log_text())) >= views:
            break
        time.sleep(0.2)
    wait_quiet(server)
    return len(server.kernels())


def one_run(browser, root: Path, work: Path, number: int, before: bool) -> dict[str, dict]:
    """One course walk and one bare session, each on a server of its own; their memory."""
    results = {}
    for kind in ("bare", "walk"):
        server = JupyterServer(root, work / f"config-{kind}-{number}", "learner",
                               shipped=None if before else SHIPPED_CONFIG)
        server.start()
        context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
        page = context.new_page()
        try:
            if kind == "bare":
                urls = [f"{server.url}voila/render/release/{BARE}/{BARE}.ipynb"]
            else:
                urls = [server.home_url, *(f"{server.url}voila/render/release/{ALONE.format(module=p)}/{p}/{p}.ipynb"
                                           for p in PAGES)]
            for index, url in enumerate(urls):
                page.goto(url + (f"?token={TOKEN}" if index == 0 else ""))
                page.wait_for_selector(SHOWN, state="visible", timeout=120_000)
            if kind == "walk":
                page.goto("about:blank")
                left = settle(server, len(urls))
            else:
                wait_quiet(server)
                left = len(server.kernels())
            results[kind] = {**server_memory(server), "kernels": left, "views": len(urls)}
        finally:
            context.close()
            server.stop()
        print(f"  run {number + 1} {kind}: USS {results[kind]['uss']:.0f} MB, RSS {results[kind]['rss']:.0f} MB, "
              f"{results[kind]['kernels']} kernel(s) after {len(urls)} view(s)", flush=True)
    return results


def measure(repeat: int, before: bool = False) -> tuple[list[Figure], dict]:
    from playwright.sync_api import sync_playwright

    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-server-memory-") as temp:
        work = Path(temp)
        root = course_root(work / "root")
        for page in PAGES:  # each page alone in its folder: the guided path would lock modules 2-5
            target = root / "release" / ALONE.format(module=page)
            target.mkdir()
            shutil.move(root / "release" / page, target / page)
        if before:  # the course before issue 13: only voila.json in the folder, no server configuration
            (root / "voila.json").write_text(json.dumps(voila_config_file()), encoding="utf-8")
        (root / "release" / BARE).mkdir()
        (root / "release" / BARE / f"{BARE}.ipynb").write_text(json.dumps(bare_notebook()), encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
            for number in range(repeat):
                runs.append(one_run(browser, root, work, number, before))
            browser.close()
    median = lambda kind, key: statistics.median(r[kind][key] for r in runs)  # noqa: E731
    bare, walk = median("bare", "uss"), median("walk", "uss")
    base = "one bare Voilà session, server + kernel USS"
    figures = [
        Figure(base, bare, "MB", samples=[r["bare"]["uss"] for r in runs],
               extra={"rss": median("bare", "rss"), "kernels": median("bare", "kernels")}),
        Figure(f"course walk ({len(PAGES) + 1} pages left), server + kernels USS", walk, "MB", None, base,
               goal=f"<= {GOAL_RATIO}x baseline", met=walk <= GOAL_RATIO * bare,
               samples=[r["walk"]["uss"] for r in runs],
               extra={"rss": median("walk", "rss"), "kernels_left": [r["walk"]["kernels"] for r in runs]}),
        Figure("kernels left after the walk", max(r["walk"]["kernels"] for r in runs), "count",
               goal="<= 2", met=max(r["walk"]["kernels"] for r in runs) <= 2),
    ]
    notes = {"runs": runs, "pages": ["home", *MODULES, "summary"], "mode": "learner",
             "config": "voila.json in the course folder only (--before)" if before else
             "the package's jupyter_server_config.d (JUPYTER_CONFIG_PATH)"}
    return figures, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs, each with new servers")
    parser.add_argument("--quick", action="store_true", help="one run")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--before", action="store_true",
                        help="without the package's server configuration (as before issue 13), for comparison")
    args = parser.parse_args(argv)
    compile_course()
    if args.quick:
        args.repeat = 1
    if not (CHROMIUM.is_file() and shutil.which(str(CHROMIUM))):
        print(f"no Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    figures, notes = measure(args.repeat, args.before)
    print()
    report_figures("server_memory_before" if args.before else "server_memory", figures, notes, args.results)
    return 0 if all(f.met is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
