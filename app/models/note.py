"""What the owner learned in conversation. Every edit is kept; deletion goes to a trash."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import NEVER_REUSED, Base, utcnow
from app.models.customer import Customer


class Note(Base):
    """A note on a customer. Private notes and "don't bring up" notes never reach the register."""

    __tablename__ = "note"
    __table_args__ = (Index(None, "customer_id", "created_at"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30), default="general")
    author: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    dont_bring_up: Mapped[bool] = mapped_column(Boolean, default=False)
    ask_on: Mapped[date | None] = mapped_column(Date, index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The body sealed to the owner's key (``body`` is then empty); ``None`` for plain text."""

    customer: Mapped[Customer] = relationship(back_populates="notes")
    revisions: Mapped[list[NoteRevision]] = relationship(
        back_populates="note",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="NoteRevision.number",
    )


class NoteRevision(Base):
    """An earlier wording of a note, so no edit ever loses what was written before."""

    __tablename__ = "note_revision"
    __table_args__ = (UniqueConstraint("note_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(100))
    edited_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    ask_on: Mapped[date | None] = mapped_column(Date)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    note: Mapped[Note] = relationship(back_populates="revisions")
