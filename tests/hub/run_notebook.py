"""Run by the trainer, as their own Unix user: execute a notebook in its folder and report its outputs.

    python run_notebook.py NOTEBOOK

Executes with nbclient as Voilà would (the notebook's folder is the working directory), never stops at
an error, and prints JSON as the last line: every error (name and value), every stderr text, the output
types the cells produced, and the text the page's widgets hold (their string values, from the widget
state nbclient keeps), so a test can read what the page says without a browser.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def widget_text(notebook: nbformat.NotebookNode) -> list[str]:
    models = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return [value for model in models.values() for key, value in model.get("state", {}).items()
            if isinstance(value, str) and key in {"value", "description", "placeholder"} and value]


def main(path: Path) -> dict[str, list[str]]:
    notebook = nbformat.read(path, as_version=4)
    # no time limits: a cell runs until it ends or its kernel dies (nbclient checks that the kernel lives)
    NotebookClient(notebook, timeout=None, startup_timeout=3600, allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    return {
        "errors": [f"{o.ename}: {o.evalue}" for o in outputs if o.output_type == "error"],
        "stderr": [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"],
        "mime_types": sorted({m for o in outputs for m in o.get("data", {})}),
        "widget_text": widget_text(notebook),
    }


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve())))
