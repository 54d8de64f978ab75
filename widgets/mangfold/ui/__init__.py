"""The course's widgets; notebooks call :func:`open_module` and then the page's methods.

This module stays light on purpose: when nbgrader autogrades a module, the notebook's display cells
get a page that builds nothing (grading reads only the progress file), and neither ipywidgets nor
the widget code is imported for it. Everything else comes from :mod:`mangfold.ui.page` on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..runtime import running_in_autograde

__all__ = ["ModulePage", "SilentPage", "open_module"]


class SilentPage:
    """What a module notebook's display cells get under autograde: every call shows nothing."""

    def header(self) -> None:
        return None

    def show(self, block_id: str) -> None:
        return None

    def steps(self) -> None:
        return None


def open_module(module_id: str, folder: Path | str | None = None, language: str | None = None,
                guided: bool | None = None) -> Any:
    """The module page for the notebook in ``folder`` (see :func:`mangfold.ui.page.open_module`)."""
    if running_in_autograde(Path(folder) if folder is not None else Path.cwd()):
        return SilentPage()
    from .page import open_module as open_page

    return open_page(module_id, folder, language, guided)


def __getattr__(name: str) -> Any:
    if name == "ModulePage":
        from .page import ModulePage

        return ModulePage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
