"""Regulars read from their own visit history: who is overdue against their usual
rhythm, and who tends to come in on this day of the week.

A regular is someone with five visits or more in the past year (older habits say little
about now). Their usual gap is the median of the days between those visits, the same
measure as the card's "good to see you again", so one long holiday does not make a
weekly regular look monthly. Both lists look at every customer, so the heavy lifting is
one SQL pass over the past year's visits that returns, only for customers with enough
visits who could be on a list (last seen between half a year and three weeks ago, or on
this weekday lately), their visit dates joined by commas.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.dialects import on_server
from app.i18n import _, ngettext
from app.prompts.facts import day_gaps
from app.prompts.wording import ago, every, short_date, weekday
from app.today.marks import today_key
from app.today.names import names_of
from app.today.view import Listing, TodayRow

HISTORY_DAYS = 365
MIN_VISITS = 5
"""A regular: at least five visits in the past year; fewer tell no rhythm."""
OVERDUE_FACTOR = 2.0
MIN_OVERDUE_DAYS = 21
"""Overdue means away more than twice the usual gap and at least three weeks."""
LAPSED_DAYS = 183
"""Gone longer than half a year is lapsed rather than overdue: left to the card's
"good to see you again", or it would fill the list for good."""
HABIT_MIN_VISITS = 6
HABIT_SHARE = 0.5
HABIT_SEEN_DAYS = 60
"""Likely in today: at least 6 visits in the past year, half or more of them on this
weekday, seen on this weekday within the last 60 days, and not in yet today."""

_ISO_LENGTH = len("2026-01-01")
_LATELY = range(7, HABIT_SEEN_DAYS + 1, 7)
"""How many days back this weekday fell within the last 60 days."""
_SEEN_LATELY = " OR ".join(f"instr(days, :lately_{back})" for back in _LATELY)
_LATELY_DATES = ", ".join(f"CAST(:lately_{back} AS date)" for back in _LATELY)
_VISITS = text(
    # Pinned to the (customer, date) index, the one that covers this query: SQLite reads
    # it once, in (customer, date) order, and aggregates only the past year's rows, so
    # each customer's dates are joined oldest first and the last ten characters are the
    # last visit (cheaper than a second aggregate; Python sorts the dates again anyway).
    # Only customers who could be on a list come back: enough visits, and the last one
    # between half a year and three weeks ago (overdue), or one on this weekday lately
    # (likely in). Whether they are archived is looked up for those alone. Everything
    # comes back as one "id date,date;id date,…" text, so the scan runs inside a single
    # SQLite step with Python's lock released, and the thread beside it gets on with the
    # other lists.
    f"""
    SELECT group_concat(customer_id || ' ' || days, ';') FROM (
        SELECT customer_id, group_concat(purchased_on) AS days
        FROM purchase INDEXED BY ix_purchase_customer_id_purchased_on
        WHERE purchased_on > :year_ago AND purchased_on <= :today
        GROUP BY customer_id
        HAVING length(days) >= :min_length
            AND (substr(days, -10) BETWEEN :seen_since AND :overdue_until
                OR length(days) >= :habit_length
                    AND ({_SEEN_LATELY}))
            AND NOT (SELECT archived FROM customer WHERE id = customer_id)
    )
    """
)

_VISITS_ON_SERVER = text(
    # The same answer from PostgreSQL: each customer's dates gathered as they are (no
    # text per visit, no sorting: Python sorts them anyway), archived looked up for the
    # customers kept alone, and only those are written out as text.
    f"""
    SELECT string_agg(customer_id || ' ' || array_to_string(days, ','), ';') FROM (
        SELECT customer_id, array_agg(purchased_on) AS days
        FROM purchase
        WHERE purchased_on > CAST(:year_ago AS date) AND purchased_on <= CAST(:today AS date)
        GROUP BY customer_id
        HAVING count(*) >= :min_visits
            AND (max(purchased_on)
                    BETWEEN CAST(:seen_since AS date) AND CAST(:overdue_until AS date)
                OR count(*) >= :habit_visits AND bool_or(purchased_on IN ({_LATELY_DATES})))
            AND NOT (SELECT archived FROM customer WHERE id = customer_id)
    ) AS visits
    """
)


@dataclass(frozen=True)
class Overdue:
    """A regular past their rhythm; ``ratio`` is how many usual gaps they have been away."""

    customer_id: int
    usual_days: float
    last_visit: date
    visits: int
    ratio: float


@dataclass(frozen=True)
class Habit:
    """A customer who keeps to one weekday: ``matching`` of their ``visits`` fell on it."""

    customer_id: int
    matching: int
    visits: int
    last_visit: date


@dataclass(frozen=True)
class Rhythms:
    """Both lists, best first: most overdue, and most faithful to today's weekday."""

    overdue: list[Overdue]
    habits: list[Habit]


def _days_back(today: date, days: int) -> dict[str, date]:
    """Every day from ``days`` ago to ``today`` by its ISO text: each date is parsed once
    for the whole shop instead of once per visit."""
    return {(day := today - timedelta(days=back)).isoformat(): day for back in range(days + 1)}


def _overdue(customer_id: int, visits: list[date], today: date) -> Overdue | None:
    usual = statistics.median(day_gaps(visits))
    away = (today - visits[-1]).days
    if away > OVERDUE_FACTOR * usual and away >= MIN_OVERDUE_DAYS:
        return Overdue(customer_id, usual, visits[-1], len(visits), away / usual)
    return None


