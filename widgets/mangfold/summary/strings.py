"""Words of the summary and its exports in bokmål and English (course text comes from the content)."""

from __future__ import annotations

from .. import i18n

# Transitional (issue 15): the text lives in mangfold/i18n/<language>/summary.yaml; callers move to
# i18n.text(language, "summary.<key>") and this table goes.
SUMMARY_STRINGS: dict[str, dict[str, str]] = {
    language: {key.partition(".")[2]: text for key, text in i18n.catalogue(language).items()
               if key.startswith("summary.")}
    for language in i18n.LANGUAGES
}


def summary_text(language: str, key: str, **values: object) -> str:
    return i18n.text(language, f"summary.{key}", **values)
