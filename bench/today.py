"""The Today view at shop scale: the owner's start-of-day lists on the shared bench shop
(issue 7 asks for ≤ 300 ms median at 100k customers / 1M lines).

The runs are a week of mornings after the shop's last sale, twice each, so every
weekday's "likely in today" is in the figures and they mean the same whenever the shop
file was generated. Marks are never written: the shop file stays as it was.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import func, select

from app.db import Database
from app.models import Purchase
from app.today import today_view
from bench.common import Row, Scale, time_calls
from bench.shop import shop_db

MORNINGS = 7
RUNS = 2 * MORNINGS


def _day_after_last_sale(database: Database) -> date:
    with database.session() as session:
        last = session.scalar(select(func.max(Purchase.purchased_on)))
    return (last or date.today()) + timedelta(days=1)


def mornings_timed(database: Database) -> tuple[float, float, str]:
    """Median and p95 of ``RUNS`` full Today views (after one warm-up) over a week of
    mornings, and a note with the row counts of the first: the same measure on a file
    and on a server."""
    first = _day_after_last_sale(database)
    mornings = itertools.cycle(first + timedelta(days=n) for n in range(MORNINGS))
    view = today_view(database, today=first)
    median, p95 = time_calls(lambda: today_view(database, today=next(mornings)), RUNS)
    counts = ", ".join(f"{section.name} {section.total}" for section in view.sections)
    return median, p95, f"{RUNS} runs, {MORNINGS} mornings from {first}; on {first}: {counts}"


def run(scale: Scale) -> list[Row]:
    """Today on the shared bench shop's file."""
    database = Database(str(shop_db(scale)))
    try:
        median, p95, note = mornings_timed(database)
    finally:
        database.close()
    return [Row("today view", median, p95, "ms", note, "≤ 300")]
