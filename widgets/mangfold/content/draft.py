"""A machine draft of a translation from bokmål, for a person to post-edit: only the text values are translated.

The nynorsk of the course is written by people. A machine draft (Apertium's ``nob-nno_e``, e-infinitive nynorsk,
Debian's ``apertium-nno-nob``) saves typing, and its authors aim at output fit for post-editing, no more: every
sentence of a draft is read and corrected before the file is marked reviewed (docs/nynorsk.md). This module makes
the draft safe to edit from:

* only text values are sent: ids, targets, ratings, numbers, a question's format and every other structural
  value (:data:`mangfold.content.translations.STRUCTURAL_KEYS`) are copied as they are, and so are URLs;
* inside a text, what a translator must not touch is taken out before translation and put back after it:
  Markdown's markup (list and heading markers, ``**``/``*``, table bars, a link's address), citations with a year
  or a section sign ("(ldl. § 30)", "(Rogstad & Sterri 2014)", "§§ 4 og 4a"), placeholders (``{count}``),
  inline code, a ``mangfold`` command as typed, URLs and the names the course case fixes (the employer, its unit,
  the post's title, the people);
* the draft has the bokmål file's structure and no review record, so ``mangfold check`` fails on it until a
  person has post-edited and reviewed it (``mangfold translations review``).

The engine is any function from a list of segments to a list of translations (:data:`Translator`): the tests use
a stub, ``mangfold translations draft`` uses Apertium. Segments travel as HTML (Apertium's ``-f html``), the
protected spans as empty ``<x i="N"/>`` elements that Apertium passes through where they stand.
"""

from __future__ import annotations

import copy
import html
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .translations import RECORD_KEY, STRUCTURAL_KEYS, STRUCTURAL_MAPPINGS

Translator = Callable[[list[str]], list[str]]
"""Segments (HTML text with ``<x i="N"/>`` marks) -> their translations, in the same order."""

APERTIUM_DIRECTION = "nob-nno_e"  # bokmål -> nynorsk with e-infinitive (å skrive, å vere)
#: keys whose string value is copied untouched besides the structural ones: an address is no text
UNTRANSLATED_KEYS = STRUCTURAL_KEYS | {"url", "word_language"}

_MARK = re.compile(r'<x i="(\d+)"\s*(?:/>|>\s*</x>)')
#: what a line may start with that is Markdown, not text: a list item, a numbered item, a heading, a quote
_LINE_PREFIX = re.compile(r"^(\s*(?:(?:[-*+]|\d+[.)])\s+|#{1,6}\s+|>\s?)*)")
#: spans inside a line that are copied, not translated (the first alternative that matches wins)
_PROTECTED = re.compile("|".join([
    r"https?://[^\s)>\]»]+",                       # an address
    r"\]\([^)]*\)",                                # a link's target, with the bracket before it
    r"`[^`]*`",                                    # inline code
    # a command as it is typed (mangfold cohort init): «mangfold» alone is also a bokmål word, a command is not
    r"\bmangfold (?:check|build|release|serve|summary|cohort|research|cards|translations)"
    r"(?: (?:init|learners|release|collect|autograde|feedback|grades|dashboard|demo|post|export|keygen|build"
    r"|review|status|draft)\b)?",
    r"\{[A-Za-z_][A-Za-z0-9_]*(?:[!:][^{}]*)?\}",  # a placeholder the program fills in
    r"\((?:[a-zæøå]+\.\s*)?§[^()]*\)",               # a section cited by the law's short form: (ldl. § 30)
    r"\([A-ZÆØÅ][^()]*\b(?:1[89]|20)\d\d\b[^()]*\)",  # a work cited by author and year: (Rogstad & Sterri 2014)
    # a section or several: § 4, § 13-4, §§ 4 og 4a, § 11 d
    r"§§?\s*\d+(?:\s*[a-z]\b)?(?:-\d+)?(?:\s*(?:,|og|eller|and|or|[-–])\s*\d+(?:\s*[a-z]\b)?(?:-\d+)?)*",
    r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])",  # bold and italic markers
    r"[\[\]|]",                                    # a link's brackets, a table's bars
]))


