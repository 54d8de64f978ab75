"""No interface text outside the i18n catalogues: a sentence a reader sees is never a string literal in code.

The test walks the syntax tree of every module of the package (:data:`SCOPE`: every ``.py`` under
``mangfold/`` except ``mangfold/course/``, a build copy of the course) and finds the string literals
(f-strings too) that read like words for a person: once HTML tags, ``{fields}`` and character entities
are taken out, what is left holds a letter and a space. What a reader never sees is skipped by rule:

* docstrings and bare string statements (attribute notes);
* the messages of ``raise`` and of logging, which are for developers;
* messages for course authors from content validation, developer-facing English like raise messages:
  the arguments of a ``Problem(...)``, ``….problem(...)`` or ``ContentError(...)`` call, and the
  functions on :data:`AUTHOR_MESSAGES` that write such messages before they become a Problem.

What is left must be on :data:`ALLOWED`, each entry with the reason it is not interface text (SQL, a
regular expression, a Word style, a CSS class, a MIME type, a notebook cell's Python, a command's name).

The research README is a Markdown template, the codebook and the demo cohort's texts are data files;
what research/ still writes in code are the scrubber's word lists and patterns, allowed one by one.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import mangfold

PACKAGE = Path(mangfold.__file__).parent

#: the modules held to "no interface text in code", as paths inside the package
SCOPE: tuple[str, ...] = tuple(sorted(
    relative for relative in (path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py"))
    if not relative.startswith("course/")))

#: the calls whose arguments are a message for course authors (content validation's problems)
_AUTHOR_CALLS = {"Problem", "problem", "ContentError", "load_checked"}  # load_checked: its missing-file Problem

#: (module, function) -> why its texts are messages for course authors, like a Problem's own
AUTHOR_MESSAGES: dict[tuple[str, str], str] = {
    ("content/errors.py", "__init__"): "ContentError's header above the list of problems, for authors",
    ("content/loader.py", "_friendly"): "pydantic's errors in words an author can act on, for a Problem",
    ("content/loader.py", "validation_problems"): "the schema-version message of a content file's Problem",
    ("engine/classify.py", "exercise_state_problems"): "what a saved exercise state names that the content "
                                                       "does not have: the engine's own check, in ids",
    ("content/translations.py", "_where"): "where a translation's review problem is (block, field), for its Problem",
}

_CELL = "Python of a notebook cell the course writes (its comments come from the catalogue)"

#: (module, a name the literal is assigned to, a function that returns it, or the literal's visible words)
#: -> why it is not interface text
ALLOWED: dict[tuple[str, str], str] = {
    ("ui/focus.py", "_ESM"): "the page's JavaScript (an anywidget module): its visible words come from traits",
    ("ui/mirror.py", "_ESM"): "the page's JavaScript (an anywidget module): it shows nothing",
    ("ui/steps.py", "_ESM"): "the page's JavaScript (an anywidget module): it shows nothing",
    ("ui/upload.py", "_ESM"): "the page's JavaScript (an anywidget module): its visible words come from traits",
    ("ui/choices.py", "_ESM"): "the page's JavaScript (an anywidget module): its visible words come from traits",
    ("ui/document_frame.py", "_ESM"): "the page's JavaScript (an anywidget module): it shows a document made in Python",
    ("ui/dashboard_view.py", "mf-cell mf-cell--"): "CSS classes of a table cell",
    ("lti/service.py", "LOG_FORMAT"): "the format of the grade service's log lines (for the hub's administrator)",
    ("authoring/notebook.py", "KERNELSPEC"): "the kernel's name as Jupyter writes it in a notebook",
    ("authoring/notebook.py", "MODULE_SETUP"): _CELL,
    ("authoring/notebook.py", "HIDDEN_TEST"): _CELL,
    ("authoring/notebook.py", "MODULE_TEST"): _CELL,
    ("authoring/notebook.py", "MODULE_REFLECTIONS"): _CELL,
    ("authoring/notebook.py", "HOME_PAGE"): _CELL,
    ("authoring/notebook.py", "SUMMARY_SETUP"): _CELL,
    ("authoring/notebook.py", "SUMMARY_MODULE_TEST"): _CELL,
    ("authoring/notebook.py", "SUMMARY_PLAN_TEST"): _CELL,
    ("cohort/dashboard_notebook.py", "DASHBOARD_SOURCE"): _CELL,
    ("cohort/config.py", "config_text"): "the nbgrader_config.py the course writes: Python settings, with "
                                         "comments for whoever edits that file",
    ("cohort/data.py", "_STUDENTS"): "SQL for nbgrader's gradebook",
    ("cohort/data.py", "_SCORES"): "SQL for nbgrader's gradebook",
    ("cohort/data.py", "_MAX_SCORES"): "SQL for nbgrader's gradebook",
    ("cohort/commands.py", "_EXCEPTION_LINE"): "a regular expression for a Python exception in nbgrader's log",
    ("cohort/commands.py", "NBGRADER_ALREADY_EXISTS"): "nbgrader's own log words, matched and never shown",
    ("cohort/commands.py", ":: id"): "a place in the roster file (file:line: column), as a compiler names one",
    ("cohort/commands.py", "mangfold cohort autograde"): "a command's name, as it is typed",
    ("cli.py", "mangfold cohort dashboard"): "a command's name, as it is typed",
    ("cli.py", "translations review"): "a command's name, as it is typed",
    ("cli.py", "translations draft"): "a command's name, as it is typed",
    ("content/translations.py", "mangfold translations review"): "a command's name, as it is typed",
    ("content/translations.py", "_RECORD_COMMENT"): "a comment in a translated content file, for its authors",
    ("content/translations.py", "normalise"): "a regular expression: the blank line between two paragraphs",
    ("content/draft.py", "DRAFT_HEADER"): "a comment at the top of a machine draft, for its post-editor",
    ("content/draft.py", "_PROTECTED"): "regular expressions: what a machine draft keeps as it is (a command's name)",
    ("extras.py", "install_hint"): "a pip command, as it is typed",
    ("kernels.py", "KERNEL_START_FAILED"): "nbclient's own words in nbgrader's log, matched and never shown",
    ("server/__init__.py", "text/plain; charset=utf-8"): "a MIME type",
    ("summary/docx.py", "Table Grid"): "a Word style's name (python-docx's default template)",
    ("summary/docx.py", "List Bullet"): "a Word style's name (python-docx's default template)",
    ("summary/docx.py", "List Number"): "a Word style's name (python-docx's default template)",
    ("summary/guides.py", "Table Grid"): "a Word style's name (python-docx's default template)",
    ("summary/guides.py", "List Bullet"): "a Word style's name (python-docx's default template)",
    ("summary/jobaid_export.py", "Table Grid"): "a Word style's name (python-docx's default template)",
    ("summary/jobaid_export.py", "List Bullet"): "a Word style's name (python-docx's default template)",
    # research/ and cohort/demo.py words that are data, patterns or command names
    ("cohort/demo.py", "mangfold cohort demo"): "the command's name, for extras.require's install hint",
    ("research/checksum.py", "mangfold research"): "the command's name, for extras.require's install hint",
    ("research/recognisers.py", "mangfold research"): "the command's name, for extras.require's install hint",
    ("research/vocabulary.py", "mangfold research"): "the command's name, for extras.require's install hint",
    ("research/lexicon.py", "mangfold research"): "the command's name, for extras.require's install hint",
    ("research/listed.py", "_GAP"): "a regular expression: what separates the words of a listed term",
    ("research/names.py", "_JOINS"): "name particles (van der, de la) the name recogniser matches, not shown",
    ("research/recognisers.py", "TOWNS"): "place names the address recogniser matches (Mo i Rana), not shown",
    ("research/recognisers.py", "_SP"): "a regular expression: a space or a no-break space",
    ("research/recognisers.py", "_CLUSTER"): "a regular expression: digits grouped by spaces",
    ("research/recognisers.py", "_PHONE_CANDIDATE"): "a regular expression: where a telephone number may be",
    ("research/recognisers.py", "_NATIONAL_WRITING"): "a regular expression: a national number's writing",
    ("research/recognisers.py", "_THOUSANDS"): "a regular expression: an amount in groups of three",
    ("research/recognisers.py", "_HOUSE_LETTER"): "a regular expression: the letter after a house number",
    ("research/recognisers.py", "_POST_KEYWORD_BEFORE"): "a regular expression: the words before a postcode",
    ("research/vocabulary.py", "COMMON_WORDS"): "the scrubber's word list: names that are also words, matched",
    ("research/vocabulary.py", "_NEVER"): "the scrubber's word list: words never a name, matched, not shown",
    ("research/vocabulary.py", "TITLES"): "the scrubber's word list: titles before a name, matched, not shown",
    ("research/vocabulary.py", "PERSON_VERBS"): "the scrubber's word list: verbs after a name, matched",
    ("research/vocabulary.py", "FUNCTION_WORDS"): "the scrubber's word list: function words, matched, not shown",
    ("research/vocabulary.py", "INSTITUTIONS"): "the scrubber's word list: institution words, matched",
    ("research/vocabulary.py", "_PLACES"): "the scrubber's word list: place words, matched, not shown",
    ("research/vocabulary.py", "NORWEGIAN_MARKERS"): "words that tell bokmål from English, counted, not shown",
    ("research/vocabulary.py", "ENGLISH_MARKERS"): "words that tell English from bokmål, counted, not shown",
    ("research/vocabulary.py", "NEVER_NAMES"): "the scrubber's word list: words never a name, matched, not shown",
    ("research/vocabulary.py", "EN_THING_BEFORE"): "the scrubber's word list: words before a thing, matched",
    ("research/vocabulary.py", "NB_PRONOUNS"): "the scrubber's word list: pronouns after 'og', matched, not shown",
    ("research/vocabulary.py", "EN_PRONOUNS"): "the scrubber's word list: pronouns after 'and', matched, not shown",
    ("research/vocabulary.py", "PERSON_BEFORE"): "the scrubber's word list: words before a person, matched",
    ("research/vocabulary.py", "POSSESSIVES"): "the scrubber's word list: possessives after a title, matched",
    ("research/vocabulary.py", "_COUNTRIES"): "the scrubber's word list: countries in bokmål, matched, not shown",
    ("research/vocabulary.py", "_PEOPLES"): "the scrubber's word list: peoples and languages, matched, not shown",
    ("research/course_terms.py", "COURSE_WORDS"): "the scrubber's list of the course's terms, matched, not shown",
    ("research/course_terms.py", "COURSE_PHRASES"): "the scrubber's list of the course's phrases, matched",
    ("research/course_terms.py", "COURSE_AUTHORS"): "the scrubber's list of cited authors, matched, not shown",
    ("research/course_terms.py", "GLOSSARY_WORDS"): "the scrubber's list of the glossary's words, matched",
    ("research/course_terms.py", "PARTICLES"): "the scrubber's list of name particles, matched, not shown",
    ("research/citations.py", "_SP"): "a regular expression: a space or a no-break space",
    ("research/citations.py", "_ET_AL_HINT"): "a regular expression: the tail of a citation (et al., mfl.)",
    ("research/identity.py", "IDENTITY"): "a regular expression: an identity number in any grouping",
    ("research/lower_names.py", "_NEXT_LOWER"): "a regular expression: the lower-case word after a position",
    ("research/lower_names.py", "_LOWER_BEFORE"): "a regular expression: the lower-case word before a position",
    ("research/lower_names.py", "_CLEFT"): "a regular expression: a cleft sentence (det var X som)",
    ("research/name_words.py", "WITH_PRONOUN"): "a regular expression: 'og jeg', 'and I' after a word",
    ("research/names.py", "_ACRONYM_BEFORE"): "a regular expression: an acronym right before a word",
    ("research/names.py", "_FROM_WHERE"): "a regular expression: 'fra HR', where a person is from",
    ("research/obfuscated.py", "_SP"): "a regular expression: a space or a no-break space",
    ("research/obfuscated.py", "_HINT"): "a regular expression: the ways of writing an e-mail's at",
    ("research/obfuscated.py", "_SIGNED"): "a regular expression: a local part's dot or sign",
    ("research/recognisers.py", "_EN_ADDRESS"): "a regular expression: an English street address",
    ("research/recognisers.py", "_NOT_STREET"): "a regular expression: words that start no street name",
    ("research/recognisers.py", "_SPACE_CAP"): "a regular expression: a space and a capital",
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


def _called_name(call: ast.Call) -> str | None:
    """``Problem`` for ``Problem(...)``, ``problem`` for ``doc.problem(...)``."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def _skipped(tree: ast.AST, module: str) -> set[int]:
    """The ids of literal nodes that are not interface text: docstrings, notes, raise and logging messages,
    messages for course authors, and the pieces of an f-string (the whole f-string is judged)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and _called_name(node) in _AUTHOR_CALLS) or (
                isinstance(node, ast.FunctionDef) and (module, node.name) in AUTHOR_MESSAGES):
            skipped.update(id(inner) for inner in ast.walk(node))
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(part) for part in node.values)
        if isinstance(node, ast.Expr) and _literal_text(node.value) is not None:
            skipped.add(id(node.value))  # a docstring or an attribute's note
        elif isinstance(node, ast.Raise) or (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _LOGGING):
            skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def _allowed_names(tree: ast.AST, module: str) -> set[int]:
    """Literals assigned to a name on :data:`ALLOWED` (``_ESM = \"\"\"…\"\"\"``), or in a function named there."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (module, node.name) in ALLOWED:
            allowed.update(id(inner) for inner in ast.walk(node))
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and (module, t.id) in ALLOWED for t in targets) and node.value:
                allowed.update(id(inner) for inner in ast.walk(node.value))
    return allowed


