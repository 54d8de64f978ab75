"""JupyterHub settings for the Mangfoldsrekruttering course on The Littlest JupyterHub (TLJH).

deploy/tljh/setup.sh copies this file to /opt/tljh/config/jupyterhub_config.d/mangfold.py. TLJH loads
every ``*.py`` there after its own ``tljh-config`` settings, so what is set here wins (TLJH docs:
"Custom configuration snippets"). It runs in the hub's environment (/opt/tljh/hub), where the course
package is not installed: the few values it shares with the course are written out and checked
against the package by tests/deploy.

Learners open the course in Voilà, never JupyterLab; trainers (the ``instructors`` group) get
JupyterLab and nbgrader's formgrader, which no learner's server loads.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by traitlets when JupyterHub loads this file

#: mangfold.serving.start_path(), as a URL below each user's server
COURSE_HOME_URL = "/voila/render/notebooks/home.ipynb"
#: mangfold.serving.KERNEL_CULLING: a page left open without Voilà's shutdown call frees its kernel
KERNEL_CULLING = {"cull_idle_timeout": 600, "cull_interval": 60, "cull_connected": False}
INSTRUCTORS_GROUP = "instructors"
FORMGRADER_ARG = "--ServerApp.jpserver_extensions=nbgrader.server_extensions.formgrader=True"
#: the wrapper that puts the course home and the released modules in each home (deploy/mangfold-learner-start.sh)
LEARNER_START = "/opt/tljh/user/bin/mangfold-learner-start"
#: read by the course's server extension: "learner" has no JupyterLab, terminals, file browser or
#: formgrader and renders only the course; "trainer" keeps JupyterLab and formgrader
MODE_VARIABLE = "MANGFOLD_MODE"
#: one hub user name a line; written by setup.sh from MANGFOLD_TRAINER
TRAINERS_FILE = Path(os.environ.get("MANGFOLD_TRAINERS_FILE", Path(__file__).resolve().parent.parent
                                    / "mangfold-trainers.txt"))


def trainers(path: Path = TRAINERS_FILE) -> list[str]:
    """The trainers' hub user names; none when the file is missing (then nobody gets formgrader)."""
    if not path.is_file():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def mangfold_pre_spawn_hook(spawner) -> None:
    """Trainers start in JupyterLab with formgrader; everyone else in the course home in Voilà, in learner mode.

    Set on every start (the hub reuses a user's spawner), so leaving the group takes effect at
    the next start and the formgrader argument is never added twice.
    """
    is_trainer = any(group.name == INSTRUCTORS_GROUP for group in spawner.user.groups)
    args = [arg for arg in spawner.args if arg != FORMGRADER_ARG]
    spawner.args = [*args, FORMGRADER_ARG] if is_trainer else args
    spawner.default_url = "/lab" if is_trainer else COURSE_HOME_URL
    spawner.environment = {**spawner.environment, MODE_VARIABLE: "trainer" if is_trainer else "learner"}


c.Spawner.default_url = COURSE_HOME_URL
c.Spawner.args = [f"--MappingKernelManager.{name}={value}" for name, value in KERNEL_CULLING.items()]
c.Spawner.cmd = [LEARNER_START, "jupyterhub-singleuser"]
c.Spawner.pre_spawn_hook = mangfold_pre_spawn_hook

c.JupyterHub.load_groups = {INSTRUCTORS_GROUP: {"users": trainers()}}
# Trainers see who is logged in and can start or stop a learner's server (a learner who lost theirs),
# but cannot open it: `access:servers` is not granted, so reflections stay private.
c.JupyterHub.load_roles = [
    {
        "name": "mangfold-trainer",
        "description": "Trainers of the Mangfoldsrekruttering course: see the cohort, start and stop servers",
        "scopes": ["admin-ui", "list:users", "read:users", "servers"],
        "groups": [INSTRUCTORS_GROUP],
    }
]
