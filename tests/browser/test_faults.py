"""Faults end to end (issue #8): a real ``mangfold serve``, Debian's Chromium, and a fault at the worst moment.
In each, nothing the learner saved is lost, and the page tells the truth about what is saved.

Faults and where each is tested:
1. the kernel killed while a reflection is being typed: here (two tests);
2. a page reload mid-module: ``tests/browser/test_module_page.py::test_learner_journey_survives_reload``
   (choices, checks and a reflection come back after a reload); a reload after a killed kernel: here (1);
3. a Voilà server restart: on the same root after SIGTERM and after SIGKILL, here; on a fresh root (Binder
   forgot), restored from the browser's localStorage copy:
   ``tests/browser/test_course_home.py::test_progress_comes_back_from_the_browser``;
4. one module open in two browser tabs: here;
5. the disk full during a save: here, on a tiny tmpfs (needs root); every step of the atomic write at the
   unit level in ``tests/progress/test_faults.py``;
6. a progress file of schema version 1: here; the migration itself in
   ``tests/progress/test_consent_and_migration.py``;
7. a tampered file: here; truncated and corrupt files at the unit level in ``tests/progress/test_faults.py``
   and ``tests/progress/test_store.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mangfold.content.loader import load_module_content
from mangfold.content.schema import ModuleContent
from mangfold.progress.model import PROGRESS_VERSION, checksum_of
from mangfold.progress.store import ProgressStore, read_progress
from tests.browser.conftest import (
    DESKTOP,
    RENDERED,
    CourseServer,
    no_time_limits,
    open_course,
    running_servers,
)
from tests.conftest import MODULE_1
from tests.helpers.interface_text import STRINGS
from tests.helpers.pages import (
    answer_check,
    choose,
    expect_check_result,
    expect_check_selected,
    expect_ending,
    expect_progress,
    expect_step,
    go_to_block,
    reflection_card,
    scenario_card,
)
from tests.helpers.servers import RUNNING
from tests.page_watch import ServerWatch, descendants
from tests.waiting import never, process_exited, wait_for

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

NB = STRINGS["nb"]
SAVED = NB["saved_at"].split("{")[0].strip()  # "Lagret kl."
NOT_SAVED = NB["not_saved"].split("{")[0].strip()  # "Ikke lagret:"
SET_ASIDE = NB["set_aside"].split("(")[0].strip()
KEY_DELAY_MS = 35


# -- fixtures ------------------------------------------------------------------------------------------------
@pytest.fixture
def content(course_server: CourseServer) -> ModuleContent:
    return load_module_content(course_server.module_dir, "nb")


@pytest.fixture
def own_server(tmp_path: Path, chromium_executable: Path) -> Iterator[CourseServer]:
    """A server of the test's own, NOT started: the test starts, stops and restarts it."""
    server = CourseServer(tmp_path / "root")
    yield server
    server.stop()


@pytest.fixture
def context(browser) -> Iterator[object]:
    """A browser context the test holds itself: its localStorage outlives any page and any server."""
    own = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    no_time_limits(own)
    with ServerWatch(running_servers):  # no time limits: a page fails if a server it needs exits
        yield own
    own.close()


@pytest.fixture
def small_disk_server(tmp_path: Path, chromium_executable: Path) -> Iterator[CourseServer]:
    """A server whose module folder is a tiny tmpfs of its own, so the test can fill the disk for real.

    Mounting needs root; elsewhere the test skips (each step of a failing save is covered without a
    mount in tests/progress/test_faults.py).
    """
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("filling a disk for real needs a tiny tmpfs, and mounting one needs root")
    server = CourseServer(tmp_path / "root")
    folder = server.module_dir
    shutil.move(folder, tmp_path / "module-files")
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        shutil.copytree(tmp_path / "module-files", folder, dirs_exist_ok=True)
        yield server.start()
    finally:
        server.stop()  # the kernels' working folder is the mount: end them before unmounting
        subprocess.run(["umount", "-l", str(folder)], check=False)


