"""Counting and dating words the way people say them: "a week ago", "on Friday", "12 Oct".

Prompts are read aloud-ish at a counter, so "3 weeks ago" beats "21 days ago" and
"yesterday" beats "1 day ago". The rounding is ours (people round the same way in any
language), the words come from the catalogue (``ngettext``, so each language has its
own plurals and cases: "vor 3 Wochen", "alle 4 Wochen") and the names of weekdays and
months from Babel in the language in use, never the machine's locale, so a card reads the
same on every till of the shop.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.i18n import N_, _, format_short_day, language_date, ngettext

DAYS_PER_MONTH = 365.25 / 12

Phrase = Callable[[int], str]

_PHRASES: dict[tuple[str, str], Phrase] = {
    ("span", "day"): lambda n: ngettext("a day", "{n} days", n),
    ("span", "week"): lambda n: ngettext("a week", "{n} weeks", n),
    ("span", "month"): lambda n: ngettext("a month", "{n} months", n),
    ("span", "year"): lambda n: ngettext("a year", "{n} years", n),
    ("ago", "day"): lambda n: ngettext("a day ago", "{n} days ago", n),
    ("ago", "week"): lambda n: ngettext("a week ago", "{n} weeks ago", n),
    ("ago", "month"): lambda n: ngettext("a month ago", "{n} months ago", n),
    ("ago", "year"): lambda n: ngettext("a year ago", "{n} years ago", n),
    ("ahead", "day"): lambda n: ngettext("in a day", "in {n} days", n),
    ("ahead", "week"): lambda n: ngettext("in a week", "in {n} weeks", n),
    ("ahead", "month"): lambda n: ngettext("in a month", "in {n} months", n),
    ("ahead", "year"): lambda n: ngettext("in a year", "in {n} years", n),
    ("every", "day"): lambda n: ngettext("every day", "every {n} days", n),
    ("every", "week"): lambda n: ngettext("every week", "every {n} weeks", n),
    ("every", "month"): lambda n: ngettext("every month", "every {n} months", n),
    ("every", "year"): lambda n: ngettext("every year", "every {n} years", n),
}
"""Each way of saying a length of time ("3 weeks", "3 weeks ago", "in 3 weeks", "every 3
weeks") for each unit: whole phrases, since a language may change the words' case
with the preposition ("3 Wochen", but "vor 3 Wochen", "in 3 Tagen")."""

RELATIONS = {
    "spouse": N_("spouse"),
    "partner": N_("partner"),
    "child": N_("child"),
    "parent": N_("parent"),
    "sibling": N_("sibling"),
    "grandchild": N_("grandchild"),
    "pet": N_("pet"),
    "friend": N_("friend"),
    "other": N_("other"),
}
"""Who someone is to the customer, as the stored kind is said in the language in use."""


def rounded(days: int) -> tuple[str, int]:
    """A length of time as people round it: (unit, count), "5 days", "3 weeks", "a year"."""
    days = abs(days)
    if days < 14:
        return "day", days
    if days < 45:
        return "week", round(days / 7)
    months = round(days / DAYS_PER_MONTH)
    if months < 12:
        return "month", months
    return "year", max(1, int(days // 365.25))


def _said(form: str, days: int) -> str:
    unit, count = rounded(days)
    return _PHRASES[(form, unit)](count).format(n=count)


def span(days: int) -> str:
    """A length of time: "5 days", "3 weeks", "a year"."""
    return _said("span", days)


def years(count: int) -> str:
    """A whole number of years: "a year", "10 years"."""
    return _PHRASES[("span", "year")](count).format(n=count)


def every(days: int) -> str:
    """A rhythm: "every day", "every 4 weeks", "every year" (never "every a year")."""
    return _said("every", days)


def ago(when: date, today: date) -> str:
    """How long before ``today``: "today", "yesterday", "5 days ago", "3 weeks ago"."""
    days = (today - when).days
    if days <= 0:
        return _("today") if days == 0 else _said("ahead", days)
    if days == 1:
        return _("yesterday")
    return _said("ago", days)


def day_phrase(when: date, today: date) -> str:
    """A day near ``today`` as said aloud: "today", "tomorrow", "on Friday", "last
    Tuesday" (a weekday gone by is not this week's), "on 14 Mar"."""
    days = (when - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    if -7 < days < 0:
        return _("last {weekday}").format(weekday=weekday(when))
    if 0 < days < 7:
        return _("on {weekday}").format(weekday=weekday(when))
    return _("on {date}").format(date=short_date(when, today))


def weekday(when: date) -> str:
    """The weekday's name in the language in use: "Friday", "Freitag"."""
    return language_date(when, "EEEE")


def short_date(when: date, today: date) -> str:
    """ "Oct 12" within this year, "Oct 12, 2023" otherwise (in the shop's order)."""
    return format_short_day(when, with_year=when.year != today.year)


def month_day(month: int, day: int) -> str:
    """A yearly date without a year: "Mar 14" (29 Feb is a day like any other)."""
    return format_short_day(date(2000, month, day))


def relation_word(kind: str) -> str:
    """ "child", "Kind": who someone is to the customer, in the language in use."""
    return _(RELATIONS[kind]) if kind in RELATIONS else kind


def shorten(text: str, max_chars: int) -> str:
    """The first line of ``text``, cut at a word boundary with "…" when too long."""
    line = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    if len(line) <= max_chars:
        return line
    cut = line[: max_chars - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-—") + "…"
