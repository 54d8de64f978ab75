"""Pseudonyms for learners: HMAC-SHA256 under a secret key that never travels with the data.

A plain hash of a learner id could be reversed by anyone with the roster (hash every id, compare),
so the pseudonym is keyed: only whoever holds the key can link a pseudonym back to a learner, for
example to honour a learner's later withdrawal. The course id is part of the message, so one
learner in two courses gets two unrelated pseudonyms under the same key.

The key is read as the file's exact bytes: editing the file (even a trailing newline) changes every
pseudonym. ``keygen`` writes 32 random bytes: 256 bits, SHA-256's output length, which RFC 2104 sets
as the least an HMAC key should have.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from .errors import ResearchError

MIN_KEY_BYTES = 32
KEY_BYTES = 32
#: 16 hex characters are 64 bits: two learners of even a 100 000-learner export share a pseudonym with
#: a chance of about 3 in 10 million, and the export checks for that anyway. Without the key a shorter
#: pseudonym is no easier to link back (the key, not the length, carries the secrecy); longer ones only
#: make the tables harder to read.
PSEUDONYM_HEX = 16


def pseudonym(key: bytes, course_id: str, learner_id: str) -> str:
    """The learner's pseudonym in this course under ``key``: the same inputs always give the same text."""
    message = f"{course_id}\0{learner_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def read_key(key_file: Path | str, out: Path | str) -> bytes:
    """The key in ``key_file``, refused when it is missing, short, inside ``out`` or readable by others.

    A key that group or others can read is refused, not merely warned about (as ``ssh`` refuses such a
    private key): whoever reads it can undo the pseudonyms, and a warning in a batch job goes unseen.
    """
    path = Path(key_file).expanduser().resolve()
    if _inside(path, Path(out).expanduser().resolve()):
        raise ResearchError(f"{path}: the key is inside the output folder {Path(out)}; keep it outside the export, "
                            "where researchers never receive it")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ResearchError(f"{path}: no such key file (make one with `mangfold research keygen {key_file}`)") from None
    if not stat.S_ISREG(info.st_mode):
        raise ResearchError(f"{path}: not a regular file")
    if info.st_mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH):
        raise ResearchError(f"{path}: other users may read or change the key (mode {stat.filemode(info.st_mode)}); "
                            f"run `chmod 600 {key_file}`")
    key = path.read_bytes()
    if len(key) < MIN_KEY_BYTES:
        raise ResearchError(f"{path}: the key is {len(key)} bytes; at least {MIN_KEY_BYTES} are needed "
                            f"(make one with `mangfold research keygen NEW_KEY`)")
    return key


def write_new_key(key_file: Path | str) -> Path:
    """Write a new random key readable by its owner only; an existing file is never overwritten.

    Overwriting a key would silently cut every earlier export off from its learners (no withdrawal
    could be honoured), so an existing file is refused, atomically (``O_EXCL``).
    """
    path = Path(key_file).expanduser()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ResearchError(f"{path}: already exists; a key is never overwritten (choose another name)") from None
    except OSError as error:
        raise ResearchError(f"{path}: cannot be created ({error.strerror or error})") from None
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, secrets.token_bytes(KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    return path.resolve()
