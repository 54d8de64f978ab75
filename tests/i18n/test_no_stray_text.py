"""No interface text outside the i18n catalogues: a sentence a reader sees is never a string literal in code.

The test walks the syntax tree of every module in :data:`SCOPE` and finds the string literals (f-strings
too) that read like words for a person: once HTML tags, ``{fields}`` and character entities are taken
out, what is left holds a letter and a space. Docstrings and bare string statements (attribute notes),
and the messages of ``raise`` and of logging, are for developers and are skipped. What is left must be
on :data:`ALLOWED`, each entry with the reason it is not interface text.

SCOPE lists the modules whose text has moved to ``mangfold/i18n``; add a module here once its text has
moved too. Still to add (their text was moving while this test was written): ``summary/*.py``,
``ui/dashboard*.py``, ``ui/summary_page.py``; ``cohort/data.py`` (its SQL needs an allowlist entry),
``progress/store.py``, ``progress/refused.py`` and ``progress/sync.py`` (reasons still written in English).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import mangfold

PACKAGE = Path(mangfold.__file__).parent

#: the modules held to "no interface text in code", as paths inside the package; widen it as text moves
SCOPE: tuple[str, ...] = (
    "ui/__init__.py", "ui/check.py", "ui/classify.py", "ui/consent.py", "ui/focus.py", "ui/handin.py",
    "ui/header.py", "ui/home.py", "ui/mirror.py", "ui/page.py", "ui/reflection.py", "ui/scenario.py",
    "ui/upload.py", "ui/widgets.py",
    "progress/reasons.py",
)

#: (module, the literal's visible words) -> why it is not interface text
ALLOWED: dict[tuple[str, str], str] = {
    ("ui/focus.py", "_ESM"): "the page's JavaScript (an anywidget module): its visible words come from traits",
    ("ui/mirror.py", "_ESM"): "the page's JavaScript (an anywidget module): it shows nothing",
    ("ui/upload.py", "_ESM"): "the page's JavaScript (an anywidget module): its visible words come from traits",
}

_TAG = re.compile(r"<[^>]*>")
_FIELD = re.compile(r"\{[^{}]*\}")
_ENTITY = re.compile(r"&#?\w+;")
_LETTER = re.compile(r"[^\W\d_]")
_LOGGING = {"debug", "info", "warning", "error", "exception", "critical", "log", "warn"}


def visible_words(text: str) -> str:
    """What a reader would see of ``text`` on a page: no tags, no ``{fields}``, no entities."""
    return _ENTITY.sub("", _FIELD.sub("", _TAG.sub("", text))).strip()


def reads_as_words(text: str) -> bool:
    """A letter and a space among the visible words: a phrase or a sentence, not a name or a class."""
    words = visible_words(text)
    return bool(_LETTER.search(words)) and " " in words


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: its values stand as {fields}
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return None


def _skipped(tree: ast.AST) -> set[int]:
    """The ids of literal nodes that are not interface text: docstrings, notes, raise and logging messages,
    and the pieces of an f-string (the whole f-string is judged)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(part) for part in node.values)
        if isinstance(node, ast.Expr) and _literal_text(node.value) is not None:
            skipped.add(id(node.value))  # a docstring or an attribute's note
        elif isinstance(node, ast.Raise) or (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _LOGGING):
            skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def _allowed_names(tree: ast.AST, module: str) -> set[int]:
    """Literals assigned to a name on :data:`ALLOWED` (``_ESM = \"\"\"…\"\"\"``)."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and (module, t.id) in ALLOWED for t in targets) and node.value:
                allowed.update(id(inner) for inner in ast.walk(node.value))
    return allowed


def stray_text(module: str, source: str) -> Iterator[tuple[int, str]]:
    """(line, words) for every literal in ``source`` that reads as interface text and is not allowed."""
    tree = ast.parse(source)
    skipped = _skipped(tree) | _allowed_names(tree, module)
    for node in ast.walk(tree):
        text = _literal_text(node)
        if text is None or id(node) in skipped:
            continue
        if reads_as_words(text) and (module, visible_words(text)) not in ALLOWED:
            yield node.lineno, visible_words(text)


@pytest.mark.parametrize("module", SCOPE)
def test_no_interface_text_is_written_in_the_code(module: str) -> None:
    found = list(stray_text(module, (PACKAGE / module).read_text(encoding="utf-8")))
    assert found == [], f"{module}: move these to mangfold/i18n/<language>/*.yaml (or allow them with a reason)"


def test_every_allowed_entry_has_a_reason_and_names_a_module_in_scope() -> None:
    assert all(reason.strip() for reason in ALLOWED.values())
    assert {module for module, _words in ALLOWED} <= set(SCOPE)


@pytest.mark.parametrize(("source", "found"), [
    ('label = "Prøv et annet valg"', [(1, "Prøv et annet valg")]),
    ('other = "English" if x else "Norsk (bokmål)"', [(1, "Norsk (bokmål)")]),
    ("html = f'<p class=\"mf-hint\">Svar først, {name}</p>'", [(1, "Svar først,")]),
    ("html = Markup('<p class=\"mf-hint\" id=\"mf-{id}\">{text}</p>')", []),
    ('"""A docstring is for developers."""\nraise ValueError("a message for developers")', []),
    ('log.warning("the file could not be read")', []),
    ('REASONS = {"checksum": {"nb": "kontrollsummen stemmer ikke"}}', [(1, "kontrollsummen stemmer ikke")]),
])
def test_the_walk_finds_words_and_leaves_markup_and_developer_text(source: str, found: list) -> None:
    assert list(stray_text("ui/example.py", source)) == found
