"""Is each translation still a translation of today's bokmål? Fingerprints of the source texts it was reviewed against.

Bokmål is the course's reference language: an author changes a fact, a sentence or a source there first. The
nynorsk and English files are translations of it, and a translation that was right last month is wrong once the
bokmål under it changes. The parity check (:mod:`mangfold.content.rules`) cannot see that: the structure stays the
same when a sentence changes. So every translated file (``content.nn.yaml``, ``content.en.yaml`` and the summary's
``documents.nn.yaml``, ``documents.en.yaml``) ends with a record of its last review::

    reviewed:
      against: content.nb.yaml
      texts:
        title: 6c1f0e9a4b2d
        blocks/passe-inn/situations/start/text: 0d9b7e51a3c8
        learning_points/0: 9a0c54e7f21b

one fingerprint per text value of the bokmål file, under a path that names the block by its id (a list item with
an ``id`` is named by it, any other by its position), so a message can say which block and which field. A
fingerprint is the start of the SHA-256 of the bokmål text with white space inside a paragraph made one space:
rewrapping a paragraph in the YAML file is no change, a new paragraph or a changed word is.

``mangfold check`` compares the record with today's bokmål (:func:`review_problems`) and names every text whose
bokmål changed after the review, every bokmål text added since, and a file never reviewed at all. After reading
the changed bokmål and correcting the translation, the reviewer runs ``mangfold translations review <module>
<language>`` (:func:`mark_reviewed`), which writes today's fingerprints. Only the record is rewritten: the rest of
the file keeps its bytes, and a file with problems of structure is not marked (fix those first).

Only the authors' tree (``source/``) is held to this: ``release/`` and the summary's ``kurs/`` copies are copies of
it, made by the course's own commands.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import atomic
from .errors import ContentError, Location, Problem, format_location
from .schema import FINGERPRINT_LENGTH, LANGUAGES, RECORD_KEY
from .yamlfile import LocatedDocument, read_yaml

REFERENCE_LANGUAGE = "nb"
TRANSLATED: tuple[str, ...] = tuple(language for language in LANGUAGES if language != REFERENCE_LANGUAGE)

#: string values that are structure, the same in every language (ids, targets, ratings, a question's format,
#: the requirement type, the case's requirement id), not text a translator writes
STRUCTURAL_KEYS = frozenset({"schema", "module", "language", "kind", "id", "quality", "next", "start", "expected",
                             "acceptable", "rank", "format", "case"})
#: mappings whose every value is structure (the guides' example: item id -> requirement type)
STRUCTURAL_MAPPINGS = frozenset({"kinds"})

@dataclass(frozen=True)
class SourceText:
    """One text of the bokmål file: its readable path, its place in the document, the text."""

    path: str
    location: Location
    text: str


def normalise(text: str) -> str:
    """The text as it is compared: paragraphs kept, white space inside a paragraph one space."""
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip())


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def _step(item: Any, index: int) -> str:
    """How a list item is named in a path: by its ``id`` when it has one (a block, a choice), else by position."""
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return item["id"]
    return str(index)


def source_texts(data: Any) -> list[SourceText]:
    """Every text value of a bokmål document, in document order (the record itself is left out)."""
    found: list[SourceText] = []

    def walk(value: Any, location: Location, path: tuple[str, ...], key: str | None) -> None:
        if isinstance(value, dict):
            if key in STRUCTURAL_MAPPINGS:
                return
            for name, item in value.items():
                if not location and name == RECORD_KEY:
                    continue
                walk(item, (*location, name), (*path, str(name)), str(name))
        elif isinstance(value, list):
            if key in STRUCTURAL_KEYS:
                return
            for index, item in enumerate(value):
                walk(item, (*location, index), (*path, _step(item, index)), key)
        elif isinstance(value, str) and key not in STRUCTURAL_KEYS and value.strip():
            found.append(SourceText("/".join(path), location, value))

    walk(data, (), (), None)
    return found


def fingerprints(data: Any) -> dict[str, str]:
    """Path -> fingerprint of every text of a bokmål document."""
    return {text.path: fingerprint(text.text) for text in source_texts(data)}


def reference_path(translation: Path) -> Path:
    """``content.nn.yaml`` -> ``content.nb.yaml`` beside it."""
    stem, _language, suffix = translation.name.rsplit(".", 2)
    return translation.with_name(f"{stem}.{REFERENCE_LANGUAGE}.{suffix}")


def _where(reference: LocatedDocument, location: Location) -> str:
    """«block 'passe-inn' (scenario), field situations.start.text» in a block; «field sources[2].text» elsewhere."""
    if location[:1] == ("blocks",) and len(location) > 2 and isinstance(location[1], int):
        block = reference.data["blocks"][location[1]]
        return f"block {block.get('id')!r} ({block.get('kind')}), field {format_location(location[2:])}"
    return f"field {format_location(location)}"


def review_problems(reference: LocatedDocument, translation: LocatedDocument, command: str) -> Iterator[Problem]:
    """Where ``translation`` was last reviewed against another bokmål than ``reference`` has today.

    Each problem points at the translated text (file, place, line) and names the block and the field; ``command``
    is the command that marks the file reviewed, for the message's last words.
    """
    record = translation.data.get(RECORD_KEY) if isinstance(translation.data, dict) else None
    texts = source_texts(reference.data)
    if not isinstance(record, dict) or not isinstance(record.get("texts"), dict):
        yield translation.problem((), f"no record of a review against {reference.path.name}: read the whole "
                                      f"translation against the bokmål, correct it, then run `{command}`")
        return
    stored: dict[str, str] = record["texts"]
    for text in texts:
        where = _where(reference, text.location)
        if text.path not in stored:
            yield translation.problem(text.location, f"{where}: this bokmål text came after the last review "
                                                     f"({text.path}); translate it, then run `{command}`")
        elif stored[text.path] != fingerprint(text.text):
            yield translation.problem(text.location, f"{where}: the bokmål text changed after this translation "
                                                     f"was reviewed ({text.path}); read {reference.path.name} "
                                                     f"there, correct this text, then run `{command}`")
    current = {text.path for text in texts}
    for path in stored:
        if path not in current:
            yield translation.problem((RECORD_KEY, "texts", path), f"{path}: no such text in {reference.path.name} "
                                                                   f"any more; run `{command}` to forget it")


def review_command(folder: Path, language: str) -> str:
    return f"mangfold translations review {Path(folder).name} {language}"


def translation_files(folder: Path) -> list[Path]:
    """The translated files in a module folder or the summary's folder (content and documents)."""
    folder = Path(folder)
    return [folder / f"{stem}.{language}.yaml" for stem in ("content", "documents") for language in TRANSLATED
            if (folder / f"{stem}.{REFERENCE_LANGUAGE}.yaml").is_file()]


