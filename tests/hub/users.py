"""Real Unix users for the hub tests: created with private homes, run with a clean environment, removed after.

Every command a user runs goes through ``runuser -u USER -- env -i HOME=… USER=… LOGNAME=… PATH=…``:
nbgrader runs ``alembic`` from PATH and root's PATH (the image's Python) breaks it, and a user must not
inherit root's environment anyway. ``useradd -K HOME_MODE=0700`` keeps learners out of each other's homes.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

#: the Unix user name is the nbgrader student id; the prefix keeps them apart from real accounts
PREFIX = "mf-"


def clean_path(venv_bin: Path) -> str:
    return f"{venv_bin}:/usr/bin:/bin"


@dataclass(frozen=True)
class UnixUser:
    name: str
    uid: int
    gid: int
    home: Path

    def environment(self, venv_bin: Path, extra: dict[str, str] | None = None) -> list[str]:
        values = {"HOME": str(self.home), "USER": self.name, "LOGNAME": self.name, "PATH": clean_path(venv_bin),
                  "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", **(extra or {})}
        return [f"{key}={value}" for key, value in values.items()]

    def run(self, venv_bin: Path, *command: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float | None = None) -> subprocess.CompletedProcess:
        """Run ``command`` as this user with a clean environment; the result, whatever its exit code.

        No time limit by default: with stdin from /dev/null nothing can wait for input, and a loaded machine
        is slow. ``timeout`` stays only for callers not yet changed (tests/binder/replay.py).
        """
        return subprocess.run(["runuser", "-u", self.name, "--", "env", "-i", *self.environment(venv_bin, env),
                               *command], cwd=cwd or self.home, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    def write(self, relative: str, text: str, mode: int = 0o644) -> Path:
        """A file in this user's home, owned by them (parents too), as if they had written it."""
        path = self.home / relative
        folder = self.home
        for part in Path(relative).parts[:-1]:
            folder = folder / part
            if not folder.exists():
                folder.mkdir(mode=0o755)
                os.chown(folder, self.uid, self.gid)
        path.write_text(text, encoding="utf-8")
        path.chmod(mode)
        os.chown(path, self.uid, self.gid)
        return path


def processes_of(uid: int) -> list[int]:
    """Ids of the live processes owned by ``uid`` (from /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        uid_line = next((line for line in lines if line.startswith("Uid:")), "")
        state = next((line for line in lines if line.startswith("State:")), "")
        if uid_line.split()[1:2] == [str(uid)] and "Z" not in state.split()[1:2]:
            found.append(int(status.parent.name))
    return found


def end_processes(uid: int, grace: float = 5.0) -> list[int]:
    """Stop every process of ``uid`` (by id: these users exist only for the test); the ids found at first."""
    first = processes_of(uid)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_of(uid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while processes_of(uid) and time.monotonic() < deadline:
            time.sleep(0.1)
    return first


def remove_user(name: str) -> None:
    """``userdel -r`` a test user, ending its processes first (a crashed run may have left both behind)."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return
    end_processes(entry.pw_uid)
    subprocess.run(["userdel", "-r", name], capture_output=True, check=False)
    assert_gone(name)


def assert_gone(name: str) -> None:
    with contextlib.suppress(KeyError):
        pwd.getpwnam(name)
        raise AssertionError(f"userdel -r {name} left the user behind")


def create_user(name: str, script: Path | None = None) -> UnixUser:
    """A fresh user with a private home (mode 700), replacing any leftover of an earlier run.

    ``script``: made by that script (``bash SCRIPT NAME``) as a deployment makes it, not by ``useradd`` here.
    """
    assert name.startswith(PREFIX), name
    remove_user(name)
    command = (["bash", str(script), name] if script else
               ["useradd", "--create-home", "-K", "HOME_MODE=0700", "--shell", "/bin/bash", name])
    run = subprocess.run(command, capture_output=True, text=True)
    assert run.returncode == 0, f"useradd {name}: {run.stderr}"
    entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    assert home.stat().st_mode & 0o777 == 0o700, oct(home.stat().st_mode)
    return UnixUser(name, entry.pw_uid, entry.pw_gid, home)
