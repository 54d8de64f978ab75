"""What the hub tests need from the machine, and the one rule for when it is missing.

A developer without root, node or PostgreSQL gets a skip that names what is missing; CI (``CI=true``)
installs all of it in ``.ci/run``, so there a missing piece is a failure, never a silent skip (the same
rule as the browser tests' Chromium).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

#: Debian's PostgreSQL server binaries live here, one folder per major version
POSTGRES_LIB = Path("/usr/lib/postgresql")
#: the system Python every Unix user can run (the image's own Python may live under root's mode-700 home)
SYSTEM_PYTHON = Path("/usr/bin/python3")


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def missing(message: str) -> None:
    """Skip with ``message``, or fail with it on CI, where ``.ci/run`` installs everything these tests need."""
    if on_ci():
        pytest.fail(f"{message} (CI=true: the hub tests must run here; .ci/run installs their prerequisites)",
                    pytrace=False)
    pytest.skip(message)


def require_root() -> None:
    if os.geteuid() != 0:
        missing("needs root to create Unix users (useradd) and run a JupyterHub that spawns their servers")
    for tool in ("useradd", "userdel", "runuser"):
        if shutil.which(tool) is None:
            missing(f"needs {tool} (Debian's passwd/util-linux) to manage the test's Unix users")


def require_system_python() -> Path:
    """``/usr/bin/python3`` with ``venv``: the hub's venv must be runnable by every user."""
    if not SYSTEM_PYTHON.is_file():
        missing(f"needs {SYSTEM_PYTHON} (Debian's python3) to build a venv every user can run")
    probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import ensurepip, venv"], capture_output=True)
    if probe.returncode != 0:
        missing("needs Debian's python3-venv: apt-get install python3-venv")
    return SYSTEM_PYTHON


def require_proxy() -> Path:
    """configurable-http-proxy, JupyterHub's proxy (a node program from npm)."""
    if shutil.which("node") is None:
        missing("needs node for configurable-http-proxy: apt-get install nodejs npm")
    proxy = shutil.which("configurable-http-proxy")
    if proxy is None:
        missing("needs configurable-http-proxy: npm install -g configurable-http-proxy")
    return Path(proxy)


def postgres_bin() -> Path:
    """The newest installed PostgreSQL server's bin folder (Debian's ``postgresql`` package)."""
    found = sorted((d for d in POSTGRES_LIB.glob("*/bin") if (d / "initdb").is_file() and (d / "pg_ctl").is_file()),
                   key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)
    if not found:
        missing(f"needs PostgreSQL's server binaries (initdb, pg_ctl under {POSTGRES_LIB}): apt-get install postgresql")
    return found[-1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
