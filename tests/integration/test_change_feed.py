"""The change feed: every way the book is written lands in it, in the same transaction,
with ids only; a window that fell too far behind (or a restored file) is told to start over."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import InternalError, OperationalError

from app.cli import main
from app.db import Database, reads_only
from app.feed import ChangeSet, Commit, SqliteCommits, changes_since
from app.feed.schema import CUSTOMER_OF, PRUNE_EVERY, trigger_name
from app.models import Base, ChangeFeed, Customer

UNWATCHED = {"change_log", "change_feed", "purchase_line", "practice_review", "owner_secret"}
"""Tables whose writes no window shows (lines come with their watched purchase; the
owner's secret and its guess counter are read when someone unlocks)."""

CANARY = "Zyxwvutsname"


def _seen(db: Database, since: int) -> ChangeSet:
    with db.session() as session:
        return changes_since(session, since)


def _cli(db_path: Path, *args: str) -> object:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", str(db_path), "--json", *args]) == 0
    return json.loads(out.getvalue() or "null")


def _people(folder: Path, *rows: str) -> Path:
    """A Regulars CSV of customers."""
    path = folder / "people.csv"
    header = "customer_ref,first_name,last_name,preferred_name,phone,email,birthday,"
    path.write_text(
        header + "customer_since,tags,note\n" + "".join(f"{row}\n" for row in rows),
        encoding="utf-8",
    )
    return path


@pytest.mark.sqlite_only  # reads SQLite's own catalogue; tests/integration/test_postgres_feed.py
def test_every_table_is_watched_or_knowingly_left_out(db: Database) -> None:
    tables = set(Base.metadata.tables) - UNWATCHED
    assert tables == set(CUSTOMER_OF)
    with db.session() as session:
        triggers = set(
            session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        )
    for table in tables:
        for event in ("insert", "update", "delete"):
            assert trigger_name(table, event) in triggers, f"{table} {event} is not recorded"


def test_every_command_that_writes_lands_in_the_feed(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGULARS_OWNER_PIN", "")
    added = _cli(db_path, "customer", "add", "--first", "Ada", "--last", "Lovelace")
    assert isinstance(added, dict)
    ada = int(added["id"])
    seen = _seen(db, 0).seq
    steps: list[tuple[tuple[str, ...], int]] = [
        (("customer", "edit", str(ada), "--town", "Leeds"), ada),
        (("note", "add", str(ada), "Ask about the engine"), ada),
        (("customer", "relation", "add", str(ada), "--kind", "pet", "--name", "Rex"), ada),
        (("customer", "archive", str(ada)), ada),
        (("customer", "unarchive", str(ada)), ada),
    ]
    for args, customer in steps:
        _cli(db_path, *args)
        change = _seen(db, seen)
        assert customer in change.customers, f"{args} left no trace in the feed"
        seen = change.seq

    _cli(db_path, "import", str(_people(tmp_path, "r1,Grace,Hopper,,,grace@example.org,,,,")))
    imported = _seen(db, seen)
    assert len(imported.customers) == 1
    seen = imported.seq

    _cli(db_path, "customer", "merge", str(ada), str(*imported.customers), "--yes")
    merged = _seen(db, seen)
    assert {ada, *imported.customers} <= merged.customers
    seen = merged.seq

    _cli(db_path, "products", "kind", "Kayaks", "durable")
    assert _seen(db, seen).shop_wide


def test_forget_leaves_ids_but_no_words_in_the_feed(db: Database, db_path: Path) -> None:
    added = _cli(db_path, "customer", "add", "--first", CANARY, "--last", "Gone")
    assert isinstance(added, dict)
    _cli(db_path, "note", "add", str(added["id"]), f"{CANARY} likes owls")
    before = _seen(db, 0).seq
    _cli(db_path, "customer", "forget", str(added["id"]), "--yes")
    assert added["id"] in _seen(db, before).customers
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT * FROM change_feed").fetchall()
    finally:
        conn.close()
    assert rows
    assert CANARY.lower() not in repr(rows).lower()


def test_a_read_cannot_write(db: Database) -> None:
    refused = pytest.raises((OperationalError, InternalError), match=r"readonly|read-only")
    with reads_only(), refused, db.session() as s:
        s.execute(insert(Customer).values(first_name="Sneaky", last_name="Write"))
    with db.session() as session:
        assert session.scalar(select(Customer.id)) is None


def test_a_window_that_fell_behind_or_went_back_in_time_starts_over(db: Database) -> None:
    with db.session() as session:
        session.add_all(Customer(first_name=f"C{n}", last_name="X") for n in range(3))
    newest = _seen(db, 0).seq
    assert not _seen(db, newest)
    assert _seen(db, newest + 5).start_over  # a restored, older file
    with db.session() as session:
        session.execute(update(ChangeFeed).values(at=datetime(2000, 1, 1)))
        session.add_all(
            Customer(first_name=f"D{n}", last_name="Y") for n in range(PRUNE_EVERY - newest)
        )
    assert _seen(db, 0).start_over  # the old rows were pruned: too late to catch up
    caught = _seen(db, newest)
    assert not caught.start_over
    assert len(caught.customers) == PRUNE_EVERY - newest


def test_a_bulk_import_leaves_one_row_for_all_and_the_triggers_in_place(
    db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.importing.apply.FLUSH_LINES", 2)
    _cli(
        db_path, "import", str(_people(tmp_path, "r1,Grace,Hopper,,,,,,,", "r2,Alan,Turing,,,,,,,"))
    )
    seen = _seen(db, 0).seq
    sales = tmp_path / "sales.csv"
    sales.write_text(
        "customer_ref,date,order_ref,sku,item,category,quantity,price\n"
        + "".join(
            f"r{1 + n % 2},2026-0{1 + n}-01,o{n},K{n},Kayak {n},Kayaks,1,10\n" for n in range(5)
        ),
        encoding="utf-8",
    )
    _cli(db_path, "import", str(sales), "--dry-run")
    assert not _seen(db, seen)
    _cli(db_path, "import", str(sales))
    assert _seen(db, seen).start_over
    with db.session() as session:
        kinds = session.scalars(select(ChangeFeed.kind).where(ChangeFeed.seq > seen)).all()
        triggers = session.scalar(text("SELECT count(*) FROM sqlite_master WHERE type='trigger'"))
    assert kinds[-1] == "bulk"
    assert len(kinds) < 5  # rows before the first full chunk, then one for all the rest
    assert triggers == 3 * len(CUSTOMER_OF) + 1


def test_the_commit_source_sees_commits_by_others_and_a_swapped_file(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    source = SqliteCommits(db_path)
    try:
        assert source.fileno() is None
        assert source.poll() is Commit.NONE
        with db.session() as session:
            session.add(Customer(first_name="Ada", last_name="Commit"))
        assert source.poll() is Commit.CHANGED
        assert source.poll() is Commit.NONE
        copy = tmp_path / "copy.db"
        conn = sqlite3.connect(db_path)
        try:
            conn.execute("VACUUM INTO ?", (str(copy),))
        finally:
            conn.close()
        db.close()
        copy.replace(db_path)
        assert source.poll() is Commit.REPLACED
        assert source.poll() is Commit.NONE
    finally:
        source.close()
