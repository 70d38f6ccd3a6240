"""Yearly dates (birthdays, anniversaries) projected onto the calendar from a given day.

Feb 29 falls on Feb 28 in years without one, so a leap-day birthday is never skipped.
"""

from __future__ import annotations

import calendar
from datetime import date


def next_occurrence(month: int, day: int, today: date) -> date | None:
    """The first date on or after ``today`` that is ``month``/``day``; ``None`` if impossible."""
    for year in (today.year, today.year + 1):
        candidate = on_year(month, day, year)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def on_year(month: int, day: int, year: int) -> date | None:
    """``month``/``day`` in ``year``, with Feb 29 moved to Feb 28 in common years."""
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if month == 2 and day == 29 and last == 28:
        day = 28
    if not 1 <= day <= last:
        return None
    return date(year, month, day)


def format_birthday(month: int | None, day: int | None, year: int | None) -> str | None:
    """ISO-like text for a birthday whose year may be unknown (``--MM-DD``)."""
    if month is None or day is None:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
