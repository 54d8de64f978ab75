"""What the export reads from a course directory: each learner's trusted progress files, and the roster.

Only files the grader would trust count (``progress.trust``: the format and checksum hold, and every
recorded choice and answer is one the content offers). A hand-edited file could claim
a consent the learner never gave, so an untrusted file neither grants consent nor adds data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..cohort.config import CohortConfig
from ..content.loader import content_path, load_module_content
from ..content.schema import ModuleContent
from ..course import MODULE_IDS
from ..progress.model import ModuleProgress, research_consent
from ..progress.store import ProgressFileError, read_progress
from ..progress.trust import judge
from .errors import ResearchError


@dataclass
class LearnerFiles:
    """One learner's trusted module files (module id -> progress), in course order."""

    id: str
    modules: dict[str, ModuleProgress] = field(default_factory=dict)

    @property
    def consented(self) -> bool:
        return research_consent(list(self.modules.values()))

    @property
    def language(self) -> str:
        """The language of the module saved last, the one the learner ended up using."""
        return max(self.modules.values(), key=lambda p: p.updated).language


@dataclass
class CourseFiles:
    """Every learner found under ``autograded/``, the content their files were judged by, and what was skipped."""

    learners: list[LearnerFiles]
    contents: dict[str, ModuleContent]
    untrusted_files: int


class _Contents:
    """The modules' content from ``source/``, each loaded the first time a learner's file needs it."""

    def __init__(self, course_dir: Path):
        self.course_dir = course_dir
        self.loaded: dict[str, ModuleContent] = {}

    def __getitem__(self, module: str) -> ModuleContent:
        if module not in self.loaded:
            folder = self.course_dir / "source" / module
            if not content_path(folder, "nb").is_file():
                raise ResearchError(f"{content_path(folder, 'nb')}: not found; the export checks every progress "
                                    "file against the module's content")
            self.loaded[module] = load_module_content(folder, "nb")
        return self.loaded[module]


def read_course(config: CohortConfig) -> CourseFiles:
    """Read ``autograded/<learner>/<module>/`` for the course's modules; untrusted files are counted and left out."""
    autograded = config.course_dir / "autograded"
    if not autograded.is_dir():
        raise ResearchError(f"{autograded}: not found (collect and autograde the modules first)")
    contents = _Contents(config.course_dir)
    learners: list[LearnerFiles] = []
    untrusted = 0
    for folder in sorted(p for p in autograded.iterdir() if p.is_dir()):
        learner = LearnerFiles(folder.name)
        for module in MODULE_IDS:
            try:  # a link, a special file or one refused at hand-in is untrusted, never followed
                progress = read_progress(folder / module, module)
            except ProgressFileError:
                untrusted += 1
                continue
            if progress is None:
                continue
            if judge(progress, contents[module]).trusted is None:
                untrusted += 1
                continue
            learner.modules[module] = progress
        learners.append(learner)
    return CourseFiles(learners, contents.loaded, untrusted)


def roster_names(config: CohortConfig, learner_ids: list[str]) -> list[str]:
    """Every id and name the gradebook knows, and the learner ids found on disk, for the scrubber.

    The whole roster is given, not only the consenting learners: a consenting learner may write about
    a colleague in the cohort who did not consent.
    """
    from ..cohort.commands import open_gradebook

    names: set[str] = set(learner_ids)
    try:
        with open_gradebook(config) as gradebook:
            for student in gradebook.students:
                full = " ".join(part for part in (student.first_name, student.last_name) if part)
                names.update(value for value in (student.id, student.first_name, student.last_name, full) if value)
    except Exception as error:  # the gradebook is the roster: without it names would slip through
        raise ResearchError(f"{config.config_file}: the gradebook ({type(error).__name__}: {error}) cannot be read; "
                            "the export needs the roster to scrub names") from error
    return sorted(names)
