"""Phone numbers read in the shop's region: one display form, one set of digits to match."""

from __future__ import annotations

import pytest

from app.phones import Phone, normalise_phone, portable_phone, shown_phone


@pytest.mark.parametrize(
    "raw",
    ["(201) 555-0123", "201.555.0123", "201-555-0123", "+1 201 555 0123", " 2015550123 "],
)
def test_a_home_number_is_one_number_however_it_was_typed(raw: str) -> None:
    assert normalise_phone(raw, "US") == Phone("(201) 555-0123", "12015550123")


def test_a_foreign_number_is_shown_internationally() -> None:
    assert normalise_phone("+44 20 7946 0958", "US") == Phone("+44 20 7946 0958", "442079460958")


def test_the_region_decides_how_a_number_without_country_code_is_read() -> None:
    assert normalise_phone("020 7946 0958", "GB") == Phone("020 7946 0958", "442079460958")
    assert normalise_phone("020 7946 0958", "gb").digits == "442079460958"


def test_the_default_region_is_the_us() -> None:
    assert normalise_phone("(415) 555-2671").digits == "14155552671"


def test_an_extension_stays_visible_but_not_in_the_digits() -> None:
    phone = normalise_phone("415 555 2671 ext 12", "US")
    assert phone.digits == "14155552671"
    assert phone.display.endswith("ext. 12")


def test_blank_is_no_number() -> None:
    assert normalise_phone("   ", "US") == Phone("", "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("555-0123", Phone("555-0123", "5550123")),
        ("12", Phone("12", "12")),
        ("ask at  the counter", Phone("ask at the counter", "")),
    ],
)
def test_what_the_plan_does_not_know_is_kept_as_written(raw: str, expected: Phone) -> None:
    assert normalise_phone(raw, "US") == expected


def test_an_unknown_region_keeps_the_number_as_written() -> None:
    assert normalise_phone("020 7946 0958", "XX") == Phone("020 7946 0958", "02079460958")


@pytest.mark.parametrize(
    ("written", "digits", "region", "shown"),
    [
        ("(518) 259-8133", "15182598133", "US", "(518) 259-8133"),
        ("518.259.8133", "15182598133", "US", "(518) 259-8133"),
        ("(518) 259-8133", "15182598133", "DE", "+1 518-259-8133"),
        ("+49 30 123456", "4930123456", "DE", "030 123456"),
        ("020 7946 0958", "442079460958", "US", "+44 20 7946 0958"),
        ("415 555 2671 ext. 12", "14155552671", "DE", "+1 415-555-2671 ext. 12"),
    ],
)
def test_a_stored_number_keeps_its_country_whatever_the_shop_region(
    written: str, digits: str, region: str, shown: str
) -> None:
    assert shown_phone(written, digits, region) == shown


@pytest.mark.parametrize(
    ("written", "digits"),
    [("555-0123", "5550123"), ("ask at the counter", ""), ("12", "12")],
)
def test_a_number_stored_as_written_is_shown_as_written(written: str, digits: str) -> None:
    assert shown_phone(written, digits, "DE") == written


@pytest.mark.parametrize(
    ("written", "digits", "region", "exported"),
    [
        ("518.259.8133", "15182598133", "US", "518.259.8133"),
        ("(518) 259-8133", "15182598133", "DE", "+1 518-259-8133"),
        ("+44 20 7946 0958", "442079460958", "DE", "+44 20 7946 0958"),
        ("555-0123", "5550123", "DE", "555-0123"),
    ],
)
def test_an_export_writes_numbers_that_read_back_the_same_in_the_shop_region(
    written: str, digits: str, region: str, exported: str
) -> None:
    assert portable_phone(written, digits, region) == exported
    if exported.startswith("+"):
        assert normalise_phone(exported, region).digits == digits


def test_a_number_the_plan_does_not_know_keeps_the_trunk_0_it_was_typed_with() -> None:
    """A German mobile a digit short is possible, not valid: the plan would spell it
    without its 0 ("1512345678"); it is shown as typed, found by its full digits."""
    short = normalise_phone("0151 2345678", "DE")
    assert short == Phone("0151 2345678", "491512345678")
    assert shown_phone(short.display, short.digits, "DE") == "0151 2345678"
    assert normalise_phone("0151 23456789", "DE").display == "01512 3456789"  # known: spelled
