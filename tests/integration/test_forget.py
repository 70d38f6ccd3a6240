"""Forget: a customer's words are nowhere in the file, its WAL or the next backup; the
erasure is re-applied when an older backup is restored; others keep what is theirs."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.customers import NewCustomer, add_customer, edit_customer, get_customer
from app.db import Database, open_database
from app.errors import RegularsError
from app.models import (
    ChangeLog,
    Customer,
    Note,
    NoteRevision,
    Product,
    Purchase,
    PurchaseLine,
    Relation,
    RelationKind,
    Tag,
)
from app.safety.backups import list_backups, take_backup
from app.safety.forget import apply_ledger, erased_ids, forget_customer

pytestmark = pytest.mark.sqlite_only  # forget sets a verified copy of the file aside first

WORD = "Quetzalfinch"
NAME = "Wilhelmina"


def _fill(db: Database) -> tuple[int, int]:
    """Their customer (with notes, a revision, a purchase, log rows) and a friend who
    links to them."""
    gone = add_customer(db, NewCustomer(first_name=NAME, last_name="Forgettable"))
    edit_customer(db, gone, {"town": "Nowhereton"}, get_customer(db, gone).version)
    with db.session() as session:
        body = f"asked about the {WORD} again"
        note = Note(customer_id=gone, body=body, private=True)
        note.revisions.append(NoteRevision(number=1, body=f"first {WORD} draft"))
        purchase = Purchase(customer_id=gone, purchased_on=date(2026, 1, 5))
        purchase.lines.append(
            PurchaseLine(item=f"{WORD} seed", quantity=1, product=Product(name="Seeds"))
        )
        friend = Customer(first_name="Otto", last_name="Stays")
        friend.relations.append(
            Relation(kind=RelationKind.FRIEND, name="Willa", related_customer_id=gone)
        )
        session.add_all([note, purchase, friend])
        session.add(ChangeLog(action="note", entity="note", payload=json.dumps({"body": body})))
        session.flush()
        return gone, friend.id


def _nowhere(word: str, *files: Path) -> None:
    for path in files:
        if path.exists():
            assert word.encode() not in path.read_bytes(), path


def _rows_naming(db_path: Path, customer_id: int) -> list[str]:
    """Tables (this schema's and any added later) with a ``customer_id`` still theirs; the
    change feed may keep the erasure's own deletions, which tell open windows to drop them."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return [
            table
            for table in tables
            if any(col[1] == "customer_id" for col in conn.execute(f'PRAGMA table_info("{table}")'))
            and conn.execute(
                f'SELECT 1 FROM "{table}" WHERE customer_id = ?'
                + (" AND kind != 'delete'" if table == "change_feed" else ""),
                (customer_id,),
            ).fetchone()
        ]
    finally:
        conn.close()


