"""Progress format version 4: the learner's own post, saved at once, merged whole, and only in the summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from mangfold.cohort.config import CohortConfig
from mangfold.progress import PROGRESS_FILENAME, ProgressFileError, ProgressStore, read_progress
from mangfold.progress.model import (
    MAX_POST_REQUIREMENTS,
    MAX_POST_TASKS,
    MAX_TEXT,
    PROGRESS_VERSION,
    REQUIREMENT_KINDS,
    ModuleProgress,
    PostRecord,
    PostRequirementRecord,
    checksum_of,
    merge,
)
from mangfold.progress.store import MIGRATIONS
from mangfold.progress.sync import restore_copy
from mangfold.progress.trust import SUMMARY_MODULE, judge_folder
from mangfold.research.learners import read_course
from mangfold.summary import post as summary_post
from tests.conftest import MODULE_1, REPO_ROOT

STAMP = "2026-11-01T10:05:00.000000+00:00"

#: a summary file the course wrote before the post (version 3): an action plan, a step, no post
VERSION_3 = {
    "format": "mangfold-progress", "version": 3, "module": SUMMARY_MODULE, "language": "nb",
    "created": "2026-11-01T10:00:00.000000+00:00", "updated": STAMP,
    "scenarios": {}, "checks": {}, "exercises": {}, "consent": None, "step": None,
    "reflections": {"tiltak-1": {"text": "Skrive jobbanalysen først", "updated": STAMP}},
}


def a_post(title: str = "Rådgiver", updated: str = STAMP, **changes: object) -> PostRecord:
    values: dict = {"title": title, "unit": "Seksjon for tilskudd", "tasks": ["vurdere søknader", "skrive vedtak"],
                    "lacks": "Ingen har jobbet i en frivillig forening.",
                    "requirements": [PostRequirementRecord(text="bachelorgrad", kind="knowledge", must=True),
                                     PostRequirementRecord(text="erfaring med saksbehandling", kind="experience",
                                                           must=False)],
                    "updated": updated}
    return PostRecord(**{**values, **changes})


def write_sealed(folder: Path, document: dict) -> Path:
    document = dict(document)
    document["checksum"] = checksum_of(document)
    path = folder / PROGRESS_FILENAME
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# -- the format ------------------------------------------------------------------------------------
def test_the_format_is_version_4_and_3_lifts_to_4_without_a_post(tmp_path: Path) -> None:
    assert PROGRESS_VERSION == 4 and set(MIGRATIONS) == {1, 2, 3}
    assert MIGRATIONS[3](dict(VERSION_3))["version"] == 4
    write_sealed(tmp_path, VERSION_3)
    progress = read_progress(tmp_path, SUMMARY_MODULE)
    assert progress.version == 4 and progress.post is None
    assert progress.reflections["tiltak-1"].text == "Skrive jobbanalysen først"
    assert judge_folder(tmp_path, SUMMARY_MODULE).trusted is not None


def test_a_version_3_file_is_kept_and_written_as_version_4_with_the_post(tmp_path: Path) -> None:
    write_sealed(tmp_path, VERSION_3)
    store = ProgressStore(tmp_path, SUMMARY_MODULE)
    assert store.notices == []
    assert store.save_post(a_post())
    saved = json.loads((tmp_path / PROGRESS_FILENAME).read_text(encoding="utf-8"))
    assert saved["version"] == 4 and saved["checksum"] == checksum_of(saved)
    assert saved["post"]["title"] == "Rådgiver" and saved["reflections"]["tiltak-1"]["text"]
    assert not list(tmp_path.glob("*.set-aside-*"))


def test_the_kinds_are_one_list_for_the_file_and_the_documents() -> None:
    assert REQUIREMENT_KINDS == ("knowledge", "experience", "personal", "cooperation", "language")
    assert summary_post.REQUIREMENT_KINDS is REQUIREMENT_KINDS


@pytest.mark.parametrize("change", [
    {"tasks": ["x"] * (MAX_POST_TASKS + 1)},
    {"requirements": [{"text": "x", "kind": "knowledge", "must": True}] * (MAX_POST_REQUIREMENTS + 1)},
    {"title": "x" * (MAX_TEXT + 1)},
    {"tasks": ["x" * (MAX_TEXT + 1)]},
    {"requirements": [{"text": "x" * (MAX_TEXT + 1), "kind": "knowledge", "must": True}]},
    {"requirements": [{"text": "x", "kind": "talent", "must": True}]},
    {"requirements": [{"text": "x", "kind": "knowledge", "must": "yes"}]},
    {"requirements": [{"text": "x", "kind": "knowledge", "must": 1}]},
    {"requirements": [{"text": "x", "kind": "knowledge"}]},
    {"title": 7},
    {"extra": "not a field"},
])
def test_a_post_outside_the_limits_or_the_kinds_is_refused(change: dict) -> None:
    with pytest.raises(ValidationError):
        PostRecord.model_validate({**a_post().model_dump(), **change})


def test_the_limits_themselves_are_allowed() -> None:
    PostRecord.model_validate({**a_post().model_dump(), "tasks": ["x" * MAX_TEXT] * MAX_POST_TASKS,
                               "requirements": [{"text": "x", "kind": k, "must": False} for k in REQUIREMENT_KINDS]
                               * 2})


# -- saving and merging ----------------------------------------------------------------------------
def test_the_post_is_saved_at_once_and_read_back_exactly(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, SUMMARY_MODULE)
    hostile = "<script>alert(1)</script> #panic() \x00 æøå" + "\u202e"
    assert store.save_post(a_post(title=hostile))
    assert oct((tmp_path / PROGRESS_FILENAME).stat().st_mode & 0o777) == "0o600"  # personal data: owner only
    saved = read_progress(tmp_path, SUMMARY_MODULE).post
    assert saved.title == hostile and saved.requirements[1].must is False
    assert saved.updated > STAMP  # stamped when saved, not when the form built it


def test_the_newer_post_wins_whole_in_both_directions() -> None:
    older = ModuleProgress(module=SUMMARY_MODULE, post=a_post("Eldre", "2026-11-01T10:00:00+00:00"))
    newer = ModuleProgress(module=SUMMARY_MODULE,
                           post=a_post("Nyere", "2026-11-02T10:00:00+00:00", tasks=[], requirements=[]))
    for merged in (merge(older, newer), merge(newer, older)):
        assert merged.post.title == "Nyere" and merged.post.tasks == [] and merged.post.requirements == []
    assert merge(older, ModuleProgress(module=SUMMARY_MODULE)).post.title == "Eldre"  # an empty copy drops nothing
    assert merge(ModuleProgress(module=SUMMARY_MODULE), older).post.title == "Eldre"
    tie = a_post("Den andre", "2026-11-01T10:00:00+00:00")
    assert merge(older, ModuleProgress(module=SUMMARY_MODULE, post=tie)).post.title == "Den andre"  # other on a tie


def test_a_second_tab_never_erases_the_post_and_the_newest_post_wins(tmp_path: Path) -> None:
    first, second = ProgressStore(tmp_path, SUMMARY_MODULE), ProgressStore(tmp_path, SUMMARY_MODULE)
    assert first.save_post(a_post("Fra første fane"))
    assert second.save_reflection("tiltak-1", "en plan fra den andre fanen")  # knew nothing of the post
    progress = read_progress(tmp_path, SUMMARY_MODULE)
    assert progress.post.title == "Fra første fane" and progress.reflections["tiltak-1"].text
    assert second.save_post(a_post("Fra andre fane"))
    assert read_progress(tmp_path, SUMMARY_MODULE).post.title == "Fra andre fane"


def test_a_hand_edited_post_breaks_the_checksum(tmp_path: Path) -> None:
    ProgressStore(tmp_path, SUMMARY_MODULE).save_post(a_post())
    path = tmp_path / PROGRESS_FILENAME
    document = json.loads(path.read_text(encoding="utf-8"))
    document["post"]["requirements"][1]["must"] = True
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ProgressFileError, match="checksum does not match"):
        read_progress(tmp_path, SUMMARY_MODULE)


def test_a_post_outside_the_summary_is_a_replay_problem(module_dir: Path) -> None:
    """Only the summary page writes a post: in a module's file it was put there by hand (with a fresh checksum)."""
    document = ModuleProgress(module=MODULE_1, post=a_post()).sealed()
    (module_dir / PROGRESS_FILENAME).write_text(json.dumps(document), encoding="utf-8")
    judged = judge_folder(module_dir, MODULE_1)
    assert judged.trusted is None and "only the summary holds the learner's post" in judged.problem_text(3)


