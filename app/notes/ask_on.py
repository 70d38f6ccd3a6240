"""Turning "ask about this in two weeks" into a date, the way the owner says it.

The note box offers +1w, +2w and next month as one-click shortcuts; the command line
takes the same words (in English, and in the shop's language: "nächsten Monat"), or any
ISO date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from app.errors import RegularsError
from app.i18n import N_, _

_RELATIVE = re.compile(r"\+(\d{1,3})([dwm])")
_HINT = N_("use YYYY-MM-DD, +3d, +1w, +2w, +1m or 'next month'")
_NAMED = {N_("tomorrow"): "+1d", N_("next week"): "+1w", N_("next month"): "+1m"}
"""Words for the shortcuts, understood in English and in the shop's language."""


def ask_on_shortcut(text: str, today: date) -> date:
    """The date ``text`` means as seen from ``today``: ``+Nd``/``+Nw``/``+Nm``,
    ``tomorrow``, ``next week``, ``next month`` or an ISO date; months keep the day of the
    month where it exists (31 Jan + 1 month is the end of February)."""
    spoken = " ".join(text.casefold().split())
    named = {said.casefold(): code for word, code in _NAMED.items() for said in (word, _(word))}
    spoken = named.get(spoken, spoken)
    match = _RELATIVE.fullmatch(spoken)
    if match:
        count, unit = int(match[1]), match[2]
        if unit == "d":
            return today + timedelta(days=count)
        if unit == "w":
            return today + timedelta(weeks=count)
        return _add_months(today, count)
    try:
        return date.fromisoformat(spoken)
    except ValueError:
        raise RegularsError(
            _("'{text}' is not a date for 'ask about this on'; {hint}.").format(
                text=text, hint=_(_HINT)
            )
        ) from None


def _add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
