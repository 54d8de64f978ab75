"""The module notebooks are derived from content: their grade cells match it, and they are current."""

from __future__ import annotations

import nbformat
import pytest

from mangfold.authoring.notebook import build_notebook, notebook_text
from mangfold.content import find_module_dirs, load_module_content
from mangfold.course import notebook_name
from tests.conftest import REPO_ROOT

MODULES = find_module_dirs(REPO_ROOT / "source")


@pytest.mark.parametrize("module_dir", MODULES, ids=[m.name for m in MODULES])
def test_committed_source_notebook_is_built_from_current_content(module_dir) -> None:
    expected = notebook_text(build_notebook(load_module_content(module_dir, "nb")))
    committed = (module_dir / notebook_name(module_dir.name)).read_text(encoding="utf-8")
    assert committed == expected, "run `make release` after editing content"


@pytest.mark.parametrize("module_dir", MODULES, ids=[m.name for m in MODULES])
def test_one_hidden_test_cell_per_gradable_item(module_dir) -> None:
    content = load_module_content(module_dir, "nb")
    notebook = build_notebook(content)
    nbformat.validate(notebook)
    graded = [c for c in notebook.cells if c.metadata["nbgrader"]["grade"]]
    gradable = len(content.scenarios) + len(content.checks) + len(content.reflections) + len(content.exercises)
    assert len(graded) == gradable
    assert all(c.metadata["nbgrader"]["points"] == 1 for c in graded)
    assert all("### BEGIN HIDDEN TESTS" in c.source and "### END HIDDEN TESTS" in c.source for c in graded)
    assert all(c.metadata["nbgrader"]["locked"] for c in notebook.cells)
    assert len({c.metadata["nbgrader"]["grade_id"] for c in notebook.cells}) == len(notebook.cells)
    assert notebook.metadata["mangfold"]["module"] == content.module


def test_summary_assignment_is_current_and_carries_the_modules_content() -> None:
    from mangfold.authoring.notebook import build_summary_notebook
    from mangfold.summary.snapshot import CONTENT_COPY, SUMMARY_MODULE

    folder = REPO_ROOT / "source" / SUMMARY_MODULE
    committed = (folder / f"{SUMMARY_MODULE}.ipynb").read_text(encoding="utf-8")
    assert committed == notebook_text(build_summary_notebook()), "run `make release`"
    for module_dir in MODULES:
        for path in module_dir.glob("content.*.yaml"):
            assert (folder / CONTENT_COPY / module_dir.name / path.name).read_bytes() == path.read_bytes()
    graded = [c for c in build_summary_notebook().cells if c.metadata["nbgrader"]["grade"]]
    assert len(graded) == len(MODULES) + 1
