"""``customer forget``, ``owner set-secret``, ``restore`` and ``check`` on a server's book (a
server made with ``regulars server init``): forget and setting the passphrase leave no
word anywhere in the server's files (tables, the planner's statistics after ``ANALYZE``,
also ones gathered before revision 0009, and write-ahead log), a restore
erases again whoever was forgotten since before its rows are committed, and check finds
and repairs by the app's rules."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from app.cli import main
from app.customers import NewCustomer, add_customer
from app.db import Database, open_database
from app.dialects import after_bulk_load
from app.migrate import alembic_config
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


def _analyze(database: Database) -> str:
    """Have the server gather its planner statistics (as its autovacuum does by itself,
    and Regulars after an import); every value they sampled, as text."""
    with database.engine.begin() as conn:
        after_bulk_load(conn)
        sampled = conn.execute(
            text(
                "SELECT concat_ws(' ', most_common_vals::text, histogram_bounds::text) "
                "FROM pg_stats WHERE schemaname = 'public'"
            )
        ).scalars()
        return " ".join(sampled)


def _private_notes(database: Database, how_many: int = 30) -> None:
    """Ada with ``how_many`` private notes naming ``SECRET``, kept plain (no passphrase yet)."""
    with database.session() as session:
        notes = [Note(body=f"{SECRET} {n} owes", private=True) for n in range(how_many)]
        session.add(Customer(first_name="Ada", notes=notes))


def _customer(server_book: Database, first: str, last: str) -> int:
    return add_customer(server_book, NewCustomer(first_name=first, last_name=last))


def test_forget_on_a_server_leaves_no_word_in_the_tables_files(
    started: Path, server_book: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = _customer(server_book, *WORDS.split())
    for n in range(30):
        add_note(server_book, gone, f"Told us: {SECRET} {n}")
    _customer(server_book, "Ann", "Stays")
    assert SECRET.encode() in _on_disk(started, server_book)
    sampled = _analyze(server_book)
    assert "Quackenbush" not in sampled and SECRET not in sampled
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
    _private_notes(server_book)
    assert _files_holding(started / "pgdata" / "pg_wal", SECRET)
    assert SECRET not in _analyze(server_book)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSPHRASE}\n"))
    assert main(["owner", "set-secret", "--stdin", "--db", server_book.target]) == 0
    assert "deleted the write-ahead log" in capsys.readouterr().out
    assert _files_holding(started / "pgdata", SECRET) == []


def test_statistics_a_server_gathered_before_0009_go_with_the_upgrade_and_the_passphrase(
    started: Path,
    server_book: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A book upgraded from revision 0008, whose server sampled the words of its private
    notes and customers into its planner statistics: the upgrade drops them and keeps
    every row, and setting the passphrase then leaves no plain word in any file."""
    config = alembic_config()
    with server_book.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0008")
    _private_notes(server_book)
    _customer(server_book, *WORDS.split())
    assert SECRET in _analyze(server_book) and "Quackenbush" in _analyze(server_book)
    rows = [text("SELECT id, first_name, last_name FROM customer"), text("SELECT * FROM note")]
    with server_book.reading() as session:
        before = [set(session.execute(query).all()) for query in rows]

    with open_database(server_book.target) as upgraded, upgraded.reading() as session:
        assert [set(session.execute(query).all()) for query in rows] == before
    sampled = _analyze(server_book)
    assert SECRET not in sampled and "Quackenbush" not in sampled
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
