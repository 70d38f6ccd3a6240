"""Small wordings the window shows."""

from __future__ import annotations

import pytest

from app.ui.text import birthday_words


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("--10-14", "14 Oct"),
        ("1997-06-23", "23 Jun 1997"),
        ("--02-29", "29 Feb"),
        ("--13-40", "--13-40"),
        ("someday", "someday"),
    ],
)
def test_birthdays_read_as_words(stored: str, shown: str) -> None:
    assert birthday_words(stored) == shown