# -- helpers ---------------------------------------------------------------------------------------------------
def kernel_pid(page, server: CourseServer) -> int:
    """The process of the kernel behind ``page``: a child of the server whose connection file names it."""
    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    assert server.process is not None
    for pid in descendants(server.process.pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            cwd = Path(f"/proc/{pid}/cwd").resolve()
        except OSError:
            continue
        if any(f"kernel-{kernel_id}.json".encode() in part for part in cmdline):
            assert cwd == server.module_dir.resolve(), f"kernel {pid} runs in {cwd}, not the module folder"
            return pid
    pytest.fail(f"no kernel process for kernel {kernel_id} below server {server.process.pid}")


def gone(pid: int) -> bool:
    """True once ``pid`` has exited (a zombie not yet reaped by its parent counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def kill_hard(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: gone(pid), unreachable=never, what=f"process {pid} survived SIGKILL", poll=0.01)


def reflection_on_disk(server: CourseServer, reflection_id: str) -> str | None:
    """The reflection as the trusted file holds it (raises if the file is not whole and trusted)."""
    saved = read_progress(server.module_dir, MODULE_1)
    if saved is None or reflection_id not in saved.reflections:
        return None
    return saved.reflections[reflection_id].text


def textarea(page, content: ModuleContent, reflection_id: str):
    """The reflection's text box, on its step (Next or Back to it first: one step shows at a time)."""
    go_to_block(page, content, reflection_id)
    return reflection_card(page, content, reflection_id).locator("textarea")


def reload(page) -> None:
    page.reload()
    page.wait_for_selector(RENDERED, state="visible")
    page.wait_for_selector(".mf-header .mf-progress__bar", state="visible")


def type_at_end(page, box, text: str) -> None:
    """Type ``text`` key by key after whatever the box holds, as a learner would."""
    page.bring_to_front()
    box.evaluate("(el) => { if (!el.mfWatched) { el.mfWatched = true;"
                 " el.addEventListener('input', () => { window.mfLastInput = Date.now(); }); } }")
    box.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(text, delay=KEY_DELAY_MS)
    assert box.input_value().endswith(text), "the keys did not all reach the box (did focus move away?)"


def wait_saved(server: CourseServer, reflection_id: str, expected: str) -> float:
    """Poll until the file holds ``expected`` (fail only if the server exits). Returns the seconds waited.

    The time is printed, never asserted: how fast a keystroke reaches the disk is measured by the
    benchmarks, not here (a busy CI machine is slow, not wrong).
    """
    start = time.monotonic()

    def holds_it() -> bool:
        try:
            return reflection_on_disk(server, reflection_id) == expected
        except FileNotFoundError:
            return False

    wait_for(holds_it, unreachable=process_exited(server.process, "the course server", server.log_path),
             what=f"the file to hold {expected!r}", poll=0.005)
    return time.monotonic() - start


def save_delay(page, server: CourseServer, reflection_id: str, expected: str) -> float:
    """Seconds from the last keystroke's input event (typed by :func:`type_at_end`) to the save on disk.

    Polling starts only when Playwright's typing returns, so it measures from the file's modification
    time (written just before the atomic rename), compared with the page's own clock of the last input.
    """
    polled = wait_saved(server, reflection_id, expected)
    saved_ms = server.progress_path.stat().st_mtime_ns / 1e6
    delay = (saved_ms - page.evaluate("window.mfLastInput")) / 1000
    print(f"last keystroke on disk {delay * 1000:.0f} ms after its input event "
          f"(polling found it {polled * 1000:.0f} ms after typing returned)")
    return delay


def ending_choice(content: ModuleContent, index: int = 0):
    """A scenario of the module and a first choice that ends it at once."""
    scenario = content.scenarios[index]
    choice = next(c for c in scenario.situations[scenario.start].choices if c.next in scenario.endings)
    return scenario, choice


def expect_saved_status(page, content: ModuleContent, reflection_id: str) -> None:
    status = reflection_card(page, content, reflection_id).locator(".mf-reflection-status")
    expect(status.locator(".mf-status--saved")).to_contain_text(SAVED)


def set_aside_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("mangfold-progress.set-aside-*.json"))


