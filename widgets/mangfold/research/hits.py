"""What a recogniser reports, in one place, so recognisers and the scrubber agree on kinds and markers."""

from __future__ import annotations

from typing import NamedTuple

FNR = "FØDSELSNUMMER"
DNR = "D-NUMMER"
PNR = "PERSONNUMMER"
PHONE = "TELEFON"
EMAIL = "EPOST"
URL = "URL"
ADDRESS = "ADRESSE"
POSTCODE = "POSTNUMMER"
NAME = "NAVN"
ORG = "ORGANISASJON"

#: the text that replaces each kind of hit; the kind's name is kept in the marker so a researcher
#: still sees *what* was there ("‹NAVN› sa at ...") without seeing who
MARKERS: dict[str, str] = {
    kind: f"‹{kind}›" for kind in (FNR, DNR, PNR, PHONE, EMAIL, URL, ADDRESS, POSTCODE, NAME, ORG)
}

#: when two hits of equal length overlap, the more specific kind wins (lower is more specific):
#: an identity number or e-mail address says more about a person than a name-shaped word does
SPECIFICITY: dict[str, int] = {kind: rank for rank, kind in enumerate(MARKERS)}


class Hit(NamedTuple):
    """A span of the original text, ``text[start:end]``, recognised as personal data of ``kind``."""

    kind: str
    start: int
    end: int
