"""Released feedback readable by its learner alone: the ACL entry, tried by real Unix users."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

from mangfold.cohort.private_exchange import FEEDBACK_MODE, acl_for_reader, grant_read


def test_acl_is_owner_plus_one_reader_and_nothing_for_group_and_others(tmp_path):
    path = tmp_path / "feedback.html"
    path.write_text("x", encoding="utf-8")
    path.chmod(0o600)
    data = acl_for_reader(str(path), 4242)
    version, = struct.unpack_from("<I", data)
    entries = [struct.unpack_from("<HHI", data, 4 + 8 * i) for i in range((len(data) - 4) // 8)]
    assert version == 2
    undefined = 0xFFFFFFFF
    assert entries == [(0x01, 6, undefined), (0x02, 4, 4242), (0x04, 0, undefined), (0x10, 4, undefined),
                       (0x20, 0, undefined)]


def can_read(user: str, path: Path) -> bool:
    return subprocess.run(["runuser", "-u", user, "--", "cat", str(path)], capture_output=True).returncode == 0


def test_only_the_named_account_can_read_the_feedback():
    """As root (skipped otherwise): `nobody` is given the file, `daemon` is not; both really try."""
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("needs root and runuser to read as other accounts")
    for name in ("nobody", "daemon"):
        pwd.getpwnam(name)
    folder = Path(tempfile.mkdtemp(prefix="mangfold-acl-"))
    try:
        folder.chmod(0o711)  # as nbgrader's feedback folder: enter, not list
        path = folder / "0123abcd.html"
        path.write_text("tilbakemelding", encoding="utf-8")
        path.chmod(0o644)
        try:
            grant_read(str(path), "nobody")
        except OSError as error:
            pytest.skip(f"this file system has no POSIX ACLs: {error}")
        assert stat.S_IMODE(path.stat().st_mode) & 0o007 == 0
        assert stat.S_IMODE(path.stat().st_mode) & 0o700 == FEEDBACK_MODE & 0o700
        assert can_read("nobody", path)
        assert not can_read("daemon", path)
    finally:
        shutil.rmtree(folder)


def test_an_unknown_account_is_an_error_not_a_silent_grant(tmp_path):
    path = tmp_path / "f.html"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(KeyError):
        grant_read(str(path), "mf-no-such-learner-here")
