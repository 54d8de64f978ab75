"""Pseudonyms and the key: stable under one key, unrelated under another, and a key that is kept safe."""

from __future__ import annotations

import hashlib
import hmac
import stat
from pathlib import Path

import pytest

from mangfold.cli import main
from mangfold.research.errors import ResearchError
from mangfold.research.pseudonym import KEY_BYTES, PSEUDONYM_HEX, pseudonym, read_key, write_new_key

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))


def test_a_pseudonym_is_the_truncated_hmac_of_course_and_learner() -> None:
    expected = hmac.new(KEY, b"kurs-1\0kari.n0001", hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]
    assert pseudonym(KEY, "kurs-1", "kari.n0001") == expected
    assert len(expected) == 16


def test_pseudonyms_are_stable_under_one_key_and_differ_under_another() -> None:
    learners = [f"learner{n:03d}" for n in range(200)]
    first = [pseudonym(KEY, "kurs", learner) for learner in learners]
    assert first == [pseudonym(KEY, "kurs", learner) for learner in learners]
    assert len(set(first)) == len(learners)
    assert not set(first) & {pseudonym(OTHER, "kurs", learner) for learner in learners}


def test_the_course_is_part_of_the_pseudonym() -> None:
    """One learner in two courses is two unrelated pseudonyms (ids are nbgrader-safe, so NUL never occurs in them)."""
    assert pseudonym(KEY, "kurs-a", "kari") != pseudonym(KEY, "kurs-b", "kari")


def test_keygen_writes_a_private_random_key_and_never_overwrites(tmp_path: Path) -> None:
    assert main(["research", "keygen", str(tmp_path / "a.key")]) == 0
    written = (tmp_path / "a.key").read_bytes()
    assert len(written) == KEY_BYTES
    assert stat.S_IMODE((tmp_path / "a.key").stat().st_mode) == 0o600
    assert written != write_new_key(tmp_path / "b.key").read_bytes()
    assert main(["research", "keygen", str(tmp_path / "a.key")]) == 2
    assert (tmp_path / "a.key").read_bytes() == written


def test_read_key_accepts_a_private_key_outside_the_output(tmp_path: Path) -> None:
    key = write_new_key(tmp_path / "key")
    assert read_key(key, tmp_path / "out") == key.read_bytes()


@pytest.mark.parametrize(("mode", "size", "message"), [
    (0o640, 32, "chmod 600"), (0o604, 32, "chmod 600"), (0o620, 32, "chmod 600"), (0o600, 31, "31 bytes"),
])
def test_read_key_refuses_an_unsafe_key(tmp_path: Path, mode: int, size: int, message: str) -> None:
    key = tmp_path / "key"
    key.write_bytes(b"k" * size)
    key.chmod(mode)
    with pytest.raises(ResearchError, match=message):
        read_key(key, tmp_path / "out")


def test_read_key_refuses_a_key_inside_the_output(tmp_path: Path) -> None:
    (tmp_path / "out" / "sub").mkdir(parents=True)
    key = write_new_key(tmp_path / "out" / "sub" / "key")
    with pytest.raises(ResearchError, match="inside the output folder"):
        read_key(key, tmp_path / "out")
    link = tmp_path / "link"
    link.symlink_to(key)
    with pytest.raises(ResearchError, match="inside the output folder"):
        read_key(link, tmp_path / "out")
