"""Norwegian identity numbers in every way people write them: "01019012345", "010190 12345", "010190 123 45",
"010190-12345", "01.01.90 12345", "01 01 90 123 45".

Eleven digits in the shape of a date and a personal number, whatever their grouping, are removed:
python-stdnum (``checksum``) says whether they are a fødselsnummer, a D-nummer or neither (a wrong
control digit or an impossible date is still removed, as a personnummer). The date part's groups must
use one separator throughout, so a date followed by a number ("24.03.2024 12345") is not read as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import checksum
from .hits import DNR, FNR, PNR, Hit

#: DD MM YY, one separator (or none) between the three; then the 3-digit individual number and 2 controls
IDENTITY = re.compile(
    r"(?<!\d)\d\d(?P<date>[. \u00a0]?)\d\d(?P=date)\d\d[ \u00a0.\-]?\d{3}[ \u00a0]?\d\d(?!\d)"
)
_NOT_DIGITS = dict.fromkeys(map(ord, " \u00a0.-"))


def kind_of(number: str) -> str:
    """The hit kind of an identity number as written (separators are ignored)."""
    kind = checksum.classify(number.translate(_NOT_DIGITS))
    return {"fnr": FNR, "dnr": DNR}.get(kind, PNR)


def find_identity_numbers(text: str, offset: int = 0) -> Iterator[Hit]:
    """Every identity number in ``text``, each as its kind; ``offset`` is added to the spans (``text`` may be
    a run of digits cut from a longer text)."""
    for match in IDENTITY.finditer(text):
        yield Hit(kind_of(match.group()), match.start() + offset, match.end() + offset)
