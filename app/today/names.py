"""Customer names for the rows of the Today view.

Archived customers have left the shop's daily life, so their rows are dropped: the same
rule as the register lookup. Queries that already join the customer read the name
columns there and call ``name_of``; the rest look names up with ``names_of``.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Customer
from app.models.customer import display_name

_IDS_PER_QUERY = 500


def name_of(first: str | None, last: str | None, preferred: str | None) -> str:
    """How the row names the customer (the register's display name)."""
    return display_name(first or "", last or "", preferred) or "(no name)"


def names_of(session: Session, ids: Collection[int], *, archived: bool = False) -> dict[int, str]:
    """The display name of each customer in ``ids`` who is not archived (or also those
    who are, with ``archived``: lists of things that outlive a customer's daily life)."""
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        rows = session.execute(
            select(Customer.id, Customer.first_name, Customer.last_name, Customer.preferred_name)
            .where(Customer.id.in_(wanted[start : start + _IDS_PER_QUERY]))
            .where(Customer.archived.is_(False) | archived)
        )
        for customer_id, first, last, preferred in rows:
            found[customer_id] = name_of(first, last, preferred)
    return found
