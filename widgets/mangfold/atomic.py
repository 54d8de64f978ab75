"""Every file the package keeps is written whole: a new name in the same folder, fsync, then one rename.

A reader (a second tab, the grader, a learner's editor) and a crash mid-write both see the old file
or the new one, never half of one. The temporary name is new each time (a fixed one lets two writers
truncate each other's file), and the file is fsynced before the rename so the rename cannot reach the
disk before the data. It needs only ``os``: it runs the same in Pyodide, where the learner's page
saves into the browser's file system.

``exclusive`` is the lock for a read-merge-write (the progress store's): ``fcntl.flock`` where the
platform has it; where it has none (Pyodide: one page, one thread, no second process) there is no one
to exclude and the block runs unlocked.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

try:  # the lock is POSIX's; Pyodide and Windows have no fcntl
    import fcntl
except ImportError:  # pragma: no cover - exercised by tests/test_without_server_libraries.py
    fcntl = None  # type: ignore[assignment]

#: a plain ``open(path, "w")`` creates files with this mode less the umask; so does the writer
_NEW_FILE_MODE = 0o666


def _temporary(path: Path, mode: int) -> tuple[int, Path]:
    """A new, unique file beside ``path``, opened for writing with ``mode`` (the umask applies)."""
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), temporary
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform lets a folder be fsynced."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def replacing(path: Path | str, *, text: bool = False, encoding: str = "utf-8", newline: str | None = None,
              mode: int | None = None) -> Iterator[IO[Any]]:
    """A file object whose content becomes ``path`` when the block ends without an error.

    ``mode`` sets the permission bits; by default an existing file keeps its own and a new one gets
    what ``open(path, "w")`` would give it. On an error the old file is left as it was.
    """
    path = Path(path)
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            mode = _NEW_FILE_MODE
    descriptor, temporary = _temporary(path, mode)
    try:
        with os.fdopen(descriptor, "w" if text else "wb", encoding=encoding if text else None,
                       newline=newline if text else None) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode != _NEW_FILE_MODE:
            os.chmod(temporary, mode)  # an existing file's bits, exactly (the umask narrowed the new file's)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def write_bytes(path: Path | str, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` whole (see :func:`replacing`)."""
    with replacing(path, mode=mode) as handle:
        handle.write(data)


def write_text(path: Path | str, text: str, *, encoding: str = "utf-8", mode: int | None = None) -> None:
    """Write ``text`` to ``path`` whole, encoded as ``encoding``, line ends as given."""
    write_bytes(path, text.encode(encoding), mode=mode)


def copy(source: Path | str, target: Path | str) -> Path:
    """``shutil.copy2`` written whole: content, permission bits and times; usable as copytree's ``copy_function``."""
    source = Path(source)
    with replacing(target, mode=stat.S_IMODE(source.stat().st_mode)) as handle, source.open("rb") as original:
        shutil.copyfileobj(original, handle)
    shutil.copystat(source, target)
    return Path(target)


@contextlib.contextmanager
def exclusive(lock_file: Path | str) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` for the block, where the platform has locks (see the module)."""
    if fcntl is None:
        yield
        return
    with open(lock_file, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
