"""Read a YAML file and remember the line of every value, so errors can point at it.

PyYAML's ``safe_load`` forgets positions and lets a duplicated key silently win; we compose the node
tree once, record each value's line under its document path, refuse duplicate keys, and build the
plain Python data from the same tree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .errors import ContentError, Location, Problem

MAX_CONTENT_BYTES = 2_000_000


@dataclass
class LocatedDocument:
    """Plain data from a YAML file plus the 1-based line where each path starts."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int | None:
        """The line of the deepest known prefix of ``location`` (a missing key points at its parent)."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return None

    def problem(self, location: Location, message: str) -> Problem:
        return Problem(self.path, tuple(location), message, self.line_of(location))


def _walk(node: yaml.Node, location: Location, doc: LocatedDocument, problems: list[Problem]) -> Any:
    doc.lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader.construct_scalar(_SCALARS, key_node) if isinstance(
                key_node, yaml.ScalarNode
            ) else None
            if not isinstance(key, str):
                problems.append(Problem(doc.path, location, "keys must be plain text",
                                        key_node.start_mark.line + 1))
                continue
            if key in result:
                problems.append(Problem(doc.path, (*location, key), f"duplicate key {key!r}",
                                        key_node.start_mark.line + 1))
                continue
            result[key] = _walk(value_node, (*location, key), doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*location, index), doc, problems) for index, item in enumerate(node.value)]
    return _SCALARS.construct_object(node, deep=True)


_SCALARS = yaml.SafeLoader("")
#: libyaml's parser where PyYAML was built with it: every page view reads its content files, and the C
#: parser's nodes carry the same line marks (the pure-Python one took most of the 30-130 ms of a read)
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> LocatedDocument:
    """Parse ``path``; raise :class:`ContentError` naming the file and line for any YAML problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError([Problem(path, (), f"cannot read the file: {error.strerror}")]) from error
    if len(raw) > MAX_CONTENT_BYTES:
        raise ContentError([Problem(path, (), f"file is {len(raw)} bytes; content files stop at "
                                                 f"{MAX_CONTENT_BYTES}")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentError([Problem(path, (), f"not UTF-8 text (byte {error.start})")]) from error
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(error, "problem", None) or str(error)
        raise ContentError([Problem(path, (), f"invalid YAML: {reason}", line)]) from error
    doc = LocatedDocument(path=path, data=None)
    if node is None:
        raise ContentError([Problem(path, (), "the file is empty")])
    problems: list[Problem] = []
    doc.data = _walk(node, (), doc, problems)
    ContentError.collect(problems)
    return doc


Parsed = TypeVar("Parsed")


def load_checked(path: Path, missing: str, parse: Callable[..., Parsed], *args: Any) -> Parsed:
    """``parse(read_yaml(path), *args)``, cached per file and modification time.

    Every widget on a page asks for the same content, and a Voilà page view should parse a YAML file once;
    an edit (a new modification time) is read afresh. A missing file is a :class:`ContentError` that says
    ``missing``. The one home of this cache for module content, the documents' prose and the course case.
    """
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise ContentError([Problem(path, (), missing)]) from None
    return _parsed(path, stamp, parse, args)


@lru_cache(maxsize=48)
def _parsed(path: Path, _stamp: int, parse: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return parse(read_yaml(path), *args)


def clear_cache() -> None:
    """Forget every parsed file (a benchmark that measures a cold start calls it)."""
    _parsed.cache_clear()
