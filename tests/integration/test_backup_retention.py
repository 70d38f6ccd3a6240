"""The backup schedule as a pure function: bounded over a simulated 400 days, never losing
the newest backup, and keeping the promised days, weeks and months."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from app.safety.retention import Schedule, retained

START = datetime(2026, 1, 1, 8, 0)
BOUND = 3 + 7 + 4 + 12


def test_retention_over_400_days_stays_bounded_and_keeps_the_schedule() -> None:
    rng = random.Random(9)
    taken: list[datetime] = []
    kept: set[datetime] = set()
    for day in range(400):
        for minute in sorted(rng.sample(range(12 * 60), rng.choice([0, 1, 1, 2, 5]))):
            now = START + timedelta(days=day, minutes=minute)
            taken.append(now)
            kept = retained([*kept, now], now)
            assert now in kept
            assert len(kept) <= BOUND
    assert taken[-3:] == sorted(kept)[-3:]
    kept_days = {t.date() for t in kept}
    assert all(day in kept_days for day in sorted({t.date() for t in taken})[-7:])
    kept_weeks = {t.isocalendar()[:2] for t in kept}
    assert all(week in kept_weeks for week in sorted({t.isocalendar()[:2] for t in taken})[-4:])
    kept_months = {(t.year, t.month) for t in kept}
    assert all(month in kept_months for month in sorted({(t.year, t.month) for t in taken})[-12:])
    assert max(kept) - min(kept) > timedelta(days=300)


def test_the_newest_backups_of_the_day_are_kept_before_a_repair_or_restore() -> None:
    morning = datetime(2026, 5, 4, 9, 0)
    taken = [morning, morning.replace(hour=12), morning.replace(hour=12, minute=1)]
    assert retained(taken, morning.replace(hour=13)) == set(taken)
    fourth = morning.replace(hour=14)
    assert retained([*taken, fourth], fourth) == {*taken[1:], fourth}


def test_a_small_schedule_keeps_exactly_the_newest_of_each_day() -> None:
    schedule = Schedule(latest=1, daily=2, weekly=0, monthly=0)
    taken = [datetime(2026, 3, d, h) for d in (1, 2, 3) for h in (9, 17)]
    now = datetime(2026, 3, 3, 18)
    assert retained(taken, now, schedule) == {datetime(2026, 3, 3, 17), datetime(2026, 3, 2, 17)}


def test_the_newest_backup_is_kept_even_by_an_empty_schedule() -> None:
    only = datetime(2026, 3, 1, 9)
    nothing = Schedule(latest=0, daily=0, weekly=0, monthly=0)
    assert retained([only, only - timedelta(days=40)], only, nothing) == {only}
    assert retained([], only) == set()


def test_a_backup_dated_after_now_is_kept_not_judged() -> None:
    now = datetime(2026, 3, 1, 9)
    future = now + timedelta(days=30)
    past = [now - timedelta(days=d) for d in range(60)]
    assert future in retained([future, *past], now)