# -- 1. the kernel killed while a reflection is being typed ----------------------------------------------------
def test_kernel_killed_in_the_middle_of_typing_keeps_every_keystroke_older_than_a_second(
    page, course_server: CourseServer, content: ModuleContent
) -> None:
    reflection = content.reflections[0]
    open_course(page, course_server.module_url)
    box = textarea(page, content, reflection.id)
    box.evaluate("(el) => { window.__keys = [];"
                 " el.addEventListener('input', () => window.__keys.push([Date.now(), el.value.length])); }")
    pid = kernel_pid(page, course_server)
    text = ("Jeg skrev stillingsannonsen alene, og jeg tenkte mest på hvem som ville passe inn i teamet vårt. "
            "Neste gang ber jeg en kollega lese den, og vi skriver kravene før vi leser søknadene. ") * 2
    killed_at: list[float] = []

    def kill() -> None:
        killed_at.append(time.time() * 1000)
        os.kill(pid, signal.SIGKILL)

    typing_ms = len(text) * KEY_DELAY_MS
    killer = threading.Timer(typing_ms * 0.6 / 1000, kill)
    box.focus()
    killer.start()
    # the last 40 % go to a page whose kernel is dead: no kernel saves them, and the reload below shows the
    # text up to the last keystroke that was saved; the page tells the learner at once that nothing is saved now
    page.keyboard.type(text, delay=KEY_DELAY_MS)
    killer.join()
    page.wait_for_timeout(1_500)
    assert gone(pid)
    banner = page.locator("#mf-disconnected")
    expect(banner).to_have_text(NB["disconnected"])
    expect(banner).to_have_attribute("role", "alert")

    keys: list[tuple[float, int]] = page.evaluate("window.__keys")
    assert len(keys) == len(text)
    kill_ms = killed_at[0]
    typed_before_kill = max(n for at, n in keys if at <= kill_ms)
    saved = reflection_on_disk(course_server, reflection.id)  # read_progress: whole and trusted, or it raises
    assert saved is not None, "nothing of the reflection reached the disk before the kill"
    assert saved == text[: len(saved)], "the file holds something the learner did not type"
    assert 0 < len(saved) <= typed_before_kill, (
        f"saved {len(saved)} characters; typed {typed_before_kill} before the kill")
    last_saved_ms = max(at for at, n in keys if n <= len(saved))
    print(f"kernel killed after {typed_before_kill} keystrokes; {len(saved)} were on disk, the last of them "
          f"typed {kill_ms - last_saved_ms:.0f} ms before the kill ({typed_before_kill - len(saved)} in flight)")

    reload(page)  # a new kernel reads the file: the text up to the last saved keystroke, said to be saved
    expect(textarea(page, content, reflection.id)).to_have_value(saved)
    expect_saved_status(page, content, reflection.id)


def test_kernel_killed_right_after_typing_loses_nothing_and_the_reload_says_saved(
    page, course_server: CourseServer, content: ModuleContent
) -> None:
    reflection = content.reflections[-1]
    open_course(page, course_server.module_url)
    box = textarea(page, content, reflection.id)
    text = "Enheten min ansetter sjelden. Derfor tenker jeg at hver ansettelse betyr mye for mangfoldet hos oss."
    type_at_end(page, box, text)
    save_delay(page, course_server, reflection.id, text)  # printed; speed is the benchmarks' to judge
    before = course_server.progress_path.read_bytes()

    kill_hard(kernel_pid(page, course_server))
    page.wait_for_timeout(500)
    assert course_server.progress_path.read_bytes() == before  # a kill writes nothing, and breaks nothing
    assert reflection_on_disk(course_server, reflection.id) == text

    reload(page)
    expect(textarea(page, content, reflection.id)).to_have_value(text)
    expect_saved_status(page, content, reflection.id)
    # and the learner goes on typing in the new kernel: the saves carry on
    type_at_end(page, textarea(page, content, reflection.id), " Mer tekst.")
    save_delay(page, course_server, reflection.id, text + " Mer tekst.")  # printed, not asserted


# -- 3. the Voilà server restarted -------------------------------------------------------------------------------
def stop_with_sigkill(server: CourseServer) -> None:
    """SIGKILL the server's process group; its kernels (sessions of their own) are killed by id afterwards."""
    assert server.process is not None
    RUNNING.discard(server)  # stopped on purpose: a page waiting on it is not failed by the page fixture's watch
    kernels = descendants(server.process.pid)
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait()  # SIGKILL cannot be ignored: the state comes, however busy the machine
    for pid in kernels:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process = None


