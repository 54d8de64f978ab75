"""The one writer of kept files: whole or not at all, a fresh temporary name, the permission bits a file had."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mangfold import atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_write_replaces_the_file_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "grades.csv"
    target.write_text("old\n", encoding="utf-8")
    atomic.write_text(target, "ny æøå\n")
    assert target.read_text(encoding="utf-8") == "ny æøå\n"
    assert leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "config.py"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic.replacing(target, text=True) as handle:
        handle.write("half of the new")
        raise RuntimeError("the disk filled up")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == []


def test_a_file_in_the_way_of_a_fixed_temporary_name_is_never_written_through(tmp_path: Path) -> None:
    """The grades export wrote ``.grades.csv.tmp``: a link of that name sent the grades elsewhere."""
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not yours\n", encoding="utf-8")
    (tmp_path / ".grades.csv.tmp").symlink_to(elsewhere)
    atomic.write_text(tmp_path / "grades.csv", "a,b\n")
    assert elsewhere.read_text(encoding="utf-8") == "not yours\n"
    assert (tmp_path / "grades.csv").read_text(encoding="utf-8") == "a,b\n"


def test_permission_bits_are_kept_given_or_as_open_would_give_them(tmp_path: Path) -> None:
    existing = tmp_path / "shared.html"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o640)
    atomic.write_text(existing, "new")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    private = tmp_path / "progress.json"
    atomic.write_text(private, "{}", mode=0o600)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    umask = os.umask(0o022)
    try:
        atomic.write_text(tmp_path / "new.txt", "x")
        with open(tmp_path / "plain.txt", "w", encoding="utf-8") as plain:
            plain.write("x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode)


def test_copy_is_copy2_written_whole(tmp_path: Path) -> None:
    source = tmp_path / "content.nb.yaml"
    source.write_text("id: x\n", encoding="utf-8")
    source.chmod(0o644)
    os.utime(source, (1_600_000_000, 1_600_000_000))
    target = atomic.copy(source, tmp_path / "copy.yaml")
    assert target.read_text(encoding="utf-8") == "id: x\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.stat().st_mtime == 1_600_000_000


def test_the_lock_is_a_lock_where_there_is_fcntl_and_none_where_there_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with atomic.exclusive(tmp_path / ".lock"):
        pass
    assert (tmp_path / ".lock").exists()
    monkeypatch.setattr(atomic, "fcntl", None)  # Pyodide: no fcntl, one page, nobody to exclude
    with atomic.exclusive(tmp_path / "other.lock"):
        atomic.write_text(tmp_path / "saved.json", "{}")
    assert not (tmp_path / "other.lock").exists()
    assert (tmp_path / "saved.json").read_text(encoding="utf-8") == "{}"
