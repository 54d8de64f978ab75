"""Interface strings in bokmål and English: every word the learner sees that is not course content."""

from __future__ import annotations

from .. import i18n

# Transitional (issue 15): the text lives in mangfold/i18n/<language>/ui.yaml; callers move to
# i18n.text(language, "ui.<key>") and this table goes.
STRINGS: dict[str, dict[str, str]] = {
    language: {key.partition(".")[2]: text for key, text in i18n.catalogue(language).items()
               if key.startswith("ui.")}
    for language in i18n.LANGUAGES
}


def translate(language: str, key: str, **values: object) -> str:
    """The interface string ``key`` in ``language``, with ``values`` filled in."""
    return i18n.text(language, f"ui.{key}", **values)
