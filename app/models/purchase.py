"""What each customer bought and when: the raw material of every purchase prompt."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import NEVER_REUSED, Base
from app.models.catalog import Product
from app.models.customer import Customer, Relation


class Purchase(Base):
    """One visit's order; the card lists them newest first, hence the composite index."""

    __tablename__ = "purchase"
    __table_args__ = (Index(None, "customer_id", "purchased_on"), NEVER_REUSED)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    purchased_on: Mapped[date] = mapped_column(Date, index=True)
    order_ref: Mapped[str | None] = mapped_column(String(100), unique=True)

    customer: Mapped[Customer] = relationship(back_populates="purchases")
    lines: Mapped[list[PurchaseLine]] = relationship(
        back_populates="purchase", cascade="all, delete-orphan", passive_deletes=True
    )


class PurchaseLine(Base):
    """One item on an order, with the name as the till printed it and whom it was for."""

    __tablename__ = "purchase_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_id: Mapped[int] = mapped_column(
        ForeignKey("purchase.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("product.id", ondelete="RESTRICT"), index=True
    )
    item: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[float] = mapped_column(Float, default=1.0)
    unit_price_cents: Mapped[int | None] = mapped_column(Integer)
    gift_for_id: Mapped[int | None] = mapped_column(
        ForeignKey("relation.id", ondelete="SET NULL"), index=True
    )
    """The household member this was a gift for; ``None`` when bought for themselves."""

    purchase: Mapped[Purchase] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
    gift_for: Mapped[Relation | None] = relationship()
