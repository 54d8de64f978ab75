"""Words of the trainer's dashboard in bokmål and English (course texts come from the content)."""

from __future__ import annotations

from .. import i18n

# Transitional (issue 15): the text lives in mangfold/i18n/<language>/dashboard.yaml; callers move to
# i18n.text(language, "dashboard.<key>") and this table goes.
DASHBOARD_STRINGS: dict[str, dict[str, str]] = {
    language: {key.partition(".")[2]: text for key, text in i18n.catalogue(language).items()
               if key.startswith("dashboard.")}
    for language in i18n.LANGUAGES
}


def dashboard_text(language: str, key: str, **values: object) -> str:
    """The dashboard string ``key`` in ``language``, with ``values`` filled in."""
    return i18n.text(language, f"dashboard.{key}", **values)
