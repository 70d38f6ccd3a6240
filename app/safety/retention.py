"""Which backups to keep: a grandfather-father-son schedule as a pure function.

Kept are the 3 newest backups (so the one taken just before a repair or restore survives
the next ones that day), and the newest backup of each of the last 7 days, 4 weeks and 12
months that have a backup at all (a shop closed for a month keeps its last week of
backups), so the folder never holds more than 3 + 7 + 4 + 12 files however long it runs.
Being pure, the schedule is tested over simulated years without a clock or a disk.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Schedule:
    """How many newest backups are kept outright, and how many days, ISO weeks and months
    keep their newest backup."""

    latest: int = 3
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


DEFAULT_SCHEDULE = Schedule()

_Bucket = Callable[[datetime], Hashable]


def _day(t: datetime) -> Hashable:
    return t.date()


def _week(t: datetime) -> Hashable:
    iso = t.isocalendar()
    return (iso.year, iso.week)


def _month(t: datetime) -> Hashable:
    return (t.year, t.month)


def retained(
    taken: Iterable[datetime], now: datetime, schedule: Schedule = DEFAULT_SCHEDULE
) -> set[datetime]:
    """The times of the backups to keep; every other one may be deleted.

    The newest backup is always kept, whatever the schedule says. A backup dated after
    ``now`` (the clock was changed) cannot be judged by the schedule, so it is kept.
    """
    stamps = sorted(set(taken), reverse=True)
    keep = {t for t in stamps if t > now}
    past = [t for t in stamps if t <= now]
    keep.update(past[: max(1, schedule.latest)])
    buckets: tuple[tuple[int, _Bucket], ...] = (
        (schedule.daily, _day),
        (schedule.weekly, _week),
        (schedule.monthly, _month),
    )
    for count, bucket in buckets:
        seen: set[Hashable] = set()
        for t in past:
            key = bucket(t)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.add(key)
            keep.add(t)
    return keep
