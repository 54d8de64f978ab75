"""Copies of progress coming back from the browser or an upload: checked strictly, merged newest-first."""

from __future__ import annotations

import json
from pathlib import Path

from mangfold.progress import PROGRESS_FILENAME, read_progress
from mangfold.progress.model import checksum_of
from mangfold.progress.sync import BUNDLE_FORMAT, make_bundle, restore_bundle, restore_copy
from mangfold.ui import open_module
from mangfold.ui.mirror import BrowserMirror
from tests.conftest import MODULE_1, copy_module
from tests.helpers.widgets import complete_module


def saved_text(folder: Path) -> str:
    return (folder / PROGRESS_FILENAME).read_text(encoding="utf-8")


def test_a_copy_restores_an_empty_folder_and_a_second_time_changes_nothing(module_dir: Path, tmp_path: Path) -> None:
    complete_module(module_dir)
    copy = saved_text(module_dir)
    fresh = copy_module(MODULE_1, tmp_path / "fresh")  # a new Binder session: the folder is empty
    assert restore_copy(fresh, MODULE_1, copy, "browser").outcome == "merged"
    items = ("scenarios", "checks", "reflections", "exercises")
    restored, original = read_progress(fresh, MODULE_1), read_progress(module_dir, MODULE_1)
    assert all(getattr(restored, kind) == getattr(original, kind) for kind in items)
    assert restore_copy(fresh, MODULE_1, copy, "browser").outcome == "same"


def test_newest_item_wins_in_both_directions_and_nothing_is_deleted(module_dir: Path, tmp_path: Path) -> None:
    page = open_module(MODULE_1, module_dir, "nb")
    [first] = page.content.reflections
    server_check, browser_check = page.content.checks[:2]
    page.show(first.id).write("old on the server")
    browser = copy_module(MODULE_1, tmp_path / "browser")
    other = open_module(MODULE_1, browser, "nb")
    other.show(first.id).write("newer in the browser")
    other.show(browser_check.id).select([browser_check.options[0].id])
    other.show(browser_check.id).submit()  # only in the browser
    page.show(server_check.id).select([server_check.options[0].id])
    page.show(server_check.id).submit()
    assert restore_copy(module_dir, MODULE_1, saved_text(browser), "browser").outcome == "merged"
    merged = read_progress(module_dir, MODULE_1)
    assert merged.reflections[first.id].text == "newer in the browser"
    assert browser_check.id in merged.checks
    assert server_check.id in merged.checks  # the server's own item survives


def test_tampered_or_forged_copies_are_rejected_with_a_reason(module_dir: Path, tmp_path: Path) -> None:
    complete_module(module_dir)
    document = json.loads(saved_text(module_dir))
    fresh = copy_module(MODULE_1, tmp_path / "fresh")
    edited = dict(document, language="en")
    result = restore_copy(fresh, MODULE_1, json.dumps(edited), "browser")
    assert result.outcome == "rejected" and "checksum" in result.reason
    scenario = next(iter(document["scenarios"]))
    document["scenarios"][scenario]["path"][0]["choice"] = "finnes-ikke"
    document["checksum"] = checksum_of(document)
    result = restore_copy(fresh, MODULE_1, json.dumps(document), "browser")
    assert result.outcome == "rejected" and "finnes-ikke" in result.reason
    assert restore_copy(fresh, MODULE_1, "<script>", "browser").outcome == "rejected"
    assert not (fresh / PROGRESS_FILENAME).exists()


def test_bundle_round_trip_and_hostile_uploads(module_dir: Path, tmp_path: Path) -> None:
    complete_module(module_dir)
    course, fresh = module_dir.parent, tmp_path / "fresh"
    bundle = make_bundle(course, [MODULE_1])
    assert bundle["format"] == BUNDLE_FORMAT and set(bundle["modules"]) == {MODULE_1}
    copy_module(MODULE_1, fresh)
    raw = json.dumps(bundle).encode()
    assert [r.outcome for r in restore_bundle(fresh, raw, [MODULE_1])] == ["merged"]
    single = saved_text(module_dir).encode()  # a single module's file is accepted too
    assert [r.outcome for r in restore_bundle(fresh, single, [MODULE_1])] == ["same"]
    traversal = json.dumps({**bundle, "modules": {"../../etc": bundle["modules"][MODULE_1]}}).encode()
    assert restore_bundle(fresh, traversal, [MODULE_1])[0].reason == "not a module of this course"
    assert restore_bundle(fresh, b"\xff", [MODULE_1])[0].outcome == "rejected"
    assert "larger than" in restore_bundle(fresh, b" " * 20_000_001, [MODULE_1])[0].reason
    assert "unknown bundle version" in restore_bundle(fresh, json.dumps({**bundle, "version": 9}).encode(),
                                                      [MODULE_1])[0].reason


def test_mirror_publishes_saves_and_asks_for_a_reload_only_when_something_came_in(module_dir: Path,
                                                                                  tmp_path: Path) -> None:
    complete_module(module_dir)
    copy = saved_text(module_dir)
    fresh = copy_module(MODULE_1, tmp_path / "fresh")
    page = open_module(MODULE_1, fresh, "nb")
    sent: list[dict] = []
    page.mirror.send = sent.append  # what would go to the browser
    page.show(page.content.reflections[0].id).write("ny tekst")
    assert "ny tekst" in page.mirror.server_copies[MODULE_1]
    page.mirror.browser_copies = {MODULE_1: copy}  # the browser reports its copy on page load
    assert sent == [{"reload": True}]
    again = BrowserMirror(fresh.parent, [MODULE_1])
    again.send = sent.append
    again.browser_copies = {MODULE_1: saved_text(fresh)}
    assert sent == [{"reload": True}]  # nothing new the second time: no reload loop
    again.browser_copies = {}
    assert again.restored == []
