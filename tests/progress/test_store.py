"""The progress store: atomic saves, merging writers, and untrusted files set aside, never overwritten."""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

import pytest

from mangfold.progress import PROGRESS_FILENAME, ProgressFileError, ProgressStore, read_progress
from mangfold.progress.model import PROGRESS_VERSION, ModuleProgress, ReflectionProgress, checksum_of, merge
from mangfold.progress.store import parse_progress
from tests.conftest import MODULE_1


def file_json(folder: Path) -> dict:
    return json.loads((folder / PROGRESS_FILENAME).read_text(encoding="utf-8"))


def test_a_new_store_writes_nothing_until_the_learner_acts(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, MODULE_1)
    assert not (tmp_path / PROGRESS_FILENAME).exists()
    store.save_reflection("r", "hei")
    saved = file_json(tmp_path)
    assert saved["format"] == "mangfold-progress"
    assert saved["version"] == PROGRESS_VERSION
    assert saved["reflections"]["r"]["text"] == "hei"
    assert saved["checksum"] == checksum_of(saved)


def test_every_change_is_saved_and_restored_by_a_new_store(tmp_path: Path) -> None:
    first = ProgressStore(tmp_path, MODULE_1, "en")
    first.record_choice("s", "start", "a", None)
    first.record_choice("s", "next", "b", "end")
    first.record_check("k", ["b"])
    first.record_check("k", ["a"])
    first.save_reflection("r", "Line one\nline two")
    first.save_exercise("x", {"must": ["a", "b"]})
    again = ProgressStore(tmp_path, MODULE_1)  # as after a kernel restart
    scenario = again.data.scenarios["s"]
    assert [(s.node, s.choice) for s in scenario.path] == [("start", "a"), ("next", "b")]
    assert scenario.first_choice == "a" and scenario.ending == "end" and scenario.endings_reached == ["end"]
    assert again.data.checks["k"].first_answer == ["b"] and again.data.checks["k"].answer == ["a"]
    assert again.data.checks["k"].attempts == 2
    assert again.data.reflections["r"].text == "Line one\nline two"
    assert again.data.exercises["x"].state == {"must": ["a", "b"]}
    assert again.data.language == "en"
    assert again.notices == []


def test_step_back_and_restart_keep_the_history(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, MODULE_1)
    store.record_choice("s", "start", "a", None)
    store.step_back("s")
    store.record_choice("s", "start", "b", "end")
    store.restart_scenario("s")
    scenario = ProgressStore(tmp_path, MODULE_1).data.scenarios["s"]
    assert scenario.path == [] and scenario.ending is None
    assert [s.choice for s in scenario.history] == ["a", "b"]
    assert scenario.first_choice == "a" and scenario.endings_reached == ["end"]


