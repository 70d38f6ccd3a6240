"""Birthdays as people read and type them, in the shop's locale."""

from __future__ import annotations

import pytest

from app.birthdays import birthday_words, read_birthday, read_birthday_words
from app.errors import RegularsError


@pytest.mark.parametrize(
    ("stored", "locale", "shown"),
    [
        ("--04-01", "en_US", "April 1"),
        ("--04-01", "en_GB", "1 April"),
        ("--04-01", "de_DE", "1. April"),
        ("1997-06-23", "en_US", "June 23, 1997"),
        ("1997-06-23", "de_DE", "23. Juni 1997"),
        ("--02-29", "en_GB", "29 February"),
        ("--13-40", "en_US", "--13-40"),
        ("someday", "en_US", "someday"),
    ],
)
def test_a_stored_birthday_reads_as_words(stored: str, locale: str, shown: str) -> None:
    assert birthday_words(stored, locale) == shown


@pytest.mark.parametrize(
    ("typed", "locale", "parts"),
    [
        ("1 April", "en_US", (4, 1, None)),
        ("April 1", "en_GB", (4, 1, None)),
        ("apr 1, 1990", "en_US", (4, 1, 1990)),
        ("1. Mai", "de_DE", (5, 1, None)),
        ("3 Sept", "en_GB", (9, 3, None)),
        ("Blue 3", "en_US", None),
        ("04-01", "en_US", None),
    ],
)
def test_a_birthday_typed_in_words_is_understood(
    typed: str, locale: str, parts: tuple[int, int, int | None] | None
) -> None:
    assert read_birthday_words(typed, locale) == parts


def test_the_form_takes_words_or_numbers_and_refuses_a_day_that_never_comes() -> None:
    assert read_birthday("April 1") == read_birthday("04-01") == (4, 1, None)
    assert read_birthday("1 April 1990") == (4, 1, 1990)
    with pytest.raises(RegularsError, match="not a real date"):
        read_birthday("31 April")


def test_a_birthday_in_the_future_is_refused_for_customers_and_households() -> None:
    """2062 typed for 1962: refused in the service, so the form and the CLI say the same."""
    from datetime import date

    from app.customers.fields import read_field

    next_year = date.today().year + 1
    with pytest.raises(RegularsError, match="is in the future"):
        read_birthday(f"April 1 {next_year}")
    with pytest.raises(RegularsError, match="is in the future"):
        read_birthday(f"{next_year}-04-01")
    with pytest.raises(RegularsError, match="is in the future"):
        read_field("birthday", f"{next_year}-04-01", "US")
    assert read_birthday(f"{next_year - 30}-04-01") == (4, 1, next_year - 30)
