"""Phone numbers as the shop writes them, and as digits that match however they were typed.

Tills export "(555) 123-4567", "555.123.4567" and "+1 555 123 4567" for the same person;
matching and the register's phone-fragment search need one spelling. ``phonenumbers``
(Google's libphonenumber) knows every country's plan, so a number is read in the shop's
own region and kept both as a readable display form and as E.164 digits.
"""

from __future__ import annotations

from typing import NamedTuple

import phonenumbers

from app.settings import load_settings

DEFAULT_REGION = "US"


class Phone(NamedTuple):
    """A number as shown to people and as the digits everything else compares."""

    display: str
    digits: str


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> Phone:
    """Read ``raw`` as dialled in ``region``; a number the plan does not know is kept as
    written (with its bare digits), because a shop's odd number is still its customer's."""
    text = " ".join(raw.split())
    if not text:
        return Phone("", "")
    region = region.strip().upper()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return Phone(text, bare_digits(text))
    if phonenumbers.is_possible_number_with_reason(number) != (
        phonenumbers.ValidationResult.IS_POSSIBLE
    ):
        return Phone(text, bare_digits(text))
    home = number.country_code == phonenumbers.country_code_for_region(region)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else (phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(phonenumbers.format_number(number, style), e164.lstrip("+"))


def shop_region() -> str:
    """The region numbers without a country code are read in: the shop's ``country``."""
    return load_settings().country


def bare_digits(text: str) -> str:
    """The digits of ``text`` and nothing else: whether a number was given at all, and
    how a number the numbering plan does not know is still matched."""
    return "".join(ch for ch in text if "0" <= ch <= "9")
