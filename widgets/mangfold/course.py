"""The course's shape: its modules in order, and where their folders are found."""

from __future__ import annotations

from pathlib import Path

MODULE_IDS: tuple[str, ...] = (
    "01-verdien-av-mangfold",
    "02-legg-grunnlaget",
    "03-formidle-smart",
    "04-vurder-systematisk",
    "05-velg-den-rette",
)


def module_number(module_id: str) -> int:
    """1-based position of a module in the course."""
    return MODULE_IDS.index(module_id) + 1


def next_module(module_id: str) -> str | None:
    index = MODULE_IDS.index(module_id)
    return MODULE_IDS[index + 1] if index + 1 < len(MODULE_IDS) else None


def notebook_name(module_id: str) -> str:
    return f"{module_id}.ipynb"


def repository_root() -> Path:
    """The checkout this package was installed from (editable installs), for commands run in it."""
    return Path(__file__).resolve().parents[2]
