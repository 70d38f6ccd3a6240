"""An append-only record of changes to data, so merges can be undone and history explained."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import NEVER_REUSED, Base, utcnow


class ChangeLog(Base):
    """One change. ``customer_id`` is a plain column, not a key, so the record outlives rows;
    forgetting a customer removes their entries by it."""

    __tablename__ = "change_log"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    payload: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    """Shop-wide preferences (name, phone region) as key/value text."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
