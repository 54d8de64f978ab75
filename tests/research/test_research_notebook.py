"""notebooks/research.ipynb runs against a real export and draws its plots; it is committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from mangfold.cli import main
from mangfold.cohort.demo import make_demo_cohort
from mangfold.kernels import retry_kernel_start
from mangfold.progress.store import ProgressStore
from mangfold.research.pseudonym import write_new_key
from tests.conftest import REPO_ROOT
from tests.research.research_cohort import trusted_modules

NOTEBOOK = REPO_ROOT / "notebooks" / "research.ipynb"


def test_the_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)
    assert any("datapackage.json" in cell.source for cell in code)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_the_notebook_runs_on_an_export_and_draws_plots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = tmp_path / "kurs"
    make_demo_cohort(course, learners=14, seed=4)
    for folder in sorted((course / "autograded").iterdir()):
        modules = trusted_modules(folder)
        if modules:
            ProgressStore(folder / modules[0], modules[0]).set_consent(True)
    key = write_new_key(tmp_path / "key")
    out = tmp_path / "export"
    assert main(["research", "export", str(course), "--key-file", str(key), "--out", str(out)]) == 0
    monkeypatch.setenv("MANGFOLD_RESEARCH_DIR", str(out))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # no time limits: a cell runs until it ends or its kernel dies (nbclient watches the kernel's process)
    retry_kernel_start(lambda: NotebookClient(notebook, timeout=None, startup_timeout=3600, kernel_name="python3",
                                              resources={"metadata": {"path": str(tmp_path)}}).execute())
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert [o for o in outputs if o.output_type == "error"] == []
    assert [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"] == []
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 6, "language and modules, choices per scenario, quality, lengths, themes, checks"
    printed = "".join(o.get("text", "") for o in outputs)
    assert "k = " in printed and "scrubber version" in printed
