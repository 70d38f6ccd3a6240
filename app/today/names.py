"""Customer names for the rows of the Today view.

Archived customers have left the shop's daily life, so their rows are dropped: the same
rule as the register lookup. Queries that already join the customer read the name
columns there and call ``name_of``; the rest look names up with ``names_of``.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dialects import among_ids, on_server
from app.models import Customer
from app.models.customer import display_name

_IDS_PER_QUERY = 500
"""Ids a query names on SQLite (older builds allow 999 marks); a server takes them all
as one array."""


def name_of(first: str | None, last: str | None, preferred: str | None) -> str:
    """How the row names the customer (the register's display name)."""
    return display_name(first or "", last or "", preferred) or "(no name)"


def names_of(session: Session, ids: Collection[int], *, archived: bool = False) -> dict[int, str]:
    """The display name of each customer in ``ids`` who is not archived (or also those
    who are, with ``archived``: lists of things that outlive a customer's daily life)."""
    dialect = session.get_bind().dialect
    wanted = sorted(set(ids))
    step = max(1, len(wanted)) if on_server(dialect) else _IDS_PER_QUERY
    found: dict[int, str] = {}
    for start in range(0, len(wanted), step):
        rows = session.execute(
            select(Customer.id, Customer.first_name, Customer.last_name, Customer.preferred_name)
            .where(among_ids(dialect, Customer.id, wanted[start : start + step]))
            .where(Customer.archived.is_(False) | archived)
        )
        for customer_id, first, last, preferred in rows:
            found[customer_id] = name_of(first, last, preferred)
    return found
