"""Counting and dating words the way people say them: "a week ago", "on Friday", "12 Oct".

Prompts are read aloud-ish at a counter, so "3 weeks ago" beats "21 days ago" and
"yesterday" beats "1 day ago". Names are fixed English, never the machine's locale, so a
card reads the same on every till.
"""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS_PER_MONTH = 365.25 / 12


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """ "1 week", "3 weeks"; irregular words pass their plural ("1 child", "2 children")."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def spoken_count(count: int, singular: str) -> str:
    """Like ``plural`` but one is said "a": "a year", "10 years", "an hour"."""
    if count == 1:
        article = "an" if singular[:1].lower() in "aeiou" else "a"
        return f"{article} {singular}"
    return plural(count, singular)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def span(days: int) -> str:
    """A length of time, rounded the way people round it: "5 days", "3 weeks", "a year"."""
    days = abs(days)
    if days < 14:
        return spoken_count(days, "day")
    if days < 45:
        return spoken_count(round(days / 7), "week")
    months = round(days / DAYS_PER_MONTH)
    if months < 12:
        return spoken_count(months, "month")
    return spoken_count(max(1, int(days // 365.25)), "year")


def every(days: int) -> str:
    """A rhythm: "every day", "every 4 weeks", "every year" (never "every a year")."""
    length = span(days)
    for one in ("a ", "an "):
        if length.startswith(one):
            return f"every {length.removeprefix(one)}"
    return f"every {length}"


def ago(when: date, today: date) -> str:
    """How long before ``today``: "today", "yesterday", "5 days ago", "3 weeks ago"."""
    days = (today - when).days
    if days <= 0:
        return "today" if days == 0 else f"in {span(days)}"
    if days == 1:
        return "yesterday"
    return f"{span(days)} ago"


def day_phrase(when: date, today: date) -> str:
    """A day near ``today`` as said aloud: "today", "tomorrow", "on Friday", "on 14 Mar"."""
    days = (when - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if -7 < days < 7:
        return f"on {WEEKDAYS[when.weekday()]}"
    return f"on {short_date(when, today)}"


def short_date(when: date, today: date) -> str:
    """ "12 Oct" within this year, "12 Oct 2023" otherwise."""
    text = f"{when.day} {MONTHS[when.month - 1]}"
    return text if when.year == today.year else f"{text} {when.year}"


def month_day(month: int, day: int) -> str:
    """A yearly date without a year: "14 Mar"."""
    return f"{day} {MONTHS[month - 1]}"


def shorten(text: str, max_chars: int) -> str:
    """The first line of ``text``, cut at a word boundary with "…" when too long."""
    line = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    if len(line) <= max_chars:
        return line
    cut = line[: max_chars - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-—") + "…"
