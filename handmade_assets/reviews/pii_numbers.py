"""Numbers that identify a person: phone numbers, IBANs and payment cards, validated, not guessed.

- Phones: Google's libphonenumber (the `phonenumbers` port, the same check Presidio's
  PhoneRecognizer runs) for the numbering plans of the countries we sell in, at its VALID
  leniency, so "612 345 678" (a Spanish mobile) is found and "3390-12" is not.
- IBANs: the country's length and the ISO 7064 mod-97 check digits, written with or without
  spaces; a random string passes by chance about once in 97.
- Payment cards: 13 to 19 digits with an issuer prefix and the Luhn check.
"""

from __future__ import annotations

import re

# Numbering plans tried for numbers written without a country code (not Luxembourg: its
# short numbers without a trunk prefix take years and article numbers: "2019-2020", "4711-0815").
PHONE_REGIONS = ("GB", "US", "DE", "FR", "ES", "IT", "AT", "CH", "BE", "NL", "IE", "PT")
MIN_PHONE_DIGITS = 7
# A number right after one of these words is a product, order or catalogue number.
_PRODUCT_CODE_BEFORE = re.compile(
    r"(?i:\b(?:sku|art|artikel\w*|bestell\w*|auftrag\w*|rechnung\w*|kunden\w*|item|no|nr|n°|nº"
    r"|ref|réf|rif|cod|codice|código|order|commande|pedido|ordine|isbn|ean|gtin|upc|lot|batch"
    r"|model|modell|modèle|modelo|modello|size|gr(?:ö|oe)(?:ss|ß)e|taille|talla|taglia)\b\.?"
    r"(?:[ \t]*(?:-?nr|no|number|nummer|numéro|número|numero)\b\.?)?)\s*(?:[#:.]|n[°º.])?\s*$"
    r"|#\s*$"
)
_DATE = re.compile(r"^\s*(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})\s*$")

# IBAN length per country (ISO 13616 registry): Europe and the usual non-European ones.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30,
    "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29,
    "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
# Country code, check digits, then groups of letters and digits, in fours or run together.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ \u00a0-]?[A-Z0-9]){10,30}\b")
_CARD = re.compile(r"(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])")


# Candidates the matcher tries per region: a real text holds a handful; a page of digit groups
# would otherwise cost seconds.
MAX_PHONE_CANDIDATES = 200


def phone_spans(text: str) -> list[tuple[int, int]]:
    if sum(ch.isdigit() for ch in text) < MIN_PHONE_DIGITS:
        return []
    import phonenumbers

    spans: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID,
                                                     max_tries=MAX_PHONE_CANDIDATES):
            if _acceptable(text, match.start, match.end):
                spans.add((match.start, match.end))
    return sorted(spans)


def _acceptable(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    if sum(ch.isdigit() for ch in raw) < MIN_PHONE_DIGITS or _DATE.match(raw):
        return False
    if "/" in raw and raw[0] not in "+0(":
        return False  # "Gildan 18000/18500": two model numbers, not a number with area code
    return not _PRODUCT_CODE_BEFORE.search(text[max(0, start - 24):start])


def iban_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _IBAN.finditer(text):
        found = _longest_valid_iban(match.group())
        if found:
            spans.append((match.start(), match.start() + found))
    return spans


def _longest_valid_iban(candidate: str) -> int | None:
    """Length of the longest prefix of `candidate` that is a valid IBAN (the pattern may run on
    into the words after it: 'DE89 3704 0044 0532 0130 00 BIC ...')."""
    length = IBAN_LENGTHS.get(candidate[:2])
    if length is None:
        return None
    compact, ends = "", []
    for index, ch in enumerate(candidate):
        if ch.isalnum():
            compact += ch
            ends.append(index + 1)
        if len(compact) == length:
            return ends[-1] if iban_is_valid(compact) else None
    return None


def iban_is_valid(compact: str) -> bool:
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def card_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _card_prefix(digits) and _luhn(digits):
            spans.append(match.span())
    return spans


def _card_prefix(digits: str) -> bool:
    return bool(re.match(r"4|5[1-5]|2[2-7]|3[47]|6(?:011|5)|35", digits))


def _luhn(digits: str) -> bool:
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
