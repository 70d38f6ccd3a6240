"""Reading the change feed: what changed after the last change a window saw.

A window keeps the ``seq`` of the last change it applied and asks for everything after
it. The answer is folded into one ``ChangeSet`` (which customers, whether anything
shop-wide changed), or says "start over" when a window cannot catch up piece by piece:
too much changed at once (an import), the rows it missed were pruned, or the file went
back in time (a restore), or a bulk write left one row for all it did.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.feed.schema import BULK
from app.models import ChangeFeed, Customer

MAX_CUSTOMERS = 2_000
"""Beyond this many customers changed at once, reloading everything is quicker."""


@dataclass(frozen=True)
class ChangeSet:
    """What changed between two points of the feed, as the views need it."""

    seq: int
    """The last change covered; the next question starts after it."""
    customers: frozenset[int] = frozenset()
    """Customers whose data changed in any way (some may be gone now)."""
    shop_wide: bool = False
    """Products, categories, tags, staff or settings changed: every card may differ."""
    start_over: bool = False
    """Reload everything: the feed cannot say what changed piece by piece."""
    gone: frozenset[int] = frozenset()
    """Of ``customers``, those no longer in the lookup: archived, merged away or erased."""

    def __bool__(self) -> bool:
        return bool(self.customers) or self.shop_wide or self.start_over


def latest_seq(session: Session) -> int:
    """The newest change's number (0 for a book never written)."""
    return session.scalar(select(func.max(ChangeFeed.seq))) or 0


def changes_since(session: Session, seen: int) -> ChangeSet:
    """Everything after change ``seen``, read in ``session``'s one snapshot."""
    oldest, newest = session.execute(
        select(func.min(ChangeFeed.seq), func.max(ChangeFeed.seq))
    ).one()
    newest = newest or 0
    if newest < seen or (oldest is not None and seen < oldest - 1):
        return ChangeSet(seq=newest, start_over=True)
    if newest == seen:
        return ChangeSet(seq=seen)
    window = (ChangeFeed.seq > seen) & (ChangeFeed.seq <= newest)
    if session.scalar(select(ChangeFeed.seq).where(window, ChangeFeed.kind == BULK).limit(1)):
        return ChangeSet(seq=newest, start_over=True)
    customers = {
        customer_id
        for customer_id in session.scalars(
            select(ChangeFeed.customer_id)
            .where(window, ChangeFeed.customer_id.is_not(None))
            .distinct()
            .limit(MAX_CUSTOMERS + 1)
        )
        if customer_id is not None
    }
    if len(customers) > MAX_CUSTOMERS:
        return ChangeSet(seq=newest, start_over=True)
    shop_wide = session.scalar(
        select(ChangeFeed.seq).where(window, ChangeFeed.customer_id.is_(None)).limit(1)
    )
    present = set(
        session.scalars(
            select(Customer.id).where(Customer.id.in_(customers), Customer.archived.is_(False))
        )
    )
    return ChangeSet(
        seq=newest,
        customers=frozenset(customers),
        shop_wide=shop_wide is not None,
        gone=frozenset(customers - present),
    )
