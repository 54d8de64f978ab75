"""The progress store: every change saved at once, atomically, and never a learner's text lost.

Rules it keeps:
- every change is written immediately: temp file in the same folder, fsync, ``os.replace``;
- a write first re-reads the file under a lock and merges item by item (newest wins), so a second
  tab or kernel on the same module never erases what the first saved;
- a file that is corrupt, tampered with (checksum), of an unknown format, or newer than this code is
  reported in :attr:`ProgressStore.notices` when the store opens, and moved aside under a dated name
  only when the learner's first change is written; it is never overwritten. Merely opening a module
  (a grader's run, a trainer's look) never touches the file;
- a failed write (a full disk, a read-only folder) leaves the previous file intact, keeps the change
  in memory for the next write and is reported through :attr:`ProgressStore.last_error`.

The format's versions (``model.PROGRESS_VERSION``; each older file is lifted on reading by
:data:`MIGRATIONS`, one version at a time, and written as the current version on the next save):

1. the first release: scenarios, checks, reflections, exercises;
2. ``consent``, the answer to the research question (a version 1 file: not asked, which counts as no);
3. ``step``, the step of the module page the learner is on (a version 2 file opens at step 1);
4. ``post``, the learner's own post on the summary page (a version 3 file has none).
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import atomic, i18n
from .model import (
    FORMAT,
    PROGRESS_VERSION,
    CheckProgress,
    ConsentRecord,
    ExerciseProgress,
    ModuleProgress,
    PostRecord,
    ReflectionProgress,
    ScenarioProgress,
    Step,
    StepMark,
    checksum_of,
    merge,
    now_stamp,
)
from .reasons import bilingual, known_code, reason_text, record_text

PROGRESS_FILENAME = "mangfold-progress.json"
LOCK_FILENAME = ".mangfold-progress.lock"
MAX_FILE_BYTES = 20_000_000

Migration = Callable[[dict[str, Any]], dict[str, Any]]
def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 added ``consent``; a version 1 learner was never asked, which counts as no."""
    return {**document, "version": 2}


def _v2_to_v3(document: dict[str, Any]) -> dict[str, Any]:
    """Version 3 added ``step``; a version 2 file has none, and the module opens at step 1."""
    return {**document, "version": 3}


def _v3_to_v4(document: dict[str, Any]) -> dict[str, Any]:
    """Version 4 added ``post``; a version 3 file has none, and the summary page shows an empty form (or the
    trainer's prefill)."""
    return {**document, "version": 4}


#: version -> function that lifts a document of that version by one. Version 1 is the first.
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


