"""Facts about the open shop the window's status bar shows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db import Database
from app.models import Customer


@dataclass(frozen=True)
class ShopSummary:
    """How big the customer book is."""

    customers: int
    archived: int


def shop_summary(database: Database) -> ShopSummary:
    """Counts for the status bar, in one query."""
    with database.reading() as session:
        total, archived = session.execute(
            select(func.count(Customer.id), func.count(Customer.id).filter(Customer.archived))
        ).one()
    return ShopSummary(customers=total - archived, archived=archived)
