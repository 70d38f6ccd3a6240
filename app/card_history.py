"""A customer's last two years month by month, for the small chart on the card.

Visits and spend per month tell the clerk at a glance whether a regular is coming as
often as they used to. It is one grouped query, so it stays cheap for a customer with
years of purchase lines; months without purchases are filled in as zeros here, so the
chart's axis never skips a month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select

from app.db import Database
from app.dialects import year_month
from app.models import Purchase, PurchaseLine

HISTORY_MONTHS = 24


@dataclass(frozen=True)
class MonthStat:
    """One month of one customer: ``month`` is its first day."""

    month: date
    visits: int
    spend_cents: int


def _month_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def visit_history(
    database: Database, customer_id: int, *, today: date, months: int = HISTORY_MONTHS
) -> tuple[MonthStat, ...]:
    """``months`` months ending with ``today``'s, oldest first.

    A visit is a day with a purchase (two receipts on one day are one visit); spend is
    quantity × unit price, lines without a price counting as nothing.
    """
    if months < 1:
        return ()
    last = today.replace(day=1)
    first = _month_back(last, months - 1)
    month = year_month(database.engine.dialect, Purchase.purchased_on)
    query = (
        select(
            month,
            func.count(distinct(Purchase.purchased_on)),
            func.coalesce(
                func.sum(PurchaseLine.quantity * func.coalesce(PurchaseLine.unit_price_cents, 0)),
                0,
            ),
        )
        .outerjoin(PurchaseLine, PurchaseLine.purchase_id == Purchase.id)
        .where(Purchase.customer_id == customer_id)
        .where(Purchase.purchased_on >= first, Purchase.purchased_on <= today)
        .group_by(month)
    )
    with database.reading() as session:
        found = {key: (visits, spend) for key, visits, spend in session.execute(query)}
    stats = []
    for back in range(months - 1, -1, -1):
        start = _month_back(last, back)
        visits, spend = found.get(f"{start:%Y-%m}", (0, 0))
        stats.append(MonthStat(start, int(visits), round(spend)))
    return tuple(stats)