def read_rhythms(session: Session, today: date) -> Rhythms:
    """Who is overdue and who keeps to today's weekday, from the past year's visits
    (several purchases on one day are one visit)."""
    calendar = _days_back(today, HISTORY_DAYS)
    on_weekday = {
        iso for iso, day in calendar.items() if day < today and (today - day).days % 7 == 0
    }
    seen_lately = {iso for iso in on_weekday if (today - calendar[iso]).days <= HABIT_SEEN_DAYS}
    overdue_until = (today - timedelta(days=MIN_OVERDUE_DAYS)).isoformat()
    in_today = today.isoformat()
    visits = _VISITS_ON_SERVER if on_server(session.get_bind().dialect) else _VISITS
    joined_lists = session.scalar(
        visits,
        {
            "today": today.isoformat(),
            "year_ago": (today - timedelta(days=HISTORY_DAYS)).isoformat(),
            "min_length": MIN_VISITS * (_ISO_LENGTH + 1) - 1,
            "min_visits": MIN_VISITS,
            "habit_length": HABIT_MIN_VISITS * (_ISO_LENGTH + 1) - 1,
            "habit_visits": HABIT_MIN_VISITS,
            "seen_since": (today - timedelta(days=LAPSED_DAYS)).isoformat(),
            "overdue_until": overdue_until,
            **{f"lately_{back}": (today - timedelta(days=back)).isoformat() for back in _LATELY},
        },
    )
    overdue, habits = [], []
    for listed in joined_lists.split(";") if joined_lists else ():
        customer, joined = listed.split(" ")
        customer_id = int(customer)
        days = sorted(set(joined.split(",")))
        if len(days) < MIN_VISITS:
            continue
        if days[-1] <= overdue_until:
            found = _overdue(customer_id, list(map(calendar.__getitem__, days)), today)
            if found is not None:
                overdue.append(found)
        matching = on_weekday.intersection(days)
        if (
            len(days) >= HABIT_MIN_VISITS
            and len(matching) >= HABIT_SHARE * len(days)
            and not seen_lately.isdisjoint(matching)
            and days[-1] != in_today
        ):
            habits.append(Habit(customer_id, len(matching), len(days), calendar[days[-1]]))
    overdue.sort(key=lambda o: (-o.ratio, o.customer_id))
    habits.sort(key=lambda h: (-h.matching / h.visits, -h.matching, h.customer_id))
    return Rhythms(overdue, habits)


def _keep(
    session: Session, keyed: Iterable[tuple[str, int]], hidden: set[str], limit: int
) -> tuple[list[tuple[str, int, str]], int]:
    """(key, customer, name) of the first ``limit`` rows not hidden, and how many there
    are (archived customers never got this far: the scan leaves them out)."""
    shown = [(key, customer_id) for key, customer_id in keyed if key not in hidden]
    names = names_of(session, {customer_id for _, customer_id in shown[:limit]})
    return [(key, cid, names[cid]) for key, cid in shown[:limit] if cid in names], len(shown)


def overdue_rows(
    session: Session, today: date, overdue: list[Overdue], hidden: set[str], limit: int
) -> Listing:
    """ "Usually every 9 days; last seen 5 weeks ago", most overdue first. A row is keyed
    by the last visit, so once marked done it stays away until they come and go again."""
    found = {o.customer_id: o for o in overdue}
    kept, total = _keep(
        session,
        ((today_key("overdue", o.customer_id, o.last_visit), o.customer_id) for o in overdue),
        hidden,
        limit,
    )
    rows = []
    for key, customer_id, name in kept:
        o = found[customer_id]
        rows.append(
            TodayRow(
                key=key,
                customer_id=customer_id,
                display_name=name,
                text=_("Usually {every}; last seen {ago}").format(
                    every=every(max(1, round(o.usual_days))), ago=ago(o.last_visit, today)
                ),
                detail=ngettext(
                    "{n} visit this past year, on {date}",
                    "{n} visits this past year, the last on {date}",
                    o.visits,
                ).format(n=o.visits, date=short_date(o.last_visit, today)),
            )
        )
    return rows, total


def likely_rows(
    session: Session, today: date, habits: list[Habit], hidden: set[str], limit: int
) -> Listing:
    """Customers whose visits cluster on today's weekday, most faithful first; a row
    marked done is done for today only."""
    found = {h.customer_id: h for h in habits}
    kept, total = _keep(
        session,
        ((today_key("likely", h.customer_id, today), h.customer_id) for h in habits),
        hidden,
        limit,
    )
    day = weekday(today)
    return [
        TodayRow(
            key=key,
            customer_id=customer_id,
            display_name=name,
            text=_often_in(day, found[customer_id]),
            detail=_("last seen {ago}").format(ago=ago(found[customer_id].last_visit, today)),
        )
        for key, customer_id, name in kept
    ], total


def _often_in(day: str, habit: Habit) -> str:
    return ngettext(
        "Often in on {weekday}s: {matching} of {n} visit this past year",
        "Often in on {weekday}s: {matching} of {n} visits this past year",
        habit.visits,
    ).format(weekday=day, matching=habit.matching, n=habit.visits)
