"""Cells as importers read them: dates, birthdays, money, quantities, emails, tags."""

from __future__ import annotations

from datetime import date

import pytest

from app.importing import values
from app.importing.records import Birthday


def test_dates_are_iso_only() -> None:
    assert values.iso_date("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(ValueError, match="not a date as YYYY-MM-DD"):
        values.iso_date("02/03/2024")
    with pytest.raises(ValueError, match="not a date as YYYY-MM-DD"):
        values.iso_date("20240229")
    with pytest.raises(ValueError, match="not a real date"):
        values.iso_date("2023-02-29")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-05-17", Birthday(5, 17, 1980)),
        ("--05-17", Birthday(5, 17)),
        ("05-17", Birthday(5, 17)),
        ("02-29", Birthday(2, 29)),
    ],
)
def test_birthdays_may_keep_their_year_to_themselves(text: str, expected: Birthday) -> None:
    assert values.birthday(text) == expected


@pytest.mark.parametrize("text", ["02-31", "1981-02-29", "13-01", "5-17", "May 17", "2999-05-17"])
def test_impossible_or_unreadable_birthdays_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=text):
        values.birthday(text)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("$1,299.00", 129900),
        ("1.234,50 €", 123450),
        ("USD 7.99", 799),
        ("£0.995", 100),
        ("12,5", 1250),
        ("1 234,50", 123450),
        ("-$5", -500),
        ("(5.00)", -500),
        ("1,234,567", 123456700),
    ],
)
def test_money_as_tills_print_it(text: str, cents: int) -> None:
    assert values.money_cents(text) == cents


@pytest.mark.parametrize("text", ["abc", "$", "12abc34", "1,2,3", "1.2.3,4,5", "9" * 40])
def test_money_that_is_not_money_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="amount"):
        values.money_cents(text)


def test_quantities() -> None:
    assert values.quantity("2") == 2.0
    assert values.quantity("0") == 0.0
    assert values.quantity("0.5") == 0.5
    with pytest.raises(ValueError, match="below zero"):
        values.quantity("-1")
    assert values.signed_quantity("-1") == -1.0
    for bad in ("two", "nan", "inf", "1e400"):
        for reader in (values.quantity, values.signed_quantity):
            with pytest.raises(ValueError, match="not a number"):
                reader(bad)


def test_emails() -> None:
    assert values.email("Ann.Lee+shop@Example.co.uk") == "Ann.Lee+shop@Example.co.uk"
    # Valid in form though no mail could reach them: address books keep such addresses
    # (Thunderbird's placeholder contacts, a shop's intranet), and they still name someone.
    for odd in ("contact1@invalid", "ann@example", "till@shop.local", "José@exämple.com"):
        assert values.email(odd) == odd
    bad_ones = ("ann", "ann@", "a b@example.com", "a@@example.com", "ann..lee@example.com")
    for bad in (*bad_ones, ".ann@example.com", "ann@-example.com"):
        with pytest.raises(ValueError, match="not an email address"):
            values.email(bad)


def test_tags_split_on_semicolons_and_commas_once_each() -> None:
    assert values.tags(" VIP; kayak  club,vip ,, ") == ("VIP", "kayak club")
