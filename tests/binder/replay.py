"""repo2docker's steps for binder/, replayed on this machine with a real Unix user.

What repo2docker does with this repository, and what stands in for it here:

- the repository (a commit) is copied into the image and becomes the home of a non-root user
  (``jovyan``): the files git tracks at HEAD are copied into the home of a new user made with ``useradd``;
- Python of ``runtime.txt`` in an environment of its own: ``/usr/bin/pythonX.Y -m venv`` outside the home;
- ``pip install -r binder/requirements.txt`` from the repository folder, then ``binder/postBuild``,
  both as that user with a clean environment;
- the server is started as ``binder/start <command>`` in the repository folder.

The pip cache is shared between runs (``MANGFOLD_BINDER_PIP_CACHE``), so only the first run downloads.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.servers import RUNNING, free_port, stop_server_process, wait_until_listening
from tests.hub.prereqs import missing
from tests.hub.users import UnixUser, create_user, end_processes, remove_user

#: the test's user; the ``mf-`` prefix keeps it apart from real accounts (tests.hub.users refuses others)
USER = "mf-binder"
PIP_CACHE = Path(os.environ.get("MANGFOLD_BINDER_PIP_CACHE", "/var/tmp/mangfold-binder-pip-cache"))
#: what a clean environment must still carry for pip to reach PyPI from behind a proxy
PASSED_ON = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")


def runtime_python(repo: Path) -> Path:
    """The system Python named by ``binder/runtime.txt`` (``python-3.11`` -> ``/usr/bin/python3.11``)."""
    text = (repo / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    assert match, f"binder/runtime.txt: {text!r}"
    python = Path(f"/usr/bin/python{match.group(1)}")
    if not python.is_file():
        missing(f"needs {python} (binder/runtime.txt names {text}): apt-get install python{match.group(1)}")
    probe = subprocess.run([str(python), "-c", "import ensurepip, venv"], capture_output=True)
    if probe.returncode != 0:
        missing(f"needs venv for {python}: apt-get install python{match.group(1)}-venv")
    return python


def copy_commit(repo: Path, target: Path, commit: str = "HEAD") -> int:
    """What Binder builds: the files git tracks at ``commit`` (a clone's files; never the work tree's
    uncommitted edits or untracked files, which a shared work tree may hold half-done)."""
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=repo, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, capture_output=True, check=True)
    listed = subprocess.run(["git", "ls-tree", "-r", "-z", "--name-only", commit], cwd=repo, capture_output=True,
                            check=True).stdout
    return len([name for name in listed.split(b"\0") if name])


def chown_tree(path: Path, user: UnixUser) -> None:
    for folder, folders, files in os.walk(path):
        for name in [*folders, *files]:
            os.chown(os.path.join(folder, name), user.uid, user.gid, follow_symlinks=False)
    os.chown(path, user.uid, user.gid)


@dataclass
class BinderBuild:
    """The built environment: the user (home = the repository copy) and the venv it runs."""

    user: UnixUser
    venv: Path

    @property
    def home(self) -> Path:
        return self.user.home

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def environment(self) -> dict[str, str]:
        passed = {key: os.environ[key] for key in PASSED_ON if key in os.environ}
        return {"PIP_CACHE_DIR": str(PIP_CACHE), **passed}

    def run(self, *command: str) -> subprocess.CompletedProcess:
        """No time limit: a cold install downloads every pinned package, and CI is a busy machine."""
        return self.user.run(self.bin, *command, env=self.environment(), cwd=self.home)

    def remove(self) -> None:
        remove_user(self.user.name)  # userdel -r: the home, i.e. the repository copy, goes with it
        shutil.rmtree(self.venv.parent, ignore_errors=True)


def build(repo: Path) -> BinderBuild:
    """Every build step as the user; fails naming the step and its output (and removes what it made)."""
    python = runtime_python(repo)
    user = create_user(USER)
    place = Path(tempfile.mkdtemp(prefix="mangfold-binder-", dir="/var/tmp"))  # repo2docker: /srv/conda
    built = BinderBuild(user, place / "venv")
    try:
        assert copy_commit(repo, user.home) > 0 and (user.home / "binder" / "start").is_file()
        chown_tree(user.home, user)
        place.chmod(0o755)
        os.chown(place, user.uid, user.gid)
        PIP_CACHE.mkdir(parents=True, exist_ok=True)
        chown_tree(PIP_CACHE, user)  # a cache warmed by an earlier run's user (maybe another uid) is theirs now
        steps = [
            (str(python), "-m", "venv", str(built.venv)),
            ("python", "-m", "pip", "install", "--no-input", "--disable-pip-version-check",
             "-r", "binder/requirements.txt"),
        ]
        if (user.home / "binder" / "postBuild").is_file():
            steps.append((str(user.home / "binder" / "postBuild"),))
        for command in steps:
            result = built.run(*command)
            assert result.returncode == 0, (f"Binder build step failed: {' '.join(command)}\n"
                                            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    except BaseException:
        built.remove()
        raise
    return built


class BinderServer:
    """``binder/start jupyter server …`` as the user, in the repository copy, behind a known token."""

    def __init__(self, built: BinderBuild, token: str):
        self.built, self.token, self.port = built, token, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = built.venv.parent / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> BinderServer:
        user, home = self.built.user, self.built.home
        command = [str(home / "binder" / "start"), "jupyter", "server", "--ip=127.0.0.1", f"--port={self.port}",
                   f"--ServerApp.token={self.token}", "--no-browser"]
        environment = user.environment(self.built.bin, self.built.environment())
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(["runuser", "-u", user.name, "--", "env", "-i", *environment, *command],
                                            cwd=home, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        wait_until_listening(self.process, self.port, self.log_path, "binder/start jupyter server")
        RUNNING.add(self)  # a page waiting on this server fails if it exits (the page fixture's ServerWatch)
        return self

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        RUNNING.discard(self)
        if self.process is not None:
            stop_server_process(self.process)
        end_processes(self.built.user.uid)  # the kernels jupyter_client started in sessions of their own
        self.process = None
