"""The people the shop knows: customers, their household and pets, dates, and tags."""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import NEVER_REUSED, Base, utcnow
from app.models.enums import OccasionKind, RelationKind, enum_column

if TYPE_CHECKING:
    from app.models.note import Note
    from app.models.purchase import Purchase

customer_tag = Table(
    "customer_tag",
    Base.metadata,
    Column("customer_id", ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)

_BIRTHDAY_CHECKS = (
    "birthday_month IS NULL OR birthday_month BETWEEN 1 AND 12",
    "birthday_day IS NULL OR birthday_day BETWEEN 1 AND 31",
)


def new_customer_key() -> str:
    """A customer's stable random key: what an erasure is remembered by, since it can
    match nobody else in any copy of the book (an id could, in a copy from before ids were
    never reused)."""
    return new_customer_keys(1)[0]


_UUID4_CLEARED = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)
"""A version-4 UUID's version and variant bits, as ``uuid.UUID(version=4)`` sets them."""


def new_customer_keys(count: int) -> list[str]:
    """``count`` keys, each a random version-4 UUID in hex as ``uuid.uuid4().hex`` gives,
    from one read of the system's randomness: an import makes thousands, and building a
    ``UUID`` costs a few microseconds each."""
    raw = os.urandom(16 * count)
    return [
        f"{int.from_bytes(raw[at : at + 16]) & _UUID4_CLEARED | _UUID4_SET:032x}"
        for at in range(0, len(raw), 16)
    ]


def display_name(first: str, last: str, preferred: str | None) -> str:
    """How the clerk says hello: the preferred name, then the family name (for plain rows
    as well as loaded customers)."""
    given = preferred or first
    return " ".join(part for part in (given, last) if part)


class Customer(Base):
    """One person the shop knows; archived customers stay for history but leave the lookup."""

    __tablename__ = "customer"
    __table_args__ = (
        CheckConstraint(_BIRTHDAY_CHECKS[0], name="birthday_month"),
        CheckConstraint(_BIRTHDAY_CHECKS[1], name="birthday_day"),
        Index(None, "last_name", "first_name"),
        # Today's week of birthdays and round years as a customer: a few index ranges
        # instead of reading all 100,000 customers.
        Index(None, "birthday_month", "birthday_day"),
        Index(None, "customer_since"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True, default=new_customer_key)
    external_ref: Mapped[str | None] = mapped_column(String(100), unique=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    preferred_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    phone_digits: Mapped[str | None] = mapped_column(String(20), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    address_line: Mapped[str | None] = mapped_column(String(200))
    town: Mapped[str | None] = mapped_column(String(100))
    birthday_month: Mapped[int | None] = mapped_column(Integer)
    birthday_day: Mapped[int | None] = mapped_column(Integer)
    birthday_year: Mapped[int | None] = mapped_column(Integer)
    customer_since: Mapped[date | None] = mapped_column(Date)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    contact_consent: Mapped[bool | None] = mapped_column(Boolean)
    no_sales_prompts: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    relations: Mapped[list[Relation]] = relationship(
        back_populates="customer",
        foreign_keys="Relation.customer_id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    occasions: Mapped[list[Occasion]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[Tag]] = relationship(secondary=customer_tag, back_populates="customers")
    purchases: Mapped[list[Purchase]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", passive_deletes=True
    )
    notes: Mapped[list[Note]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def display_name(self) -> str:
        """How the clerk says hello: the preferred name, then the family name."""
        return display_name(self.first_name, self.last_name, self.preferred_name)


class Relation(Base):
    """A household member, relative, friend or pet: a free name or a link to a customer."""

    __tablename__ = "relation"
    __table_args__ = (
        CheckConstraint("name IS NOT NULL OR related_customer_id IS NOT NULL", name="name_or_link"),
        CheckConstraint(_BIRTHDAY_CHECKS[0], name="birthday_month"),
        CheckConstraint(_BIRTHDAY_CHECKS[1], name="birthday_day"),
        Index(None, "birthday_month", "birthday_day"),  # Today's week of household birthdays
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RelationKind] = mapped_column(enum_column(RelationKind, "relation_kind"))
    name: Mapped[str | None] = mapped_column(String(100))
    related_customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer.id", ondelete="SET NULL"), index=True
    )
    species: Mapped[str | None] = mapped_column(String(50))
    birthday_month: Mapped[int | None] = mapped_column(Integer)
    birthday_day: Mapped[int | None] = mapped_column(Integer)
    birthday_year: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    customer: Mapped[Customer] = relationship(
        back_populates="relations", foreign_keys=[customer_id]
    )
    related_customer: Mapped[Customer | None] = relationship(foreign_keys=[related_customer_id])


class Occasion(Base):
    """An anniversary or other yearly date worth a kind word, the customer's or a relation's."""

    __tablename__ = "occasion"
    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint("day BETWEEN 1 AND 31", name="day"),
        NEVER_REUSED,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), index=True
    )
    relation_id: Mapped[int | None] = mapped_column(
        ForeignKey("relation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[OccasionKind] = mapped_column(enum_column(OccasionKind, "occasion_kind"))
    label: Mapped[str] = mapped_column(String(200))
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)

    customer: Mapped[Customer] = relationship(back_populates="occasions")


class Tag(Base):
    """A short label the owner groups customers by ("allotment club", "wholesale")."""

    __tablename__ = "tag"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    customers: Mapped[list[Customer]] = relationship(secondary=customer_tag, back_populates="tags")