class ProgressFileError(ValueError):
    """A progress file that cannot be trusted; the message names the file and the reason.

    ``reason`` is the English sentence; with a ``code`` from :mod:`.reasons` the same reason is there
    in bokmål too (:meth:`reason_in`, :attr:`both`), for the learner's and the trainer's pages.
    """

    def __init__(self, path: Path, reason: str, code: str = "", values: dict[str, object] | None = None):
        self.path = Path(path)
        self.reason = reason
        self.code = code if known_code(code) else ""
        self.values = dict(values or {})
        super().__init__(f"{path}: {reason}")

    @classmethod
    def of(cls, path: Path, code: str, **values: object) -> ProgressFileError:
        """The error for reason ``code`` (see :mod:`.reasons`), its English text as ``reason``."""
        return cls(path, reason_text(code, "en", **values), code, values)

    def reason_in(self, language: str) -> str:
        """The reason in ``language``; English when the error was raised without a code."""
        return reason_text(self.code, language, **self.values) if self.code else self.reason

    @property
    def both(self) -> str:
        """Bokmål and English together, for trainers (autograde, formgrader, the dashboard)."""
        return bilingual(self.code, **self.values) if self.code else self.reason


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in the words a reason uses."""
    if stat.S_ISLNK(mode):
        return _kind("symbolic-link")
    if stat.S_ISDIR(mode):
        return _kind("folder")
    if stat.S_ISFIFO(mode):
        return _kind("fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _kind("device")
    if stat.S_ISSOCK(mode):
        return _kind("socket")
    return _kind("unknown")


def _kind(key: str) -> str:
    """A file kind's English words: the catalogue's, which are also what the refused-files record keeps."""
    return i18n.text("en", f"file_kinds.{key}")


def not_regular(kind: str) -> str:
    """The one reason every reader gives for a link or special file, so reports read alike."""
    return reason_text("not-regular-file", "en", kind=kind)


def not_regular_error(path: Path, kind: str, folder: str | None = None) -> ProgressFileError:
    """:func:`not_regular` as an error with its bokmål too; ``folder``: the module folder is the link."""
    if folder is not None:
        return ProgressFileError.of(path, "not-regular-file", kind=kind, folder=folder)
    return ProgressFileError.of(path, "not-regular-file", kind=kind)


_ERRNO_KINDS = {errno.ELOOP: _kind("symbolic-link"), errno.EISDIR: _kind("folder"),
                errno.ENXIO: _kind("socket-or-device")}
"""The file kind (its English words) that an ``open`` refused with each errno is."""


def read_learner_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """A learner file's bytes, read so that no link or special file is ever followed or opened.

    Why: learner files are read by the trainer's own processes (collect, autograde, dashboard,
    summary, research), so a symbolic link would read whatever the trainer can read, and a FIFO or
    device would hang or misbehave. Here the file must be a regular file in a folder that is not
    itself a link: ``lstat`` refuses links and special files without opening them, ``O_NOFOLLOW``
    and ``O_NONBLOCK`` make the open itself safe if the file is swapped in between, and ``fstat``
    on the open descriptor is the final word (same file as ``lstat`` saw, regular, within the size
    limit) before a byte is read. None when the file does not exist; otherwise the bytes, or
    :class:`ProgressFileError` with the reason ``not a regular file (…)`` / the size reason. Other
    ``OSError`` (no permission, a disk error) propagates unchanged, as ``read_bytes`` did.
    """
    path = Path(path)
    try:
        folder_mode = os.lstat(path.parent).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(folder_mode):
        raise not_regular_error(path, "a symbolic link", folder=path.parent.name)
    try:
        seen = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # no file, or a file where the folder should be
        return None
    except OSError as error:
        if error.errno not in _ERRNO_KINDS:
            raise  # a permission or disk error is the trainer's to see, as before
        raise not_regular_error(path, _ERRNO_KINDS[error.errno]) from None
    if not stat.S_ISREG(seen.st_mode):
        raise not_regular_error(path, file_kind(seen.st_mode))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno not in _ERRNO_KINDS:
            raise  # a permission or disk error is the trainer's to see, as before
        raise not_regular_error(path, _ERRNO_KINDS[error.errno]) from None
    try:  # plain descriptor reads: nothing between this function and the file it has checked
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise not_regular_error(path, file_kind(opened.st_mode))
        if (opened.st_dev, opened.st_ino) != (seen.st_dev, seen.st_ino):
            raise ProgressFileError.of(path, "changed-while-read")
        if opened.st_size > limit:
            raise ProgressFileError.of(path, "too-large", size=opened.st_size, limit=limit)
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        raw = b"".join(chunks)
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise ProgressFileError.of(path, "too-large", size=f"more than {limit}", limit=limit)
    return raw


@dataclass(frozen=True)
class Notice:
    """Something the learner should be told: a file was set aside, a save failed."""

    kind: str  # "untrusted" (seen on opening) | "set-aside" (moved before a write) | "save-failed"
    message: str
    path: Path | None = None
    #: why the file is untrusted, so a page can say it in the learner's language (not compared: the same
    #: reason read twice is one notice)
    error: ProgressFileError | None = field(default=None, compare=False)

    def reason_in(self, language: str) -> str:
        """The reason in ``language`` (the English ``message`` when there is no error behind it)."""
        return self.error.reason_in(language) if self.error is not None else self.message


#: How deep a progress document may nest. The schema needs 6 levels (module, scenarios, id, path, step,
#: field) and an exercise's state 4; anything deeper is not the course's, and refusing it here keeps
#: every later step (the checksum's ``json.dumps``, pydantic, the replay) far from Python's recursion limit.
MAX_DEPTH = 32
#: Numbers beyond what JSON carries exactly between browsers (2**53) are not the course's either.
MAX_NUMBER = 2**53


class _Refused(Exception):
    """Internal: a value the walk refuses, with the reason code and its values."""

    def __init__(self, code: str, **values: object):
        super().__init__(code)
        self.code, self.values = code, values


def _place(parts: Iterable[object]) -> str:
    """A place in the document as ``scenarios.s1.path.0.node``, printable however odd the keys are."""
    text = ".".join(str(part) for part in parts) or "(top)"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return text if len(text) <= 120 else text[:117] + "..."


def _refuse_constant(name: str) -> None:
    raise _Refused("bad-number", place=f"({name})")


def _check_text(text: str, parts: list[object]) -> None:
    """A text must be storable as UTF-8. NUL and other control characters are kept: the store writes
    whatever a learner typed, exactly (tests/progress/test_store.py), so its reader must take it back."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _Refused("surrogate", place=_place(parts)) from None


