"""Recognisers for personal data with a shape: identity numbers, phones, e-mail, URLs, addresses, postal codes.

Cheap regexes read a reflection in C and find the few candidates; the judgements a regex cannot
make are made in Python on those candidates only, with the field's libraries where one exists:
phonenumbers says whether a run of digits is a telephone number (Norwegian, or any country's when
written with +/00 and a country code), python-stdnum whether 11 digits are a fødselsnummer or a
D-nummer (``checksum``). Every repetition that could start over at each position of a hostile input
is anchored by a look-behind and bounded, so a megabyte of digits or letters is read in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extras import require
from .context import previous_word
from .hits import ADDRESS, EMAIL, PHONE, POSTCODE, URL, Hit
from .identity import IDENTITY, find_identity_numbers
from .obfuscated import find_obfuscated_emails


def _upper_class() -> str:
    """A regex class of the upper-case Latin letters (``re`` has no ``\\p{Lu}``): Ø, Å, Ł, Ş and Đ included."""
    chars = [c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper()]
    return "[" + "".join(re.escape(c) for c in chars) + "]"


#: Faker's street words are the research extra's; without it the export says which extra to install
_EnglishAddresses = require("faker.providers.address.en_US", "research", "mangfold research").Provider
_NorwegianAddresses = require("faker.providers.address.no_NO", "research", "mangfold research").Provider
_BritishAddresses = require("faker.providers.address.en_GB", "research", "mangfold research").Provider
#: phonenumbers (Google's libphonenumber) knows every country's numbering plan; the research extra's too
phonenumbers = require("phonenumbers", "research", "mangfold research")
UPPER = _upper_class()
#: a capitalised word; the bound keeps backtracking short on a hostile run of letters
CAP_WORD = rf"{UPPER}[^\W\d_]{{0,30}}(?:-{UPPER}?[^\W\d_]{{1,30}})?"

#: Norwegian street words written together with the name ("Storgata", "Solbakken"), Faker's among them
_NB_SUFFIXES = sorted(
    {*_NorwegianAddresses.street_suffixes, "gata", "gate", "gaten", "veien", "vegen", "vei", "veg", "allé", "alle",
     "plass", "torg", "torget", "kaia", "brygga", "bryggen", "stien", "tunet", "svingen", "løkka", "lia", "haugen"},
    key=len, reverse=True,
)
_NB_SUFFIX_TUPLE = tuple(_NB_SUFFIXES)
#: Norwegian street words written apart ("Kongens gate", "Carl Berners plass")
_NB_SEPARATE = ("gate", "gata", "vei", "veien", "veg", "vegen", "allé", "plass", "torg", "terrasse", "brygge", "kai")
_EN_SUFFIXES = sorted(
    {*_EnglishAddresses.street_suffixes, *_BritishAddresses.street_suffixes, "Close", "Terrace", "Crescent"},
    key=len,
    reverse=True,
)
#: abbreviated street words, which may carry a full stop ("Baker St.")
_EN_ABBREVIATIONS = ("Blvd", "Ave", "St", "Rd", "Dr", "Ln", "Sq")
#: towns a bare "NNNN Town" is a postal code beside; elsewhere a 4-digit number needs an address or a keyword
TOWNS = (
    "Oslo", "Bergen", "Trondheim", "Stavanger", "Drammen", "Fredrikstad", "Kristiansand", "Sandnes", "Tromsø",
    "Sarpsborg", "Skien", "Ålesund", "Sandefjord", "Haugesund", "Tønsberg", "Moss", "Porsgrunn", "Bodø", "Arendal",
    "Hamar", "Larvik", "Halden", "Lillehammer", "Molde", "Harstad", "Gjøvik", "Kongsberg", "Horten", "Jessheim",
    "Lillestrøm", "Askim", "Mo i Rana", "Kristiansund", "Elverum", "Ski", "Steinkjer", "Grimstad", "Narvik",
    "Alta", "Hønefoss", "Levanger", "Førde", "Bryne", "Kongsvinger", "Egersund", "Stjørdal", "Namsos",
    "Hammerfest", "Vadsø", "Kirkenes", "Notodden", "Florø", "Voss", "Stord", "Leirvik", "Lysaker", "Sandvika",
    "Asker", "Bærum", "Nesttun", "Fyllingsdalen", "Ås", "Os", "Otta", "Røros", "Sogndal", "Orkanger",
)
_YEAR_WORDS = re.compile(
    r"(?:\b(?:i|in|år|året|fra|from|since|siden|til|to|innen|by|høsten|våren|sommeren|vinteren)\s*)$", re.IGNORECASE
)
_AMOUNT_BEFORE = re.compile(r"(?:\b(?:kr|nok|usd|eur|sek|dkk)\.?|[$€£])\s*$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"^\s*(?:kr\b|kroner|nok\b|,-|euro|dollar)", re.IGNORECASE)


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


_SP = r"[ \u00a0]"
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[^\W\d_]{2,24}(?![\w-])")
_TLDS = "no|com|org|net|io|se|dk|eu|uk|info"
#: literal-led, so ``re`` skips to candidates in C; the full URL regex runs only when this finds one
_URL_HINT = re.compile(rf"https?://|www\.|\.(?:{_TLDS})(?![\w-])")
_URL_END = r"[^\s<>\"'«»]*[^\s<>\"'«».,;:!?)\]]"
_URL = re.compile(
    rf"(?:https?://|(?<![\w.@-])www\.){_URL_END}"
    rf"|(?<![\w.@/-])(?:[A-Za-z0-9-]{{1,63}}\.){{1,4}}(?:{_TLDS})(?![\w-])(?:/{_URL_END})?"
)
#: digits grouped by single spaces: the unit every number-shaped recogniser below judges as a whole,
#: so "12 34 56 78 90" is not a phone and a 100,000-digit run is one cluster, read once
_CLUSTER = re.compile(r"[+\d]\d*(?:[ \u00a0]\d+)*")
#: where a telephone number may be: a run of digits and the separators numbers are written with, led
#: by an optional "+", "(" or "(+". The class of separators holds no digit, so the run is read in linear time.
_PHONE_CANDIDATE = re.compile(r"(?:\(?\+|\()?\d(?:[ \u00a0()./\-\u2010-\u2015]{0,3}\d)*")
#: the written forms of an international number: "+44 ...", "(+46) ...", "0046 ..." (00 is Norway's exit code)
_INTERNATIONAL = re.compile(r"\(?(?:\+|00)")
#: how a Norwegian number is written without a country code: digits in groups split by spaces
#: ("41234567", "412 34 567"), or in Norway's own groups split by dashes or dots ("41-23-45-67",
#: "412.34.567", "4123-4567"); a date ("24.03.2024", "2024-03-24") or an amount ("12.500.000") has
#: other groups, and a range of years ("2019-2024") is told apart as years
_NATIONAL_WRITING = re.compile(r"\d+(?:[ \u00a0]\d+)*")
_NATIONAL_GROUPED = re.compile(
    r"\d{2}(?P<s>[-.])\d{2}(?P=s)\d{2}(?P=s)\d{2}|\d{3}(?P<t>[-.])\d{2}(?P=t)\d{3}|\d{4}[-.]\d{4}"
)
#: "1 250 000", "12 500 000": groups of three after the first, the last "000", read as an amount, not a phone
#: ("50 897 912" is a phone written 2-3-3; an amount of that shape has a currency word beside it)
_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})*[ \u00a0]000")
#: a Norwegian number has 8 digits; a number with a country code has at least 7 (Niue's "+683 1234")
_NATIONAL_DIGITS = 8
_IDENTITY_DIGITS = 11
#: the first digit of a Norwegian subscriber number (0 and 1 start no 8-digit number)
_NATIONAL_FIRST = frozenset("23456789")
_INTERNATIONAL_DIGITS = 7
#: ``str.translate`` table that leaves only the digits of a phone candidate (counted in C)
_ONLY_DIGITS = dict.fromkeys(map(ord, "+() ./-\u00a0\u2010\u2011\u2012\u2013\u2014\u2015"))
_HOUSE_NUMBER = re.compile(rf"\d{{1,4}}(?:{_SP}(?P<post>\d{{4}}))?")
_HOUSE_LETTER = re.compile(r"[ ]?[A-Za-z](?![^\W_])")
_NB_STREET_BEFORE = re.compile(
    rf"(?<![^\W_])(?:(?:{CAP_WORD}{_SP}){{0,2}}{UPPER}[^\W\d_]{{0,30}}?(?:{_alternatives(_NB_SUFFIXES)})"
    rf"|(?:{CAP_WORD}{_SP}){{1,3}}(?:{_alternatives(list(_NB_SEPARATE))})){_SP}$"
)
_EN_ADDRESS = re.compile(
    rf"\d{{1,5}}[A-Za-z]?[ \u00a0\n](?:{CAP_WORD}{_SP}){{1,3}}?"
    rf"(?:(?:{_alternatives(_EN_SUFFIXES)})|(?:{_alternatives(list(_EN_ABBREVIATIONS))})\.?)(?![^\W_])"
    rf"(?:,?{_SP}(?:Apt\.|Suite|Unit|Flat){_SP}\d{{1,5}})?"
)
#: a street written in lower case ("storgata 12", "kongens gate 5"): one word with a street ending, or one
#: word before a separate street word; only where the number ends the address (``_LOWER_HOUSE_END``)
_NOT_STREET = r"(?!(?:i|på|til|fra|med|ved|hos|bor|og|in|at|to|on|the|from|moved|lives|av|om|nå)[ \u00a0])"
_LOWER_WORD = r"[^\W\d_]{2,30}"
_NB_STREET_LOWER = re.compile(
    rf"(?<![^\W_]){_NOT_STREET}(?:(?:{_LOWER_WORD}{_SP}{_NOT_STREET}){{0,2}}[^\W\d_]{{1,30}}?"
    rf"(?:{_alternatives(_NB_SUFFIXES)})"
    rf"|(?:{_LOWER_WORD}{_SP}{_NOT_STREET}){{0,2}}{_LOWER_WORD}{_SP}(?:{_alternatives(list(_NB_SEPARATE))})){_SP}$"
)
#: after the number of a lower-case street: a letter, then the end of the clause or a postal code
_LOWER_HOUSE_END = re.compile(rf"(?:{_SP}?[A-Za-z])?(?:[,.;:!?)»\"]|$|{_SP}\d{{4}}(?!\d))")
#: "12, |0155 oslo": the comma after a house number, before a postal code whose town may be in lower case
_AFTER_HOUSE_NUMBER = re.compile(rf"(?<![\d,.])\d{{1,4}}(?:{_SP}?[A-Za-z])?,{_SP}$")
_LOWER_TOWN_AFTER = re.compile(rf"{_SP}[^\W\d_]{{2,30}}(?:{_SP}i{_SP}[^\W\d_]{{2,30}})?")
_SPACE_CAP = re.compile(rf"[ \u00a0\n]{UPPER}")
#: what a British address may open with, on the line before the street ("Flat 3\nBailey Wells")
_EN_FLAT_BEFORE = re.compile(rf"(?:Flat|Studio|Apartment|Apt\.?|Unit|Suite){_SP}$")
_TOWN_AFTER = re.compile(rf"{_SP}(?:{CAP_WORD})(?:{_SP}{CAP_WORD})?")
_KNOWN_TOWN_AFTER = re.compile(rf"{_SP}(?i:{_alternatives(list(TOWNS))})(?![^\W_])")
_POST_KEYWORD_BEFORE = re.compile(
    rf"(?i:postnummer|postnr\.?|post{_SP}?code|postal{_SP}code|zip{_SP}code|zip)[ :]*$"
)


def _is_amount_or_years(text: str, start: int, end: int) -> bool:
    """A phone-shaped number that reads as money ("kr 12345678", "1 250 000") or two years ("2019 2020")."""
    digits = text[start:end]
    if len(digits) == 9 and digits[4] in " \u00a0-." and digits[:2] in ("19", "20") and digits[5:7] in ("19", "20"):
        return True
    if _THOUSANDS.fullmatch(digits):
        return True
    return bool(_AMOUNT_BEFORE.search(text, max(0, start - 6), start) or _AMOUNT_AFTER.match(text[end:end + 10]))


def _follows_year_word(text: str, start: int) -> bool:
    """"i 2024 Oslo", "since 2019 Bergen": a year before a town name, not a postal code."""
    return _YEAR_WORDS.search(text, max(0, start - 12), start) is not None


def _street_before(text: str, start: int) -> int | None:
    """Where a Norwegian street name ending just before ``start`` begins ("Storgata |12"), if there is one.

    The last word is checked with ``str.endswith`` first, so the regex runs only before real candidates.
    """
    word = previous_word(text, start)
    if not (word in _NB_SEPARATE or word.endswith(_NB_SUFFIX_TUPLE)):
        return None
    street = _NB_STREET_BEFORE.search(text, max(0, start - 100), start)
    if street is None and _LOWER_HOUSE_END.match(text, _number_end(text, start)):
        street = _NB_STREET_LOWER.search(text, max(0, start - 64), start)
    return street.start() if street else None


def _number_end(text: str, start: int) -> int:
    """Where the run of digits starting at ``start`` ends."""
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return end


def _is_phone(text: str, raw: str, start: int, end: int) -> bool:
    """Whether ``raw``, at ``text[start:end]``, a number phonenumbers finds possible, is one the scrubber removes.

    One with a country code is. One without is read as Norwegian, and is one only with Norway's 8
    digits, written the Norwegian way (spaces between groups, or its groups split by dashes or dots),
    and not money or two years.
    """
    if _INTERNATIONAL.match(raw):
        return True
    written = _NATIONAL_WRITING.fullmatch(raw) is not None or _NATIONAL_GROUPED.fullmatch(raw) is not None
    return (len(raw.translate(_ONLY_DIGITS)) == _NATIONAL_DIGITS and written
            and not _is_amount_or_years(text, start, end))


def _is_whole_international(span: str) -> bool:
    """Whether a run of digits led by "+", "(+" or "00" is, whole, a number phonenumbers finds possible.

    Most runs with a country code are exactly one number ("+44 20 7946 0958"); parsing the run is a
    fraction of what the matcher costs, which is kept for the rest (two numbers in one run, trailing digits).
    A Norwegian "+47" with 8 digits after it is one without asking.
    """
    if span.startswith(("+47", "(+47)", "0047")) and len(span.translate(_ONLY_DIGITS)) == _NATIONAL_DIGITS + 2:
        return True
    try:
        number = phonenumbers.parse(span, None if span.lstrip("(").startswith("+") else "NO")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(number)


def _phones_and_identity_numbers(text: str) -> Iterator[Hit]:
    """Telephone numbers, Norwegian and international, found by phonenumbers' matcher, and identity numbers.

    The matcher is pure Python, so it reads only the runs of digits that could hold a number (a cheap
    regex finds them, and counts their digits), never the whole reflection. Every way of writing an
    identity number is such a run too, so ``identity`` reads only the runs with eleven digits or more.
    """
    for candidate in _PHONE_CANDIDATE.finditer(text):
        span = candidate.group()
        if len(span) < _INTERNATIONAL_DIGITS:
            continue
        digits = len(span.translate(_ONLY_DIGITS))
        international = _INTERNATIONAL.match(span) is not None
        if digits < (_INTERNATIONAL_DIGITS if international else _NATIONAL_DIGITS):
            continue
        offset = candidate.start()
        if digits >= _IDENTITY_DIGITS and not international:
            yield from find_identity_numbers(span, offset)
            if IDENTITY.fullmatch(span):
                continue  # no 8-digit phone fits in an identity number
        if international and _is_whole_international(span):
            yield Hit(PHONE, offset, offset + len(span))  # a whole run with a country code: no search inside it
            continue
        if digits == _NATIONAL_DIGITS and not international and span[0] in _NATIONAL_FIRST:
            # the common case, a run of 8 digits without a country code, is judged without the matcher: read
            # as Norwegian, only the whole run can be a number (Norway's have 8 digits and start with 2-9)
            if _is_phone(text, span, offset, offset + len(span)):
                yield Hit(PHONE, offset, offset + len(span))
            continue
        for match in phonenumbers.PhoneNumberMatcher(span, "NO", leniency=phonenumbers.Leniency.POSSIBLE):
            start, end = offset + match.start, offset + match.end
            if _is_phone(text, match.raw_string, start, end):
                yield Hit(PHONE, start, end)


def _number_cluster(text: str, start: int, end: int) -> Iterator[Hit]:
    """What a cluster of digits is, judged as a whole and by the words right around it (phones apart)."""
    cluster = text[start:end]
    if cluster[0] == "+":
        return
    if IDENTITY.fullmatch(cluster):
        return  # an identity number (``identity``)
    if len(cluster.translate(_ONLY_DIGITS)) == _NATIONAL_DIGITS:
        return  # a phone's digits, or money or years: never a house number or postal code
    house = _HOUSE_NUMBER.fullmatch(cluster)
    if house and start and text[start - 1] in " \u00a0":
        street_start = _street_before(text, start)
        if street_start is not None:
            number_end = start + house.end(0) if house.group("post") is None else start + house.start("post") - 1
            letter = _HOUSE_LETTER.match(text, number_end) if house.group("post") is None else None
            yield Hit(ADDRESS, street_start, letter.end() if letter else number_end)
            if house.group("post"):
                town = _TOWN_AFTER.match(text, end)
                yield Hit(POSTCODE, start + house.start("post"), town.end() if town else end)
            return
    if len(cluster) <= 5 and (_SPACE_CAP.match(text, end) or _SPACE_CAP.match(text, end + 1)):
        english = _EN_ADDRESS.match(text, start)
        if english:
            flat = _EN_FLAT_BEFORE.search(text, max(0, start - 12), start)
            yield Hit(ADDRESS, flat.start() if flat else start, english.end())
            return
    if len(cluster) == 4:
        yield from _postcode(text, start, end)


def _postcode(text: str, start: int, end: int) -> Iterator[Hit]:
    """A 4-digit number is a postal code only in context: after a keyword, before a town, after an address."""
    before = text[max(0, start - 16):start].lower()
    if ("post" in before or "zip" in before) and _POST_KEYWORD_BEFORE.search(before):
        town = _TOWN_AFTER.match(text, end)
        yield Hit(POSTCODE, start, town.end() if town else end)
        return
    year = text[start:start + 2] in ("19", "20")
    known = _KNOWN_TOWN_AFTER.match(text, end)
    if known and not (year and _follows_year_word(text, start)):
        yield Hit(POSTCODE, start, known.end())
        return
    town = _TOWN_AFTER.match(text, end)
    after_comma = text[max(0, start - 2):start] in (", ", ",\u00a0")
    if town and after_comma and not (year and _follows_year_word(text, start)):
        yield Hit(POSTCODE, start, town.end())
        return
    if after_comma and _AFTER_HOUSE_NUMBER.search(text, max(0, start - 10), start):
        town = _LOWER_TOWN_AFTER.match(text, end)  # "storgata 12, 0155 oslo": the town in lower case too
        yield Hit(POSTCODE, start, town.end() if town else end)


def find_structured(text: str) -> Iterator[Hit]:
    """Every identity number, phone, e-mail, URL, address and postal code in ``text``.

    E-mail and URL regexes run only when a cheap literal scan finds an ``@`` or a web address's
    shape; everything with digits is judged cluster by cluster. Hits may overlap (a phone number
    inside a URL): the scrubber keeps the longer.
    """
    if "@" in text:
        for match in _EMAIL.finditer(text):
            yield Hit(EMAIL, *match.span())
    yield from find_obfuscated_emails(text)
    if _URL_HINT.search(text):
        for match in _URL.finditer(text):
            yield Hit(URL, *match.span())
    yield from _phones_and_identity_numbers(text)
    for match in _CLUSTER.finditer(text):
        start, end = match.span()
        if text[start] == "+" and end - start == 1:
            continue
        yield from _number_cluster(text, start, end)
