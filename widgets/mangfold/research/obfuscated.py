"""E-mail addresses written so that machines would not read them: "kari.berg at etat.no", "kari (at) etat dot no",
"kari.berg [at] etat.no", "kari.berg @ etat.no", "kari.berg krøllalfa etat punktum no".

People write an address this way in a reflection to keep it from spam, which is no protection here.
The "at" is found first (a literal scan), and only then are the address's two halves read around it;
the domain must end in a top-level domain people use, and a bare "at" (also an English preposition
and the bokmål "that") counts only after a local part with a dot, digit or sign in it, which a word
before "at" in a sentence does not have ("look at firma.no" is a web address, not an e-mail).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .hits import EMAIL, Hit

_TLDS = "no|com|org|net|io|se|dk|fi|uk|de|eu|info|edu|gov|as"
_SP = r"[ \u00a0]"
#: the "at": in brackets (always), a bare word (English, bokmål's "krøllalfa", Swedish "snabel-a"), or a
#: real "@" with a space beside it
_AT = re.compile(
    rf"{_SP}?[(\[{{<]{_SP}?(?:at|a|@|alfa|krøllalfa){_SP}?[)\]}}>]{_SP}?"
    rf"|{_SP}(?:at|AT|krøllalfa|alfakrøll|snabel-a){_SP}"
    rf"|{_SP}@{_SP}?|@{_SP}"
)
_BRACKETED = re.compile(r"[(\[{<]")
_DOT = rf"(?:\.|{_SP}?[(\[{{<]{_SP}?(?:dot|punktum|prikk){_SP}?[)\]}}>]{_SP}?|{_SP}(?:dot|punktum|prikk){_SP})"
_DOMAIN = re.compile(rf"[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,4}}?{_DOT}(?:{_TLDS})(?![\w-])", re.IGNORECASE)
_LOCAL = re.compile(rf"(?<![\w.%+-])[\w%+-]{{1,64}}(?:{_DOT}[\w%+-]{{1,64}}){{0,4}}$", re.IGNORECASE)
_SIGNED = re.compile(r"[._%+\d-]|(?i:(?:^|[ (\[{<])(?:dot|punktum|prikk)[ )\]}>])")
_HINT = re.compile(r"(?i)[ (\[{<](?:at|@|krøllalfa|alfakrøll|snabel-a)[ )\]}>]")
_TLD_HINT = re.compile(rf"\.(?:{_TLDS})(?![\w-])", re.IGNORECASE)


def _may_hold_one(text: str) -> bool:
    """Cheap scans (in C) for the two halves' telltales: a top-level domain after a dot, in signs or in words,
    and a way of writing the "at". Most reflections have neither an address nor a domain."""
    if _TLD_HINT.search(text) is None and not any(dot in text for dot in ("dot", "DOT", "punktum", "prikk")):
        return False
    return _HINT.search(text) is not None


def find_obfuscated_emails(text: str) -> Iterator[Hit]:
    """E-mail addresses in ``text`` whose "@" or dots are written in words or brackets (or spaced)."""
    if not _may_hold_one(text):
        return
    for at in _AT.finditer(text):
        domain = _DOMAIN.match(text, at.end())
        if domain is None:
            continue
        local = _LOCAL.search(text, max(0, at.start() - 120), at.start())
        if local is None:
            continue
        bare = _BRACKETED.search(at.group()) is None and "@" not in at.group()
        if bare and _SIGNED.search(local.group()) is None:
            continue
        yield Hit(EMAIL, local.start(), domain.end())
