"""Why a progress file cannot be trusted, in the reader's language.

Every way a progress file (or a copy of one in an upload) can be malformed has one code and one
sentence per language (the catalogue ``mangfold/i18n/<language>/reasons.yaml``), so the learner's
upload message, autograde's report, formgrader's test cells and the dashboard say the same thing. A
:class:`~mangfold.progress.store.ProgressFileError` carries the code and the values; its ``reason`` is
the English sentence (logs and tests read it), and :func:`reason_text` gives it in any language.
Trainers see bokmål and English at once (:func:`bilingual`), the style of the grader's other messages
("ikke besvart / not answered").

The values an error carries are the same in every language: a file's kind as the English words the
refused-files record keeps (``"a symbolic link"``), pydantic's English message and its error type.
They are put into the reader's language here, just before the sentence is formatted, so every
language's sentence takes the same ``{fields}``.
"""

from __future__ import annotations

from functools import cache

from .. import i18n

_NAMESPACE = "reasons."


def known_code(code: str) -> bool:
    """Whether ``code`` is one of the reasons the catalogue has a sentence for."""
    return f"{_NAMESPACE}{code}" in i18n.keys(i18n.DEFAULT_LANGUAGE)


@cache
def _kind_keys() -> dict[str, str]:
    """The English words of a file kind -> its catalogue key (the English text is what the record keeps)."""
    english = i18n.catalogue("en")
    return {text: key for key, text in english.items() if key.startswith("file_kinds.") and not i18n.fields(text)}


def file_kind_text(language: str, kind: str, folder: object = None) -> str:
    """``kind`` (:func:`~mangfold.progress.store.file_kind`'s English words) in ``language``; with ``folder``:
    that module folder is itself a link. Words the catalogue does not know are shown as they are."""
    if folder is not None:
        return i18n.text(language, "file_kinds.linked-folder", folder=folder)
    key = _kind_keys().get(kind)
    return i18n.text(language, key) if key else kind


def validation_text(language: str, error_type: str, english: str) -> str:
    """A pydantic error's message in ``language``; its own English words where the catalogue has no entry."""
    try:
        return i18n.text(language, f"validation.{error_type}", message=english)
    except KeyError:
        return english


def _in_language(language: str, values: dict[str, object]) -> dict[str, object]:
    """``values`` with the words in them (a file's kind, pydantic's message) put into ``language``."""
    shown = dict(values)
    if "kind" in values:
        shown["kind"] = file_kind_text(language, str(values["kind"]), values.get("folder"))
    if "error_type" in values:
        shown["message"] = validation_text(language, str(values["error_type"]), str(values.get("message", "")))
    return shown


def reason_text(code: str, language: str, **values: object) -> str:
    """The sentence for ``code`` in ``language`` (English for a language the course does not have)."""
    return i18n.text(language, f"{_NAMESPACE}{code}", **_in_language(language, values))


def bilingual(code: str, **values: object) -> str:
    """Both languages in one line, bokmål first, for the trainer's reports and formgrader."""
    return i18n.both(f"{_NAMESPACE}{code}", in_language=_in_language, **values)


def record_text(key: str, **values: object) -> str:
    """The English words a record keeps (``progress.<key>``): what logs, tests and files on disk read, like a
    :class:`~mangfold.progress.store.ProgressFileError`'s ``reason``; pages show their own sentence by code."""
    return i18n.text("en", f"progress.{key}", **values)
