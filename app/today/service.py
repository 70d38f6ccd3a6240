"""The owner's start of the day, in one call: occasions, follow-ups, overdue regulars,
new customers, and who is likely in today.

Every list is filtered in SQL. The regulars' lists have to look at every customer's
visits, the calendar at every household and the gift reminders at every gift, so each
is read on a connection of its own in a worker thread while this one reads the
follow-ups (readers run side by side on SQLite and on a server, and Python lets go of
its lock while the database works). A birthday a gift reminder speaks of is left out
of the occasions once both are read. The whole view costs a few hundred milliseconds
at 100,000 customers; the window runs it off the GUI thread. Rows marked done or
snoozed are left out.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from app.db import Database
from app.errors import RegularsError
from app.i18n import _
from app.prompts.ageing import AgeingRules, default_ageing
from app.prompts.rules import PromptRules, default_rules
from app.safety.access import CLERK, Access
from app.today.follow_ups import aged_rows, follow_up_rows
from app.today.gifts import gift_rows
from app.today.marks import hidden_keys
from app.today.occasions import Calendar, calendar_rows, read_calendar
from app.today.rhythm import likely_rows, overdue_rows, read_rhythms
from app.today.view import Listing, TodaySection, TodayView

DEFAULT_LIMIT = 30


def _gift_lists(
    database: Database, today: date, rules: PromptRules, hidden: set[str], limit: int
) -> tuple[Listing, set[str]]:
    """(gift reminders, the occasion rows they speak of), on a connection of its own."""
    with database.reading() as session:
        return gift_rows(session, today, rules, hidden, limit)


def _calendar(database: Database, today: date, rules: PromptRules) -> Calendar:
    """The week's occasions and newcomers, on a connection of its own."""
    with database.reading() as session:
        return read_calendar(session, today, rules)


def _rhythm_lists(
    database: Database, today: date, hidden: set[str], limit: int
) -> tuple[Listing, Listing]:
    """(overdue regulars, likely in today): the heavy part, on its own connection."""
    with database.reading() as session:
        rhythms = read_rhythms(session, today)
        return (
            overdue_rows(session, today, rhythms.overdue, hidden, limit),
            likely_rows(session, today, rhythms.habits, hidden, limit),
        )


def today_view(
    database: Database,
    *,
    today: date,
    limit: int = DEFAULT_LIMIT,
    rules: PromptRules | None = None,
    access: Access = CLERK,
    ageing: AgeingRules | None = None,
) -> TodayView:
    """Everything worth noticing on ``today``, at most ``limit`` rows a section (each
    section's ``total`` says how many there are). Birthdays follow the prompt rules
    (whose household counts, 29 February); follow-ups from private notes only for the
    owner. Facts that aged (``ageing`` rules, else the shop's) and gift reminders follow
    the notes due, as the card asks them; a birthday a gift reminder speaks of is not
    listed again among the occasions."""
    if limit < 1:
        raise RegularsError(_("Show at least one row a section."))
    rules = rules or default_rules()
    ageing = ageing or default_ageing()
    with ThreadPoolExecutor(max_workers=3) as worker, database.reading() as session:
        hidden = hidden_keys(session, today)
        rhythms = worker.submit(_rhythm_lists, database, today, hidden, limit)
        calendar = worker.submit(_calendar, database, today, rules)
        gift_lists = worker.submit(_gift_lists, database, today, rules, hidden, limit)
        due, due_total = follow_up_rows(session, today, rules, hidden, limit, access)
        aged = aged_rows(session, today, rules, ageing, hidden, access)
        (gifts, gift_total), recalled = gift_lists.result()
        occasions, newcomers = calendar_rows(calendar.result(), today, hidden | recalled, limit)
        follow_ups = ([*due, *aged, *gifts][:limit], due_total + len(aged) + gift_total)
        overdue, likely = rhythms.result()
        listings = {
            "occasions": (_("Occasions this week"), occasions),
            "follow_ups": (_("Follow-ups due"), follow_ups),
            "overdue": (_("Regulars to check on"), overdue),
            "new": (_("New this week"), newcomers),
            "likely": (_("Likely in today"), likely),
        }
    return TodayView(
        on=today,
        sections=tuple(
            TodaySection(name, title, tuple(rows), total)
            for name, (title, (rows, total)) in listings.items()
        ),
    )