def test_forget_leaves_no_word_in_file_wal_or_next_backup(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone, friend = _fill(db)
    wal = db_path.with_name(db_path.name + "-wal")
    assert WORD.encode() in db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    outcome = forget_customer(db, gone)
    assert outcome.wal_truncated
    assert WORD.encode() in outcome.backup.read_bytes()
    _nowhere(WORD, db_path, wal)
    _nowhere(NAME, db_path, wal)
    with db.session() as session:
        assert session.get(Customer, gone) is None
        assert session.query(ChangeLog).filter(ChangeLog.customer_id == gone).count() == 0
        assert session.query(Relation).filter(Relation.customer_id == friend).count() == 0
        assert session.query(Product).filter(Product.name == "Seeds").count() == 0
    assert erased_ids(db) == [gone]
    assert _rows_naming(db_path, gone) == []
    db.close()
    assert main(["backup", "--db", str(db_path), "--json"]) == 0
    written = Path(json.loads(capsys.readouterr().out)["path"])
    assert written != outcome.backup
    _nowhere(WORD, written)
    _nowhere(NAME, written)


def test_restoring_an_older_backup_erases_them_again(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone, friend = _fill(db)
    older = forget_customer(db, gone).backup
    db.close()
    assert main(["restore", str(older), "--yes", "--db", str(db_path)]) == 0
    _nowhere(WORD, db_path, db_path.with_name(db_path.name + "-wal"))
    with open_database(str(db_path)) as restored:
        assert erased_ids(restored) == [gone]
        with restored.session() as session:
            assert session.get(Customer, gone) is None
            assert session.get(Customer, friend) is not None
    assert any(WORD.encode() in b.path.read_bytes() for b in list_backups(db_path))


def test_forget_cli_asks_and_refuses_unknown_ids(
    db: Database, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone, _ = _fill(db)
    db.close()
    base = ["customer", "forget", "--db", str(db_path)]
    assert main([*base, str(gone)]) == 1
    assert main([*base, "9999", "--yes"]) == 1
    with open_database(str(db_path)) as database:
        assert get_customer(database, gone).id == gone
        database.close()
    assert main([*base, str(gone), "--yes"]) == 0
    with open_database(str(db_path)) as database, pytest.raises(RegularsError):
        forget_customer(database, gone)


def test_a_customer_linked_from_other_households_is_forgotten_with_the_links(
    db: Database,
) -> None:
    """A nameless link (only the customer's id) once made forget crash on its CHECK; the
    other household keeps nothing of them, but keeps its own, and tags and products
    others use stay."""
    gone, friend = _fill(db)
    with db.session() as session:
        spouse = Customer(first_name="Ursula", last_name="Linked")
        spouse.relations.append(Relation(kind=RelationKind.SPOUSE, related_customer_id=gone))
        spouse.relations.append(Relation(kind=RelationKind.PET, name="Rex"))
        theirs, shared = Tag(name=f"{WORD} club"), Tag(name="regulars")
        forgotten = session.get_one(Customer, gone)
        forgotten.tags.extend([theirs, shared])
        spouse.tags.append(shared)
        session.add(spouse)
        session.flush()
        spouse_id = spouse.id
    forget_customer(db, gone)
    with db.session() as session:
        kept = session.query(Relation).filter(Relation.customer_id == spouse_id).all()
        assert [(r.kind, r.name) for r in kept] == [(RelationKind.PET, "Rex")]
        assert {t.name for t in session.query(Tag)} == {"regulars"}
        assert session.get(Customer, friend) is not None
    _nowhere(WORD, db.path)


def test_restoring_after_an_id_was_freed_spares_the_newcomer(db: Database, db_path: Path) -> None:
    """Forget the newest customer, add a new one, back up, restore: the newcomer got a
    new id (never the freed one) and survives; the forgotten stay gone from every restore,
    and no id is handed out twice afterwards."""
    gone, _ = _fill(db)
    older = take_backup(db_path).path
    forget_customer(db, gone)
    newcomer = add_customer(db, NewCustomer(first_name="Nadia", last_name="Newcomer"))
    assert newcomer > gone
    with_newcomer = take_backup(db_path).path
    db.close()
    for backup in (with_newcomer, older):
        assert main(["restore", str(backup), "--yes", "--db", str(db_path)]) == 0
        with open_database(str(db_path)) as restored, restored.reading() as session:
            assert session.get(Customer, gone) is None
            assert (session.get(Customer, newcomer) is not None) == (backup == with_newcomer)
        _nowhere(WORD, db_path)
    with open_database(str(db_path)) as restored:
        again = add_customer(restored, NewCustomer(first_name="After", last_name="Restore"))
    assert again > newcomer


def test_copies_taken_before_an_upgrade_that_hold_them_are_named_or_deleted(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone, friend = _fill(db)
    db.close()
    copy = db_path.with_name("shop.pre-0003-20261201-090000.db")
    without = db_path.with_name("shop.pre-0002-20261101-090000.db")
    shutil.copy(db_path, copy)
    shutil.copy(db_path, without)
    conn = sqlite3.connect(without)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM relation WHERE related_customer_id = ?", (gone,))
    conn.execute("DELETE FROM customer WHERE id = ?", (gone,))
    conn.commit()
    conn.close()
    base = ["customer", "forget", "--db", str(db_path), "--yes", "--json"]
    assert main([*base, str(gone)]) == 0
    named = json.loads(capsys.readouterr().out)
    assert named["copies_holding"] == [str(copy)] and not named["copies_deleted"]
    assert copy.exists() and without.exists()
    assert main([*base, str(friend), "--delete-upgrade-copies"]) == 0
    deleted = json.loads(capsys.readouterr().out)
    assert deleted["copies_holding"] == [str(without), str(copy)] and deleted["copies_deleted"]
    assert not copy.exists() and not without.exists()


def test_a_ledger_from_before_keys_erases_only_who_was_there_before_the_erasure(
    db: Database,
) -> None:
    """An old ledger entry knows only an id: in a restored copy it erases the customer of
    that id only if they were created before the erasure, never a newcomer given the id."""
    early = add_customer(db, NewCustomer(first_name="Early", last_name="Bird"))
    newcomer = add_customer(db, NewCustomer(first_name="Newcomer", last_name="Later"))
    with db.session() as session:
        session.get_one(Customer, early).created_at = datetime(2026, 1, 1, 9, 0)
        session.get_one(Customer, newcomer).created_at = datetime(2026, 3, 1, 9, 0)
    legacy = [
        {"customer_id": early, "erased_at": "2026-02-01T10:00:00+00:00"},
        {"customer_id": newcomer, "erased_at": "2026-02-01T10:00:00+00:00"},
    ]
    assert apply_ledger(db, legacy) == [early]
    with db.reading() as session:
        assert session.get(Customer, early) is None
        assert session.get(Customer, newcomer) is not None
