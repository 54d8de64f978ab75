"""Progress format version 2: the research answer is stored with the progress, and version 1 files migrate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mangfold.progress import PROGRESS_FILENAME, ProgressFileError, ProgressStore, read_progress
from mangfold.progress.model import (
    PROGRESS_VERSION,
    ConsentRecord,
    ModuleProgress,
    checksum_of,
    merge,
    research_consent,
)
from tests.conftest import MODULE_1

#: a file written by the course before version 2 (the first release's format)
VERSION_1 = {
    "format": "mangfold-progress", "version": 1, "module": MODULE_1, "language": "en",
    "created": "2026-11-01T10:00:00.000000+00:00", "updated": "2026-11-01T10:05:00.000000+00:00",
    "scenarios": {}, "checks": {},
    "reflections": {"r": {"text": "Skrevet i versjon 1", "updated": "2026-11-01T10:05:00.000000+00:00"}},
    "exercises": {},
}


def write_v1(folder: Path, document: dict | None = None) -> Path:
    document = dict(document or VERSION_1)
    document["checksum"] = checksum_of(document)
    path = folder / PROGRESS_FILENAME
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_version_1_file_is_read_as_the_current_version_with_no_answer(tmp_path: Path) -> None:
    write_v1(tmp_path)
    progress = read_progress(tmp_path, MODULE_1)
    assert progress.version == PROGRESS_VERSION and progress.consent is None and progress.step is None
    assert progress.reflections["r"].text == "Skrevet i versjon 1" and progress.language == "en"


def test_a_version_1_file_is_kept_and_rewritten_as_the_current_version_on_the_next_save(tmp_path: Path) -> None:
    write_v1(tmp_path)
    store = ProgressStore(tmp_path, MODULE_1)
    assert store.notices == []  # an old file is not an untrusted one
    store.save_reflection("r2", "ny tekst")
    saved = json.loads((tmp_path / PROGRESS_FILENAME).read_text(encoding="utf-8"))
    assert saved["version"] == PROGRESS_VERSION and saved["checksum"] == checksum_of(saved)
    assert saved["reflections"]["r"]["text"] == "Skrevet i versjon 1"
    assert not list(tmp_path.glob("*.set-aside-*"))


def test_a_tampered_version_1_file_is_still_refused(tmp_path: Path) -> None:
    path = write_v1(tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["reflections"]["r"]["text"] = "endret for hånd"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ProgressFileError, match="checksum does not match"):
        read_progress(tmp_path, MODULE_1)


def test_the_answer_is_saved_and_can_be_changed(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, MODULE_1)
    assert store.set_consent(True)
    assert read_progress(tmp_path, MODULE_1).consent.research is True
    assert store.set_consent(False)
    assert read_progress(tmp_path, MODULE_1).consent.research is False


def test_merging_keeps_the_newest_answer(tmp_path: Path) -> None:
    older = ModuleProgress(module=MODULE_1, consent=ConsentRecord(research=True, updated="2026-11-01T10:00:00"))
    newer = ModuleProgress(module=MODULE_1, consent=ConsentRecord(research=False, updated="2026-11-02T10:00:00"))
    assert merge(older, newer).consent.research is False
    assert merge(newer, older).consent.research is False
    assert merge(older, ModuleProgress(module=MODULE_1)).consent.research is True  # an empty copy drops nothing


def test_the_learners_answer_is_the_newest_across_modules_and_defaults_to_no() -> None:
    def doc(value: bool | None, at: str) -> ModuleProgress:
        consent = None if value is None else ConsentRecord(research=value, updated=at)
        return ModuleProgress(module=MODULE_1, consent=consent)

    assert research_consent([]) is False
    assert research_consent([doc(None, "")]) is False
    assert research_consent([doc(True, "2026-11-01"), doc(False, "2026-11-03"), doc(True, "2026-11-02")]) is False
    assert research_consent([doc(False, "2026-11-01"), doc(True, "2026-11-03"), doc(None, "")]) is True
