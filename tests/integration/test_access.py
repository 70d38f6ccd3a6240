"""Owner PIN: kept only as a salted scrypt hash, wrong PINs lock out (across restarts),
owner mode lapses when idle, and private notes are neither shown nor exported in clerk mode."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database, open_database
from app.errors import RegularsError
from app.models import Customer, Note, Setting
from app.safety.access import (
    PIN_SETTING,
    OwnerSession,
    pin_is_set,
    set_owner_pin,
    verify_owner_pin,
)

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SECRET = "Zanzibarquux"


def test_pin_is_stored_only_as_a_salted_scrypt_hash(db: Database) -> None:
    set_owner_pin(db, "4711")
    with db.session() as session:
        stored = session.get(Setting, PIN_SETTING)
    assert stored is not None
    scheme, n, r, p, _salt, _digest = stored.value.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert "4711" not in stored.value
    assert verify_owner_pin(db, "4711", now=T0)
    assert not verify_owner_pin(db, "4712", now=T0)


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", "١٢٣٤"])
def test_pin_must_be_4_to_12_digits(db: Database, bad: str) -> None:
    with pytest.raises(RegularsError, match="4 to 12 digits"):
        set_owner_pin(db, bad)
    assert not pin_is_set(db)


def test_changing_the_pin_needs_the_current_one(db: Database) -> None:
    set_owner_pin(db, "1111")
    with pytest.raises(RegularsError, match="already set"):
        set_owner_pin(db, "2222")
    with pytest.raises(RegularsError, match="wrong"):
        set_owner_pin(db, "2222", current_pin="9999", now=T0)
    set_owner_pin(db, "2222", current_pin="1111", now=T0)
    assert verify_owner_pin(db, "2222", now=T0)


def test_five_wrong_pins_lock_out_for_a_minute_even_after_a_restart(
    db: Database, db_path: Path
) -> None:
    set_owner_pin(db, "2468")
    for attempt in range(5):
        assert not verify_owner_pin(db, "0000", now=T0 + timedelta(seconds=attempt))
    db.close()
    with open_database(str(db_path)) as reopened:
        with pytest.raises(RegularsError, match="locked"):
            verify_owner_pin(reopened, "2468", now=T0 + timedelta(seconds=30))
        assert verify_owner_pin(reopened, "2468", now=T0 + timedelta(seconds=65))
        naive = T0.replace(tzinfo=None)
        assert not verify_owner_pin(reopened, "0000", now=naive + timedelta(seconds=66))
        assert verify_owner_pin(reopened, "2468", now=T0 + timedelta(seconds=67))


def test_owner_session_drops_back_to_clerk_when_idle() -> None:
    now = [T0]
    session = OwnerSession(idle_minutes=5, clock=lambda: now[0])
    assert not session.is_owner
    session.enter()
    now[0] += timedelta(minutes=4)
    session.touch()
    now[0] += timedelta(minutes=4)
    assert session.is_owner
    assert session.idle_left() == timedelta(minutes=1)
    now[0] += timedelta(minutes=1)
    assert not session.is_owner
    session.touch()
    assert not session.is_owner
    session.enter()
    session.drop()
    assert not session.is_owner


@pytest.fixture
def private_shop(db: Database, db_path: Path) -> int:
    with db.session() as session:
        customer = Customer(first_name="Ada", last_name="Private")
        customer.notes.append(Note(body=f"{SECRET} is a secret", private=True))
        customer.notes.append(Note(body="likes tea"))
        session.add(customer)
        session.flush()
        customer_id = customer.id
    set_owner_pin(db, "8642")
    db.close()
    return customer_id


def test_card_shows_private_notes_only_with_the_owner_pin(
    db_path: Path,
    private_shop: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    card = ["card", str(private_shop), "--db", str(db_path)]
    assert main(card) == 0
    assert SECRET not in capsys.readouterr().out
    assert main([*card, "--owner"]) == 1
    assert "REGULARS_OWNER_PIN" in capsys.readouterr().err
    monkeypatch.setenv("REGULARS_OWNER_PIN", "1357")
    assert main([*card, "--owner"]) == 1
    assert SECRET not in capsys.readouterr().out
    monkeypatch.setenv("REGULARS_OWNER_PIN", "8642")
    assert main([*card, "--owner"]) == 0
    assert SECRET in capsys.readouterr().out


def test_export_is_refused_in_clerk_mode_once_a_pin_is_set(
    db_path: Path,
    tmp_path: Path,
    private_shop: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one = tmp_path / "one.json"
    every = tmp_path / "all.csv"
    base = ["--db", str(db_path)]
    assert main(["export", str(one), "--customer", str(private_shop), *base]) == 1
    assert main(["export", str(every), *base]) == 1
    assert "Only the owner" in capsys.readouterr().err
    assert not one.exists() and not every.exists()
    monkeypatch.setenv("REGULARS_OWNER_PIN", "8642")
    assert main(["export", str(one), "--customer", str(private_shop), "--owner", *base]) == 0
    assert SECRET in one.read_text(encoding="utf-8")


def test_set_pin_from_stdin(db_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    db.close()
    command = ["owner", "set-pin", "--pin-stdin", "--db", str(db_path)]
    monkeypatch.setattr("sys.stdin", io.StringIO("123456\n"))
    assert main(command) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("654321\n000000\n"))
    assert main(command) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("654321\n123456\n"))
    assert main(command) == 0
    with open_database(str(db_path)) as database:
        assert verify_owner_pin(database, "654321")
