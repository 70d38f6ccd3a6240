"""Ask-about prompts with their history: once asked or dismissed, never shown again."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import NEVER_REUSED, Base, utcnow
from app.models.enums import PromptKind, PromptStatus, enum_column


class Prompt(Base):
    """A conversation starter; ``source_key`` names what produced it so it is made only once."""

    __tablename__ = "prompt"
    __table_args__ = (
        UniqueConstraint("customer_id", "source_key"),
        Index(None, "status", "due_from"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    kind: Mapped[PromptKind] = mapped_column(enum_column(PromptKind, "prompt_kind"))
    source_key: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(String(200), default="")
    due_from: Mapped[date] = mapped_column(Date)
    due_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[PromptStatus] = mapped_column(
        enum_column(PromptStatus, "prompt_status"), default=PromptStatus.OPEN
    )
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