def folder_review_problems(folder: Path) -> list[Problem]:
    """Every review problem of the translations in ``folder`` (a missing or unreadable file is the
    structure check's to report, not this one's)."""
    problems: list[Problem] = []
    for path in translation_files(folder):
        if not path.is_file():
            continue
        try:
            reference, translation = read_yaml(reference_path(path)), read_yaml(path)
        except ContentError:
            continue
        language = path.name.split(".")[1]
        problems.extend(review_problems(reference, translation, review_command(folder, language)))
    return problems


def tree_review_problems(root: Path) -> list[Problem]:
    """Review problems of every module folder and the summary's folder under ``root`` (``source/``)."""
    root = Path(root)
    folders = sorted(p for p in root.iterdir() if p.is_dir() and p.name[:2].isdigit()) if root.is_dir() else []
    return [problem for folder in folders for problem in folder_review_problems(folder)]


# -- marking a translation reviewed ------------------------------------------------------------------------

_RECORD_COMMENT = (
    "# The bokmål texts this translation was last reviewed against (docs/nynorsk.md), written by\n"
    "# `{command}`.\n"
    "# `mangfold check` names every text whose bokmål changed since.\n"
)


def record_yaml(reference_name: str, prints: dict[str, str], command: str) -> str:
    """The ``reviewed:`` section as YAML text, one line per text, in the bokmål file's order."""
    lines = [_RECORD_COMMENT.format(command=command), f"{RECORD_KEY}:\n", f"  against: {reference_name}\n",
             "  texts:\n"]
    # a fingerprint is always quoted: twelve hex digits can read as a number ("000123456789", "12e345678901")
    lines += [f"    {_quoted(path)}: '{value}'\n" for path, value in prints.items()]
    return "".join(lines)


def _quoted(path: str) -> str:
    """A path as a YAML key: plain where that reads back the same, else single-quoted."""
    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_/.\-]*", path) and not re.fullmatch(r"[0-9.]+|true|false|null|yes|no|on|"
                                                                                  r"off", path, re.IGNORECASE):
        return path
    return "'" + path.replace("'", "''") + "'"


def without_record(text: str) -> str:
    """A translated file's text without its ``reviewed:`` section (and the comment above it), which is last."""
    lines = text.splitlines(keepends=True)
    start = next((index for index, line in enumerate(lines) if re.match(rf"{RECORD_KEY}:\s*$", line)), None)
    if start is None:
        return text
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    kept = "".join(lines[:start]).rstrip("\n")
    return kept + "\n"


class ReviewRefused(ValueError):
    """A translation that cannot be marked reviewed, with the problems that stop it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def mark_reviewed(path: Path, structure: list[Problem]) -> int:
    """Write today's bokmål fingerprints into the translated file ``path``; return how many texts it records.

    ``structure`` is what the structure check found in the folder: a translation with a problem of its own (or a
    bokmål file with one) is refused, since a review of a file that does not match bokmål records nothing useful.
    The rest of the file is kept byte for byte; the record is written last, after a blank line.
    """
    path = Path(path)
    reference = reference_path(path)
    blocking = [p for p in structure if Path(p.file).name in (path.name, reference.name)
                and p.location[:1] != (RECORD_KEY,)]  # the record is what this rewrites
    if blocking:
        raise ReviewRefused(blocking)
    source = read_yaml(reference)
    prints = fingerprints(source.data)
    body = without_record(path.read_text(encoding="utf-8"))
    language = path.name.split(".")[1]
    record = record_yaml(reference.name, prints, review_command(path.parent, language))
    atomic.write_text(path, f"{body}\n{record}")
    return len(prints)