def test_write_is_atomic_the_old_file_survives_a_failed_write(tmp_path: Path, monkeypatch) -> None:
    store = ProgressStore(tmp_path, MODULE_1)
    store.save_reflection("r", "first version")
    before = (tmp_path / PROGRESS_FILENAME).read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    assert store.save_reflection("r", "second version") is False
    assert store.last_error is not None and store.last_error.errno == errno.ENOSPC
    assert (tmp_path / PROGRESS_FILENAME).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert store.data.reflections["r"].text == "second version"  # kept in memory for the next save
    monkeypatch.undo()
    assert store.save_reflection("r", "second version, saved") is True
    assert read_progress(tmp_path, MODULE_1).reflections["r"].text == "second version, saved"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not valid JSON (line 1, column 2"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"format": "something-else"}', "not a mangfold-progress file"),
        (b'{"format": "mangfold-progress", "version": 99}', "version 99 is newer than this course reads"),
        (b'{"format": "mangfold-progress", "version": "1"}', "unknown version '1'"),
    ],
)
def test_corrupt_or_unknown_file_is_reported_then_set_aside_on_the_first_write(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / PROGRESS_FILENAME
    path.write_bytes(content)
    store = ProgressStore(tmp_path, MODULE_1)
    (notice,) = store.notices
    assert notice.kind == "untrusted" and reason in notice.message
    assert path.read_bytes() == content  # opening a module never touches the file
    store.save_reflection("r", "new start")
    moved = store.notices[-1]
    assert moved.kind == "set-aside" and moved.path is not None and moved.path.read_bytes() == content
    assert reason in moved.path.with_suffix(".json.reason.txt").read_text(encoding="utf-8")
    store.save_reflection("r", "new start, more")
    assert moved.path.read_bytes() == content  # never overwritten
    assert read_progress(tmp_path, MODULE_1).reflections["r"].text == "new start, more"


def test_tampered_file_fails_its_checksum_and_is_set_aside(tmp_path: Path) -> None:
    ProgressStore(tmp_path, MODULE_1).record_check("k", ["a"])
    path = tmp_path / PROGRESS_FILENAME
    path.write_text(path.read_text(encoding="utf-8").replace('"a"', '"b"'), encoding="utf-8")
    with pytest.raises(ProgressFileError, match="checksum does not match"):
        read_progress(tmp_path, MODULE_1)
    store = ProgressStore(tmp_path, MODULE_1)
    assert "checksum does not match" in store.notices[0].message
    assert store.data.checks == {}
    assert store.reload().checks == {} and len(store.notices) == 1  # reported once


def test_file_of_another_module_is_refused(tmp_path: Path) -> None:
    ProgressStore(tmp_path, "02-legg-grunnlaget").save_reflection("r", "x")
    with pytest.raises(ProgressFileError, match="belongs to module '02-legg-grunnlaget'"):
        read_progress(tmp_path, MODULE_1)


def test_invalid_field_is_named(tmp_path: Path) -> None:
    document = ModuleProgress(module=MODULE_1).sealed()
    document["checks"] = {"k": {"first_answer": "a", "answer": [], "attempts": 1, "updated": "x"}}
    document["checksum"] = checksum_of(document)
    with pytest.raises(ProgressFileError, match=r"invalid at checks\.k\.first_answer"):
        parse_progress(json.dumps(document).encode(), tmp_path / PROGRESS_FILENAME, MODULE_1)


def test_two_stores_on_one_file_merge_instead_of_overwriting(tmp_path: Path) -> None:
    """Two tabs (two kernels) on one module: each keeps what the other saved."""
    tab_a = ProgressStore(tmp_path, MODULE_1)
    tab_b = ProgressStore(tmp_path, MODULE_1)
    tab_a.save_reflection("r1", "from tab A")
    tab_b.save_reflection("r2", "from tab B")
    tab_a.record_check("k", ["a"])
    final = read_progress(tmp_path, MODULE_1)
    assert final.reflections["r1"].text == "from tab A"
    assert final.reflections["r2"].text == "from tab B"
    assert final.checks["k"].answer == ["a"]


def test_newest_change_of_one_item_wins(tmp_path: Path) -> None:
    tab_a = ProgressStore(tmp_path, MODULE_1)
    tab_b = ProgressStore(tmp_path, MODULE_1)
    tab_a.save_reflection("r", "older")
    tab_b.save_reflection("r", "newer")
    tab_a.save_reflection("other", "x")  # A's stale copy of "r" must not win
    assert read_progress(tmp_path, MODULE_1).reflections["r"].text == "newer"


def test_concurrent_saves_from_threads_lose_nothing(tmp_path: Path) -> None:
    """Many writers at once (widgets in two kernels): the lock serialises read-merge-write."""
    stores = [ProgressStore(tmp_path, MODULE_1) for _ in range(4)]

    def write(index: int, store: ProgressStore) -> None:
        for n in range(15):
            store.save_reflection(f"r{index}-{n}", f"text {index} {n}")

    threads = [threading.Thread(target=write, args=(i, s)) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = read_progress(tmp_path, MODULE_1).reflections
    assert len(saved) == 60
    assert saved["r3-14"].text == "text 3 14"


def test_merge_keeps_items_from_both_and_refuses_other_modules() -> None:
    a = ModuleProgress(module=MODULE_1,
                       reflections={"x": ReflectionProgress(text="a", updated="2026-01-01T00:00:00+00:00")})
    b = ModuleProgress(module=MODULE_1,
                       reflections={"y": ReflectionProgress(text="b", updated="2026-01-02T00:00:00+00:00")})
    merged = merge(a, b)
    assert {key: item.text for key, item in merged.reflections.items()} == {"x": "a", "y": "b"}
    with pytest.raises(ValueError, match="cannot merge"):
        merge(a, ModuleProgress(module="02-legg-grunnlaget"))


def test_hostile_and_huge_text_round_trips_exactly(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>\x00\x1b[31m \u202e æøå " + "ord " * 12_000
    ProgressStore(tmp_path, MODULE_1).save_reflection("r", hostile)
    assert read_progress(tmp_path, MODULE_1).reflections["r"].text == hostile


def test_reload_brings_in_what_another_writer_saved(tmp_path: Path) -> None:
    mine = ProgressStore(tmp_path, MODULE_1)
    ProgressStore(tmp_path, MODULE_1).save_reflection("r", "from elsewhere")
    assert mine.reload().reflections["r"].text == "from elsewhere"


def test_subscribers_hear_every_save(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, MODULE_1)
    heard: list[int] = []
    store.subscribe(lambda progress: heard.append(len(progress.reflections)))
    store.save_reflection("a", "x")
    store.save_reflection("b", "y")
    assert heard == [1, 2]
