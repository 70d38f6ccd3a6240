"""The change feed: a numbered row for every write, so open windows learn what changed.

Rows are written by triggers (``app.feed.schema``), never by services; ``seq`` only
grows (AUTOINCREMENT: ids of pruned rows are never handed out again), which is what lets a
window ask for "everything after the last change I saw".
"""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ChangeFeed(Base):
    """One write: which table, which row, whose customer, and how. No words of the data."""

    __tablename__ = "change_feed"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
