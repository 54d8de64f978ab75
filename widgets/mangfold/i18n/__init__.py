"""Every word of the interface, in every language the course speaks: one catalogue, one lookup.

Interface text (buttons, notices, headings of the summary and the dashboard, the reasons a file is
refused) lives in YAML catalogues beside this file, one folder per language and one file per part of
the product: ``nb/ui.yaml``, ``en/ui.yaml``, ``nb/dashboard.yaml`` … A key is the file's name and the
entry's name, ``ui.restart``. Course prose (scenarios, checks, the documents' HR and legal text) is
content and lives with the module content, not here.

Why YAML files and not Python tables: a translator adds a language by copying one folder, and the parity
test (tests/i18n) tells them which keys and which ``{fields}`` are still missing, without reading code.
Bokmål, nynorsk and English are complete (docs/nynorsk.md says how the nynorsk is kept current).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from string import Formatter

import yaml

CATALOGUES = Path(__file__).parent
LANGUAGES: tuple[str, ...] = ("nb", "nn", "en")
"""The languages with a complete catalogue, in the order the language switch offers them; the parity test
holds every one of them to every key."""
DEFAULT_LANGUAGE = "nb"
FALLBACK: Mapping[str, str] = {}
"""A language on its way in (``{"se": "nb"}``) reads the nearest complete one where its own catalogue has no
entry yet. Nynorsk came in this way and is complete now, so no language is on its way."""
FOREIGN_FALLBACK = "en"
"""A language the course does not speak at all reads English: it is the one most readers share."""


class CatalogueError(ValueError):
    """A catalogue file that cannot be read: says which file and what is wrong."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key written twice is an error rather than a silent win."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise CatalogueError(f"the key {key!r} is written twice (line {key_node.start_mark.line + 1})")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read_file(path: Path) -> dict[str, str]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except (CatalogueError, yaml.YAMLError) as error:
        raise CatalogueError(f"{path}: {error}") from error
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise CatalogueError(f"{path}: every entry must be a name and a text")
    return {f"{path.stem}.{key}": value for key, value in data.items()}


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """Every entry of ``language``'s own catalogue (empty for a language without a folder)."""
    folder = CATALOGUES / language
    entries: dict[str, str] = {}
    if language.isidentifier() and folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            entries.update(_read_file(path))
    return entries


def known_language(language: str | None) -> str:
    """``language`` if the course speaks it, else the language its text is read in."""
    if language in LANGUAGES:
        return language
    if language in FALLBACK:
        return language
    return FOREIGN_FALLBACK


def _lookup(language: str, key: str) -> str:
    language = known_language(language)
    entries = catalogue(language)
    if key in entries:
        return entries[key]
    if language in FALLBACK:
        return catalogue(FALLBACK[language])[key]
    raise KeyError(f"no interface text {key!r} in {language!r}")


def text(language: str | None, key: str, **values: object) -> str:
    """The interface text ``key`` (``"ui.restart"``) in ``language``, with ``values`` filled in."""
    template = _lookup(language or DEFAULT_LANGUAGE, key)
    return template.format(**values)


def both(key: str, *, order: tuple[str, str] = ("nb", "en"), between: str = " / ",
         in_language: Callable[[str, dict[str, object]], Mapping[str, object]] | None = None,
         **values: object) -> str:
    """``key`` in bokmål and English at once, ``"nb-text / en-text"``: the style trainers read in formgrader,
    autograde's report and the command line, where one reader may want either language. A text that is
    the same in both (a name, or a message not translated yet) is given once. ``order`` puts English
    first where a message has always read that way ("not answered / ikke besvart"), ``between`` is
    ``"\\n"`` for a message given as two whole lines; ``in_language``
    puts values that are words (a file's kind) into each language before its text is formatted."""
    def one(language: str) -> str:
        shown = in_language(language, values) if in_language else values
        return text(language, key, **shown)
    first, second = one(order[0]), one(order[1])
    return first if first == second else f"{first}{between}{second}"


def other_languages(language: str) -> tuple[str, ...]:
    """The languages a page offers to switch to from ``language``: every other one, in :data:`LANGUAGES` order."""
    return tuple(other for other in LANGUAGES if other != language)


def language_name(language: str) -> str:
    """What ``language`` calls itself («Nynorsk»): a language switch names each language in its own words."""
    return text(language, "ui.language_name")


def fields(template: str) -> frozenset[str]:
    """The ``{names}`` a catalogue text expects: the parity test compares them across languages."""
    return frozenset(name for _literal, name, _spec, _conv in Formatter().parse(template) if name)


def keys(language: str) -> frozenset[str]:
    """The keys ``language`` has in its own catalogue."""
    return frozenset(catalogue(language))
