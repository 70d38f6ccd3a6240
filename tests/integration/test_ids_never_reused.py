"""Ids people see are never handed out twice, by the app or the importer, and every
customer has a stable key: the same in every copy of the book upgraded from before keys."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.customers import NewCustomer, add_customer
from app.db import Database, open_database
from app.safety.forget import forget_customer

pytestmark = pytest.mark.sqlite_only  # AUTOINCREMENT and forget are about the file

FIXTURE = Path(__file__).parent.parent / "fixtures" / "filled-0001.sql"
VISIBLE = ("customer", "relation", "occasion", "tag", "note", "prompt", "purchase", "product")


def _filled(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.close()
    open_database(str(path)).close()
    return path


def _keys(path: Path) -> dict[int, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT id, key FROM customer").fetchall())
    finally:
        conn.close()


def test_upgraded_customers_get_the_same_unique_key_in_every_copy(tmp_path: Path) -> None:
    first = _keys(_filled(tmp_path / "one.db"))
    second = _keys(_filled(tmp_path / "two.db"))
    assert first == second
    assert len(set(first.values())) == len(first) > 10
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in first.values())


def test_every_visible_table_remembers_the_ids_it_gave(tmp_path: Path, db: Database) -> None:
    upgraded = _filled(tmp_path / "old.db")
    for path in (upgraded, db.path):
        conn = sqlite3.connect(path)
        try:
            for table in VISIBLE:
                (sql,) = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                ).fetchone()
                assert "AUTOINCREMENT" in sql, (path.name, table)
        finally:
            conn.close()


def test_new_customers_get_fresh_random_keys_and_never_a_freed_id(db: Database) -> None:
    first = add_customer(db, NewCustomer(first_name="Ada", last_name="One"))
    newest = add_customer(db, NewCustomer(first_name="Ben", last_name="Two"))
    forget_customer(db, newest)
    after = add_customer(db, NewCustomer(first_name="Cy", last_name="Three"))
    assert after > newest > first
    keys = _keys(db.path)
    assert len(set(keys.values())) == 2


def test_the_importer_never_hands_out_a_freed_id(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    newest = add_customer(db, NewCustomer(first_name="Newest", last_name="Gone"))
    forget_customer(db, newest)
    db.close()
    sheet = tmp_path / "customers.csv"
    sheet.write_text(
        "customer_ref,first_name,last_name,tags,note\nr1,Imported,Person,walk-in,likes tea\n",
        encoding="utf-8",
    )
    assert main(["import", str(sheet), "--db", str(db_path)]) == 0
    keys = _keys(db_path)
    (imported,) = keys
    assert imported > newest
    assert re.fullmatch(r"[0-9a-f]{32}", keys[imported])
