"""The safe reader of learner files, and the screening that moves a hand-in's links and special files aside."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mangfold import i18n
from mangfold.grading import grade_folder
from mangfold.progress import store
from mangfold.progress.reasons import file_kind_text, reason_text
from mangfold.progress.refused import REFUSED_FILENAME, RefusedEntry, read_refused, refused_reason, screen_folder
from mangfold.progress.store import PROGRESS_FILENAME, ProgressFileError, read_learner_bytes, read_progress
from tests import learners
from tests.conftest import MODULE_1, copy_module


def test_the_safe_reader_reads_a_regular_file_and_none_when_missing(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b"{}")
    assert read_learner_bytes(tmp_path / "a.json") == b"{}"
    assert read_learner_bytes(tmp_path / "missing.json") is None
    assert read_learner_bytes(tmp_path / "no-folder" / "a.json") is None
    (tmp_path / "file").write_bytes(b"")
    assert read_learner_bytes(tmp_path / "file" / "a.json") is None  # a file where the folder should be


def test_the_size_limit_is_taken_before_reading(tmp_path: Path) -> None:
    (tmp_path / "big.json").write_bytes(b" " * 101)
    with pytest.raises(ProgressFileError, match="file is 101 bytes, more than the 100 allowed"):
        read_learner_bytes(tmp_path / "big.json", limit=100)


def test_a_dangling_link_is_a_link_not_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a.json").symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(ProgressFileError, match=r"not a regular file \(a symbolic link\)"):
        read_learner_bytes(tmp_path / "a.json")


def test_screening_moves_links_and_special_files_aside_and_keeps_the_rest(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hemmelig", encoding="utf-8")
    folder = tmp_path / "submitted" / "ola" / MODULE_1
    (folder / "sub").mkdir(parents=True)
    (folder / "kept.txt").write_text("mine", encoding="utf-8")
    (folder / PROGRESS_FILENAME).symlink_to(secret)
    (folder / "sub" / "deep").symlink_to(secret)
    (folder / "dir-link").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "pipe")
    aside = tmp_path / "refused" / "ola" / MODULE_1
    refused = screen_folder(folder, aside)
    assert sorted((e.path, e.kind) for e in refused) == [
        ("dir-link", "a symbolic link"), (PROGRESS_FILENAME, "a symbolic link"), ("pipe", "a FIFO"),
        ("sub/deep", "a symbolic link")]
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "kept.txt", REFUSED_FILENAME, "sub"]
    assert os.readlink(aside / "sub" / "deep") == str(secret) and stat.S_ISFIFO((aside / "pipe").lstat().st_mode)
    assert read_refused(folder) == refused
    assert refused_reason(folder, PROGRESS_FILENAME) == f"{PROGRESS_FILENAME}: not a regular file (a symbolic link)"
    assert screen_folder(folder, aside) == [] and read_refused(folder) == refused  # twice is the same


def test_a_linked_module_folder_is_moved_aside_whole(tmp_path: Path) -> None:
    elsewhere = copy_module(MODULE_1, tmp_path / "elsewhere")
    learners.complete(elsewhere)
    folder = tmp_path / "submitted" / "ola" / MODULE_1
    folder.parent.mkdir(parents=True)
    folder.symlink_to(elsewhere, target_is_directory=True)
    refused = screen_folder(folder, tmp_path / "refused" / "ola" / MODULE_1)
    assert refused == [RefusedEntry(".", "a symbolic link", "not a regular file (a symbolic link)")]
    assert folder.is_dir() and not folder.is_symlink() and [p.name for p in folder.iterdir()] == [REFUSED_FILENAME]
    assert (tmp_path / "refused" / "ola" / MODULE_1).is_symlink()


def test_the_grader_gives_the_recorded_refusal_as_the_reason(tmp_path: Path) -> None:
    folder = copy_module(MODULE_1, tmp_path)
    (folder / PROGRESS_FILENAME).symlink_to("/etc/passwd")
    screen_folder(folder, tmp_path / "refused")
    with pytest.raises(ProgressFileError, match=rf"{PROGRESS_FILENAME}: not a regular file \(a symbolic link\)"):
        read_progress(folder, MODULE_1)
    result = grade_folder(folder, MODULE_1)
    assert result.points == 0 and f"{PROGRESS_FILENAME}: not a regular file (a symbolic link)" in result.problem


def test_a_record_that_is_a_link_is_not_believed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x").symlink_to("/etc/passwd")
    screen_folder(elsewhere, tmp_path / "aside")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / REFUSED_FILENAME).symlink_to(elsewhere / REFUSED_FILENAME)
    assert read_refused(folder) == []
    assert screen_folder(folder, tmp_path / "aside2") == [
        RefusedEntry(REFUSED_FILENAME, "a symbolic link", "not a regular file (a symbolic link)")]
    assert stat.S_ISREG((folder / REFUSED_FILENAME).lstat().st_mode)


@pytest.mark.parametrize("kind", sorted({*(store.file_kind(mode) for mode in (
    stat.S_IFLNK, stat.S_IFDIR, stat.S_IFIFO, stat.S_IFCHR, stat.S_IFBLK, stat.S_IFSOCK, 0)),
    *store._ERRNO_KINDS.values()}))
def test_every_file_kind_a_reason_names_has_its_words_in_every_language(kind: str) -> None:
    """The refused-files record keeps a kind in English; the catalogue finds it by those words to translate it."""
    for language in i18n.LANGUAGES:
        shown = reason_text("not-regular-file", language, kind=kind)
        assert shown == i18n.text(language, "reasons.not-regular-file", kind=file_kind_text(language, kind))
        assert kind not in shown or language == "en", (language, shown)
    assert reason_text("not-regular-file", "en", kind=kind) == f"not a regular file ({kind})"


def test_a_linked_module_folder_and_a_pydantic_message_are_told_in_the_readers_language() -> None:
    values = {"kind": "a symbolic link", "folder": "01-x"}
    assert reason_text("not-regular-file", "nb", **values) == "ikke en vanlig fil (mappen 01-x er en symbolsk lenke)"
    assert reason_text("not-regular-file", "en", **values) == "not a regular file (its folder 01-x is a symbolic link)"
    values = {"place": "a.b", "message": "Input should be a valid string", "error_type": "string_type"}
    assert reason_text("invalid", "nb", **values) == "ugyldig verdi ved a.b (skal være tekst)"
    assert reason_text("invalid", "en", **values) == "invalid at a.b: Input should be a valid string"
    values["error_type"] = "no_such_type"  # pydantic's own words where the catalogue has none
    assert reason_text("invalid", "nb", **values) == "ugyldig verdi ved a.b (Input should be a valid string)"
    json_values = {"line": 1, "column": 2, "message": "Expecting value"}
    assert reason_text("not-json", "nb", **json_values) == "ikke gyldig JSON (linje 1, kolonne 2)"
    assert reason_text("not-json", "en", **json_values) == "not valid JSON (line 1, column 2: Expecting value)"
