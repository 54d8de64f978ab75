"""Faults at the level of the progress store (issue #8): a full disk at every step of a save, a writer
killed mid-save or while it holds the lock, and files cut short by a crashed or careless copy.

Already covered elsewhere, not repeated here:
- ENOSPC from ``fsync``, the change kept in memory and written by the next save:
  ``tests/progress/test_store.py::test_write_is_atomic_the_old_file_survives_a_failed_write``;
- corrupt, unknown, newer and tampered files reported, then set aside on the first write and never
  overwritten: ``test_store.py::test_corrupt_or_unknown_file_is_reported_then_set_aside_on_the_first_write``
  and ``::test_tampered_file_fails_its_checksum_and_is_set_aside``;
- two writers on one file merge item by item:
  ``test_store.py::test_two_stores_on_one_file_merge_instead_of_overwriting``,
  ``::test_newest_change_of_one_item_wins``, ``::test_concurrent_saves_from_threads_lose_nothing``;
- a version 1 file migrated and rewritten as version 2: ``tests/progress/test_consent_and_migration.py``.

The same faults in a real browser against a real ``mangfold serve``: ``tests/browser/test_faults.py``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mangfold import atomic
from mangfold.progress import PROGRESS_FILENAME, ProgressFileError, ProgressStore, read_progress
from mangfold.progress.store import LOCK_FILENAME
from tests.conftest import MODULE_1, REPO_ROOT

FULL = OSError(errno.ENOSPC, "No space left on device")
REAL_FDOPEN = os.fdopen


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def first_version(folder: Path) -> tuple[ProgressStore, bytes]:
    store = ProgressStore(folder, MODULE_1)
    store.save_reflection("r", "first version")
    store.record_check("k", ["a"])
    return store, (folder / PROGRESS_FILENAME).read_bytes()


# -- a full disk at each step of atomic_write_json --------------------------------------------------------
class _FullDiskFile:
    """A file object whose ``write`` fails as on a full disk; closing it closes the real descriptor."""

    def __init__(self, fd: int):
        self._handle = REAL_FDOPEN(fd, "wb")

    def __enter__(self) -> _FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        raise FULL


def _fail_at(step: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make one step of a save fail with ENOSPC (fsync is test_store's case)."""
    def raise_full(*args: object, **kwargs: object) -> None:
        raise FULL

    if step == "create the temp file":
        monkeypatch.setattr(atomic, "_temporary", raise_full)
    elif step == "write the temp file":
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDiskFile(fd))
    elif step == "replace the file":
        monkeypatch.setattr(os, "replace", raise_full)
    elif step == "open the lock":
        real_open = open

        def open_lock(path, *args, **kwargs):
            if Path(path).name == LOCK_FILENAME:
                raise FULL
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr("builtins.open", open_lock)
    else:  # pragma: no cover - a typo in the parameters below
        raise AssertionError(step)


@pytest.mark.parametrize("step", ["open the lock", "create the temp file", "write the temp file", "replace the file"])
def test_a_full_disk_at_any_step_keeps_the_previous_version_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    store, before = first_version(tmp_path)
    _fail_at(step, monkeypatch)
    assert store.save_reflection("r", "second version") is False
    assert store.last_error is not None and store.last_error.errno == errno.ENOSPC
    assert store.notices[-1].kind == "save-failed" and "No space left" in store.notices[-1].message
    monkeypatch.undo()
    assert (tmp_path / PROGRESS_FILENAME).read_bytes() == before
    assert temp_files(tmp_path) == []
    assert store.data.reflections["r"].text == "second version"  # kept for the next save
    assert store.save_exercise("x", {"n": 1}) is True  # the next change, once there is room, saves both
    saved = read_progress(tmp_path, MODULE_1)
    assert saved.reflections["r"].text == "second version" and saved.exercises["x"].state == {"n": 1}
    assert saved.checks["k"].answer == ["a"]


def test_a_failing_directory_fsync_after_the_rename_is_not_a_lost_save(tmp_path: Path, monkeypatch) -> None:
    """The rename is done; only its durability is best effort (some filesystems refuse a directory fsync)."""
    store, _ = first_version(tmp_path)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert store.save_reflection("r", "second version") is True
    assert read_progress(tmp_path, MODULE_1).reflections["r"].text == "second version"


@contextlib.contextmanager
def tiny_filesystem(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A tmpfs of ``size`` on ``folder``; skips the test where mounting is not allowed (not root)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs a tiny tmpfs, and mounting one needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the filesystem under ``folder`` until not one more page fits; return the filler file."""
    filler = folder / ".filler"
    with open(filler, "wb", buffering=0) as handle:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * chunk)
    return filler


def test_a_really_full_disk_keeps_the_previous_version(tmp_path: Path) -> None:
    with tiny_filesystem(tmp_path / "small") as folder:
        store, before = first_version(folder)
        filler = fill(folder)
        assert store.save_reflection("r", "second version, and the disk is full") is False
        assert store.last_error is not None and store.last_error.errno == errno.ENOSPC
        assert (folder / PROGRESS_FILENAME).read_bytes() == before
        assert temp_files(folder) == []
        filler.unlink()
        assert store.save_reflection("r", "second version, saved") is True
        assert read_progress(folder, MODULE_1).reflections["r"].text == "second version, saved"


# -- a writer killed -----------------------------------------------------------------------------------------
WRITER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from mangfold.progress.store import ProgressStore
    folder, module, mode = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    store = ProgressStore(folder, module)
    if mode == "die-before-replace":  # the temp file is written and synced, then the process dies
        os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
        store.save_reflection("r", "never committed")
    elif mode == "hold-the-lock":
        import fcntl
        with open(folder / ".mangfold-progress.lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            print("locked", flush=True)
            signal.pause()
    else:  # type for ever, one keystroke a save; says so once the first keystroke is on disk
        text = sys.argv[4]
        store.save_reflection("r", text[:1])
        print("typing", flush=True)
        for n in range(2, 10**9):
            store.save_reflection("r", text[: n % len(text) + 1])
""")


