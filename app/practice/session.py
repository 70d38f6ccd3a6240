"""One staff member practising: the small object the practice window talks to.

The window only knows "give me the next card" and "grade this one", so it never holds
a database; the clock is passed in so a test (or ``--on``) can pin the day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from app.db import Database
from app.practice.service import DAILY_NEW, PracticeItem, grade_card, next_card


def wall_clock() -> datetime:
    """The shop's local time to the second: practice days are the shop's days."""
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class PracticeSession:
    """``staff``'s practice on ``database``; each call is one short unit of work."""

    database: Database
    staff: str
    clock: Callable[[], datetime] = field(default=wall_clock)
    daily_new: int = DAILY_NEW

    def next_card(self) -> PracticeItem | None:
        """The card to show now, or None when today's practice is done."""
        return next_card(self.database, self.staff, self.clock(), daily_new=self.daily_new)

    def grade(self, card_id: int, rating: int) -> None:
        """Record the grade (1–4) for ``card_id``."""
        grade_card(self.database, card_id, rating, self.staff, self.clock())
