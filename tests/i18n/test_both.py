"""``i18n.both``: the one way a message is given in bokmål and English at once, as trainers read it."""

from __future__ import annotations

from mangfold import i18n
from mangfold.progress.reasons import bilingual


def test_both_gives_bokmal_then_english_and_a_text_the_same_in_both_once() -> None:
    assert i18n.both("grading.untrusted", reason="x") == (
        "framdriftsfilen kan ikke brukes: x / the progress file cannot be trusted: x")
    assert i18n.both("grading.ok") == "OK"


def test_both_keeps_the_order_and_the_separator_a_message_has_always_had() -> None:
    assert i18n.both("grading.not-answered", order=("en", "nb")) == "not answered / ikke besvart"
    assert i18n.both("cli.error", between="/") == "FEIL/ERROR"
    assert i18n.both("server.not-found", between="\n", status=404, home="/voila") == (
        "404: Denne adressen finnes ikke på kursserveren. Kurset begynner på /voila\n"
        "404: This address does not exist on the course server. The course starts at /voila")


def test_both_puts_word_values_into_each_language_and_the_reasons_use_it() -> None:
    shown = i18n.both("grading.untrusted", in_language=lambda language, _values: {"reason": language})
    assert shown == "framdriftsfilen kan ikke brukes: nb / the progress file cannot be trusted: en"
    assert bilingual("not-regular-file", kind="a symbolic link") == (
        "ikke en vanlig fil (en symbolsk lenke) / not a regular file (a symbolic link)")
