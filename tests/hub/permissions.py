"""Who can read what: every file and folder under some roots, tried by a real Unix user.

Root lists everything (``os.walk``, links not followed); then the user, through ``runuser`` with a clean
environment, tries to read one byte of each file and to list each folder, as ``cat`` and ``ls`` would.
The kernel decides, with the user's real uid and groups, modes and ACLs: nothing here predicts access
from mode bits.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.hub.prereqs import SYSTEM_PYTHON
from tests.hub.users import UnixUser

#: run as the probing user: reads the paths as JSON from stdin, prints those it could read or list
PROBE = """
import json, os, sys
readable = []
for kind, path in json.load(sys.stdin):
    try:
        if kind == "dir":
            os.listdir(path)
        else:
            with open(path, "rb") as handle:
                handle.read(1)
    except OSError:
        continue
    readable.append(path)
print(json.dumps(readable))
"""


@dataclass(frozen=True)
class Entry:
    kind: str  # "dir" or "file"
    path: Path
    mode: int
    uid: int


def everything_under(*roots: Path) -> list[Entry]:
    """Every folder and regular file below ``roots`` (the roots included), as root sees them."""
    found: list[Entry] = []
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            info = os.lstat(folder)
            found.append(Entry("dir", Path(folder), stat.S_IMODE(info.st_mode), info.st_uid))
            for name in files:
                path = Path(folder) / name
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode):
                    found.append(Entry("file", path, stat.S_IMODE(info.st_mode), info.st_uid))
    return found


def readable_by(user: UnixUser, entries: list[Entry]) -> set[Path]:
    """The entries ``user`` could read (files) or list (folders), tried as that user."""
    payload = json.dumps([[entry.kind, str(entry.path)] for entry in entries])
    command = ["runuser", "-u", user.name, "--", "env", "-i", f"HOME={user.home}", f"USER={user.name}",
               f"LOGNAME={user.name}", "PATH=/usr/bin:/bin", "LANG=C.UTF-8", str(SYSTEM_PYTHON), "-c", PROBE]
    # no time limit: the probe reads only the payload (stdin closes after it) and lists paths
    result = subprocess.run(command, input=payload, capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, f"the probe as {user.name} failed:\n{result.stderr}"
    return {Path(path) for path in json.loads(result.stdout)}
