"""Helpers for the installed-package tests: build the wheel from a clean copy, install it into a fresh venv,
run its commands from a folder outside the checkout with a home of their own.

The wheel is built from a copy of the repository's files (tracked and new, never git-ignored ones), so a
stale ``build/`` folder in the checkout cannot leak into it and other work in the checkout is not disturbed.
Learner files are planted in the copy's course folders first: the wheel must leave them out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import MODULE_1, REPO_ROOT

DISTRIBUTION = "mangfoldsrekruttering"
#: files a learner or trainer leaves in the course folders; planted in the copy the wheel is built from
PLANTED = (
    f"release/{MODULE_1}/mangfold-progress.json",
    f"release/{MODULE_1}/mangfold-progress.en.json",
    f"release/{MODULE_1}/.mangfold-progress.lock",
    f"release/{MODULE_1}/.ipynb_checkpoints/{MODULE_1}-checkpoint.ipynb",
    f"source/{MODULE_1}/mangfold-progress.json",
    "notebooks/.ipynb_checkpoints/home-checkpoint.ipynb",
    "release/gradebook.db",
)


def repository_files() -> list[Path]:
    """The checkout's files as git sees them (tracked, and new but not ignored), relative to its root."""
    done = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                          capture_output=True, text=True, check=True)
    return [Path(name) for name in done.stdout.split("\0") if name and (REPO_ROOT / name).is_file()]


def copy_repository(target: Path) -> Path:
    """A copy of the checkout's files with learner files planted in its course folders."""
    for relative in repository_files():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / relative, target / relative)
    for planted in PLANTED:
        (target / planted).parent.mkdir(parents=True, exist_ok=True)
        (target / planted).write_text("{}", encoding="utf-8")
    return target


def build_wheel(source: Path, out: Path) -> Path:
    """``pip wheel --no-deps`` as a packager runs it (isolated build, setuptools from PyPI or pip's cache)."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out),
                    str(source)], check=True, capture_output=True, text=True)
    wheels = sorted(out.glob(f"{DISTRIBUTION}-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@dataclass(frozen=True)
class Installed:
    """A fresh virtual environment with the wheel installed, and a place outside the checkout to run it."""

    venv: Path
    home: Path
    work: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    def env(self) -> dict[str, str]:
        """A clean environment: the venv's commands first, a home of its own, nothing of the checkout."""
        env = {"HOME": str(self.home), "PATH": f"{self.bin}:/usr/bin:/bin", "LANG": "C.UTF-8"}
        if "CI" in os.environ:
            env["CI"] = os.environ["CI"]
        return env

    def run(self, *command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(command), cwd=cwd or self.work, env=self.env(), capture_output=True, text=True,
                              check=False)

    def mangfold(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(str(self.bin / "mangfold"), *args)

    def site_packages(self) -> Path:
        done = self.run(str(self.bin / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
        return Path(done.stdout.strip())


def install(wheel: Path, folder: Path, extras: str = "") -> Installed:
    """A new venv under ``folder`` (made by the Python running the tests) with ``wheel[extras]`` installed."""
    venv, home, work = folder / "venv", folder / "home", folder / "work"
    home.mkdir(parents=True)
    work.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, text=True)
    requirement = f"{wheel}[{extras}]" if extras else str(wheel)
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", requirement],
                          capture_output=True, text=True, check=False, env={**os.environ, "PIP_NO_INPUT": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    return Installed(venv, home, work)
