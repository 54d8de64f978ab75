"""Where a learner stands in the whole course: each module's status, what is unlocked, where to resume.

It reads the module folders that lie side by side (``release/<module>/`` locally and on Binder,
``~/<course>/<module>/`` on a hub) and never writes. The guided path follows the original course:
the first time through, a module opens only when the one before it is done; once every module is
done, the learner moves freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .completion import ItemStatus, item_statuses
from .content.loader import REFERENCE_LANGUAGE, content_path, language_of, load_module_content
from .content.schema import ModuleContent
from .course import MODULE_IDS
from .progress.model import ModuleProgress
from .progress.trust import read_trusted

NOT_STARTED, IN_PROGRESS, DONE = "not-started", "in-progress", "done"


@dataclass(frozen=True)
class ModuleState:
    module: str
    content: ModuleContent
    statuses: tuple[ItemStatus, ...]
    started: bool
    updated: str | None

    @property
    def done_items(self) -> int:
        return sum(s.done for s in self.statuses)

    @property
    def status(self) -> str:
        if self.statuses and all(s.done for s in self.statuses):
            return DONE
        return IN_PROGRESS if self.started else NOT_STARTED

    @property
    def next_item(self) -> str | None:
        """The first unfinished block: where "continue" takes the learner."""
        return next((s.id for s in self.statuses if not s.done), None)


@dataclass(frozen=True)
class CourseState:
    modules: tuple[ModuleState, ...]

    @property
    def finished(self) -> bool:
        return bool(self.modules) and all(m.status == DONE for m in self.modules)

    def unlocked(self, module: str) -> bool:
        """Open when the course is finished, when it is the first module, or when the one before is done."""
        if self.finished:
            return True
        ids = [m.module for m in self.modules]
        if module not in ids:
            return True  # a module we cannot see the course around is never locked
        index = ids.index(module)
        return index == 0 or self.modules[index - 1].status == DONE

    def state(self, module: str) -> ModuleState:
        return next(m for m in self.modules if m.module == module)

    @property
    def resume(self) -> ModuleState | None:
        """The module to continue: the most recently worked-on unfinished one, else the first open one."""
        unfinished = [m for m in self.modules if m.status != DONE and self.unlocked(m.module)]
        started = sorted((m for m in unfinished if m.started), key=lambda m: m.updated or "", reverse=True)
        return (started or unfinished or [None])[0]

    @property
    def done_items(self) -> int:
        return sum(m.done_items for m in self.modules)

    @property
    def total_items(self) -> int:
        return sum(len(m.statuses) for m in self.modules)


def module_state(folder: Path, module: str, language: str = "nb") -> ModuleState:
    content = load_module_content(folder, language)
    # judged as the grader judges it (format, checksum, and a replay against the reference content): a
    # file that fails scores nothing there, so here it counts as not started
    progress = read_trusted(folder, module, content if language == "nb" else None)
    saved = progress or ModuleProgress(module=module)
    started = progress is not None and any(getattr(saved, kind) for kind in
                                           ("scenarios", "checks", "reflections", "exercises"))
    return ModuleState(module, content, tuple(item_statuses(content, saved)), started,
                       saved.updated if progress else None)


def course_state(course_root: Path, language: str = "nb") -> CourseState:
    """The state of every module folder found under ``course_root``, in course order."""
    course_root = Path(course_root)
    modules = tuple(module_state(course_root / module, module, language_of(course_root / module, language))
                    for module in MODULE_IDS if content_path(course_root / module, REFERENCE_LANGUAGE).exists())
    return CourseState(modules)
