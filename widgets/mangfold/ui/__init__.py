"""The course's widgets; notebooks call :func:`open_module` and then the page's methods."""

from .page import ModulePage, open_module

__all__ = ["ModulePage", "open_module"]
