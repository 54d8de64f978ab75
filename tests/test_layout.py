"""The test suite's own layout: a test module takes shared helpers from tests/helpers/ (plain functions) or a
conftest.py (fixtures), never from another test module.

Importing a test module from another one runs its module-level code twice under two names, hands its fixtures
around by import (``noqa: F401``) and makes one test file depend on another's private helpers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
TEST_MODULES = sorted(TESTS.rglob("test_*.py"))


def is_test_module(dotted: str) -> bool:
    """True for ``tests.x.test_y`` (a test module); ``tests.x.conftest`` and ``tests.helpers.y`` are fine."""
    return dotted.split(".")[-1].startswith("test_")


def package_of(path: Path) -> str:
    """``tests/ui/test_home.py`` -> ``tests.ui``."""
    return ".".join(path.relative_to(TESTS.parent).parts[:-1])


def imported_test_modules(source: str, package: str) -> list[str]:
    """Every test module that a module of ``package`` with this ``source`` imports, as ``line: module``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import: resolve it against the module's own package
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]  # `from tests.x import test_y`
        else:
            continue
        found += [f"{node.lineno}: {name}" for name in names
                  if name.split(".")[0] == "tests" and is_test_module(name)]
    return found


def test_the_scan_sees_the_test_modules() -> None:
    assert len(TEST_MODULES) > 50 and TESTS / "test_layout.py" in TEST_MODULES


@pytest.mark.parametrize("source", [
    "from tests.test_grading import complete_module",
    "from .test_home import home_html",
    "import tests.ui.test_home",
    "from tests.ui import test_home",
    "def f():\n    from tests.server.test_modes import server_page\n",
])
def test_the_scan_finds_every_form_of_import(source: str) -> None:
    """Negative control: each way of importing a test module is found (inside a function too)."""
    assert imported_test_modules(source, "tests.ui"), source


def test_the_scan_lets_helpers_and_conftest_through() -> None:
    source = ("from tests.conftest import MODULE_1\nfrom tests.helpers.widgets import finish\n"
              "from tests.server.conftest import status\nfrom . import conftest\nimport pytest\n")
    assert imported_test_modules(source, "tests.ui") == []


def test_no_test_module_imports_another_test_module() -> None:
    offenders = {str(path.relative_to(TESTS.parent)): found for path in TEST_MODULES
                 if (found := imported_test_modules(path.read_text(encoding="utf-8"), package_of(path)))}
    assert not offenders, ("move the shared helper to tests/helpers/<topic>.py (a function) or the nearest "
                           f"conftest.py (a fixture) and import it from there: {offenders}")
