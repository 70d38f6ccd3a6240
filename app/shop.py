"""Facts about the open shop the window's status bar shows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db import Database
from app.models import Customer
from app.phones import DEFAULT_REGION, shop_region
from app.settings import load_settings


@dataclass(frozen=True)
class ShopSummary:
    """How big the customer book is, the country it is in (phones and money are shown in
    its way) and the shop's name (the window's title)."""

    customers: int
    archived: int
    region: str = DEFAULT_REGION
    shop_name: str = ""


def shop_summary(database: Database) -> ShopSummary:
    """Counts for the status bar, in one query."""
    with database.reading() as session:
        total, archived = session.execute(
            select(func.count(Customer.id), func.count(Customer.id).filter(Customer.archived))
        ).one()
    return ShopSummary(
        customers=total - archived,
        archived=archived,
        region=shop_region(),
        shop_name=load_settings().shop_name,
    )
