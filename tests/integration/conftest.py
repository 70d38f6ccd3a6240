"""Fixtures the process-level safety tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.db import Database
from app.models import Customer


@pytest.fixture
def customer_id(db: Database) -> Iterator[int]:
    """One customer in a closed database file (for child processes to write to)."""
    with db.session() as session:
        customer = Customer(first_name="Zoë", last_name="Crash")
        session.add(customer)
        session.flush()
        found = customer.id
    db.close()
    yield found
