"""The optional parts of the package, and a clear message when one is used without its extra.

A learner's pages, grading and hand-in need only the runtime dependencies. Trainers' tools (``mangfold
cohort``, the demo cohort, the dashboard) and the researchers' export need more; those libraries are
extras, so a learner's install stays small. Importing one of them where it is missing says which extra
to install instead of ending in a bare ``ModuleNotFoundError``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from . import i18n

DISTRIBUTION = "mangfoldsrekruttering"

#: the extra that brings each optional library (top-level import name -> extra)
EXTRA_OF: dict[str, str] = {
    "faker": "trainer",
    "pandas": "trainer",
    "tqdm": "trainer",
    "pyarrow": "research",
    "frictionless": "research",
    "matplotlib": "research",
    "phonenumbers": "research",
    "stdnum": "research",
    "wordfreq": "research",
    "psycopg": "postgres",
}


class MissingExtraError(ImportError):
    """An optional library is not installed; the message names the extra that brings it (nb and en)."""


def install_hint(extra: str) -> str:
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def missing_message(module: str, extra: str, needed_for: str) -> str:
    return i18n.both("cli.missing-extra", between="\n", needed_for=needed_for, module=module, hint=install_hint(extra))


def require(module: str, extra: str, needed_for: str) -> ModuleType:
    """Import ``module``; where it is missing, raise :class:`MissingExtraError` naming ``extra``."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name is None or module.split(".")[0] != error.name.split(".")[0]:
            raise  # something else is missing: not ours to explain
        raise MissingExtraError(missing_message(module.split(".")[0], extra, needed_for),
                                name=error.name) from error


def explain(error: ModuleNotFoundError, extra: str, needed_for: str) -> str | None:
    """The message for a missing optional library met deep inside a command (None if it is not one)."""
    top = (error.name or "").split(".")[0]
    if top not in EXTRA_OF:
        return None
    return missing_message(top, EXTRA_OF[top] if EXTRA_OF[top] == "postgres" else extra, needed_for)