class DraftError(ValueError):
    """A draft that could not be made (no translator, a file that is not the course's YAML)."""


@dataclass
class Draft:
    """The translated data and what a post-editor should know: segments the engine mangled were kept in bokmål."""

    data: Any
    segments: int = 0
    kept_in_bokmal: list[str] = field(default_factory=list)


@dataclass
class _Segment:
    marked: str           # the HTML sent to the translator
    spans: list[str]      # the protected spans, by mark number
    source: str           # the original text, for a segment the engine mangled


def _protect(text: str, keep: tuple[str, ...]) -> _Segment:
    """``text`` as HTML with its protected spans (and the ``keep`` names) replaced by numbered marks."""
    spans: list[str] = []
    names = re.compile("|".join(re.escape(name) for name in sorted(keep, key=len, reverse=True))) if keep else None

    def mark(span: str) -> str:
        spans.append(span)
        return f'<x i="{len(spans) - 1}"/>'

    pieces: list[str] = []
    position = 0
    pattern = re.compile(f"(?:{names.pattern})|{_PROTECTED.pattern}") if names else _PROTECTED
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[position:match.start()], quote=False))
        pieces.append(mark(match.group(0)))
        position = match.end()
    pieces.append(html.escape(text[position:], quote=False))
    return _Segment("".join(pieces), spans, text)


def _restore(translated: str, segment: _Segment) -> str | None:
    """The translation with its marks replaced by the protected spans; None if a mark was lost or doubled."""
    found = [int(number) for number in _MARK.findall(translated)]
    if sorted(found) != list(range(len(segment.spans))):
        return None
    pieces: list[str] = []
    position = 0
    for match in _MARK.finditer(translated):
        pieces.append(html.unescape(translated[position:match.start()]))
        pieces.append(segment.spans[int(match.group(1))])
        position = match.end()
    pieces.append(html.unescape(translated[position:]))
    return "".join(pieces)


def _lines(text: str) -> list[tuple[str, str, str]]:
    """A text as (prefix, content, suffix) per line: Markdown's line markers and the white space around stay."""
    result = []
    for line in text.split("\n"):
        prefix = _LINE_PREFIX.match(line).group(1)
        content = line[len(prefix):]
        stripped = content.rstrip()
        result.append((prefix, stripped, content[len(stripped):]))
    return result


def _is_text(content: str) -> bool:
    """Whether a line holds words to translate (not a table's rule, not a bare number or mark)."""
    return bool(re.search(r"[^\W\d_]", content)) and not re.fullmatch(r"[\s|:\-]+", content)


def text_values(data: Any) -> Iterable[tuple[tuple[Any, ...], str]]:
    """(place, text) of every value a translator writes; structure, addresses and the review record are left out."""
    def walk(value: Any, place: tuple[Any, ...], key: str | None) -> Iterable[tuple[tuple[Any, ...], str]]:
        if isinstance(value, dict):
            if key in STRUCTURAL_MAPPINGS:
                return
            for name, item in value.items():
                if not place and name == RECORD_KEY:
                    continue
                yield from walk(item, (*place, name), str(name))
        elif isinstance(value, list):
            if key in UNTRANSLATED_KEYS:
                return
            for index, item in enumerate(value):
                yield from walk(item, (*place, index), key)
        elif isinstance(value, str) and key not in UNTRANSLATED_KEYS and value.strip():
            yield place, value

    yield from walk(data, (), None)