def _walk(document: object) -> None:
    """Refuse what JSON allows but the course cannot keep: deep nesting, lone surrogates, huge numbers.

    Iterative, so that a deep document is refused by count, never by a ``RecursionError``.
    """
    stack: list[tuple[object, list[object]]] = [(document, [])]
    while stack:
        value, parts = stack.pop()
        if len(parts) > MAX_DEPTH:
            raise _Refused("too-deep", limit=MAX_DEPTH)
        if isinstance(value, str):
            _check_text(value, parts)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > MAX_NUMBER:
                raise _Refused("bad-number", place=_place(parts))
        elif isinstance(value, float):
            if not math.isfinite(value) or abs(value) > MAX_NUMBER:
                raise _Refused("bad-number", place=_place(parts))
        elif isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, [*parts, key])
                stack.append((item, [*parts, key]))
        elif isinstance(value, list):
            stack.extend((item, [*parts, index]) for index, item in enumerate(value))


def load_json(raw: bytes, path: Path) -> Any:
    """Bytes to a JSON value the course can keep, or :class:`ProgressFileError` with one clear reason.

    Shared by the progress reader and the upload, so an uploaded bundle is held to the same rules
    as a file on disk before any of it is looked at.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise ProgressFileError.of(path, "too-large", size=len(raw), limit=MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProgressFileError.of(path, "not-utf8", at=error.start) from None
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
        _walk(document)
    except _Refused as refused:
        raise ProgressFileError.of(path, refused.code, **refused.values) from None
    except RecursionError:
        raise ProgressFileError.of(path, "too-deep", limit=MAX_DEPTH) from None
    except json.JSONDecodeError as error:
        raise ProgressFileError.of(path, "not-json", line=error.lineno, column=error.colno,
                                   message=error.msg) from None
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise ProgressFileError.of(path, "long-number") from None
    return document


def _short(value: object) -> str:
    text = _place([repr(value)])
    return text if len(text) <= 40 else text[:37] + "..."


def parse_progress(raw: bytes, path: Path, module: str | None = None) -> ModuleProgress:
    """Turn file bytes into a trusted :class:`ModuleProgress` or raise :class:`ProgressFileError`.

    Every way the bytes can be wrong ends here as one :class:`ProgressFileError` with a reason code
    (:mod:`.reasons`); no other exception leaves this function for any input.
    """
    document = load_json(raw, path)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProgressFileError.of(path, "not-progress")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProgressFileError.of(path, "unknown-version", version=_short(version))
    if version > PROGRESS_VERSION:
        raise ProgressFileError.of(path, "newer-version", version=version, known=PROGRESS_VERSION)
    if document.get("checksum") != checksum_of(document):
        raise ProgressFileError.of(path, "checksum")
    while version < PROGRESS_VERSION:
        document = MIGRATIONS[version](document)
        version = document["version"]
    try:
        progress = ModuleProgress.model_validate(document)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        raise ProgressFileError.of(path, "invalid", place=_place(first["loc"]), message=first["msg"],
                                   error_type=first["type"]) from None
    if module is not None and progress.module != module:
        raise ProgressFileError.of(path, "wrong-module", found=_short(progress.module), expected=_short(module))
    return progress


def set_aside(path: Path, reason: str) -> Path:
    """Move an untrusted file to a dated name beside it, never over another file; return the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.stem}.set-aside-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.set-aside-{stamp}-{counter}{path.suffix}")
        counter += 1
    os.replace(path, target)
    with contextlib.suppress(OSError):
        atomic.write_text(target.with_suffix(target.suffix + ".reason.txt"), reason + "\n")
    return target


