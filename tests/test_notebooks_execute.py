"""The module notebooks run headless, as Voilà and nbgrader run them (a real kernel, no browser)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from mangfold.content import find_module_dirs, load_module_content
from mangfold.kernels import retry_kernel_start
from tests.conftest import REPO_ROOT, copy_module
from tests.helpers.widgets import complete_module

pytestmark = pytest.mark.slow
RELEASED = find_module_dirs(REPO_ROOT / "release")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(notebook_path: Path, allow_errors: bool = False) -> nbformat.NotebookNode:
    notebook = nbformat.read(notebook_path, as_version=4)
    # no time limits: a cell runs until it ends or its kernel dies (nbclient watches the kernel's process)
    retry_kernel_start(lambda: NotebookClient(notebook, timeout=None, startup_timeout=3600, kernel_name="python3",
                                              allow_errors=allow_errors,
                                              resources={"metadata": {"path": str(notebook_path.parent)}}).execute())
    return notebook


def widget_outputs(notebook: nbformat.NotebookNode) -> int:
    return sum(WIDGET_VIEW in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("module_dir", RELEASED, ids=[m.name for m in RELEASED])
def test_release_notebook_runs_and_shows_the_header_and_the_steps(module_dir: Path, tmp_path: Path) -> None:
    copy = copy_module(module_dir.name, tmp_path)
    notebook = execute(copy / f"{module_dir.name}.ipynb")
    load_module_content(copy, "nb")  # the content loads
    assert widget_outputs(notebook) == 2  # the header, and the module's steps (one screen at a time)
    shown = [c for c in notebook.cells if any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", []))]
    assert [c.metadata["nbgrader"]["grade_id"] for c in shown] == ["oppsett", "steg"]
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    printed = "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))
    assert "Refleksjoner / reflections" in printed  # outside Voilà the grader's printout appears


def test_source_notebook_test_cells_pass_for_complete_work_and_fail_for_none(tmp_path: Path) -> None:
    module = RELEASED[0].name
    done = copy_module(module, tmp_path / "done", tree="source")
    complete_module(done)
    notebook = execute(done / f"{module}.ipynb")
    graded = [c for c in notebook.cells if c.metadata["nbgrader"]["grade"]]
    assert all(any("OK" in o.get("text", "") for o in c.outputs) for c in graded)
    empty = copy_module(module, tmp_path / "empty", tree="source")
    notebook = execute(empty / f"{module}.ipynb", allow_errors=True)
    graded = [c for c in notebook.cells if c.metadata["nbgrader"]["grade"]]
    assert all(o.output_type == "error" and o.ename == "GradingError" for c in graded for o in c.outputs)


def test_summary_notebook_runs(tmp_path: Path) -> None:
    import shutil

    from mangfold.summary.snapshot import SUMMARY_MODULE

    for module_dir in RELEASED:
        copy_module(module_dir.name, tmp_path)
    shutil.copytree(REPO_ROOT / "release" / SUMMARY_MODULE, tmp_path / SUMMARY_MODULE)
    notebook = execute(tmp_path / SUMMARY_MODULE / f"{SUMMARY_MODULE}.ipynb")
    assert [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"] == []
    assert widget_outputs(notebook) >= 3
