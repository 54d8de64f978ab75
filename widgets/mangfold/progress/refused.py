"""Links and special files in a hand-in: moved aside, never followed, and recorded so graders can say why.

A learner writes the folder that nbgrader copies into the trainer's course (``inbound/``); a symbolic
link there to a file the trainer can read would be copied, graded and shown by the trainer's own
processes. The course's collect (:mod:`mangfold.cohort.private_exchange`) copies only regular files
and folders, and ``mangfold cohort autograde`` screens ``submitted/`` once more (a trainer may have
collected with plain nbgrader or copied by hand). What either refuses is listed in
``mangfold-refused.json`` inside the submission, by name and kind only (never a link's target), and
the grader, dashboard and reports give that as the reason a progress file is missing.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .reasons import record_text
from .store import ProgressFileError, atomic_write_json, file_kind, not_regular, read_learner_bytes

REFUSED_FILENAME = "mangfold-refused.json"
REFUSED_FORMAT = "mangfold-refused"


@dataclass(frozen=True)
class RefusedEntry:
    """One refused entry: its path inside the submission (``/``-separated), what it is, and why."""

    path: str
    kind: str
    reason: str

    @classmethod
    def of_mode(cls, path: str, mode: int) -> RefusedEntry:
        kind = file_kind(mode)
        return cls(path, kind, not_regular(kind))


def refusal(relative: str, mode: int) -> RefusedEntry | None:
    """Why the entry at ``relative`` with ``lstat`` mode ``mode`` may not be copied (None: it may)."""
    if relative == REFUSED_FILENAME:
        # a learner's own file of the record's name is refused too, so the record in a submission is the course's
        return RefusedEntry(relative, record_text("reserved-name"), record_text("reserved-reason"))
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return RefusedEntry.of_mode(relative, mode)


def read_refused(folder: Path) -> list[RefusedEntry]:
    """The refusals recorded in ``folder`` (none when there is no record or it cannot be read safely)."""
    try:
        raw = read_learner_bytes(Path(folder) / REFUSED_FILENAME)
        document = json.loads(raw.decode("utf-8")) if raw is not None else None
    except (ProgressFileError, ValueError, RecursionError):
        return []
    if not isinstance(document, dict) or document.get("format") != REFUSED_FORMAT:
        return []
    entries = document.get("refused")
    return [RefusedEntry(str(e["path"]), str(e["kind"]), str(e["reason"])) for e in entries
            if isinstance(e, dict) and {"path", "kind", "reason"} <= e.keys()] if isinstance(entries, list) else []


def write_refused(folder: Path, entries: Iterable[RefusedEntry]) -> None:
    """Add ``entries`` to the record in ``folder`` (written atomically; an entry already there is kept once)."""
    merged = {(e.path, e.kind, e.reason): e for e in [*read_refused(folder), *entries]}
    if not merged:
        return
    atomic_write_json(Path(folder) / REFUSED_FILENAME, {
        "format": REFUSED_FORMAT, "version": 1,
        "refused": [{"path": e.path, "kind": e.kind, "reason": e.reason} for e in merged.values()]})


def refused_reason(folder: Path, name: str) -> str | None:
    """``"<name>: <reason>"`` when the record in ``folder`` says the file ``name`` was refused, else None."""
    for entry in read_refused(folder):
        if entry.path == name:
            return f"{name}: {entry.reason}"
    return None


def refused_error(folder: Path, name: str) -> ProgressFileError | None:
    """The error for the file ``name`` when the record in ``folder`` says it was refused (bokmål too), else None."""
    for entry in read_refused(folder):
        if entry.path == name:
            if entry.reason != not_regular(entry.kind):  # a reserved name, or a reason this code did not write
                return ProgressFileError(Path(folder) / name, f"{name}: {entry.reason}")
            return ProgressFileError.of(Path(folder) / name, "refused-at-handin", name=name, kind=entry.kind)
    return None


def screen_folder(folder: Path, aside: Path) -> list[RefusedEntry]:
    """Move every link and special file under ``folder`` into ``aside`` (same relative place) and record it.

    Never follows a link: the walk uses ``lstat`` only and a linked folder is moved as the link it is.
    Nothing is deleted; the trainer finds what was refused in ``aside``. Returns what was refused now.
    """
    folder, aside = Path(folder), Path(aside)
    refused: list[RefusedEntry] = []
    top = os.lstat(folder).st_mode
    if not stat.S_ISDIR(top):  # the module folder itself is a link (to a folder elsewhere) or a file
        _move_aside(folder, aside)
        folder.mkdir()
        write_refused(folder, [RefusedEntry.of_mode(".", top)])
        return [RefusedEntry.of_mode(".", top)]
    pending = [folder]
    while pending:
        current = pending.pop()
        with os.scandir(current) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            relative = Path(entry.path).relative_to(folder).as_posix()
            mode = entry.stat(follow_symlinks=False).st_mode
            if relative == REFUSED_FILENAME:
                continue  # the course's own record (a link by that name is refused below)
            why = refusal(relative, mode)
            if why is None:
                if stat.S_ISDIR(mode):
                    pending.append(Path(entry.path))
                continue
            _move_aside(Path(entry.path), aside / relative)
            refused.append(why)
    record = folder / REFUSED_FILENAME
    if os.path.lexists(record) and not stat.S_ISREG(os.lstat(record).st_mode):
        mode = os.lstat(record).st_mode
        _move_aside(record, aside / REFUSED_FILENAME)
        refused.append(RefusedEntry.of_mode(REFUSED_FILENAME, mode))
    write_refused(folder, refused)
    return refused


def _move_aside(path: Path, target: Path) -> None:
    """Rename ``path`` (the entry itself, never what a link points to) to ``target``, never over a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    candidate, counter = target, 1
    while os.path.lexists(candidate):
        candidate = target.with_name(f"{target.name}.{counter}")
        counter += 1
    os.rename(path, candidate)
