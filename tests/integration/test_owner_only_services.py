"""Restore and forget are the owner's in the services themselves, so the window, the
command line and any later face refuse a clerk the same way once a passphrase is set."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.errors import RegularsError
from app.models import Customer
from app.practice import add_staff
from app.safety.access import CLERK
from app.safety.backups import backup_to
from app.safety.forget import forget_customer
from app.safety.restore import restore_database
from tests.owner import protect


def _customers(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Customer)) or 0)


def _ada(db: Database) -> int:
    with db.session() as session:
        ada = Customer(first_name="Ada", last_name="Lovell")
        session.add(ada)
        session.flush()
        return ada.id


def test_anyone_may_while_nothing_protects_owner_mode(db: Database, db_path: Path) -> None:
    outcome = forget_customer(db, _ada(db), access=CLERK)
    assert outcome.customer_id and _customers(db) == 0


def test_a_clerk_may_neither_forget_nor_restore_once_a_passphrase_is_set(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    ada = _ada(db)
    owner = protect(db).access
    copy = backup_to(db_path, tmp_path / "copy.db")
    with pytest.raises(RegularsError, match="Only the owner may erase"):
        forget_customer(db, ada, access=CLERK)
    with pytest.raises(RegularsError, match="Only the owner may restore"):
        restore_database(db_path, copy, access=CLERK)
    assert _customers(db) == 1
    forget_customer(db, ada, access=owner)
    assert _customers(db) == 0


def test_a_clerk_may_add_a_clerk_but_not_an_owner_once_a_passphrase_is_set(
    db: Database,
) -> None:
    owner = protect(db).access
    assert add_staff(db, "Ana").role == "clerk"
    with pytest.raises(RegularsError, match="Only the owner may add an owner"):
        add_staff(db, "Mallory", "owner")
    assert add_staff(db, "Maria", "owner", access=owner).role == "owner"
