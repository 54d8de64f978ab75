"""A course folder holds the learners' reflections: only the trainer may open it.

On a hub every learner is a Unix account on the same machine. TLJH closes a home only for the users
it creates itself, and nbgrader's collect copies submissions with the modes they were handed in
with: a course folder left at the usual 0755 let an unrelated account read a learner's reflection
in ``submitted/`` (issue 13). ``mangfold cohort init`` therefore creates the folder with mode 0700
and takes group and others' access from one that already exists, saying so.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import TextIO

from .. import i18n

#: the trainer alone: read, write, enter
PRIVATE_MODE = 0o700


def make_private(folder: Path | str, stream: TextIO | None = None) -> bool:
    """Create ``folder`` with mode 0700, or close an existing one to group and others.

    True when an existing folder was open and has been closed (the change is reported on
    ``stream``, stderr by default, in bokmål and English). Parents are created as ``mkdir -p``
    would; only ``folder`` itself is changed, as it is the one that holds the course.
    """
    folder = Path(folder)
    folder.mkdir(mode=PRIVATE_MODE, parents=True, exist_ok=True)
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077 == 0:
        return False
    folder.chmod(mode & ~0o077)
    was_open = i18n.both("cli.folder-was-open", mode=f"{mode:04o}", now=f"{mode & ~0o077:04o}")
    print(f"{i18n.both('cli.remark', between='/')}: {folder}: {was_open}", file=stream or sys.stderr)
    return True
