"""``regulars restore``: a round trip through a backup, the checks before anything is
replaced, the confirmation on a terminal, and the old file always kept."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from app.backup import verify
from app.cli import main
from app.db import Database, open_database
from app.models import Customer
from app.safety.backups import list_backups, take_backup
from app.safety.restore import restore_database
from app.settings import save_settings
from tests.integration.test_failure_injection import beside

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 11, 23, 9, 0)


def _add(db: Database, name: str) -> None:
    with db.session() as session:
        session.add(Customer(first_name=name, last_name="Restore"))


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT first_name FROM customer")}
    finally:
        conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def backup(db: Database, db_path: Path) -> Path:
    """A backup holding Ada; the database afterwards also holds Ben."""
    _add(db, "Ada")
    path = take_backup(db_path, NOW).path
    _add(db, "Ben")
    db.close()
    return path


def test_a_backup_of_a_closed_book_leaves_nothing_beside_it(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The copy is read with the usual locks (a writer may start meanwhile), by a
    connection that takes its -wal and -shm away again when it is the last one out."""
    _add(db, "Ada")
    db.close()
    assert beside(db_path) == set()
    assert main(["backup", "--db", str(db_path)]) == 0
    assert "backed up to" in capsys.readouterr().out
    assert beside(db_path) == set()


