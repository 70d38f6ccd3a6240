"""A book opened read-only (a folder this user may not write to) is read by many threads
at once, as the window's search, card and Today do: no thread's connection is closed
under another's query."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.customers import NewCustomer, add_customer
from app.db import Database, make_engine
from app.models import Customer

pytestmark = pytest.mark.sqlite_only

THREADS = 12
"""More than SQLAlchemy's in-memory pool keeps, which closed the oldest thread's
connection while that thread was still reading."""


def test_twelve_threads_read_a_read_only_book_at_once(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(50):
        add_customer(db, NewCustomer(first_name=f"Reader{n}", last_name="Many"))
    db.close()
    monkeypatch.setattr("app.db.may_write", lambda _path: False)
    engine = make_engine(str(db_path), query_only=True)

    def count(_: int) -> int:
        with engine.connect() as conn:
            return sum(
                conn.execute(select(func.count()).select_from(Customer)).scalar_one()
                for _ in range(20)
            )

    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            assert list(pool.map(count, range(THREADS * 4))) == [50 * 20] * (THREADS * 4)
    finally:
        engine.dispose()