def atomic_write_json(path: Path, document: dict[str, Any]) -> None:
    """Write ``document`` so that ``path`` holds either the old or the new text, never half of one.

    Owner-only (0600), as progress files have always been: a learner's reflections are personal data.
    """
    data = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    atomic.write_bytes(path, data, mode=0o600)


class ProgressStore:
    """One learner's progress in one module folder, kept in memory and on disk in step."""

    def __init__(self, folder: Path, module: str, language: str = "nb"):
        self.folder = Path(folder)
        self.module = module
        self.path = self.folder / PROGRESS_FILENAME
        self.notices: list[Notice] = []
        self.last_error: OSError | None = None
        self._listeners: list[Callable[[ModuleProgress], None]] = []
        self.data = self._read_trusted(move_untrusted=False) or ModuleProgress(module=module, language=language)

    # -- reading -----------------------------------------------------------------------------
    def _read_trusted(self, move_untrusted: bool) -> ModuleProgress | None:
        """The file's progress, or None when there is none or it cannot be trusted.

        An untrusted file is reported; with ``move_untrusted`` (just before a write) it is also moved
        aside, so the write can never replace it.
        """
        try:
            raw = read_learner_bytes(self.path)
            if raw is None:
                return None
            return parse_progress(raw, self.path, self.module)
        except ProgressFileError as error:
            if not move_untrusted:
                self._notice(Notice("untrusted", error.reason, self.path, error))
                return None
            moved = set_aside(self.path, error.reason)
            kept = record_text("kept-as", reason=error.reason, name=moved.name)
            self._notice(Notice("set-aside", kept, moved, error))
            return None

    def _notice(self, notice: Notice) -> None:
        if notice not in self.notices:
            self.notices.append(notice)

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        """The module folder's lock (none where the platform has no locks: Pyodide's one page)."""
        return atomic.exclusive(self.folder / LOCK_FILENAME)

    # -- writing -----------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[ModuleProgress], None]) -> None:
        """Call ``listener`` after every change (the module header redraws its progress bar)."""
        self._listeners.append(listener)

    def save(self) -> bool:
        """Merge with the file and write; True when the change reached the disk."""
        self.data.updated = now_stamp()
        try:
            if os.path.islink(self.folder):  # a linked module folder leads out of the course: never write there
                raise OSError(errno.ELOOP, "the module folder is a symbolic link", str(self.folder))
            with self._locked():
                on_disk = self._read_trusted(move_untrusted=True)
                if on_disk is not None:
                    self.data = merge(on_disk, self.data)
                atomic_write_json(self.path, self.data.sealed())
        except OSError as error:
            self.last_error = error
            self._notice(Notice("save-failed", record_text("could-not-save", error=error.strerror or error), self.path))
            return False
        self.last_error = None
        for listener in list(self._listeners):
            listener(self.data)
        return True

    def reload(self) -> ModuleProgress:
        """Merge in what another tab or kernel saved since we last looked."""
        on_disk = self._read_trusted(move_untrusted=False)
        if on_disk is not None:
            self.data = merge(self.data, on_disk)
        return self.data

    # -- changes the widgets make -------------------------------------------------------------
    def set_language(self, language: str) -> bool:
        self.data.language = language  # type: ignore[assignment]
        return self.save()

    def scenario(self, scenario_id: str) -> ScenarioProgress:
        return self.data.scenarios.get(scenario_id) or ScenarioProgress(updated=now_stamp())

    def put_scenario(self, scenario_id: str, progress: ScenarioProgress) -> bool:
        progress.updated = now_stamp()
        self.data.scenarios[scenario_id] = progress
        return self.save()

    def record_choice(self, scenario_id: str, node: str, choice: str, ending: str | None) -> bool:
        """The learner chose ``choice`` at ``node``; ``ending`` is set when the choice ends the scenario."""
        current = self.scenario(scenario_id).model_copy(deep=True)
        step = Step(node=node, choice=choice, at=now_stamp())
        current.path.append(step)
        current.history.append(step)
        if current.first_choice is None:
            current.first_choice = choice
        current.ending = ending
        if ending and ending not in current.endings_reached:
            current.endings_reached.append(ending)
        return self.put_scenario(scenario_id, current)

    def step_back(self, scenario_id: str) -> bool:
        current = self.scenario(scenario_id).model_copy(deep=True)
        if current.path:
            current.path.pop()
        current.ending = None
        return self.put_scenario(scenario_id, current)

    def restart_scenario(self, scenario_id: str) -> bool:
        current = self.scenario(scenario_id).model_copy(deep=True)
        current.path, current.ending = [], None
        return self.put_scenario(scenario_id, current)

    def record_check(self, check_id: str, answer: list[str]) -> bool:
        previous = self.data.checks.get(check_id)
        answer = sorted(answer)
        self.data.checks[check_id] = CheckProgress(
            first_answer=previous.first_answer if previous else answer,
            answer=answer,
            attempts=(previous.attempts + 1) if previous else 1,
            updated=now_stamp(),
        )
        return self.save()

    def save_reflection(self, reflection_id: str, text: str) -> bool:
        self.data.reflections[reflection_id] = ReflectionProgress(text=text, updated=now_stamp())
        return self.save()

    def set_consent(self, research: bool) -> bool:
        """Record the learner's answer to the research question (it can be changed at any time)."""
        self.data.consent = ConsentRecord(research=research, updated=now_stamp())
        return self.save()

    def set_step(self, number: int) -> bool:
        """The learner moved to step ``number`` of the module page: saved at once, so a reload opens there."""
        self.data.step = StepMark(number=number, updated=now_stamp())
        return self.save()

    def save_exercise(self, exercise_id: str, state: dict[str, Any]) -> bool:
        self.data.exercises[exercise_id] = ExerciseProgress(state=state, updated=now_stamp())
        return self.save()

    def save_post(self, post: PostRecord) -> bool:
        """The learner's post as the summary page's form holds it, whole, stamped now (it merges as one item)."""
        self.data.post = post.model_copy(update={"updated": now_stamp()})
        return self.save()


def read_progress(folder: Path, module: str) -> ModuleProgress | None:
    """Read without side effects (for graders and reports): None when missing, raises when untrusted."""
    path = Path(folder) / PROGRESS_FILENAME
    raw = read_learner_bytes(path)
    if raw is None:
        from .refused import refused_error  # the record of a hand-in's refused links, beside the file

        refused = refused_error(Path(folder), PROGRESS_FILENAME)
        if refused is not None:  # handed in as a link or special file and set aside: say so, not "missing"
            raise refused
        return None
    return parse_progress(raw, path, module)


def trusted_progress(course_root: Path, modules: Iterable[str]) -> dict[str, ModuleProgress]:
    """Every module's progress under ``course_root`` that can be trusted; missing or untrusted are left out."""
    found = {}
    for module in modules:
        try:
            progress = read_progress(Path(course_root) / module, module)
        except ProgressFileError:
            continue
        if progress is not None:
            found[module] = progress
    return found


def latest_language(course_root: Path, modules: Iterable[str]) -> str | None:
    """The language of the most recently saved module, so a returning learner keeps theirs."""
    saved = sorted((p.updated, p.language) for p in trusted_progress(course_root, modules).values())
    return saved[-1][1] if saved else None
