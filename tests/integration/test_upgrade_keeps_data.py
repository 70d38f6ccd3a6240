"""An upgrade at start-up keeps every row of a filled database from an older version.

Each ``tests/fixtures/filled-<revision>.sql`` is a small demo shop frozen at that schema
revision. When a new revision lands, these files are upgraded through it on every run;
add a new frozen file whenever a revision changes data in an interesting way.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.card import load_card
from app.db import open_database
from app.gifts import gift_lines, mark_gift
from app.migrate import head_revision
from app.today import today_view

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("filled-*.sql"))


def _rows(path: Path) -> dict[str, tuple[list[str], set[tuple[object, ...]]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            )
        ]
        found = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            quoted = ", ".join(f'"{c}"' for c in columns)
            found[table] = (columns, set(conn.execute(f'SELECT {quoted} FROM "{table}"')))
        return found
    finally:
        conn.close()


@pytest.mark.parametrize("dump", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_every_row_survives_the_upgrade(dump: Path, tmp_path: Path) -> None:
    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)
    conn.executescript(dump.read_text(encoding="utf-8"))
    conn.close()
    before = _rows(target)
    assert sum(len(rows) for _, rows in before.values()) > 500

    with open_database(str(target)) as database, database.engine.connect() as db_conn:
        revision = db_conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert revision == head_revision()

    after = _rows(target)
    for table, (columns, rows) in before.items():
        assert table in after, f"table {table} vanished"
        new_columns, new_rows = after[table]
        kept = [c for c in columns if c in new_columns]
        projected = {tuple(row[columns.index(c)] for c in kept) for row in rows}
        survived = {tuple(row[new_columns.index(c)] for c in kept) for row in new_rows}
        assert projected <= survived, f"rows of {table} were lost or changed"


def test_there_is_a_frozen_shop_for_the_first_revision() -> None:
    assert any(f.stem == "filled-0001" for f in FIXTURES)


def test_a_line_of_an_upgraded_shop_can_be_marked_a_gift(tmp_path: Path) -> None:
    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)
    conn.executescript((FIXTURES[0].parent / "filled-0001.sql").read_text(encoding="utf-8"))
    conn.close()
    with open_database(str(target)) as database:
        gifts_before = gift_lines(database, 4)
        line = load_card(database, 4, today=date(2026, 1, 1)).purchases[0]
        marked = mark_gift(database, line.line_id, "dolores")
        after = load_card(database, 4, today=date(2026, 1, 1), purchase_limit=None)
    assert gifts_before == []  # every old line was bought for the customer themselves
    assert marked.recipient == "Dolores"
    assert len(after.purchases) == after.purchase_lines_total > 1
    assert [p.item for p in after.purchases if p.gift_for == "Dolores"] == [line.item]
    [dolores] = [person for person in after.household if person.name == "Dolores"]
    assert [gift.item for gift in dolores.gifts] == [line.item]


def test_an_upgraded_shop_finds_the_weeks_birthdays_through_the_new_indexes(
    tmp_path: Path,
) -> None:
    """Revision 0008 adds indexes only: the rows stay as they were (the test above), the
    indexes are there, and Today's calendar reads through them."""
    target = tmp_path / "old.db"
    conn = sqlite3.connect(target)
    conn.executescript((FIXTURES[0].parent / "filled-0001.sql").read_text(encoding="utf-8"))
    conn.close()
    with open_database(str(target)) as database:
        view = today_view(database, today=date(2026, 1, 1), limit=500)
    conn = sqlite3.connect(target)
    try:
        indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        plan = " ".join(
            row[-1]
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM relation"
                " WHERE birthday_month = 1 AND birthday_day BETWEEN 1 AND 7"
            )
        )
    finally:
        conn.close()
    assert {
        "ix_customer_birthday_month_birthday_day",
        "ix_customer_customer_since",
        "ix_relation_birthday_month_birthday_day",
    } <= indexes
    assert "ix_relation_birthday_month_birthday_day" in plan
    assert view.sections[0].name == "occasions"
