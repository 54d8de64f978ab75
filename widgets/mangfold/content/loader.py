"""Load and validate module content: one call gives a checked :class:`ModuleContent` or a clear error.

The loader is the only way the rest of the package reads content, so every widget, grader and export
works from content that has passed the schema, the graph rules and the parity check (every language has
bokmål's structure).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import ContentError, Location, Problem
from .rules import document_problems, parity_problems
from .schema import LANGUAGES, ModuleContent
from .yamlfile import LocatedDocument, load_checked, read_yaml

REFERENCE_LANGUAGE = "nb"


def content_path(module_dir: Path, language: str) -> Path:
    return Path(module_dir) / f"content.{language}.yaml"


def language_of(module_dir: Path, language: str) -> str:
    """``language`` where the module folder has its content file, else bokmål: a learner's copy of the course
    made before a language came (an older release) shows that module in bokmål instead of failing."""
    return language if content_path(module_dir, language).is_file() else REFERENCE_LANGUAGE


def _pydantic_location(error_loc: tuple[Any, ...], data: Any) -> Location:
    """Map pydantic's error location onto the document path, dropping union tags like 'scenario'."""
    location: list[str | int] = []
    current = data
    for part in error_loc:
        if part == "[key]":
            continue
        is_key = isinstance(current, dict) and part in current
        is_index = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if is_key or is_index:
            current = current[part]
            location.append(part)
        elif isinstance(current, dict) and current.get("kind") == part:
            continue  # the discriminated union names the block kind in the path: not a real key
        else:
            location.append(part)
            current = None
    return tuple(location)


def _friendly(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see docs/content-format.md)"
    if kind == "missing":
        return "required key is missing"
    if kind == "union_tag_invalid":
        return "kind must be one of: text, scenario, check, reflection, classify"
    if kind == "union_tag_not_found":
        return "a block needs a kind: text, scenario, check, reflection or classify"
    return str(error.get("msg", "invalid value"))


def validation_problems(error: ValidationError, doc: LocatedDocument) -> list[Problem]:
    """Pydantic's errors for ``doc`` as problems an author can act on: file, place in the document, line."""
    problems = []
    for item in error.errors():
        location = _pydantic_location(tuple(item["loc"]), doc.data)
        if location == ("schema",) and item.get("type") == "literal_error":
            message = f"unknown schema version {doc.data.get('schema')!r}; this course reads version 1"
        else:
            message = _friendly(item)
        problems.append(doc.problem(location, message))
    return problems


def parse_document(doc: LocatedDocument, folder_name: str, language: str) -> ModuleContent:
    """Validate one located document; raise :class:`ContentError` with every problem found."""
    if not isinstance(doc.data, dict):
        raise ContentError([doc.problem((), "the file must hold a mapping (key: value) at the top")])
    try:
        content = ModuleContent.model_validate(doc.data)
    except ValidationError as error:
        raise ContentError(validation_problems(error, doc)) from None
    ContentError.collect(document_problems(content, doc, folder_name, language))
    return content


def load_module_content(module_dir: Path, language: str = REFERENCE_LANGUAGE) -> ModuleContent:
    """Read, validate and return a module's content in ``language``.

    Results are cached per file and modification time: every widget on a page asks for the same
    content, and a Voilà page view should parse YAML once.
    """
    module_dir = Path(module_dir).resolve()
    if language not in LANGUAGES:
        raise ContentError([Problem(module_dir, (), f"unknown language {language!r}; use one of {LANGUAGES}")])
    return load_checked(content_path(module_dir, language), "content file is missing", parse_document,
                        module_dir.name, language)


def validate_languages(paths: Callable[[str], Path], parse: Callable[[LocatedDocument, str], object],
                       compare: Callable[[LocatedDocument, LocatedDocument], Iterable[Problem]],
                       missing: Callable[[Path], Problem], required: Iterable[str] = LANGUAGES) -> list[Problem]:
    """Every problem in one content file per language: each file on its own (``parse`` raises
    ContentError), then every other language against bokmål (``compare``). A missing file of a ``required``
    language is a problem (``missing`` makes it), never a crash; a language not required is checked when its
    file is there (a release made before that language came). One rule for the module content and the
    documents' prose."""
    problems: list[Problem] = []
    docs: dict[str, LocatedDocument] = {}
    required = {REFERENCE_LANGUAGE, *required}
    for language in LANGUAGES:
        path = paths(language)
        if not path.exists():
            if language in required:
                problems.append(missing(path))
            continue
        try:
            doc = read_yaml(path)
            parse(doc, language)
        except ContentError as error:
            problems.extend(error.problems)
            continue
        docs[language] = doc
    if REFERENCE_LANGUAGE in docs and not problems:
        reference = docs.pop(REFERENCE_LANGUAGE)
        for other in docs.values():
            problems.extend(compare(reference, other))
    return problems


def missing_languages(paths: Callable[[str], Path]) -> list[str]:
    """The course's languages without a file among ``paths`` (a release made before a language came)."""
    return [language for language in LANGUAGES if not paths(language).exists()]


def validate_module(module_dir: Path, required: Iterable[str] = LANGUAGES) -> list[Problem]:
    """Every problem in a module folder: each language file on its own, then each one's parity with bokmål."""
    module_dir = Path(module_dir)
    needed = ", ".join(LANGUAGES)
    return validate_languages(lambda language: content_path(module_dir, language),
                              lambda doc, language: parse_document(doc, module_dir.name, language),
                              parity_problems,
                              lambda path: Problem(path, (), f"content file is missing: every module needs {needed}"),
                              required)


def find_module_dirs(root: Path) -> list[Path]:
    """Module folders (``NN-slug`` with a content file) directly under ``root``, in course order."""
    root = Path(root)
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name[:2].isdigit()
                  and any(p.glob("content.*.yaml")))


def validate_tree(root: Path, required: Iterable[str] = LANGUAGES) -> list[Problem]:
    """Problems in every module under ``root`` (a ``source/`` or ``release/`` folder); ``required``: the
    languages every module must have (all of them in ``source/``; a release may predate one)."""
    problems: list[Problem] = []
    for module_dir in find_module_dirs(root):
        problems.extend(validate_module(module_dir, required))
    return problems