def test_restore_round_trip_keeps_the_replaced_database(
    db_path: Path, backup: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--json", "restore", str(backup), "--yes", "--db", str(db_path)]) == 0
    previous = Path(json.loads(capsys.readouterr().out)["previous"])
    assert not db_path.with_name("shop.db-wal").exists()
    assert not db_path.with_name("shop.db-shm").exists()
    assert _names(db_path) == {"Ada"}
    assert previous in {b.path for b in list_backups(db_path)}
    assert _names(previous) == {"Ada", "Ben"}
    verify(backup)
    with open_database(str(db_path)) as reopened, reopened.session() as session:
        assert session.execute(text("SELECT count(*) FROM customer")).scalar() == 1


def test_the_backup_being_restored_is_not_pruned_to_make_room(db: Database, db_path: Path) -> None:
    """Keeping the newest three, three backups, the oldest restored: the copy taken before
    the restore does not push the chosen one out."""
    save_settings({"keep_latest": "3", "keep_daily": "0", "keep_weekly": "0", "keep_monthly": "0"})
    taken = []
    for hour, name in ((9, "Ada"), (10, "Ben"), (11, "Cy")):
        _add(db, name)
        taken.append(take_backup(db_path, NOW.replace(hour=hour)).path)
    _add(db, "Dee")
    db.close()
    oldest = taken[0]
    restore_database(db_path, oldest, NOW.replace(hour=12))
    assert oldest.exists() and _names(db_path) == {"Ada"}


def test_a_stale_wal_is_folded_into_the_safety_backup_not_replayed(
    db_path: Path, backup: Path, tmp_path: Path
) -> None:
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    live = sqlite3.connect(db_path)
    live.execute("PRAGMA wal_autocheckpoint = 0")
    live.execute("UPDATE customer SET first_name = 'Cy' WHERE first_name = 'Ben'")
    live.commit()
    for suffix in ("", "-wal"):
        shutil.copy(db_path.with_name("shop.db" + suffix), crashed / f"shop.db{suffix}")
    live.close()
    assert (crashed / "shop.db-wal").stat().st_size > 0
    target = crashed / "shop.db"
    outcome = restore_database(target, backup, NOW.replace(hour=10))
    assert outcome.previous is not None
    assert not outcome.moved_aside
    assert _names(outcome.previous) == {"Ada", "Cy"}
    assert not (crashed / "shop.db-wal").exists()
    assert _names(target) == {"Ada"}
    verify(target)


def test_a_damaged_database_is_moved_aside_untouched(
    db_path: Path, backup: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    before = damaged.read_bytes()
    outcome = restore_database(damaged, backup, NOW)
    assert outcome.moved_aside
    assert outcome.previous is not None
    assert outcome.previous.read_bytes() == before
    assert _names(damaged) == {"Ada"}


def test_restore_into_a_new_place_needs_nothing_to_replace(backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "shop.db"
    target.parent.mkdir()
    outcome = restore_database(target, backup, NOW)
    assert outcome.previous is None
    assert _names(target) == {"Ada"}


def _newer_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("first,last\nAda,Lovelace\n"), "not a Regulars database"),
        (lambda p: p.write_bytes(b""), "not a Regulars database"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000), "does not open"),
        (_foreign, "not a Regulars one"),
        (_newer_schema, "newer version of Regulars"),
    ],
    ids=["csv", "empty", "garbage", "foreign", "newer"],
)
def test_a_file_that_is_not_a_usable_backup_is_refused(
    db_path: Path,
    backup: Path,
    tmp_path: Path,
    make: object,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    candidate = tmp_path / "candidate.db"
    if message == "newer version of Regulars":
        shutil.copy(backup, candidate)
    assert callable(make)
    make(candidate)
    before, current = _sha(candidate), _sha(db_path)
    count = len(list_backups(db_path))
    assert main(["restore", str(candidate), "--yes", "--db", str(db_path)]) == 1
    assert message in capsys.readouterr().err
    assert _sha(candidate) == before
    assert _sha(db_path) == current
    assert len(list_backups(db_path)) == count


def test_a_database_open_elsewhere_is_restored_in_place(db_path: Path, backup: Path) -> None:
    """Another program with the file open reads the restored book from its next query:
    the file keeps its identity, so nobody writes into a file set aside."""
    inode = db_path.stat().st_ino
    reader = sqlite3.connect(db_path)
    try:
        assert reader.execute("SELECT count(*) FROM customer").fetchone() == (2,)
        outcome = restore_database(db_path, backup, NOW.replace(hour=11))
        assert reader.execute("SELECT first_name FROM customer").fetchall() == [("Ada",)]
    finally:
        reader.close()
    assert db_path.stat().st_ino == inode
    assert outcome.previous is not None and _names(outcome.previous) == {"Ada", "Ben"}
    assert not db_path.with_name(".shop.db-restoring").exists()


def test_restoring_the_database_onto_itself_is_refused(
    db_path: Path, backup: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", str(db_path), "--yes", "--db", str(db_path)]) == 1
    assert "the database itself" in capsys.readouterr().err


def test_without_a_terminal_restore_wants_yes(
    db_path: Path, backup: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    current = _sha(db_path)
    assert main(["restore", str(backup), "--db", str(db_path)]) == 1
    assert "add --yes" in capsys.readouterr().err
    assert _sha(db_path) == current


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("answer", "code", "names"), [("y", 0, {"Ada"}), ("n", 1, {"Ada", "Ben"})])
def test_on_a_terminal_restore_asks_first(
    db_path: Path, backup: Path, answer: str, code: int, names: set[str]
) -> None:
    leader, follower = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "app", "restore", str(backup), "--db", str(db_path)],
            cwd=ROOT,
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(leader, f"{answer}\n".encode())
        _out, err = child.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert child.returncode == code, err
    assert "[y/N]" in err
    assert _names(db_path) == names


def test_restore_needs_the_owner_once_a_passphrase_is_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.owner import PASSPHRASE, protect

    db_path = tmp_path / "shop.db"
    with open_database(str(db_path)) as database:
        protect(database)
    copy = tmp_path / "copy.db"
    assert main(["--db", str(db_path), "backup", str(copy)]) == 0
    before = db_path.read_bytes()
    monkeypatch.delenv("REGULARS_OWNER_PIN", raising=False)
    assert main(["--db", str(db_path), "restore", str(copy), "--yes"]) == 1
    assert "Only the owner may restore" in capsys.readouterr().err
    assert db_path.read_bytes() == before
    monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
    assert main(["--db", str(db_path), "restore", str(copy), "--yes", "--owner"]) == 0
