"""``PrivateExchangeCollect.do_copy`` on hand-ins a learner crafted in ``inbound/``: links are never followed.

The whole cycle through the exchange is ``test_hostile_handin``; here the copy itself meets what is hard to
arrange through the commands: a hand-in that is itself a link, and entries swapped for links between the
moment the copy looks at them and the moment it opens them (the learner owns ``inbound/``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from mangfold.cohort.private_exchange import PrivateExchangeCollect
from mangfold.progress.refused import read_refused

MARKER = "HEMMELIG-MARKOR-51c2"


def collector(tmp_path: Path) -> PrivateExchangeCollect:
    config = Config()
    config.CourseDirectory.root = str(tmp_path / "kurs")
    config.CourseDirectory.ignore = [".ipynb_checkpoints"]
    return PrivateExchangeCollect(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config),
                                  config=config)


@pytest.fixture
def secrets(tmp_path: Path) -> Path:
    folder = tmp_path / "trenerens-filer"
    folder.mkdir()
    (folder / "hemmelig.txt").write_text(MARKER, encoding="utf-8")
    return folder


def everything_under(folder: Path) -> dict[str, str]:
    """relative path -> "dir" | "file:<text>" | "other", walking without following links."""
    found = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        found[path.relative_to(folder).as_posix()] = ("dir" if stat.S_ISDIR(mode) else
                                                      f"file:{path.read_text()}" if stat.S_ISREG(mode) else "other")
    return found


def test_regular_files_and_folders_are_copied_with_their_modes(tmp_path: Path, secrets: Path) -> None:
    src = tmp_path / "inbound" / "ola+m+t"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("a", encoding="utf-8")
    (src / "a.txt").chmod(0o640)
    (src / "sub" / "b.txt").write_text("b", encoding="utf-8")
    (src / ".ipynb_checkpoints").mkdir()  # nbgrader's ignore setting still applies
    (src / "sub" / "lenke").symlink_to(secrets / "hemmelig.txt")
    dest = tmp_path / "kurs" / "submitted" / "ola" / "m"
    dest.parent.mkdir(parents=True)
    collector(tmp_path).do_copy(str(src), str(dest))
    found = everything_under(dest)
    assert found.pop("mangfold-refused.json").startswith("file:")
    assert found == {"a.txt": "file:a", "sub": "dir", "sub/b.txt": "file:b"}
    assert stat.S_IMODE((dest / "a.txt").stat().st_mode) == 0o640
    assert [(e.path, e.kind) for e in read_refused(dest)] == [("sub/lenke", "a symbolic link")]


def test_a_hand_in_that_is_itself_a_link_copies_nothing(tmp_path: Path, secrets: Path) -> None:
    src = tmp_path / "inbound" / "ola+m+t"
    src.parent.mkdir()
    src.symlink_to(secrets, target_is_directory=True)
    dest = tmp_path / "kurs" / "submitted" / "ola" / "m"
    dest.parent.mkdir(parents=True)
    collector(tmp_path).do_copy(str(src), str(dest))
    assert list(everything_under(dest)) == ["mangfold-refused.json"]
    assert [(e.path, e.kind) for e in read_refused(dest)] == [(".", "a symbolic link")]


class SwappingCollect(PrivateExchangeCollect):
    """Swaps each looked-at entry for a link to the secrets, after ``lstat`` and before the open."""

    secrets: Path

    def _ignored(self, name, seen):
        folder = self._current
        target = folder / name
        if target.is_dir() and not target.is_symlink():
            os.rename(target, folder / f".{name}.moved")
            target.symlink_to(self.secrets, target_is_directory=True)
        elif target.is_file() and not target.is_symlink():
            target.unlink()
            target.symlink_to(self.secrets / "hemmelig.txt")
        return super()._ignored(name, seen)

    def _copy_folder(self, folder, dest, relative, refused):
        self._current = self._src / relative if relative else self._src
        super()._copy_folder(folder, dest, relative, refused)


def test_entries_swapped_for_links_during_the_copy_are_refused_not_followed(tmp_path: Path, secrets: Path) -> None:
    src = tmp_path / "inbound" / "ola+m+t"
    (src / "sub").mkdir(parents=True)
    (src / "mangfold-progress.json").write_text("{}", encoding="utf-8")
    config = collector(tmp_path).config
    swapping = SwappingCollect(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config),
                               config=config)
    swapping.secrets, swapping._src = secrets, src
    dest = tmp_path / "kurs" / "submitted" / "ola" / "m"
    dest.parent.mkdir(parents=True)
    swapping.do_copy(str(src), str(dest))
    assert sorted((e.path, e.kind) for e in read_refused(dest)) == [
        ("mangfold-progress.json", "replaced while collected"), ("sub", "replaced while collected")]
    assert not any(MARKER in value for value in everything_under(dest).values())