def test_server_restart_after_sigterm_and_after_sigkill_loses_nothing(
    context, own_server: CourseServer
) -> None:
    server = own_server.start()
    content = load_module_content(server.module_dir, "nb")
    scenario, choice = ending_choice(content)
    team = content.block("sjekk-strategi")
    right = sorted(o.id for o in team.options if o.correct)
    reflection = content.reflections[0]  # written before the SIGTERM, rewritten before the SIGKILL
    before_restart, before_kill = "Skrevet før omstarten.", "Skrevet om før serveren ble drept."
    page = context.new_page()
    open_course(page, server.module_url)
    go_to_block(page, content, scenario.id)
    choose(page, scenario, scenario.start, choice.id)
    go_to_block(page, content, team.id)
    answer_check(page, team, right)
    expect_check_result(page, team, NB["check_correct"])
    textarea(page, content, reflection.id).fill(before_restart)
    expect_saved_status(page, content, reflection.id)
    wait_saved(server, reflection.id, before_restart)
    before = server.progress_path.read_bytes()

    def expect_all_there(text: str) -> None:
        go_to_block(page, content, scenario.id)
        expect_ending(scenario_card(page, scenario.id), scenario, choice.next)
        go_to_block(page, content, team.id)
        expect_check_selected(page, team, right)
        expect_check_result(page, team, NB["check_correct"])
        expect(textarea(page, content, reflection.id)).to_have_value(text)
        expect_progress(page, 2)  # the scenario and the check (the reflection is too short to count)

    server.stop()  # SIGTERM: Voilà shuts its kernels down
    server.start()
    reload(page)
    assert server.progress_path.read_bytes() == before, "opening the page after a restart rewrote the file"
    expect_all_there(before_restart)  # moving between steps saves the step: not before

    textarea(page, content, reflection.id).fill(before_kill)
    # the status said «Lagret» before this text too: what is saved is what the file holds (a SIGKILL right
    # after the fill, before the kernel had the keys, would test the browser's copy, not the save)
    wait_saved(server, reflection.id, before_kill)
    stop_with_sigkill(server)
    server.start()
    reload(page)
    expect_all_there(before_kill)
    saved = read_progress(server.module_dir, MODULE_1)
    assert saved.scenarios[scenario.id].endings_reached == [choice.next]
    assert saved.checks[team.id].answer == right
    assert not set_aside_files(server.module_dir)


# -- 4. one module in two browser tabs --------------------------------------------------------------------------
def test_two_tabs_on_one_module_keep_both_and_the_newest_text_wins(
    page, course_server: CourseServer, content: ModuleContent
) -> None:
    tab_a, tab_b = page, page.context.new_page()
    errors: list[str] = []
    for tab in (tab_a, tab_b):
        tab.on("pageerror", lambda error: errors.append(str(error)))
    open_course(tab_a, course_server.module_url)
    open_course(tab_b, course_server.module_url)  # a second kernel on the same folder and file
    [first], [r1] = content.scenarios, content.reflections  # module 1: one scenario, one reflection
    team = content.block("sjekk-strategi")
    right = sorted(o.id for o in team.options if o.correct)

    # interleaved: each tab answers items the other does not show as answered
    _, choice_1 = ending_choice(content, 0)
    go_to_block(tab_a, content, first.id)
    choose(tab_a, first, first.start, choice_1.id)
    go_to_block(tab_b, content, team.id)
    answer_check(tab_b, team, right)
    expect_check_result(tab_b, team, NB["check_correct"])
    textarea(tab_a, content, r1.id).fill("Fra fane A.")
    expect_saved_status(tab_a, content, r1.id)

    saved = read_progress(course_server.module_dir, MODULE_1)
    assert saved.scenarios[first.id].endings_reached == [choice_1.next]
    assert saved.checks[team.id].answer == right
    assert {k: v.text for k, v in saved.reflections.items()} == {r1.id: "Fra fane A."}

    reload(tab_a)  # tab A now shows what tab B did as well
    go_to_block(tab_a, content, first.id)
    expect_ending(scenario_card(tab_a, first.id), first, choice_1.next)
    go_to_block(tab_a, content, team.id)
    expect_check_selected(tab_a, team, right)
    go_to_block(tab_a, content, r1.id)
    expect(textarea(tab_a, content, r1.id)).to_have_value("Fra fane A.")

    # the same reflection in both tabs: tab B (which still shows r1 empty) writes it last, so B's text wins,
    # even when tab A, holding its older copy in memory, saves something else afterwards
    go_to_block(tab_b, content, r1.id)
    textarea(tab_b, content, r1.id).fill("Fane B skrev dette sist.")
    expect_saved_status(tab_b, content, r1.id)
    field_test = content.block("sjekk-tre-trinn")
    right_field = sorted(o.id for o in field_test.options if o.correct)
    go_to_block(tab_a, content, field_test.id)
    answer_check(tab_a, field_test, right_field)
    expect_check_result(tab_a, field_test, NB["check_correct"])
    # the page then moves focus to the check's result (a message of its own, after the result's text):
    # wait for it, or it lands while the next keys are typed and they go to the result instead
    tab_a.wait_for_function(f"document.activeElement && document.activeElement.id === 'mf-{field_test.id}-result'")
    assert reflection_on_disk(course_server, r1.id) == "Fane B skrev dette sist."
    go_to_block(tab_a, content, r1.id)
    # then both type into it, turn about: the last keystroke decides
    type_at_end(tab_a, textarea(tab_a, content, r1.id), " A igjen")
    type_at_end(tab_b, textarea(tab_b, content, r1.id), " B igjen")
    type_at_end(tab_a, textarea(tab_a, content, r1.id), " og A til slutt")
    newest = textarea(tab_a, content, r1.id).input_value()
    assert newest == "Fra fane A. A igjen og A til slutt"
    wait_saved(course_server, r1.id, newest)

    for tab in (tab_a, tab_b):
        reload(tab)
        go_to_block(tab, content, r1.id)
        expect(textarea(tab, content, r1.id)).to_have_value(newest)
        go_to_block(tab, content, field_test.id)
        expect_check_selected(tab, field_test, right_field)
        go_to_block(tab, content, team.id)
        expect_check_selected(tab, team, right)
        assert "Traceback" not in tab.locator("body").inner_text()
    assert not errors, f"errors in the tabs: {errors}"
    assert not set_aside_files(course_server.module_dir)


