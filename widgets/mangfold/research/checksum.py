"""Norwegian identity numbers (fødselsnummer, D-nummer): which kind an 11-digit number is, by python-stdnum.

python-stdnum's ``stdnum.no.fodselsnummer`` holds the rule (the two mod-11 control digits, the date
part with D-nummer's +40 on the day and H-nummer's +40 on the month, the century read from the
individual number, no birth date in the future), so the scrubber does not keep a copy of it. This
module only names the kinds the scrubber marks, and gives the corpus generator the control digits.
"""

from __future__ import annotations

from ..extras import require

#: python-stdnum is the research extra's; without it the export says which extra to install
_fodselsnummer = require("stdnum.no.fodselsnummer", "research", "mangfold research")


def control_digits(first_nine: str) -> str | None:
    """The two control digits for nine digits DDMMYYIII, or None when that base cannot be issued.

    A base whose mod-11 control digit would be 10 is never issued; stdnum then gives "10".
    """
    first = _fodselsnummer.calc_check_digit1(first_nine)
    if len(first) != 1:
        return None
    second = _fodselsnummer.calc_check_digit2(first_nine + first)
    return None if len(second) != 1 else first + second


def checksum_ok(number: str) -> bool:
    """True when 11 digits carry the right control digits (whatever their date part says)."""
    return len(number) == 11 and number.isdigit() and control_digits(number[:9]) == number[9:]


def classify(number: str) -> str:
    """``"fnr"``, ``"dnr"`` or ``"other"`` for 11 digits.

    A number stdnum accepts is a D-nummer when 40 is added to its day (41-71), else a fødselsnummer
    (H-numbers, +40 on the month, included). Anything else that has the shape, a wrong checksum or an
    impossible date, is "other": the scrubber still removes it, as a personnummer.
    """
    if not _fodselsnummer.is_valid(number):
        return "other"
    return "dnr" if int(number[0:2]) > 40 else "fnr"
