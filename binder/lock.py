"""Regenerate binder/requirements.txt: the course's runtime packages, every one pinned, for Binder.

Binder (repo2docker) installs ``binder/requirements.txt`` with pip into a fresh environment each time
it builds; unpinned, the course got whatever PyPI offered that day (pandas 3, numpy 2.4 ...). This
script resolves ``[project] dependencies`` of pyproject.toml with ``uv pip compile`` for the Python
named in ``binder/runtime.txt`` on Linux, writes every package with ``==``, and ends the file with the
line ``.``, which installs the course itself (not editable: its Voilà template goes to share/jupyter).

The lock's header holds a sha256 of the dependency list and the Python version, so
``tests/test_binder.py`` tells without network when the lock is older than pyproject.toml.

Run from anywhere: ``python binder/lock.py`` (needs ``uv`` on PATH, or ``--uv /path/to/uv``; for
instance ``python3 -m venv /tmp/uv && /tmp/uv/bin/pip install uv``).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

BINDER = Path(__file__).resolve().parent
REPO = BINDER.parent
LOCK = BINDER / "requirements.txt"
RUNTIME = BINDER / "runtime.txt"
PYPROJECT = REPO / "pyproject.toml"

FINGERPRINT_KEY = "pyproject-dependencies-sha256"
PYTHON_KEY = "python"
PLATFORM = "linux"  # Binder's images are Linux on x86-64


def runtime_python(runtime: Path = RUNTIME) -> str:
    """The ``X.Y`` that repo2docker reads from runtime.txt (``python-3.11`` -> ``3.11``)."""
    text = runtime.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    if match is None:
        raise SystemExit(f"{runtime}: expected 'python-X.Y', found {text!r}")
    return match.group(1)


def runtime_dependencies(pyproject: Path = PYPROJECT) -> list[str]:
    """``[project] dependencies`` of pyproject.toml, as written there."""
    with pyproject.open("rb") as handle:
        return list(tomllib.load(handle)["project"]["dependencies"])


def fingerprint(dependencies: Sequence[str], python: str) -> str:
    """sha256 of the dependency list and the Python version: what the lock was made from.

    Order and spaces inside a requirement do not count (reordering pyproject.toml does not make the
    lock stale); any change to a name, an extra, a specifier or a marker does.
    """
    normal = sorted("".join(dependency.split()).lower() for dependency in dependencies)
    return hashlib.sha256("\n".join([f"python {python}", *normal]).encode("utf-8")).hexdigest()


def header(dependencies: Sequence[str], python: str) -> str:
    return "\n".join([
        "# Binder's lock: every package the course needs at run time, pinned (Linux, the Python below).",
        "# Made by `python binder/lock.py` from pyproject.toml's [project] dependencies; do not edit by hand.",
        f"# {FINGERPRINT_KEY}: {fingerprint(dependencies, python)}",
        f"# {PYTHON_KEY}: {python}",
        "",
    ])


def read_header(lock_text: str) -> dict[str, str]:
    """The ``# key: value`` lines of a lock's header."""
    found: dict[str, str] = {}
    for line in lock_text.splitlines():
        match = re.fullmatch(r"#\s*([\w-]+):\s*(\S+)\s*", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def compile_pins(uv: str, python: str, pyproject: Path = PYPROJECT) -> str:
    """``uv pip compile pyproject.toml``: its [project] dependencies only, not the dev or research extras."""
    command = [uv, "pip", "compile", str(pyproject), "--python-version", python, "--python-platform", PLATFORM,
               "--no-header", "--annotation-style", "line", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=pyproject.parent)
    if result.returncode != 0:
        raise SystemExit(f"uv pip compile failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uv", default=shutil.which("uv"), help="the uv executable (default: uv on PATH)")
    args = parser.parse_args(argv)
    if not args.uv:
        print("uv not found: install it (python3 -m venv /tmp/uv && /tmp/uv/bin/pip install uv) "
              "and pass --uv /tmp/uv/bin/uv", file=sys.stderr)
        return 2
    python = runtime_python()
    dependencies = runtime_dependencies()
    pins = compile_pins(args.uv, python)
    LOCK.write_text(header(dependencies, python) + pins.rstrip("\n") + "\n"
                    "# the course itself, not editable (its Voilà template is installed into share/jupyter)\n.\n",
                    encoding="utf-8")
    print(f"{LOCK.relative_to(REPO)}: {sum(1 for line in pins.splitlines() if '==' in line)} packages pinned "
          f"for Python {python} on {PLATFORM}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