# -- 5. the disk full during a save -------------------------------------------------------------------------------
def fill_disk(folder: Path) -> Path:
    """Fill the filesystem under ``folder`` until not one more page fits; return the filler file."""
    filler = folder / ".filler"
    with open(filler, "wb", buffering=0) as handle:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * chunk)
    return filler


def test_disk_full_during_a_save_keeps_the_text_and_the_previous_version(
    page, small_disk_server: CourseServer
) -> None:
    server = small_disk_server
    content = load_module_content(server.module_dir, "nb")
    reflection = content.reflections[0]
    open_course(page, server.module_url)
    box = textarea(page, content, reflection.id)
    box.fill("Første versjon.")
    expect_saved_status(page, content, reflection.id)
    before = server.progress_path.read_bytes()

    filler = fill_disk(server.module_dir)
    type_at_end(page, box, " Skrevet mens disken var full.")
    status = reflection_card(page, content, reflection.id).locator(".mf-reflection-status")
    error = status.locator(".mf-status--error[role=alert]")
    expect(error).to_contain_text(NOT_SAVED)
    expect(error).to_contain_text(NB["save_error_disk_full"])
    expect(box).to_have_value("Første versjon. Skrevet mens disken var full.")
    assert server.progress_path.read_bytes() == before, "a failed save changed the file on disk"
    assert not [p.name for p in server.module_dir.iterdir() if p.name.endswith(".tmp")], "a temp file was left"

    filler.unlink()  # room again: the next keystroke saves everything typed meanwhile
    type_at_end(page, box, "!")
    expect(status.locator(".mf-status--saved")).to_contain_text(SAVED)
    expect(error).to_have_count(0)
    assert reflection_on_disk(server, reflection.id) == "Første versjon. Skrevet mens disken var full.!"
    reload(page)
    expect(textarea(page, content, reflection.id)).to_have_value("Første versjon. Skrevet mens disken var full.!")


