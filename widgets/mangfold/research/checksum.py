"""Norwegian identity numbers (fødselsnummer, D-nummer): the two mod-11 control digits and the date part.

Kept apart from the regexes so the corpus generator makes valid numbers with the very rule the
scrubber checks them with, and so the rule is tested on its own.
"""

from __future__ import annotations

_WEIGHTS_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _control(digits: str, weights: tuple[int, ...]) -> int | None:
    """One control digit, or None where mod 11 gives 10: no number is issued with such a base."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    control = (11 - remainder) % 11
    return None if control == 10 else control


def control_digits(first_nine: str) -> str | None:
    """The two control digits for nine digits DDMMYYIII, or None when that base cannot be issued."""
    k1 = _control(first_nine, _WEIGHTS_K1)
    if k1 is None:
        return None
    k2 = _control(first_nine + str(k1), _WEIGHTS_K2)
    return None if k2 is None else f"{k1}{k2}"


def checksum_ok(number: str) -> bool:
    """True when 11 digits carry the right control digits."""
    return len(number) == 11 and number.isdigit() and control_digits(number[:9]) == number[9:]


def classify(number: str) -> str:
    """``"fnr"``, ``"dnr"`` or ``"other"`` for 11 digits.

    A D-nummer has 40 added to the day (41-71). Months may carry +40 (H-nummer) or +80 (Skatteetaten's
    synthetic test numbers); both are still someone's, or something posing as someone's, identity number.
    """
    if not checksum_ok(number):
        return "other"
    day, month = int(number[0:2]), int(number[2:4]) % 40
    if not 1 <= month <= 12:
        return "other"
    if 1 <= day <= 31:
        return "fnr"
    if 41 <= day <= 71:
        return "dnr"
    return "other"
