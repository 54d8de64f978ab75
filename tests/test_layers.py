"""The package's layers import one way: the contract in pyproject.toml ([tool.importlinter]), checked.

import-linter builds the import graph of the ``mangfold`` that is imported (this checkout under
PYTHONPATH, or the installed wheel), imports inside functions included, so an import that reaches up a
layer "to keep a module light" is caught like any other. On failure its report, printed here, names
each import chain that runs back up.
"""

from __future__ import annotations

import pytest

from tests.conftest import REPO_ROOT

cli = pytest.importorskip("importlinter.cli", reason="import-linter is in the dev extra")


def test_no_import_runs_back_up_a_layer() -> None:
    assert cli.lint_imports(config_filename=str(REPO_ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