# -- 6. a progress file of schema version 1 -----------------------------------------------------------------------
def test_a_version_1_file_opens_migrated_and_the_next_save_writes_version_2(
    page, course_server: CourseServer, content: ModuleContent
) -> None:
    scenario, choice = ending_choice(content)
    team = content.block("sjekk-strategi")
    right = sorted(o.id for o in team.options if o.correct)
    reflection = content.reflections[0]
    at = "2026-01-15T09:30:00.000000+00:00"
    step = {"node": scenario.start, "choice": choice.id, "at": at}
    version_1 = {
        "format": "mangfold-progress", "version": 1, "module": MODULE_1, "language": "nb",
        "created": at, "updated": at,
        "scenarios": {scenario.id: {"path": [step], "first_choice": choice.id, "ending": choice.next,
                                    "endings_reached": [choice.next], "history": [step], "updated": at}},
        "checks": {team.id: {"first_answer": right, "answer": right, "attempts": 1, "updated": at}},
        "reflections": {reflection.id: {"text": "Skrevet med kursets første versjon.", "updated": at}},
        "exercises": {},
    }
    version_1["checksum"] = checksum_of(version_1)
    course_server.progress_path.write_text(json.dumps(version_1, indent=1), encoding="utf-8")
    old_bytes = course_server.progress_path.read_bytes()

    open_course(page, course_server.module_url)
    expect(page.locator(".mf-notice--warning")).to_have_count(0)  # an old file is not an untrusted one
    expect_progress(page, 2)  # the scenario and the check; the reflection is shorter than its minimum
    assert course_server.progress_path.read_bytes() == old_bytes  # opening never rewrites
    expect_step(page, content, 1)  # a file from before steps: the first step
    go_to_block(page, content, scenario.id)  # moving between steps saves the step (in the current version)
    expect_ending(scenario_card(page, scenario.id), scenario, choice.next)
    go_to_block(page, content, team.id)
    expect_check_selected(page, team, right)
    expect_check_result(page, team, NB["check_correct"])
    expect(textarea(page, content, reflection.id)).to_have_value("Skrevet med kursets første versjon.")

    field_test = content.block("sjekk-tre-trinn")
    go_to_block(page, content, field_test.id)
    answer_check(page, field_test, [next(o.id for o in field_test.options if o.correct)])
    expect_check_result(page, field_test, NB["check_correct"])
    document = json.loads(course_server.progress_path.read_text(encoding="utf-8"))
    assert document["version"] == PROGRESS_VERSION and document["checksum"] == checksum_of(document)
    assert document["consent"] is None  # never asked in version 1: counts as no
    assert document["reflections"][reflection.id]["text"] == "Skrevet med kursets første versjon."
    assert document["scenarios"][scenario.id] == version_1["scenarios"][scenario.id]
    assert document["checks"][team.id] == version_1["checks"][team.id]
    assert field_test.id in document["checks"] and document["created"] == at
    assert not set_aside_files(course_server.module_dir)


# -- 7. a tampered file ---------------------------------------------------------------------------------------------
def test_a_tampered_file_is_reported_kept_aside_and_never_overwritten(
    page, course_server: CourseServer, content: ModuleContent
) -> None:
    scenario, choice = ending_choice(content)
    reflection = content.reflections[0]
    store = ProgressStore(course_server.module_dir, MODULE_1)
    store.record_choice(scenario.id, scenario.start, choice.id, choice.next)
    store.save_reflection(reflection.id, "Min egen tekst.")
    path = course_server.progress_path
    path.write_text(path.read_text(encoding="utf-8").replace("Min egen tekst.", "Noen andres tekst."),
                    encoding="utf-8")
    tampered = path.read_bytes()

    open_course(page, course_server.module_url)
    notice = page.locator(".mf-notice--warning[role=alert]")
    expect(notice).to_contain_text(SET_ASIDE)
    expect(notice).to_contain_text("kontrollsummen stemmer ikke")  # the reason in the learner's language
    expect_progress(page, 0)  # the learner starts afresh
    assert path.read_bytes() == tampered  # opening the page leaves the file as it is
    assert not set_aside_files(course_server.module_dir)
    go_to_block(page, content, scenario.id)  # a step change is saved: the file is set aside first, never overwritten
    expect(scenario_card(page, scenario.id).locator(".mf-ending")).to_have_count(0)
    expect(textarea(page, content, reflection.id)).to_have_value("")

    box = textarea(page, content, reflection.id)
    box.fill("En ny start.")
    expect_saved_status(page, content, reflection.id)
    (kept,) = set_aside_files(course_server.module_dir)
    assert kept.read_bytes() == tampered
    assert "checksum does not match" in kept.with_name(kept.name + ".reason.txt").read_text(encoding="utf-8")
    saved = read_progress(course_server.module_dir, MODULE_1)
    assert {k: v.text for k, v in saved.reflections.items()} == {reflection.id: "En ny start."}
    assert saved.scenarios == {}  # nothing of the untrusted file came in

    type_at_end(page, box, " Og mer.")
    wait_saved(course_server, reflection.id, "En ny start. Og mer.")
    reload(page)
    expect(textarea(page, content, reflection.id)).to_have_value("En ny start. Og mer.")
    assert set_aside_files(course_server.module_dir) == [kept] and kept.read_bytes() == tampered
