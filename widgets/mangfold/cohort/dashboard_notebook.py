"""The trainer's dashboard notebook: one cell that draws the page, served by Voilà from the course directory.

It is derived like the module notebooks, never hand-edited, and carries no path: Voilà runs it with the
course directory as working directory, and ``open_dashboard()`` reads the cohort from there (or from
``MANGFOLD_COURSE_DIR``). It is not an nbgrader assignment, so it has no nbgrader metadata.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .. import i18n
from ..authoring.notebook import KERNELSPEC, write_if_changed

DASHBOARD_NOTEBOOK = "dashboard.ipynb"
DASHBOARD_SOURCE = "from mangfold.ui.dashboard import open_dashboard\nopen_dashboard()"


def dashboard_notebook() -> nbformat.NotebookNode:
    """The dashboard notebook: a single locked cell whose output is the page."""
    cell = nbformat.v4.new_code_cell(source=DASHBOARD_SOURCE)
    cell.id = "dashbord"
    cell.metadata = {"deletable": False, "editable": False}
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "mangfold": {"title": i18n.both("authoring.dashboard-title")},
    }
    return notebook


def write_dashboard_notebook(course_dir: Path | str) -> Path:
    """Write ``COURSE_DIR/dashboard.ipynb`` (unchanged bytes when it is current); return its path."""
    return write_if_changed(Path(course_dir) / DASHBOARD_NOTEBOOK, dashboard_notebook())
