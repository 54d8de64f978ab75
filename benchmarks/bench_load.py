"""Load benchmark of the course in Voilà (issue #8): 10, 25 and 50 learner sessions choosing at once.

Run with ``.venv/bin/python benchmarks/bench_load.py [--levels 10 25 50] [--duration 60]``.

A learner session is what a learner's browser makes of the server, without the browser:

1. a real Voilà page view (``GET /voila/render/...``) of a module: Voilà starts the session's kernel and
   runs the notebook; the page names the kernel (``jupyter-config-data``) and sets the cookies;
2. the kernel's websocket (``/api/kernels/<id>/channels``), as the page's widget manager opens it: the
   widget control comm (``jupyter.widget.control``, ``request_states``) returns every widget's state;
   the client keeps that state up to date from the kernel's ``comm_open`` / ``update`` / ``comm_close``;
3. to the first scenario: a module page shows one step at a time (issue 16) and builds a step's widgets
   when it is first shown, so the session clicks the step bar's Next button (the ``mf-step-next``
   button; ``comm_msg`` ``{"method": "custom", "content": {"event": "click"}}``, what a browser's button
   sends) until the kernel has opened a ``mf-card--scenario`` card (untimed, before the clock starts);
4. once a second, a decision as the browser's radio group and «Velg» button make it (``ui/choices.py``):
   the card's ``ChoiceGroup`` (the anywidget with ``options`` and ``node``) gets the selection, a
   ``{"method": "update", "state": {"value": <choice id>}}`` message (what the radio's ``change`` sends;
   untimed, its handling waited for, as a learner reads before pressing), then the press, the custom
   message ``{"method": "custom", "content": {"commit": <choice id>, "node": <node>}}``. The latency is
   the time from the press until the kernel's ``update`` of an HTML widget with ``mf-feedback`` in its
   value arrives (the browser's drawing comes on top: see ``bench_voila.py`` for that). The choice is a
   random one of the decision the kernel last sent (``options``), at the ``node`` it last sent. At an
   ending the scenario's restart button is clicked (untimed, not counted), so every session keeps
   choosing.

One browser per session would not fit on this machine (2 cores): a headless Chromium page with the
widget manager costs far more CPU than the kernel it talks to, so the clients would measure themselves.
This client is one asyncio loop (tornado's HTTP and websocket clients) for every session.

Each session has a folder of its own (``release/laerer-NN/<module>/``, modules in turn), as each learner
has their own server on Binder or a hub; here they share one ``mangfold serve`` (one Voilà, one
process for every websocket), which is the harder case. Page views are opened two at a time before the
clock starts (their times are reported); then every session chooses for ``--duration`` seconds, its
first choice at a random moment in the first second. Errors: a page or websocket that fails, a page
whose steps show no scenario, a press of «Velg» with no feedback within 10 s, the kernel reporting an
error or dying. Per level: sessions, choices sent,
errors, p50 and p95 latency; and the most sessions held with 0 errors and p95 <= 300 ms.
Only 127.0.0.1. Writes ``benchmarks/results/load.json`` (``--results DIR`` elsewhere).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "widgets")]

from benchmarks.bench_voila import memory_of, running, wait_quiet  # noqa: E402
from benchmarks.harness import RESULTS, Figure, compile_course, percentile, report_figures  # noqa: E402
from mangfold import i18n  # noqa: E402
from mangfold.course import MODULE_IDS  # noqa: E402
from tests.browser.conftest import CourseServer  # noqa: E402
from tests.conftest import copy_module  # noqa: E402
from tests.page_watch import descendants  # noqa: E402

P95_GOAL = 0.300
CLICK_TIMEOUT = 10.0
PAGE_TIMEOUT = 300.0
OPEN_AT_ONCE = 2  # page views opened concurrently before the clock starts (one per core)
CONFIG_DATA = re.compile(r'id="jupyter-config-data"[^>]*>(.*?)</script>', re.S)
RESTART = i18n.text("nb", "ui.restart")
MAX_STEPS = 50  # Next presses before a page counts as having no scenario


class SessionError(RuntimeError):
    """Something a learner would see as broken: no page, no kernel, no feedback."""


@dataclass
class Tally:
    """What one session did."""

    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    restarts: int = 0
    errors: list[str] = field(default_factory=list)
    page_seconds: float | None = None


class LearnerSession:
    """One learner: a page view, its kernel's websocket, and the widget state the kernel sends."""

    def __init__(self, base: str, page_path: str, rng: random.Random):
        self.base, self.page_path, self.rng = base, page_path, rng
        self.session = uuid.uuid4().hex
        self.states: dict[str, dict] = {}
        self.ws = None
        self.reader: asyncio.Task | None = None
        self.waiting: dict[str, asyncio.Future] = {}  # msg id of a message -> idle of its handling
        self.feedback: asyncio.Future | None = None
        self.control_id = uuid.uuid4().hex
        self.control: asyncio.Future | None = None
        self.problems: list[str] = []
        self.card: str | None = None

    # -- the wire ---------------------------------------------------------------------------------
    def _message(self, kind: str, content: dict, metadata: dict | None = None) -> tuple[str, str]:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": kind, "username": "laerer", "session": self.session,
                  "date": "", "version": "5.3"}
        return msg_id, json.dumps({"header": header, "parent_header": {}, "metadata": metadata or {},
                                   "content": content, "channel": "shell", "buffers": []})

    async def open(self) -> float:
        """The page view and the websocket; returns the page's seconds. Raises SessionError."""
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest
        from tornado.websocket import websocket_connect

        start = time.perf_counter()
        try:
            response = await AsyncHTTPClient().fetch(self.base + self.page_path, request_timeout=PAGE_TIMEOUT)
        except Exception as error:
            raise SessionError(f"page: {error}") from error
        seconds = time.perf_counter() - start
        found = CONFIG_DATA.search(response.body.decode("utf-8", errors="replace"))
        if not found:
            raise SessionError("page: no jupyter-config-data")
        kernel_id = json.loads(found.group(1))["kernelId"]
        cookies = "; ".join(c.split(";", 1)[0] for c in response.headers.get_list("Set-Cookie"))
        url = f"{self.base.replace('http', 'ws', 1)}api/kernels/{kernel_id}/channels?session_id={self.session}"
        try:
            self.ws = await websocket_connect(HTTPRequest(url, headers={"Cookie": cookies}), max_message_size=2**26)
        except Exception as error:
            raise SessionError(f"websocket: {error}") from error
        self.reader = asyncio.create_task(self._read())
        self.control = asyncio.get_running_loop().create_future()
        _, message = self._message("comm_open", {"comm_id": self.control_id, "target_name": "jupyter.widget.control",
                                                 "data": {}}, {"version": "1.0.0"})
        await self.ws.write_message(message)
        _, message = self._message("comm_msg", {"comm_id": self.control_id, "data": {"method": "request_states"}})
        await self.ws.write_message(message)
        try:
            states = await asyncio.wait_for(self.control, CLICK_TIMEOUT * 3)
        except TimeoutError as error:
            raise SessionError("no widget state from the kernel") from error
        for model_id, model in states.items():
            self.states.setdefault(model_id, {}).update(model["state"])
        await self.to_first_scenario()
        return seconds

    def _with_class(self, name: str) -> str | None:
        return next((i for i, s in self.states.items() if name in s.get("_dom_classes", ())), None)

    async def to_first_scenario(self) -> None:
        """Next until the kernel has built the step with the first scenario card (untimed)."""
        for _ in range(MAX_STEPS):
            self.card = self._with_class("mf-card--scenario")
            if self.card is not None:
                return
            next_button = self._with_class("mf-step-next")
            if next_button is None or next_button not in self._children(self._with_class("mf-stepnav") or ""):
                break  # the last step: no Next
            await self.send(next_button, {"method": "custom", "content": {"event": "click"}})
        raise SessionError("no scenario on the page's steps")

    async def _read(self) -> None:
        while True:
            raw = await self.ws.read_message()
            if raw is None:
                self.problems.append("websocket closed")
                for future in (*self.waiting.values(), self.feedback):
                    if future is not None and not future.done():
                        future.set_exception(SessionError("websocket closed"))
                return
            self._handle(json.loads(raw))

    def _handle(self, message: dict) -> None:
        kind, content = message["msg_type"], message["content"]
        parent = message.get("parent_header", {}).get("msg_id")
        if kind == "comm_open":
            self.states[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        elif kind == "comm_close":
            self.states.pop(content["comm_id"], None)
        elif kind == "comm_msg":
            data = content.get("data", {})
            if content["comm_id"] == self.control_id and data.get("method") == "update_states":
                if self.control and not self.control.done():
                    self.control.set_result(data["states"])
            elif data.get("method") in ("update", "echo_update"):
                state = data.get("state", {})
                self.states.setdefault(content["comm_id"], {}).update(state)
                if "mf-feedback" in str(state.get("value", "")) and self.feedback and not self.feedback.done():
                    self.feedback.set_result(time.perf_counter())
        elif kind == "error":
            self.problems.append(f"kernel error: {content.get('ename')}: {content.get('evalue')}")
        elif kind == "status":
            if content.get("execution_state") == "dead":
                self.problems.append("kernel died")
            if content.get("execution_state") == "idle" and parent in self.waiting:
                future = self.waiting.pop(parent)
                if not future.done():
                    future.set_result(time.perf_counter())

    # -- the scenario -------------------------------------------------------------------------------
    def _children(self, model_id: str) -> list[str]:
        return [c.removeprefix("IPY_MODEL_") for c in self.states.get(model_id, {}).get("children", [])]

    def choice_group(self) -> str | None:
        """The model id of the first scenario's ``ChoiceGroup`` (the anywidget with ``options`` and ``node``)."""
        return next((child for child in self._children(self.card)
                     if {"options", "node"} <= set(self.states.get(child, {}))), None)

    def choices(self) -> tuple[str | None, list[str], str]:
        """The choice group, the ids of the choices it shows now (none at an ending), and their decision."""
        group = self.choice_group()
        state = self.states.get(group, {}) if group else {}
        return group, [choice_id for choice_id, _label in state.get("options", [])], state.get("node", "")

    def restart_button(self) -> str | None:
        for child in self._children(self.card):
            for button in self._children(child):
                if self.states.get(button, {}).get("description") == RESTART:
                    return button
        return None

    async def send(self, model_id: str, data: dict, timed: bool = False) -> float | None:
        """Send ``data`` on a widget's comm; with ``timed`` the seconds until the feedback arrived. Waits for
        the kernel's idle after handling it."""
        loop = asyncio.get_running_loop()
        msg_id, message = self._message("comm_msg", {"comm_id": model_id, "data": data})
        idle = self.waiting[msg_id] = loop.create_future()
        self.feedback = loop.create_future() if timed else None
        start = time.perf_counter()
        await self.ws.write_message(message)
        try:
            await asyncio.wait_for(asyncio.shield(idle), CLICK_TIMEOUT)
            if not timed:
                return None
            if not self.feedback.done():
                raise SessionError("the kernel finished the press without sending feedback")
            return self.feedback.result() - start
        except TimeoutError as error:
            raise SessionError(f"no answer to a {data.get('method')} message within {CLICK_TIMEOUT:.0f} s") from error
        finally:
            self.waiting.pop(msg_id, None)

    async def decide(self, group: str, choice_id: str, node: str) -> float:
        """Select ``choice_id`` (untimed), then press «Velg»: the seconds from the press to the feedback."""
        await self.send(group, {"method": "update", "state": {"value": choice_id}, "buffer_paths": []})
        latency = await self.send(group, {"method": "custom", "content": {"commit": choice_id, "node": node}},
                                  timed=True)
        assert latency is not None
        return latency

    async def choose_for(self, seconds: float, tally: Tally) -> None:
        """A choice a second (first at a random moment in the first second) until ``seconds`` are up."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        next_at = loop.time() + self.rng.random()
        while True:
            await asyncio.sleep(max(0.0, next_at - loop.time()))
            if loop.time() >= end:
                return
            group, options, node = self.choices()
            if group is None or not options:
                raise SessionError("no choices on the scenario")
            tally.sent += 1
            tally.latencies.append(await self.decide(group, self.rng.choice(options), node))
            if self.problems:
                raise SessionError(self.problems[0])
            if not self.choices()[1]:  # an ending: start the scenario again
                restart = self.restart_button()
                if restart is None:
                    raise SessionError("an ending without a restart button")
                await self.send(restart, {"method": "custom", "content": {"event": "click"}})
                tally.restarts += 1
            next_at = max(next_at + 1.0, loop.time())

    async def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader


# -- one level ------------------------------------------------------------------------------------------
def learner_root(root: Path, sessions: int) -> tuple[CourseServer, list[str]]:
    """A course root with a folder per learner; the page path of each learner's module."""
    root.mkdir(parents=True)
    server = CourseServer(root)
    paths = []
    for number in range(sessions):
        module = MODULE_IDS[number % len(MODULE_IDS)]
        copy_module(module, root / "release" / f"laerer-{number + 1:02d}")
        paths.append(f"voila/render/release/laerer-{number + 1:02d}/{module}/{module}.ipynb")
    return server, paths


async def run_level(server: CourseServer, paths: list[str], duration: float, seed: int) -> dict:
    rng = random.Random(seed)
    sessions = [LearnerSession(server.url, path, random.Random(rng.random())) for path in paths]
    tallies = [Tally() for _ in sessions]
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def open_one(session: LearnerSession, tally: Tally) -> None:
        async with gate:
            try:
                tally.page_seconds = await session.open()
            except SessionError as error:
                tally.errors.append(str(error))

    opened = time.perf_counter()
    await asyncio.gather(*(open_one(s, t) for s, t in zip(sessions, tallies, strict=True)))
    opening = time.perf_counter() - opened

    async def choose(session: LearnerSession, tally: Tally) -> None:
        if tally.errors:
            return
        try:
            await session.choose_for(duration, tally)
        except SessionError as error:
            tally.errors.append(str(error))

    started = time.perf_counter()
    await asyncio.gather(*(choose(s, t) for s, t in zip(sessions, tallies, strict=True)))
    elapsed = time.perf_counter() - started
    assert server.process is not None
    memory = [memory_of(pid) for pid in [server.process.pid, *descendants(server.process.pid)]
              if Path(f"/proc/{pid}/smaps_rollup").exists()]
    for session in sessions:
        await session.close()
    latencies = [x for t in tallies for x in t.latencies]
    pages = [t.page_seconds for t in tallies if t.page_seconds is not None]
    errors = [e for t in tallies for e in t.errors]
    return {
        "sessions": len(sessions), "choices_sent": sum(t.sent for t in tallies),
        "choices_answered": len(latencies), "restarts": sum(t.restarts for t in tallies),
        "errors": len(errors), "error_kinds": sorted(set(errors)),
        "p50": statistics.median(latencies) if latencies else None,
        "p95": percentile(latencies, 0.95) if latencies else None,
        "max": max(latencies) if latencies else None,
        "choosing_seconds": round(elapsed, 1), "opening_seconds": round(opening, 1),
        "page_view_p50": statistics.median(pages) if pages else None,
        "page_view_max": max(pages) if pages else None,
        "server_and_kernels_pss_mb": round(sum(m["pss"] for m in memory), 1),
        "latencies": latencies,
    }


def held(level: dict) -> bool:
    return level["errors"] == 0 and level["p95"] is not None and level["p95"] <= P95_GOAL


def figures_of(levels: list[dict]) -> list[Figure]:
    figures = []
    for level in levels:
        n = level["sessions"]
        extra = {k: v for k, v in level.items() if k != "latencies"}
        figures.append(Figure(f"{n} sessions, click to feedback", level["p50"] or float("nan"), "s", level["p95"],
                              goal=f"0 errors, p95 <= {P95_GOAL * 1000:.0f} ms", met=held(level), extra=extra))
        figures.append(Figure(f"{n} sessions, choices sent", level["choices_sent"], "count", extra={}))
        figures.append(Figure(f"{n} sessions, errors", level["errors"], "count", goal="0",
                              met=level["errors"] == 0, extra={"kinds": level["error_kinds"]}))
    most = max((level["sessions"] for level in levels if held(level)), default=0)
    figures.append(Figure("most sessions held (0 errors, p95 <= 300 ms)", most, "sessions",
                          extra={"levels": [level["sessions"] for level in levels]}))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of choosing per level")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="20 s per level")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    compile_course()
    if args.quick:
        args.duration = 20.0
    levels = []
    with tempfile.TemporaryDirectory(prefix="mangfold-bench-load-") as temp:
        for count in args.levels:
            server, paths = learner_root(Path(temp) / f"kull-{count}", count)
            with running(server):
                wait_quiet(server)
                level = asyncio.run(run_level(server, paths, args.duration, args.seed + count))
            levels.append(level)
            p95 = f"{level['p95'] * 1000:.0f} ms" if level["p95"] is not None else "-"
            print(f"{count} sessions: opened in {level['opening_seconds']} s, {level['choices_sent']} choices, "
                  f"{level['errors']} errors {level['error_kinds'][:3]}, p95 {p95}", flush=True)
    notes = {"duration_s": args.duration, "levels": [{k: v for k, v in lv.items() if k != "latencies"}
                                                     for lv in levels],
             "client": "one asyncio loop: tornado HTTP page view + kernel websocket, ipywidgets comm protocol"}
    print()
    report_figures("load", figures_of(levels), notes, args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
