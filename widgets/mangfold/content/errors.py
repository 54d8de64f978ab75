"""Content errors that say where: the file, the place inside it, and the line.

An author who breaks a content file must be able to fix it without reading Python: every problem
carries the file path, a dotted path into the document (``blocks[2].situations.start.choices[1]``)
and, when the YAML parser knows it, the line number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

Location = tuple[str | int, ...]


def format_location(location: Location) -> str:
    """Render ``("blocks", 2, "id")`` as ``blocks[2].id``; the empty location is the document itself."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(document)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one content file."""

    file: Path
    location: Location
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {format_location(self.location)}: {self.message}"


class ContentError(ValueError):
    """Raised when one or more content files are invalid; ``problems`` lists every one found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in course content:"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))

    @classmethod
    def collect(cls, problems: Iterable[Problem]) -> None:
        """Raise with all problems, or return quietly when there are none."""
        found = list(problems)
        if found:
            raise cls(found)
