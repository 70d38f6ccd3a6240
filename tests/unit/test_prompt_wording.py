"""Plurals and relative time as people say them, in English and in German."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from app.i18n import use_language
from app.prompts.wording import (
    ago,
    day_phrase,
    every,
    month_day,
    short_date,
    shorten,
    span,
    years,
)

MONDAY = date(2024, 10, 14)


def test_one_year_is_said_a_year() -> None:
    assert years(1) == "a year"
    assert years(10) == "10 years"


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "today"),
        (1, "yesterday"),
        (2, "2 days ago"),
        (13, "13 days ago"),
        (14, "2 weeks ago"),
        (20, "3 weeks ago"),
        (21, "3 weeks ago"),
        (44, "6 weeks ago"),
        (45, "a month ago"),
        (98, "3 months ago"),
        (330, "11 months ago"),
        (365, "a year ago"),
        (700, "a year ago"),
        (731, "2 years ago"),
        (-3, "in 3 days"),
    ],
)
def test_ago(days: int, expected: str) -> None:
    assert ago(MONDAY - timedelta(days=days), MONDAY) == expected


def test_every_never_says_every_a() -> None:
    assert every(1) == "every day"
    assert every(30) == "every 4 weeks"
    assert every(365) == "every year"
    assert every(60) == "every 2 months"


def test_span_rounds_like_people_do() -> None:
    assert span(1) == "a day"
    assert span(7) == "7 days"
    assert span(30) == "4 weeks"
    assert span(60) == "2 months"


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (4, "on Friday"),
        (6, "on Sunday"),
        (-3, "last Friday"),
        (7, "on Oct 21"),
        (80, "on Jan 2, 2025"),
    ],
)
def test_day_phrase(offset: int, expected: str) -> None:
    assert day_phrase(MONDAY + timedelta(days=offset), MONDAY) == expected


def test_dates_carry_the_year_only_when_it_differs() -> None:
    assert short_date(date(2024, 9, 3), MONDAY) == "Sep 3"
    assert short_date(date(2023, 9, 3), MONDAY) == "Sep 3, 2023"
    assert month_day(2, 29) == "Feb 29"


def test_shorten_keeps_the_first_line_and_cuts_at_a_word() -> None:
    assert shorten("  Tom's   knee\nsurgery ", 90) == "Tom's knee"
    assert shorten("Ask how the big family reunion in Ohio went", 20) == "Ask how the big…"
    assert len(shorten("x" * 200, 20)) == 20
    assert shorten("   ", 20) == ""


@pytest.fixture
def german() -> Iterator[None]:
    use_language("de")
    yield
    use_language("en")


@pytest.mark.usefixtures("german")
def test_german_says_time_in_its_own_cases() -> None:
    assert ago(MONDAY - timedelta(days=21), MONDAY) == "vor 3 Wochen"
    assert ago(MONDAY - timedelta(days=400), MONDAY) == "vor einem Jahr"
    assert ago(MONDAY - timedelta(days=1), MONDAY) == "gestern"
    assert ago(MONDAY + timedelta(days=3), MONDAY) == "in 3 Tagen"
    assert every(30) == "alle 4 Wochen"
    assert every(1) == "jeden Tag"
    assert span(60) == "2 Monate"
    assert years(1) == "ein Jahr"


@pytest.mark.usefixtures("german")
def test_german_names_days_and_months() -> None:
    assert day_phrase(MONDAY + timedelta(days=4), MONDAY) == "am Freitag"
    assert day_phrase(MONDAY + timedelta(days=7), MONDAY) == "am 21. Okt."
    assert short_date(date(2023, 3, 3), MONDAY) == "3. März 2023"
    assert month_day(2, 29) == "29. Feb."
