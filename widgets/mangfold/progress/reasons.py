"""Why a progress file cannot be trusted, in bokmål and English.

Every way a progress file (or a copy of one in an upload) can be malformed has one code here and one
sentence per language, so the learner's upload message, autograde's report, formgrader's test cells
and the dashboard say the same thing. A :class:`~mangfold.progress.store.ProgressFileError` carries the
code and the values; its ``reason`` is the English sentence (logs and tests read it), and
:func:`reason_text` gives it in either language. Trainers see both at once, bokmål first
(:func:`bilingual`), the style of the grader's other messages ("ikke besvart / not answered").
"""

from __future__ import annotations

from typing import Literal

Language = Literal["nb", "en"]

#: code -> language -> template. The values are filled with ``str.format``.
REASONS: dict[str, dict[Language, str]] = {
    "too-large": {"en": "file is {size} bytes, more than the {limit} allowed",
                  "nb": "filen er på {size} byte, mer enn de {limit} som er tillatt"},
    "not-utf8": {"en": "not UTF-8 text (byte {at})", "nb": "ikke UTF-8-tekst (byte {at})"},
    "not-json": {"en": "not valid JSON (line {line}, column {column}: {message})",
                 "nb": "ikke gyldig JSON (linje {line}, kolonne {column})"},
    "too-deep": {"en": "nested more than {limit} levels deep",
                 "nb": "nøstet i mer enn {limit} nivåer"},
    "surrogate": {"en": "the text at {place} holds a broken character (a lone surrogate) that cannot be saved",
                  "nb": "teksten ved {place} har et ødelagt tegn (et enslig surrogat) som ikke kan lagres"},
    "bad-number": {"en": "the number at {place} is out of range",
                   "nb": "tallet ved {place} er utenfor det tillatte"},
    "long-number": {"en": "a number has more digits than the course reads",
                    "nb": "et tall har flere sifre enn kurset kan lese"},
    "not-progress": {"en": "not a mangfold-progress file", "nb": "ikke en framdriftsfil fra kurset"},
    "unknown-version": {"en": "unknown version {version}", "nb": "ukjent versjon {version}"},
    "newer-version": {"en": "version {version} is newer than this course reads ({known})",
                      "nb": "versjon {version} er nyere enn kurset kan lese ({known})"},
    "checksum": {"en": "checksum does not match: the file was changed outside the course",
                 "nb": "kontrollsummen stemmer ikke: filen er endret utenfor kurset"},
    "invalid": {"en": "invalid at {place}: {message}",
                "nb": "ugyldig verdi ved {place} ({message_nb})"},
    "wrong-module": {"en": "belongs to module {found}, not {expected}",
                     "nb": "hører til modul {found}, ikke {expected}"},
    "not-regular-file": {"en": "not a regular file ({kind})", "nb": "ikke en vanlig fil ({kind_nb})"},
    "refused-at-handin": {"en": "{name}: not a regular file ({kind})", "nb": "{name}: ikke en vanlig fil ({kind_nb})"},
    "changed-while-read": {"en": "changed while it was being read; try again",
                           "nb": "filen ble endret mens den ble lest; prøv igjen"},
}


#: what a file that is not a regular file is (:func:`mangfold.progress.store.file_kind`), in bokmål
FILE_KINDS_NB: dict[str, str] = {
    "a symbolic link": "en symbolsk lenke", "a folder": "en mappe", "a FIFO": "et navngitt rør (FIFO)",
    "a device": "en enhetsfil", "a socket": "en socket", "a socket or device": "en socket eller enhetsfil",
    "not a file this course knows": "en filtype kurset ikke kjenner",
}


#: pydantic's error types in bokmål (its English message is used for the others).
VALIDATION_NB: dict[str, str] = {
    "string_type": "skal være tekst", "list_type": "skal være en liste", "dict_type": "skal være en tabell",
    "model_type": "skal være en tabell", "model_attributes_type": "skal være en tabell",
    "int_type": "skal være et heltall", "int_parsing": "skal være et heltall", "int_from_float": "skal være et heltall",
    "bool_type": "skal være sann eller usann", "missing": "mangler", "extra_forbidden": "hører ikke hjemme her",
    "literal_error": "er ikke en av de tillatte verdiene", "string_too_long": "er for lang",
    "too_long": "har for mange elementer", "greater_than_equal": "er for lite", "less_than_equal": "er for stort",
    "string_pattern_mismatch": "har feil form",
}


def validation_nb(error_type: str, english: str) -> str:
    """A pydantic error's message in bokmål, or its English message when it has no translation here."""
    return VALIDATION_NB.get(error_type, english)


def reason_text(code: str, language: str, **values: object) -> str:
    """The sentence for ``code`` in ``language`` (English for a language the course does not have)."""
    templates = REASONS[code]
    return templates.get(language, templates["en"]).format(**values)  # type: ignore[call-overload]


def bilingual(code: str, **values: object) -> str:
    """Both languages in one line, bokmål first, for the trainer's reports and formgrader."""
    nb, en = reason_text(code, "nb", **values), reason_text(code, "en", **values)
    return en if nb == en else f"{nb} / {en}"
