"""A customer's other phones, emails and addresses, each with what it is for.

Address books keep a mobile, a home landline, a work email and a holiday cottage for one
person. The customer row keeps the main phone, email and address (what the card and the
register show first); every further one is a contact point here, so an import never has
to choose and drop, and the lookup finds the customer by any of them.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.enums import enum_column


class ContactKind(StrEnum):
    """What a contact point reaches."""

    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


class ContactLabel(StrEnum):
    """What the customer uses it for, as address books label it."""

    MOBILE = "mobile"
    HOME = "home"
    WORK = "work"
    OTHER = "other"


class ContactPoint(Base):
    """One more way to reach a customer, beyond the main phone, email and address.

    ``normalised`` is what matching and the lookup compare: a phone's digits, an email
    folded to lower case, an address in single-spaced lower case."""

    __tablename__ = "contact_point"
    __table_args__ = (
        UniqueConstraint("customer_id", "kind", "normalised"),
        Index(None, "kind", "normalised"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    kind: Mapped[ContactKind] = mapped_column(enum_column(ContactKind, "contact_kind"))
    label: Mapped[ContactLabel] = mapped_column(enum_column(ContactLabel, "contact_label"))
    value: Mapped[str] = mapped_column(String(254))
    normalised: Mapped[str] = mapped_column(String(254))
    position: Mapped[int] = mapped_column(Integer, default=0)