def draft(data: Any, translate: Translator, keep: Iterable[str] = (), language: str = "nn") -> Draft:
    """A copy of the bokmål ``data`` with every text value translated line by line, its markup kept.

    ``keep``: names copied as they are (the case's employer, unit, post and people). The copy says
    ``language`` where the bokmål said ``nb`` and has no review record.
    """
    result = copy.deepcopy(data)
    if isinstance(result, dict):
        result.pop(RECORD_KEY, None)
        if result.get("language") == "nb":
            result["language"] = language
    keep = tuple(name for name in keep if name.strip())
    texts = list(text_values(result))
    segments: list[_Segment] = []
    plans: list[list[tuple[str, int | str, str]]] = []
    for _place, text in texts:
        plan = []
        for prefix, content, suffix in _lines(text):
            if _is_text(content):
                segments.append(_protect(content, keep))
                plan.append((prefix, len(segments) - 1, suffix))
            else:
                plan.append((prefix, content, suffix))
        plans.append(plan)
    translated = translate([segment.marked for segment in segments]) if segments else []
    if len(translated) != len(segments):
        raise DraftError(f"the translator gave {len(translated)} segments for {len(segments)}")
    outcome = Draft(result, len(segments))
    for (place, _text), plan in zip(texts, plans, strict=True):
        lines = []
        for prefix, content, suffix in plan:
            if isinstance(content, int):
                restored = _restore(translated[content], segments[content])
                if restored is None:  # the engine lost or doubled a mark: keep the bokmål for the post-editor
                    restored = segments[content].source
                    outcome.kept_in_bokmal.append(restored)
                content = restored
            lines.append(f"{prefix}{content}{suffix}")
        _set(result, place, "\n".join(lines))
    return outcome


def _set(data: Any, place: tuple[Any, ...], value: str) -> None:
    for part in place[:-1]:
        data = data[part]
    data[place[-1]] = value


# -- the engine --------------------------------------------------------------------------------------------

def apertium_translator(direction: str = APERTIUM_DIRECTION, command: str = "apertium") -> Translator:
    """Apertium as a :data:`Translator`: one run for all segments, each in a ``<div>`` of its own."""
    program = shutil.which(command)
    if program is None:
        raise DraftError(f"{command} is not installed (Debian: apt-get install apertium-nno-nob)")

    def translate(segments: list[str]) -> list[str]:
        batch = "\n".join(f'<div id="s{index}">{segment}</div>' for index, segment in enumerate(segments))
        run = subprocess.run([program, "-u", "-f", "html", direction], input=batch, capture_output=True,
                             text=True, encoding="utf-8", check=False)
        if run.returncode != 0:
            raise DraftError(f"{command} {direction} failed: {run.stderr.strip()}")
        found = dict(re.findall(r'<div id="s(\d+)">(.*?)</div>', run.stdout, flags=re.DOTALL))
        return [found.get(str(index), "") for index in range(len(segments))]

    return translate


# -- writing the draft -------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """YAML that reads like the course's own files: keys in their order, a list indented under its key, a text with
    a line break as a literal block (``|``), as the bokmål file writes it."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)

DRAFT_HEADER = (
    "# DRAFT: machine translation of {source} ({engine}) for post-editing, not reviewed.\n"
    "# Read and correct every sentence (docs/nynorsk.md), delete these two lines, then run\n"
    "# `mangfold translations review {folder} {language}`.\n"
)


def draft_yaml(outcome: Draft, source: Path, engine: str, language: str) -> str:
    """The draft as the text of a YAML file, with a header saying what it is and what to do next."""
    header = DRAFT_HEADER.format(source=source.name, engine=engine, folder=source.parent.name, language=language)
    body = yaml.dump(outcome.data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return header + body


def case_names(case_folder: Path) -> tuple[str, ...]:
    """The names the course case fixes, which a draft keeps as they are: employer, unit, post, people."""
    from .case import case_path, load_case
    from .errors import ContentError

    if not case_path(case_folder).is_file():
        return ()
    try:
        case = load_case(case_folder)
    except ContentError:
        return ()
    return (case.employer.name, case.employer.unit, case.side_case.employer, case.post.title,
            *(person.name for person in case.people))
