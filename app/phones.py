"""Phone numbers as the shop writes them, and as digits that match however they were typed.

Tills export "(555) 123-4567", "555.123.4567" and "+1 555 123 4567" for the same person;
matching and the register's phone-fragment search need one spelling. ``phonenumbers``
(Google's libphonenumber) knows every country's plan, so a number is read in the shop's
own region and kept both as a readable display form and as E.164 digits.

The E.164 digits are what a number means; the display form was written in the region the
shop had then. So a number is shown from its digits (``shown_phone``): a change of the
shop's country changes how it is spelled, never which telephone it rings.
"""

from __future__ import annotations

from typing import NamedTuple

import phonenumbers

from app.phone_digits import bare_digits
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
    spelled = _spelled(number, region)
    if _lost_trunk(text, spelled, number, region):
        return Phone(text, _e164_digits(number))
    return Phone(spelled, _e164_digits(number))


def _lost_trunk(typed: str, spelled: str, number: phonenumbers.PhoneNumber, region: str) -> bool:
    """Whether the plan's spelling of a number it does not know (possible, not valid: a
    digit short, say) drops the trunk prefix it was typed with ("0151 2345678" spelled
    "1512345678" in Germany): such a number is shown as typed."""
    if phonenumbers.is_valid_number(number):
        return False
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = (metadata.national_prefix if metadata is not None else None) or ""
    return (
        bool(trunk)
        and bare_digits(typed).startswith(trunk)
        and not bare_digits(spelled).startswith(trunk)
    )


def shown_phone(written: str, digits: str | None, region: str) -> str:
    """A stored number as the shop in ``region`` reads it: national when it is a home
    number, international otherwise. ``written`` was spelled in the region the shop had
    when it was saved; its meaning is ``digits`` (E.164), so it is re-read in the
    region of its own country code, and kept as written when that does not give the
    same digits (a number the plan did not know, stored as typed)."""
    if not digits:
        return written
    try:
        country = phonenumbers.parse(f"+{digits}").country_code or 0
        number = phonenumbers.parse(written, phonenumbers.region_code_for_country_code(country))
    except phonenumbers.NumberParseException:
        return written
    if _e164_digits(number) != digits:
        return written
    spelled = _spelled(number, region.strip().upper())
    return written if _lost_trunk(written, spelled, number, region.strip().upper()) else spelled


def portable_phone(written: str, digits: str | None, region: str) -> str:
    """A stored number as an export writes it, so that reading the file in ``region``
    rings the same telephone: as written when it is international or of the shop's own
    country (most numbers; no parsing, so a whole shop exports fast), else as
    ``shown_phone`` spells it."""
    home = str(phonenumbers.country_code_for_region(region.strip().upper()))
    if written.startswith("+") or (digits or "").startswith(home):
        return written
    return shown_phone(written, digits, region)


def _spelled(number: phonenumbers.PhoneNumber, region: str) -> str:
    home = number.country_code == phonenumbers.country_code_for_region(region)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def _e164_digits(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


def shop_region() -> str:
    """The region numbers without a country code are read in: the shop's ``country``."""
    return load_settings().country
