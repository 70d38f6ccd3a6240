"""``regulars backup``: verified copies beside the database, written only when something
changed, pruned on the schedule, and refused where they would harm a file."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.backup import verify
from app.cli import main
from app.db import Database
from app.errors import RegularsError
from app.models import Customer
from app.safety.backups import backups_folder, list_backups, take_backup
from app.safety.retention import retained

NOW = datetime(2026, 11, 23, 9, 30, 5)


def _add_customer(db: Database, name: str) -> None:
    with db.session() as session:
        session.add(Customer(first_name=name, last_name="Backup"))


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT first_name FROM customer")}
    finally:
        conn.close()


def test_a_backup_is_a_verified_dated_copy_beside_the_database(db: Database, db_path: Path) -> None:
    _add_customer(db, "Ada")
    outcome = take_backup(db_path, NOW)
    assert outcome.written
    assert outcome.path == db_path.parent / "backups" / "shop-20261123-093005.db"
    verify(outcome.path)
    assert _names(outcome.path) == {"Ada"}
    assert not outcome.path.with_name(outcome.path.name + "-wal").exists()
    assert [p.name for p in backups_folder(db_path).iterdir()] == [outcome.path.name]


def test_nothing_is_written_when_nothing_changed(db: Database, db_path: Path) -> None:
    _add_customer(db, "Ada")
    first = take_backup(db_path, NOW)
    again = take_backup(db_path, NOW + timedelta(hours=1))
    assert not again.written
    assert again.path == first.path
    assert len(list_backups(db_path)) == 1
    _add_customer(db, "Ben")
    changed = take_backup(db_path, NOW + timedelta(hours=2))
    assert changed.written
    assert _names(changed.path) == {"Ada", "Ben"}
    assert [b.path for b in list_backups(db_path)] == [changed.path, first.path]


def test_two_backups_in_one_second_both_keep_a_name(db: Database, db_path: Path) -> None:
    first = take_backup(db_path, NOW)
    _add_customer(db, "Ada")
    second = take_backup(db_path, NOW)
    assert second.path.name == "shop-20261123-093005-2.db"
    assert [b.path for b in list_backups(db_path)] == [second.path, first.path]


def test_old_backups_are_pruned_on_the_schedule(db: Database, db_path: Path) -> None:
    removed: list[Path] = []
    times = [NOW + timedelta(days=day) for day in range(20)]
    for day, now in enumerate(times):
        _add_customer(db, f"Day{day}")
        removed.extend(take_backup(db_path, now).removed)
    backups = list_backups(db_path)
    assert {b.taken_at for b in backups} == retained(times, times[-1])
    assert backups[0].taken_at == times[-1]
    assert len(backups) + len(removed) == len(times)
    assert removed
    assert not any(path.exists() for path in removed)


def test_the_copy_before_a_restore_or_forget_outlives_the_schedule_for_30_days(
    db: Database, db_path: Path
) -> None:
    """Several backups a day would prune the copy taken before a restore on the same day;
    it stays 30 days, then the schedule has its way."""
    before = take_backup(db_path, NOW, reason="restore")
    assert before.written and before.path.name.endswith("-before-restore.db")
    forgot = take_backup(db_path, NOW + timedelta(seconds=1), reason="forget")
    assert forgot.written, "written even though nothing changed"
    _add_customer(db, "Forgotten later that day")
    second = take_backup(db_path, NOW + timedelta(minutes=5), reason="forget")
    for hour in range(1, 8):
        _add_customer(db, f"Hour{hour}")
        take_backup(db_path, NOW + timedelta(hours=hour))
    kept = {b.path for b in list_backups(db_path)}
    assert {before.path, forgot.path} <= kept
    assert second.path not in kept, "only the day's first copy before an erasure is held"
    for day in (29, 31):
        _add_customer(db, f"Day{day}")
        take_backup(db_path, NOW + timedelta(days=day))
        for hour in range(1, 4):
            take_backup(db_path, NOW + timedelta(days=day, hours=hour))
    assert not before.path.exists()
    assert {b.before for b in list_backups(db_path)} == {None}


def test_leftovers_of_an_interrupted_backup_are_swept_once_old(db: Database, db_path: Path) -> None:
    folder = backups_folder(db_path)
    folder.mkdir()
    stale = folder / ".shop-pending-0123456789ab.db.partial"
    fresh = folder / ".shop-pending-ba9876543210.db.partial"
    stale.write_bytes(b"half a copy")
    fresh.write_bytes(b"a copy still being written")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    take_backup(db_path, NOW)
    assert not stale.exists()
    assert fresh.exists()
    assert len(list_backups(db_path)) == 1


def test_backup_of_a_missing_or_empty_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegularsError, match="no database"):
        take_backup(tmp_path / "none.db", NOW)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(RegularsError, match="nothing to back up"):
        take_backup(empty, NOW)
    assert not (tmp_path / "backups").exists()


def test_a_backups_folder_that_cannot_be_made_is_named_in_plain_words(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_customer(db, "Ada")
    folder = backups_folder(db_path)
    folder.write_text("a file where the folder should be")
    assert main(["backup", "--db", str(db_path)]) == 1
    said = capsys.readouterr().err
    assert f"'{folder}'" in said and "[Errno" not in said
    assert folder.read_text() == "a file where the folder should be"


def test_cli_backup_then_skip_then_list(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_customer(db, "Ada")
    assert main(["backup", "--db", str(db_path)]) == 0
    assert "backed up to" in capsys.readouterr().out
    assert main(["backup", "--db", str(db_path)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert main(["--json", "backup", "--list", "--db", str(db_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [item["path"] for item in listed] == [str(b.path) for b in list_backups(db_path)]
    assert len(listed) == 1


def test_cli_backup_to_a_file_or_folder(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add_customer(db, "Ada")
    out = tmp_path / "usb" / "copy.db"
    out.parent.mkdir()
    assert main(["--json", "backup", str(out), "--db", str(db_path)]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == str(out)
    assert _names(out) == {"Ada"}
    _add_customer(db, "Ben")
    assert main(["backup", str(out), "--db", str(db_path)]) == 0
    assert _names(out) == {"Ada", "Ben"}
    assert main(["backup", str(out.parent), "--db", str(db_path)]) == 0
    dated = [p for p in out.parent.iterdir() if p.name.startswith("shop-")]
    assert len(dated) == 1
    verify(dated[0])
    missing = tmp_path / "stick-not-plugged-in"
    assert main(["backup", f"{missing}/", "--db", str(db_path)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize("target", ["document", "itself"])
def test_cli_backup_never_overwrites_a_document_or_the_database(
    db: Database, db_path: Path, tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letter.txt" if target == "document" else db_path
    if target == "document":
        out.write_text("Dear customer")
    before = out.read_bytes()
    assert main(["backup", str(out), "--db", str(db_path)]) == 1
    assert "error" in capsys.readouterr().err
    assert out.read_bytes() == before
