"""A venv every Unix user can run, with the course installed as a real (non-editable) package.

The project's own ``.venv`` is built from the image's Python, which lives under root's mode-700 home:
the hub's users cannot execute it. So the hub tests build their own venv with Debian's
``/usr/bin/python3`` in a world-readable cache folder, and install the course the way a hub admin
would: ``pip install`` of the package with the extras deploy/tljh/setup.sh installs (``trainer``,
``postgres``), plus JupyterHub from the ``dev`` extra.

Two keys keep a second run fast: the venv (all dependencies, ~30 s) is keyed by ``pyproject.toml``
and the system Python's version; the course package inside it (a few seconds, ``--no-deps``) by a
hash of its sources. A file lock lets two pytest processes share the cache, and an in-use lock on each
venv keeps one from reinstalling or removing a venv the other is running servers from.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO_ROOT
from tests.hub.prereqs import SYSTEM_PYTHON

#: where the venvs are kept between runs; every component must be traversable by every user
CACHE = Path(os.environ.get("MANGFOLD_HUB_CACHE", "/var/tmp/mangfold-hub"))
#: what the package is built from: its sources, its metadata and build hook, and the course it ships
PACKAGE_FILES = ("pyproject.toml", "README.md", "setup.py", "MANIFEST.in", "LICENSE")
PACKAGE_DIRS = ("widgets", "source", "release", "notebooks")
#: the extras a hub installs (deploy/tljh/setup.sh, deploy/z2jh/Dockerfile); ``lti``: the hub's LTI login and
#: grade service (setup.sh installs it into the hub's own environment; here hub and users share one venv)
HUB_EXTRAS = "[trainer,postgres,lti]"
#: the hub tests' own extra requirements, taken from the dev extra so versions are declared once
HUB_REQUIREMENTS = ("jupyterhub",)
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")
DEPS_STAMP = ".mangfold-deps"
SOURCE_STAMP = ".mangfold-source"


@dataclass(frozen=True)
class HubVenv:
    path: Path
    how: str  # "cold" (built), "package" (course reinstalled), "warm" (used as it was)
    seconds: float

    @property
    def bin(self) -> Path:
        return self.path / "bin"


def _hash_files(paths: list[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def package_sources(repo: Path = REPO_ROOT) -> list[Path]:
    files = [repo / name for name in PACKAGE_FILES]
    for folder in PACKAGE_DIRS:
        files += [p for p in (repo / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix != ".pyc" and not any(part.endswith(".egg-info") for part in p.parts)]
    return files


def deps_key(repo: Path = REPO_ROOT) -> str:
    version = subprocess.run([str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version)"], capture_output=True,
                             text=True, check=True).stdout
    return hashlib.sha256((repo / "pyproject.toml").read_bytes() + version.encode()).hexdigest()[:16]


def hub_requirements(repo: Path = REPO_ROOT) -> list[str]:
    """``jupyterhub…`` exactly as the dev extra lists it."""
    project = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dev = project["optional-dependencies"]["dev"]
    picked = [r for r in dev if r.split("[")[0].split(">")[0].split("=")[0].strip() in HUB_REQUIREMENTS]
    assert len(picked) == len(HUB_REQUIREMENTS), f"the dev extra should list {HUB_REQUIREMENTS}: {dev}"
    return picked


def _staged_package(repo: Path, into: Path) -> Path:
    """A copy of the package's sources: pip builds a local folder in place, which would write to the repo."""
    stage = into / "package"
    stage.mkdir()
    for name in PACKAGE_FILES:
        shutil.copy2(repo / name, stage / name)
    for folder in PACKAGE_DIRS:
        shutil.copytree(repo / folder, stage / folder, ignore=SKIP)
    return stage


def _pip(venv: Path, *args: str) -> None:
    command = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args]
    # no time limit: pip cannot wait for input (stdin from /dev/null) and a loaded machine builds slowly
    run = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, f"pip install {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}"


def _readable(path: Path) -> None:
    """Every user runs this venv: make sure of it whatever umask built it."""
    subprocess.run(["chmod", "-R", "a+rX", str(path)], check=True)


#: a file in each venv that every process using the venv holds a shared lock on, for as long as it runs
IN_USE = ".mangfold-in-use"
#: the locks this process holds (closed, and so released, when it exits)
_HELD: dict[Path, object] = {}


def _in_use_by_another(venv: Path) -> bool:
    """True when another process holds the venv's in-use lock (an exclusive try-lock fails).

    Only asked under the cache lock, and never of a venv this process holds itself.
    """
    marker = venv / IN_USE
    if not marker.is_file():
        return False
    with open(marker) as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
    return False


def _hold(venv: Path) -> None:
    """Take the venv's in-use lock (shared) for the rest of this process."""
    if venv in _HELD:
        return
    marker = venv / IN_USE
    marker.touch()
    handle = open(marker)  # noqa: SIM115 - kept open on purpose: the lock lives as long as the process
    fcntl.flock(handle, fcntl.LOCK_SH)
    _HELD[venv] = handle


def hub_venv(repo: Path = REPO_ROOT, cache: Path = CACHE) -> HubVenv:
    """The cached venv, built or brought up to date first when the keys say so.

    Two checkouts may run the hub tests on one machine at once (a developer's and a CI clone): a venv
    another process is using is never changed under it nor removed. If its course is another version, this
    run builds a venv of its own beside it (keyed by the sources too) rather than reinstalling the course
    under the other run's servers.
    """
    started = time.monotonic()
    cache.mkdir(parents=True, exist_ok=True)
    cache.chmod(0o755)
    source = _hash_files(package_sources(repo), repo)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        venv = cache / f"venv-{deps_key(repo)}"
        stamp = venv / SOURCE_STAMP
        if (venv not in _HELD and _in_use_by_another(venv)
                and (not stamp.is_file() or stamp.read_text().strip() != source)):
            venv = cache / f"venv-{deps_key(repo)}-{source[:12]}"
            stamp = venv / SOURCE_STAMP
        deps_ready = (venv / DEPS_STAMP).is_file()
        how = "warm"
        if not deps_ready or not stamp.is_file() or stamp.read_text().strip() != source:
            with tempfile.TemporaryDirectory(dir=cache) as scratch:
                stage = _staged_package(repo, Path(scratch))
                if not deps_ready:
                    how = "cold"
                    shutil.rmtree(venv, ignore_errors=True)
                    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", str(venv)], check=True, capture_output=True)
                    _pip(venv, f"{stage}{HUB_EXTRAS}", *hub_requirements(repo))
                    (venv / DEPS_STAMP).write_text(venv.name + "\n")
                else:
                    how = "package"
                    _pip(venv, "--no-deps", "--force-reinstall", str(stage))
            _readable(venv)
            stamp.write_text(source + "\n")
        _hold(venv)
        for old in cache.glob("venv-*"):  # venvs of earlier pyproject.tomls or sources, unless in use
            if old != venv and old not in _HELD and not _in_use_by_another(old):
                shutil.rmtree(old, ignore_errors=True)
    return HubVenv(venv, how, time.monotonic() - started)
