"""The learner pages' interface text by language, for tests that look for it on a page or a widget."""

from __future__ import annotations

from mangfold import i18n


def ui_strings(language: str) -> dict[str, str]:
    """The ``ui`` catalogue of ``language`` with its keys as the page code names them (``"restart"``)."""
    return {key.removeprefix("ui."): text for key, text in i18n.catalogue(language).items() if key.startswith("ui.")}


#: language -> key -> text, for every language the course speaks
STRINGS: dict[str, dict[str, str]] = {language: ui_strings(language) for language in i18n.LANGUAGES}
