"""Build a module's nbgrader source notebook from its content file.

The notebook is derived, never hand-edited: a setup cell (open the page, show its header), one display
cell that shows the module as steps (``page.steps()``: the steps come from the content, so a content
change never changes this cell), one hidden test cell per gradable item, and one read-only cell that
prints the reflections for formgrader. Deriving
it keeps the grade cells in step with the content ids, and a test fails when it is stale.

A test cell is hidden whole, its comment too: the released cell is then empty, and Voilà (like any
nbclient) skips an empty cell instead of sending it to the kernel, 7-8 round trips less for every
page view. ``nbgrader autograde`` puts the hidden text back before it runs the notebook.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from .. import atomic, i18n
from ..content.loader import load_module_content
from ..content.schema import CheckBlock, ClassifyBlock, ModuleContent, ReflectionBlock, ScenarioBlock
from ..course import notebook_name

GRADE_KIND = {ScenarioBlock: "scenario", CheckBlock: "check", ReflectionBlock: "reflection",
              ClassifyBlock: "exercise"}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
"""The kernel every notebook the course builds runs in, as Jupyter names it."""

#: the Python of the cells the course writes; the comment of a hidden test cell is the trainer's, from the catalogue
MODULE_SETUP = 'from mangfold.ui import open_module\n\npage = open_module("{module}")\npage.header()'
MODULE_STEPS = "page.steps()"
HIDDEN_TEST = "### BEGIN HIDDEN TESTS\n# {comment}\n{code}\n### END HIDDEN TESTS"
MODULE_TEST = 'from mangfold.grading import require\n\nrequire("{module}", "{kind}", "{block}")'
MODULE_REFLECTIONS = 'from mangfold.grading import print_reflections\n\nprint_reflections("{module}")'
HOME_PAGE = "from mangfold.ui.home import open_home\n\nopen_home().page()"
SUMMARY_SETUP = "from mangfold.ui.summary_page import open_summary\n\npage = open_summary()\npage.header()"
SUMMARY_MODULE_TEST = 'from mangfold.summary.snapshot import require_module_done\n\nrequire_module_done("{module}")'
SUMMARY_PLAN_TEST = "from mangfold.summary.snapshot import require_action_plan\n\nrequire_action_plan()"


def _cell(source: str, grade_id: str, *, points: int | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source=source)
    cell.id = grade_id
    cell.metadata = {
        "deletable": False,
        "editable": False,
        "nbgrader": {
            "cell_type": "code",
            "grade": points is not None,
            "grade_id": grade_id,
            "locked": True,
            "schema_version": 3,
            "solution": False,
            "task": False,
            **({"points": points} if points is not None else {}),
        },
    }
    return cell


def build_notebook(content: ModuleContent) -> nbformat.NotebookNode:
    """The source notebook for ``content`` (the bokmål content; ids are the same in every language)."""
    module = content.module
    cells = [_cell(MODULE_SETUP.format(module=module), "oppsett")]
    cells.append(_cell(MODULE_STEPS, "steg"))
    for block in content.blocks:
        kind = GRADE_KIND.get(type(block))
        if kind is None:
            continue
        comment = (f"{i18n.text('nb', f'authoring.kind-{kind}')}: {block.id} "
                   f"({i18n.both('authoring.graded-from-progress')})")
        code = MODULE_TEST.format(module=module, kind=kind, block=block.id)
        cells.append(_cell(HIDDEN_TEST.format(comment=comment, code=code), f"poeng-{kind}-{block.id}", points=1))
    cells.append(_cell(MODULE_REFLECTIONS.format(module=module), "refleksjoner"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "mangfold": {"module": module, "title": content.title},
    }
    return notebook


def notebook_text(notebook: nbformat.NotebookNode) -> str:
    """Stable text for a notebook, so rebuilding an unchanged module changes no byte."""
    return json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build_module_notebook(module_dir: Path) -> Path:
    """Write ``<module>/<module>.ipynb`` from the module's content; return its path."""
    module_dir = Path(module_dir)
    content = load_module_content(module_dir, "nb")
    return write_if_changed(module_dir / notebook_name(content.module), build_notebook(content))


def build_home_notebook() -> nbformat.NotebookNode:
    """The course home: one cell that draws the page (no nbgrader: it is not handed in)."""
    cell = nbformat.v4.new_code_cell(source=HOME_PAGE)
    cell.id = "kurset"
    cell.metadata = {"deletable": False, "editable": False}
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "mangfold": {"title": "Mangfoldsrekruttering"},
    }
    return notebook


def write_if_changed(path: Path, notebook: nbformat.NotebookNode) -> Path:
    text = notebook_text(notebook)
    nbformat.validate(nbformat.reads(text, as_version=4))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        atomic.write_text(path, text)
    return path


def build_summary_notebook() -> nbformat.NotebookNode:
    """Assignment 06-oppsummering: the summary page, and test cells grading the whole course from its snapshot."""
    from ..course import MODULE_IDS

    cells = [_cell(SUMMARY_SETUP, "oppsett"),
             _cell("page.overview()", "oversikt"),
             _cell("page.action_plan()", "handlingsplan"),
             _cell("page.exports()", "dokumenter"),
             _cell("page.footer()", "avslutning")]
    for module in MODULE_IDS:
        graded_from = i18n.both("authoring.graded-from-snapshot")
        comment = f"{i18n.text('nb', 'authoring.module-done')}: {module} ({graded_from})"
        code = SUMMARY_MODULE_TEST.format(module=module)
        cells.append(_cell(HIDDEN_TEST.format(comment=comment, code=code), f"poeng-modul-{module}", points=1))
    comment = i18n.both("authoring.action-plan-written")
    cells.append(_cell(HIDDEN_TEST.format(comment=comment, code=SUMMARY_PLAN_TEST), "poeng-handlingsplan", points=1))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": {"name": "python"},
        "mangfold": {"module": "06-oppsummering", "title": "Oppsummering"},
    }
    return notebook


def build_summary_assignment(source_root: Path) -> Path:
    """Write source/06-oppsummering: its notebook and a copy of every module's content (for grading)."""

    from ..content.loader import find_module_dirs
    from ..summary.snapshot import CONTENT_COPY, SUMMARY_MODULE

    folder = Path(source_root) / SUMMARY_MODULE
    copies = folder / CONTENT_COPY
    for module_dir in find_module_dirs(source_root):
        (copies / module_dir.name).mkdir(parents=True, exist_ok=True)
        for path in sorted(module_dir.glob("content.*.yaml")):
            target = copies / module_dir.name / path.name
            if not target.exists() or target.read_bytes() != path.read_bytes():
                atomic.copy(path, target)
    return write_if_changed(folder / f"{SUMMARY_MODULE}.ipynb", build_summary_notebook())
