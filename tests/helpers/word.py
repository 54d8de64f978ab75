"""Word documents read back with python-docx, and compared with their golden structure.

``tests/files/golden/docx-<name>.json`` holds the STRUCTURE of a generated document as python-docx reads it
back: every block of the body in order, one a line, a paragraph as ``["p", style name, text]`` and a
table as ``["table", [[cell text, ...], ...]]`` (a cell's paragraphs joined by line breaks). Comparing structure,
not bytes, keeps the files readable in a diff and independent of how python-docx writes its XML, while
any change of wording, order, heading level or table layout shows up. ``--update-goldens`` writes them anew
and fails (tests/helpers/goldens.py).
"""

from __future__ import annotations

import io
import json

import docx
from docx.table import Table

from tests.conftest import FILES
from tests.helpers.goldens import Goldens

GOLDEN = FILES / "golden"


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def structure(data: bytes) -> list[list]:
    """The document's body in order: ``["p", style, text]`` per paragraph, ``["table", rows]`` per table."""
    blocks: list[list] = []
    for block in open_docx(data).iter_inner_content():
        if isinstance(block, Table):
            blocks.append(["table", [[cell.text for cell in row.cells] for row in block.rows]])
        else:
            blocks.append(["p", block.style.name, block.text])
    return blocks


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(b[1], b[2]) for b in structure(data) if b[0] == "p"]


def tables(data: bytes) -> list[list[list[str]]]:
    return [b[1] for b in structure(data) if b[0] == "table"]


def assert_golden(goldens: Goldens, name: str, data: bytes) -> None:
    """Compare the document's structure with ``golden/docx-<name>.json`` (the format: this module's docstring)."""
    actual = structure(data)
    lines = ",\n".join(json.dumps(block, ensure_ascii=False) for block in actual)  # one block a line
    goldens.compare(GOLDEN / f"docx-{name}.json", f"[\n{lines}\n]\n",
                    lambda golden: differences(f"docx-{name}.json", actual, golden))


def differences(name: str, actual: list[list], golden_text: str) -> str | None:
    """The first block where the document differs from the golden file, or a different block count."""
    expected = json.loads(golden_text)
    for index, (got, want) in enumerate(zip(actual, expected, strict=False)):
        if got != want:
            return f"{name}, block {index}: got {got!r}, golden file has {want!r}"
    if len(actual) != len(expected):
        return f"{name}: {len(actual)} blocks, golden file has {len(expected)}"
    return None
