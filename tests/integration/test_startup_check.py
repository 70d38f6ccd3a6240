"""Start-up: each kind of damage is found before anything writes, the file is moved aside
with the same bytes, the owner is pointed at the newest verified backup; and a second
copy of the app on the same file is refused while the first holds the writer lock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from app.db import Database
from app.errors import RegularsError
from app.models import Customer, Note
from app.safety.backups import take_backup
from app.safety.startup import open_checked

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 22, 8, 30)
PAGE = 4096


def _overwrite_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[2 * PAGE : 3 * PAGE] = b"\xa5" * PAGE
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _not_a_database(path: Path) -> None:
    path.write_text("name,phone\nAda,555\n")


@pytest.fixture
def shop(db: Database, db_path: Path) -> Path:
    """A shop file with enough rows for many pages, a verified backup, closed."""
    with db.session() as session:
        for number in range(300):
            customer = Customer(first_name=f"Name{number}", last_name="Startup")
            customer.notes.append(Note(body=f"note {number} " + "words " * 20))
            session.add(customer)
    db.close()
    return db_path


@pytest.mark.parametrize(
    "spoil",
    [_overwrite_page, _truncate, _empty, _not_a_database],
    ids=["overwritten page", "truncated", "zero length", "not a database"],
)
def test_damage_is_moved_aside_untouched_and_a_backup_named(
    shop: Path, spoil: Callable[[Path], None]
) -> None:
    backup = take_backup(shop, NOW).path
    spoil(shop)
    spoiled = shop.read_bytes()
    with pytest.raises(RegularsError) as refused:
        open_checked(shop, NOW)
    aside = shop.with_name(f"{shop.name}.damaged-20261122-083000")
    assert aside.read_bytes() == spoiled
    assert not shop.exists()
    assert not shop.with_name(f"{shop.name}-wal").exists()
    assert str(backup) in str(refused.value)
    assert "moved aside" in str(refused.value)


def test_damage_without_backup_says_so(shop: Path) -> None:
    _overwrite_page(shop)
    with pytest.raises(RegularsError, match="no verified backup"):
        open_checked(shop, NOW)


def test_a_sound_file_opens_and_a_new_one_is_created(shop: Path, tmp_path: Path) -> None:
    with open_checked(shop, NOW) as database, database.session() as session:
        assert session.query(Customer).count() == 300
    fresh = tmp_path / "new.db"
    open_checked(fresh, NOW).close()
    assert fresh.is_file()
    assert not list(tmp_path.glob("*.damaged-*"))