def stray_text(module: str, source: str) -> Iterator[tuple[int, str]]:
    """(line, words) for every literal in ``source`` that reads as interface text and is not allowed."""
    tree = ast.parse(source)
    skipped = _skipped(tree, module) | _allowed_names(tree, module)
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


def _names_and_words(module: str) -> set[str]:
    """What an entry for ``module`` can name: its functions, its assigned names, its literals' visible words."""
    found: set[str] = set()
    for node in ast.walk(ast.parse((PACKAGE / module).read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            found.add(node.name)
        elif isinstance(node, ast.Name):
            found.add(node.id)
        elif (text := _literal_text(node)) is not None:
            found.add(visible_words(text))
    return found


def test_every_allowed_entry_has_a_reason_and_names_something_still_in_its_module() -> None:
    """An entry left behind when its text moved would let a new sentence of the same words through."""
    entries = {**ALLOWED, **AUTHOR_MESSAGES}
    assert all(reason.strip() for reason in entries.values())
    assert {module for module, _name in entries} <= set(SCOPE)
    stale = [(module, name) for module, name in entries if name not in _names_and_words(module)]
    assert stale == []


@pytest.mark.parametrize(("source", "found"), [
    ('label = "Prøv et annet valg"', [(1, "Prøv et annet valg")]),
    ('other = "English" if x else "Norsk (bokmål)"', [(1, "Norsk (bokmål)")]),
    ("html = f'<p class=\"mf-hint\">Svar først, {name}</p>'", [(1, "Svar først,")]),
    ("html = Markup('<p class=\"mf-hint\" id=\"mf-{id}\">{text}</p>')", []),
    ('"""A docstring is for developers."""\nraise ValueError("a message for developers")', []),
    ('log.warning("the file could not be read")', []),
    ('REASONS = {"checksum": {"nb": "kontrollsummen stemmer ikke"}}', [(1, "kontrollsummen stemmer ikke")]),
    ('yield doc.problem(where, f"start {start!r} is not a situation")\nProblem(path, (), "file is missing")', []),
    ('message = f"unknown schema version {v}"', [(1, "unknown schema version")]),
])
def test_the_walk_finds_words_and_leaves_markup_and_developer_text(source: str, found: list) -> None:
    assert list(stray_text("ui/example.py", source)) == found


def test_a_function_of_author_messages_is_skipped_in_its_own_module_only() -> None:
    source = 'def _friendly(error):\n    return "required key is missing"'
    assert list(stray_text("content/loader.py", source)) == []
    assert list(stray_text("ui/example.py", source)) == [(2, "required key is missing")]
