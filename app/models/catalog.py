"""What the shop sells. Follow-up rules hang on the category, so the owner sets them once."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import NEVER_REUSED, Base
from app.models.enums import ProductKind, enum_column


class Category(Base):
    """A kind of goods: durable ones are asked about, consumables are remembered to reorder."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[ProductKind] = mapped_column(
        enum_column(ProductKind, "product_kind"), default=ProductKind.OTHER
    )
    follow_up_days: Mapped[int | None] = mapped_column(Integer)
    replenish_days: Mapped[int | None] = mapped_column(Integer)

    products: Mapped[list[Product]] = relationship(back_populates="category")


class Product(Base):
    """An item as the till knows it; lines without a SKU are matched by name."""

    __tablename__ = "product"
    __table_args__ = NEVER_REUSED

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="SET NULL"), index=True
    )

    category: Mapped[Category | None] = relationship(back_populates="products")
