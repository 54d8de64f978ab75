"""Run by a learner, as their own Unix user on the hub: work through fetched modules by driving the real widgets.

This file and a copy of ``tests/learners.py`` are copied into the hub test's world-readable folder (the
venv has only the installed course, not the repository's tests) and run with that folder on PYTHONPATH:

    python learner_work.py KIND MODULE_FOLDER [MODULE_FOLDER ...]

KIND is one of the learners in ``tests/learners.py`` (complete, partial, tampered, ...). The last line
printed is JSON: ``{module: {grade_id: points}}``, the points each item should earn.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import learners  # the copy beside this file


def main(kind: str, folders: list[str]) -> dict[str, learners.Points]:
    work = getattr(learners, kind)
    return {Path(folder).name: work(Path(folder)) for folder in folders}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2:])))