# -- the browser's copy ----------------------------------------------------------------------------
def test_a_browser_copy_with_a_newer_post_is_merged_and_the_same_copy_changes_nothing(tmp_path: Path) -> None:
    server, browser = tmp_path / "server" / SUMMARY_MODULE, tmp_path / "browser" / SUMMARY_MODULE
    server.mkdir(parents=True)
    browser.mkdir(parents=True)
    ProgressStore(server, SUMMARY_MODULE).save_reflection("tiltak-1", "planen på serveren")
    ProgressStore(browser, SUMMARY_MODULE).save_post(a_post("Fra nettleseren"))
    copy = (browser / PROGRESS_FILENAME).read_text(encoding="utf-8")
    assert restore_copy(server, SUMMARY_MODULE, copy, "browser").outcome == "merged"
    merged = read_progress(server, SUMMARY_MODULE)
    assert merged.post.title == "Fra nettleseren" and merged.reflections["tiltak-1"].text == "planen på serveren"
    assert restore_copy(server, SUMMARY_MODULE, copy, "browser").outcome == "same"
    ProgressStore(server, SUMMARY_MODULE).save_post(a_post("Nyere på serveren"))
    assert restore_copy(server, SUMMARY_MODULE, copy, "browser").outcome == "same"  # an older post changes nothing
    assert read_progress(server, SUMMARY_MODULE).post.title == "Nyere på serveren"


def test_the_research_reader_leaves_out_a_module_that_carries_a_post(tmp_path: Path) -> None:
    """The research export reads the five modules only; a module file with a post in it is untrusted and left out,
    so a post can reach the export by neither road (tests/research/test_export.py greps a real package too)."""
    course = tmp_path / "kurs"
    shutil.copytree(REPO_ROOT / "source" / MODULE_1, course / "source" / MODULE_1)
    folder = course / "autograded" / "learner" / MODULE_1
    folder.mkdir(parents=True)
    (folder / PROGRESS_FILENAME).write_text(json.dumps(ModuleProgress(module=MODULE_1, post=a_post()).sealed()),
                                            encoding="utf-8")
    files = read_course(CohortConfig(course, "kull", "sqlite://"))
    assert files.learners[0].modules == {} and files.untrusted_files == 1
