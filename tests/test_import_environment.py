"""Importing the package changes the process's environment in one documented way only.

``mangfold/__init__.py`` sets ``PYDANTIC_DISABLE_PLUGINS=__all__`` unless it is set (pydantic's plugin
lookup scans every installed distribution's entry points: ~30 ms of each kernel that builds a page or
grades one). Nothing else a learner's page, a trainer's command or the research export imports may
change ``os.environ``: a child process (a grading kernel, Chromium printing a PDF) would inherit it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

MODULES = ("mangfold.ui.page", "mangfold.cli", "mangfold.cohort.commands", "mangfold.research.export",
           "mangfold.summary.build", "mangfold.progress.sync", "mangfold.grading", "mangfold.serving")

SCRIPT = """
import importlib, json, os, sys
before = dict(os.environ)
for name in sys.argv[1:]:
    importlib.import_module(name)
after = dict(os.environ)
print(json.dumps({k: after.get(k) for k in set(before) | set(after) if before.get(k) != after.get(k)}))
"""


def test_importing_the_package_changes_only_the_pydantic_plugin_setting() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    environment["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT / "widgets"), str(REPO_ROOT)])
    run = subprocess.run([sys.executable, "-c", SCRIPT, *MODULES], capture_output=True, text=True, env=environment,
                         check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout) == {"PYDANTIC_DISABLE_PLUGINS": "__all__"}


def test_a_pydantic_plugin_setting_of_ones_own_wins() -> None:
    environment = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "logfire",
                   "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "widgets"), str(REPO_ROOT)])}
    run = subprocess.run([sys.executable, "-c", SCRIPT, "mangfold"], capture_output=True, text=True, env=environment,
                         check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout) == {}
