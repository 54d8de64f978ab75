"""Print-quality PDF without a browser: Typst templates compiled in-process by the ``typst`` wheel.

Binder images and most hubs have no Chromium, so printing HTML to PDF there gave the learner no PDF.
The ``typst`` package bundles the Typst compiler and its fonts, installs with pip wherever the course
runs, and makes an A4 document in well under a second.

Safety by construction: the data goes in as one JSON string (``sys.inputs.data``) that the template
reads with ``json(bytes(...))``. Learner text is therefore only ever a string *value* in Typst, shown as
text; it is never parsed as Typst markup or code, so there is no escaping to get wrong and nothing a
learner types (``#``, ``*``, ``$``, ``<``, brackets) can change the document.

Templates live in ``mangfold/templates/typst/`` and may ``#import "common.typ"``, the shared page
setup and styles. System fonts are ignored so a document looks the same on every machine: the fonts
are the ones compiled into Typst (Libertinus Serif for text, DejaVu Sans Mono).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "typst"


class TypesetError(RuntimeError):
    """A template failed to compile: a defect in the course's template, never in the learner's text."""


def typeset_pdf(template: str, data: Mapping[str, Any], folder: Path = TEMPLATES) -> bytes:
    """Compile ``<folder>/<template>`` with ``data`` (JSON-serialisable) to PDF bytes.

    ``folder`` is the course's template folder; the template may read files only inside it.
    """
    import typst  # 0.1 s and a 30 MB library: loaded only when a PDF is asked for

    path = Path(folder) / template
    if not path.is_file():
        raise TypesetError(f"no Typst template {template!r} in {folder}")
    try:
        return typst.compile(str(path), root=str(folder), ignore_system_fonts=True,
                             sys_inputs={"data": json.dumps(data, ensure_ascii=False)})
    except Exception as error:  # typst raises its own TypstError (and RuntimeError in older wheels)
        raise TypesetError(f"{template}: {error}") from error
