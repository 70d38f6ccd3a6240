"""Learning the regulars' names: each staff member's own spaced-repetition cards.

A card belongs to one person behind the counter, so two clerks' progress never mixes.
Scheduling state is FSRS's (stability, difficulty, due), kept in plain columns; every
grade is logged so progress can be charted and the schedule replayed. The owner decides
who is in the deck beyond the regulars picked by visit history (``PracticeDeckEntry``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow
from app.models.enums import PracticeDirection, PracticeState, enum_column


class PracticeCard(Base):
    """One staff member's memory of one customer, one way round."""

    __tablename__ = "practice_card"
    __table_args__ = (
        UniqueConstraint("staff_id", "customer_id", "direction"),
        Index(None, "staff_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[PracticeDirection] = mapped_column(
        enum_column(PracticeDirection, "practice_direction")
    )
    state: Mapped[PracticeState] = mapped_column(
        enum_column(PracticeState, "practice_state"), default=PracticeState.LEARNING
    )
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(DateTime)
    last_review: Mapped[datetime | None] = mapped_column(DateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    introduced_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PracticeReview(Base):
    """One grade given to a card: the history behind progress charts."""

    __tablename__ = "practice_review"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 4", name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(
        ForeignKey("practice_card.id", ondelete="CASCADE"), index=True
    )
    reviewed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    rating: Mapped[int] = mapped_column(Integer)
    due_after: Mapped[datetime] = mapped_column(DateTime)


class PracticeDeckEntry(Base):
    """The owner's say over the deck: always include this customer, or never."""

    __tablename__ = "practice_deck_entry"

    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True
    )
    included: Mapped[bool] = mapped_column(Boolean)
    set_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