def writer(folder: Path, mode: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "widgets"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen([sys.executable, "-c", WRITER, str(folder), MODULE_1, mode, *extra],
                            stdout=subprocess.PIPE, text=True, env=env)


def test_a_writer_killed_before_its_rename_leaves_the_old_file_and_a_stray_temp_that_is_ignored(
    tmp_path: Path,
) -> None:
    _, before = first_version(tmp_path)
    process = writer(tmp_path, "die-before-replace")
    assert process.wait() == -signal.SIGKILL
    assert (tmp_path / PROGRESS_FILENAME).read_bytes() == before
    (stray,) = temp_files(tmp_path)
    assert "never committed" in (tmp_path / stray).read_text(encoding="utf-8")
    # the next kernel opens the module as if nothing happened, and its saves ignore the stray temp file
    again = ProgressStore(tmp_path, MODULE_1)
    assert again.notices == [] and again.data.reflections["r"].text == "first version"
    assert again.save_reflection("r2", "after the crash") is True
    saved = read_progress(tmp_path, MODULE_1)
    assert saved.reflections["r"].text == "first version" and saved.reflections["r2"].text == "after the crash"
    assert not list(tmp_path.glob("*.set-aside-*"))


def test_writers_killed_at_random_moments_never_leave_half_a_file(tmp_path: Path) -> None:
    """SIGKILL a process that saves as fast as it can, five times: the file is always whole and trusted.

    The pauses only spread the kills over the typing; what is asserted holds whenever a kill lands.
    """
    text = "Kontrollert kaos: æøå, «sitater» og 🙂 i en lang refleksjon. " * 20
    seen: set[int] = set()
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31):
        process = writer(tmp_path, "type", text)
        assert process.stdout is not None and process.stdout.readline().strip() == "typing"
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        saved = read_progress(tmp_path, MODULE_1)  # raises if the file is not whole and trusted
        assert saved is not None and text.startswith(saved.reflections["r"].text)
        seen.add(len(saved.reflections["r"].text))
    ProgressStore(tmp_path, MODULE_1).save_reflection("r", "the next kernel writes")
    assert read_progress(tmp_path, MODULE_1).reflections["r"].text == "the next kernel writes"


def test_a_kernel_killed_while_it_holds_the_lock_does_not_block_the_next_save(tmp_path: Path) -> None:
    store, _ = first_version(tmp_path)
    holder = writer(tmp_path, "hold-the-lock")
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    results: list[bool] = []
    saving = threading.Thread(target=lambda: results.append(store.save_reflection("r", "waited")), daemon=True)
    saving.start()
    saving.join(0.5)
    assert saving.is_alive(), "the save did not wait for the lock: two writers could interleave"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    saving.join()  # the kernel releases a dead process's flock: the save goes on
    assert results == [True]
    assert read_progress(tmp_path, MODULE_1).reflections["r"].text == "waited"


# -- files cut short -------------------------------------------------------------------------------------------
def _cut(raw: bytes, where: str) -> bytes:
    if where == "empty":
        return b""
    if where == "half":
        return raw[: len(raw) // 2]
    if where == "all but the last byte":
        return raw[:-1]
    # inside a two-byte UTF-8 letter: the file is no longer text
    index = raw.index("æ".encode()) + 1
    return raw[:index]


@pytest.mark.parametrize(("where", "reason"), [
    ("empty", "not valid JSON (line 1, column 1"),
    ("half", "not valid JSON"),
    ("all but the last byte", "not valid JSON"),
    ("inside a letter", "not UTF-8 text"),
])
def test_a_truncated_file_is_reported_kept_aside_and_never_overwritten(tmp_path: Path, where: str,
                                                                       reason: str) -> None:
    ProgressStore(tmp_path, MODULE_1).save_reflection("r", "Skrevet før krasjet: æøå " * 40)
    path = tmp_path / PROGRESS_FILENAME
    cut = _cut(path.read_bytes(), where)
    path.write_bytes(cut)
    with pytest.raises(ProgressFileError, match=r"not (valid JSON|UTF-8 text)"):  # a grader is told, too
        read_progress(tmp_path, MODULE_1)

    store = ProgressStore(tmp_path, MODULE_1)
    assert [(n.kind, reason in n.message) for n in store.notices] == [("untrusted", True)]
    assert store.data.reflections == {}  # a fresh start, not a half-read one
    store.reload()
    assert path.read_bytes() == cut  # opening and reloading never touch it

    store.save_reflection("r", "ny start")
    (kept,) = tmp_path.glob("mangfold-progress.set-aside-*.json")
    assert kept.read_bytes() == cut
    assert reason in kept.with_name(kept.name + ".reason.txt").read_text(encoding="utf-8")
    for n in range(3):
        store.save_reflection("r", f"ny start {n}")
    assert kept.read_bytes() == cut and len(list(tmp_path.glob("*.set-aside-*.json"))) == 1
    assert read_progress(tmp_path, MODULE_1).reflections["r"].text == "ny start 2"
