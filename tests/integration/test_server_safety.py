"""``customer forget``, ``owner set-secret``, ``restore`` and ``check`` on a server's book (a
server made with ``regulars server init``): forget and setting the passphrase leave no
word anywhere in the server's files (tables and write-ahead log), a restore
erases again whoever was forgotten since before its rows are committed, and check finds
and repairs by the app's rules."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.cli import main
from app.customers import NewCustomer, add_customer
from app.db import Database
from app.models import Customer, Note, Purchase
from app.notes import add_note
from app.safety.forget import erased_ids
from app.server.dump import dump_database
from tests.owner import PASSPHRASE

WORDS = "Zebulon Quackenbush"
SECRET = "allergic to walnut-Qx7"


def _on_disk(started: Path, database: Database) -> bytes:
    """The bytes of every table, index and TOAST file of the server_book, after a checkpoint."""
    port = (started / "port").read_text(encoding="utf-8").strip()
    admin = create_engine(
        f"postgresql+psycopg://postgres@/regulars?host={started / 'pgdata'}&port={port}",
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as conn:
            conn.execute(text("CHECKPOINT"))
            files = conn.execute(
                text(
                    "SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'pg_toast') "
                    "AND c.relkind IN ('r', 'i', 't') AND pg_relation_filepath(c.oid) IS NOT NULL"
                )
            ).scalars()
            found = b""
            for relative in files:
                for part in sorted((started / "pgdata").glob(f"{relative}*")):
                    found += part.read_bytes()
    finally:
        admin.dispose()
    return found


def _files_holding(folder: Path, word: str) -> list[Path]:
    """Every file under ``folder`` (a server's ``pgdata``: tables, ``pg_wal``, all) whose
    bytes hold ``word``."""
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink() and word.encode() in path.read_bytes()
    ]


def _customer(server_book: Database, first: str, last: str) -> int:
    return add_customer(server_book, NewCustomer(first_name=first, last_name=last))


def test_forget_on_a_server_leaves_no_word_in_the_tables_files(
    started: Path, server_book: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = _customer(server_book, *WORDS.split())
    add_note(server_book, gone, f"Told us: {SECRET}")
    _customer(server_book, "Ann", "Stays")
    assert SECRET.encode() in _on_disk(started, server_book)
    assert main(["--db", server_book.target, "customer", "forget", str(gone), "--yes"]) == 0
    said = capsys.readouterr().out
    assert ".dump" in said and "write-ahead log" not in said
    disk = _on_disk(started, server_book)
    assert SECRET.encode() not in disk
    assert b"Quackenbush" not in disk
    assert b"Stays" in disk
    assert _files_holding(started / "pgdata", SECRET) == []
    assert erased_ids(server_book) == [gone]


def test_setting_the_passphrase_on_a_server_leaves_no_plain_note_in_its_files(
    started: Path,
    server_book: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with server_book.session() as session:
        session.add(Customer(first_name="Ada", notes=[Note(body=f"{SECRET} owes", private=True)]))
    assert _files_holding(started / "pgdata" / "pg_wal", SECRET)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSPHRASE}\n"))
    assert main(["owner", "set-secret", "--stdin", "--db", server_book.target]) == 0
    assert "deleted the write-ahead log" in capsys.readouterr().out
    assert _files_holding(started / "pgdata", SECRET) == []


def test_a_restore_on_a_server_erases_again_who_was_forgotten_since(
    started: Path, server_book: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ann = _customer(server_book, "Ann", "Before")
    gone = _customer(server_book, *WORDS.split())
    add_note(server_book, gone, f"Told us: {SECRET}")
    dump = tmp_path / "before.dump"
    assert main(["--db", server_book.target, "backup", str(dump)]) == 0
    later = _customer(server_book, "Cy", "After")
    assert main(["--db", server_book.target, "customer", "forget", str(gone), "--yes"]) == 0
    capsys.readouterr()

    assert main(["--db", server_book.target, "--json", "restore", str(dump), "--yes"]) == 0
    outcome = json.loads(capsys.readouterr().out)
    assert outcome["erased_again"] == [gone]
    assert Path(outcome["previous"]).is_file()
    with server_book.reading() as session:
        names = session.execute(text("SELECT id, last_name FROM customer")).all()
    assert names == [(ann, "Before")]
    assert erased_ids(server_book) == [gone]
    assert _customer(server_book, "Di", "Newcomer") > later  # no id handed out twice
    assert SECRET.encode() not in _on_disk(started, server_book)


def test_a_restore_refuses_what_is_not_a_server_backup(
    server_book: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letter = tmp_path / "letter.dump"
    letter.write_text("not a dump", encoding="utf-8")
    assert main(["--db", server_book.target, "restore", str(letter), "--yes"]) == 1
    assert "pg_restore failed" in capsys.readouterr().err


def test_check_on_a_server_finds_and_repairs_by_the_apps_rules(
    server_book: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    ann = _customer(server_book, "Ann", "Buyer")
    assert main(["--db", server_book.target, "check"]) == 0
    assert "ok: no problems" in capsys.readouterr().out
    with server_book.session() as session:
        session.add(Purchase(customer_id=ann, purchased_on=date(2026, 1, 2)))
    assert main(["--db", server_book.target, "check"]) == 1
    assert "has no lines" in capsys.readouterr().out
    assert main(["--db", server_book.target, "check", "--repair"]) == 0
    said = capsys.readouterr().out
    assert "repaired 1 of 1" in said and ".dump" in said


def test_a_restore_refuses_a_dump_of_another_schema_and_changes_nothing(
    server_book: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ann = _customer(server_book, "Ann", "Stays")
    with server_book.engine.begin() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    dump = dump_database(server_book.target, tmp_path / "old.dump")
    with server_book.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    _customer(server_book, "Bo", "Later")
    assert main(["--db", server_book.target, "restore", str(dump), "--yes"]) == 1
    assert "another version of Regulars (schema 0001" in capsys.readouterr().err
    with server_book.reading() as session:
        assert session.execute(text("SELECT count(*) FROM customer")).scalar() == 2
        assert session.get(Customer, ann) is not None
