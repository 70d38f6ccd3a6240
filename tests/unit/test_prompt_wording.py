"""Plurals, ordinals and relative time as people say them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.prompts.wording import (
    ago,
    day_phrase,
    every,
    month_day,
    ordinal,
    plural,
    short_date,
    shorten,
    span,
    spoken_count,
)

MONDAY = date(2024, 10, 14)


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 weeks"), (1, "1 week"), (2, "2 weeks"), (21, "21 weeks")]
)
def test_plural(count: int, expected: str) -> None:
    assert plural(count, "week") == expected


def test_irregular_plural_and_spoken_one() -> None:
    assert plural(1, "child", "children") == "1 child"
    assert plural(3, "child", "children") == "3 children"
    assert spoken_count(1, "year") == "a year"
    assert spoken_count(1, "hour") == "a hour"  # vowel letters only, by design
    assert spoken_count(1, "egg") == "an egg"
    assert spoken_count(10, "year") == "10 years"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinal(number: int, expected: str) -> None:
    assert ordinal(number) == expected


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
        (-3, "on Friday"),
        (7, "on 21 Oct"),
        (80, "on 2 Jan 2025"),
    ],
)
def test_day_phrase(offset: int, expected: str) -> None:
    assert day_phrase(MONDAY + timedelta(days=offset), MONDAY) == expected


def test_dates_carry_the_year_only_when_it_differs() -> None:
    assert short_date(date(2024, 9, 3), MONDAY) == "3 Sep"
    assert short_date(date(2023, 9, 3), MONDAY) == "3 Sep 2023"
    assert month_day(2, 29) == "29 Feb"


def test_shorten_keeps_the_first_line_and_cuts_at_a_word() -> None:
    assert shorten("  Tom's   knee\nsurgery ", 90) == "Tom's knee"
    assert shorten("Ask how the big family reunion in Ohio went", 20) == "Ask how the big…"
    assert len(shorten("x" * 200, 20)) == 20
    assert shorten("   ", 20) == ""
