"""Courses of five modules worked through by the test learners (``tests/learners.py``), and their summary
with a fixed time, so documents made from it do not change between runs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from mangfold.course import MODULE_IDS
from mangfold.summary import CourseSummary, build_summary
from mangfold.ui import open_module
from tests import learners
from tests.conftest import copy_module

#: the fixed ``summary.generated`` of every summary made here
GENERATED = "2025-03-14T12:00:00+00:00"
#: the tree the modules are copied from: source/ has every language, release/ is its copy as of the last
#: ``mangfold release`` (the same text, and a language only once it has been released)
TREE = "source"
JOB_ANALYSIS = MODULE_IDS[1]
#: The complete learner ranks this must-have first (the content lists it last of the three).
RANKED_FIRST = "veiledning"


def rank_first(folder: Path, item_id: str) -> None:
    """Move one must-have to the top of the job-analysis ranking with the widget's own buttons."""
    widget = open_module(folder.name, folder, "nb").show("jobbanalyse")
    while widget.order.index(item_id) > 0:
        widget.move(item_id, -1)


def complete_course(root: Path) -> Path:
    """Every module done; the must-haves of the job analysis in the learner's own order."""
    for module in MODULE_IDS:
        learners.complete(copy_module(module, root, TREE))
    rank_first(root / JOB_ANALYSIS, RANKED_FIRST)
    return root


def partial_course(root: Path) -> Path:
    """Module 1 done, 2 and 4 half done, 3 with a file edited by hand (untrusted), 5 not started."""
    for module in MODULE_IDS:
        copy_module(module, root, TREE)
    learners.complete(root / MODULE_IDS[0])
    learners.partial(root / MODULE_IDS[1])
    learners.tampered(root / MODULE_IDS[2])
    learners.partial(root / MODULE_IDS[3])
    return root


def empty_course(root: Path) -> Path:
    for module in MODULE_IDS:
        copy_module(module, root, TREE)
    return root


def summary_of(root: Path, language: str, action_plan: tuple[str, ...] = ()) -> CourseSummary:
    """The course's summary with a fixed time, so documents made from it do not change between runs."""
    return dataclasses.replace(build_summary(root, language, action_plan), generated=GENERATED)
