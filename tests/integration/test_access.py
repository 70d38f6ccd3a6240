"""The owner's passphrase: the key it wraps, the recovery code, the lockout (across
restarts and growing), an old PIN replaced at its last use, and the command line."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.db import Database, open_database
from app.errors import RegularsError
from app.models import Customer, Note, NoteRevision, OwnerSecret, Setting
from app.notes import list_notes, load_drafts, save_draft
from app.safety.access import CLERK, PIN_SETTING, Access, OwnerSession, hash_pin
from app.safety.backups import take_backup
from app.safety.owner_secret import lockout, secret_kind, set_owner_secret, unlock
from app.safety.plain_backups import plain_backups
from tests.owner import PASSPHRASE, protect

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
SECRET = "Zanzibarquux"


def test_the_passphrase_wraps_a_key_and_is_never_stored(db: Database) -> None:
    done = protect(db)
    with db.session() as session:
        row = session.get(OwnerSecret, 1)
        assert row is not None and row.public_key is not None
        stored = f"{row.passphrase_wrap}{row.recovery_wrap}"
    assert PASSPHRASE not in stored and done.recovery_code not in stored
    assert json.loads(row.passphrase_wrap or "")["kdf"] == "argon2id"
    assert unlock(db, PASSPHRASE, now=T0).key is not None
    assert unlock(db, done.recovery_code.lower().replace("-", " "), now=T0).key is not None
    with pytest.raises(RegularsError, match="Wrong passphrase"):
        unlock(db, "tea kettle harbor", now=T0)
    assert secret_kind(db) == "passphrase"


@pytest.mark.parametrize("short", ["", "1234567", "  abc   "])
def test_a_passphrase_needs_eight_characters(db: Database, short: str) -> None:
    with pytest.raises(RegularsError, match="at least 8 characters"):
        protect(db, short)
    assert secret_kind(db) == "none"


def test_changing_the_passphrase_needs_the_key_and_renews_the_recovery_code(
    db: Database,
) -> None:
    first = protect(db)
    with pytest.raises(RegularsError, match="Unlock owner mode"):
        set_owner_secret(db, "another long one", access=CLERK)
    with pytest.raises(RegularsError, match="Unlock owner mode"):
        set_owner_secret(db, "another long one", access=Access(owner=True))
    second = set_owner_secret(db, "another long one", access=unlock(db, PASSPHRASE, now=T0))
    assert second.recovery_code != first.recovery_code
    assert unlock(db, "another long one", now=T0).key is not None
    assert unlock(db, second.recovery_code, now=T0).key is not None
    for stale in (PASSPHRASE, first.recovery_code):
        with pytest.raises(RegularsError, match="Wrong"):
            unlock(db, stale, now=T0)


def test_five_wrong_guesses_lock_out_with_growing_waits_even_after_a_restart(
    db: Database, db_path: Path
) -> None:
    protect(db)
    for attempt in range(4):
        with pytest.raises(RegularsError, match="more tr"):
            unlock(db, "wrong guess!", now=T0 + timedelta(seconds=attempt))
    with pytest.raises(RegularsError, match="now locked for 60 s"):
        unlock(db, "wrong guess!", now=T0 + timedelta(seconds=4))
    db.close()
    with open_database(str(db_path)) as reopened:
        with pytest.raises(RegularsError, match="locked for another"):
            unlock(reopened, PASSPHRASE, now=T0 + timedelta(seconds=30))
        with pytest.raises(RegularsError, match="now locked for 120 s"):
            unlock(reopened, "wrong guess!", now=T0 + timedelta(seconds=65))
        with pytest.raises(RegularsError, match="locked for another"):
            unlock(reopened, PASSPHRASE, now=T0 + timedelta(seconds=150))
        assert unlock(reopened, PASSPHRASE, now=T0 + timedelta(seconds=190)).owner
        state = lockout(reopened)
    assert (state.guesses, state.failures, state.locked_until) == (9, 0, None)


def test_an_empty_secret_is_refused_before_it_counts_in_the_window_and_the_cli(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    protect(db)
    with pytest.raises(RegularsError, match="Nothing was typed"):
        unlock(db, "", now=T0)
    db.close()
    monkeypatch.delenv("REGULARS_OWNER_PIN", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": "  ")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert main(["note", "kept", "--owner", "--db", str(db_path)]) == 1
    assert "Nothing was typed" in capsys.readouterr().err
    with open_database(str(db_path)) as reopened:
        assert lockout(reopened).guesses == 0


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


def _book_with_old_pin(db: Database) -> int:
    """A book from before the passphrase: a PIN and private notes in plain text."""
    with db.session() as session:
        customer = Customer(first_name="Ada", last_name="Private")
        note = Note(body=f"{SECRET} is a secret", private=True)
        note.revisions.append(NoteRevision(number=1, body=f"{SECRET} first", private=True))
        customer.notes.append(note)
        customer.notes.append(Note(body="likes tea"))
        session.add(customer)
        session.add(Setting(key=PIN_SETTING, value=hash_pin("8642")))
        session.flush()
        return customer.id


def test_the_old_pin_works_once_more_then_a_passphrase_seals_everything(
    db: Database, db_path: Path
) -> None:
    ada = _book_with_old_pin(db)
    save_draft(db_path, ada, f"{SECRET} draft", private=True)
    old_backup = take_backup(db_path).path
    assert secret_kind(db) == "pin"
    with pytest.raises(RegularsError, match="Wrong owner PIN"):
        unlock(db, "1111", now=T0)
    by_pin = unlock(db, "8642", now=T0)
    assert by_pin.owner and by_pin.pin_only and by_pin.key is None
    assert f"{SECRET} is a secret" in [n.body for n in list_notes(db, ada, access=by_pin)]
    with pytest.raises(RegularsError, match="owner PIN first"):
        set_owner_secret(db, PASSPHRASE, access=CLERK)
    done = set_owner_secret(db, PASSPHRASE, access=by_pin)
    assert secret_kind(db) == "passphrase"
    with pytest.raises(RegularsError, match="Wrong"):
        unlock(db, "8642", now=T0)
    assert f"{SECRET} is a secret" in [n.body for n in list_notes(db, ada, access=done.access)]
    db.close()
    for side in (db_path, db_path.with_name("shop.db-wal")):
        assert not side.exists() or SECRET.encode() not in side.read_bytes()
    assert plain_backups(db_path) == [old_backup]
    for draft in (db_path.parent / "drafts").rglob("*.json"):
        assert SECRET.encode() not in draft.read_bytes()
    assert load_drafts(db_path, access=done.access)[0].text == f"{SECRET} draft"
    assert SECRET.encode() in old_backup.read_bytes()


@pytest.fixture
def private_shop(db: Database, db_path: Path) -> int:
    with db.session() as session:
        customer = Customer(first_name="Ada", last_name="Private")
        customer.notes.append(Note(body=f"{SECRET} is a secret", private=True))
        customer.notes.append(Note(body="likes tea"))
        session.add(customer)
        session.flush()
        customer_id = customer.id
    protect(db)
    db.close()
    return customer_id


def test_card_shows_private_notes_only_with_the_passphrase(
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
    monkeypatch.setenv("REGULARS_OWNER_PIN", "not the passphrase")
    assert main([*card, "--owner"]) == 1
    assert SECRET not in capsys.readouterr().out
    monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
    assert main([*card, "--owner"]) == 0
    assert SECRET in capsys.readouterr().out


def test_exports_and_product_rules_are_refused_in_clerk_mode(
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
    assert main(["products", "kind", "Kayaks", "durable", *base]) == 1
    assert capsys.readouterr().err.count("Only the owner") == 3
    assert not one.exists() and not every.exists()
    monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
    assert main(["export", str(one), "--customer", str(private_shop), "--owner", *base]) == 0
    assert SECRET in one.read_text(encoding="utf-8")
    assert main(["products", "kind", "Kayaks", "durable", "--owner", *base]) == 0
    assert main(["backup", str(tmp_path / "plain-backup.db"), *base]) == 0


def test_set_secret_from_stdin_prints_the_recovery_code_once(
    db_path: Path,
    db: Database,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db.close()
    command = ["owner", "set-secret", "--stdin", "--json", "--db", str(db_path)]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSPHRASE}\n"))
    assert main(command[:2] + command[3:]) == 1  # piped without --stdin: told to add it
    assert "a script gives it with --stdin" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(command) == 1
    assert "at least 8 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSPHRASE}\n"))
    assert main(command) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["changed"] is False and len(first["recovery_code"]) == 29
    monkeypatch.setattr("sys.stdin", io.StringIO("a new passphrase\nnot the old one\n"))
    assert main(command) == 1
    assert "Wrong" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"a new passphrase\n{first['recovery_code']}\n"))
    assert main(command) == 0
    assert json.loads(capsys.readouterr().out)["changed"] is True
    with open_database(str(db_path)) as database:
        assert unlock(database, "a new passphrase").key is not None
    assert main(["owner", "status", "--db", str(db_path)]) == 0
    assert "passphrase" in capsys.readouterr().out


def test_a_second_first_passphrase_set_at_the_same_moment_is_refused(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two registers both saw a book with no secret; the second to write must not wrap a
    new key over the one the private notes were just sealed with."""
    with db.session() as session:
        ada = Customer(first_name="Ada", last_name="Private")
        ada.notes.append(Note(body=f"{SECRET} owes 300", private=True))
        session.add(ada)
        session.flush()
        ada_id = ada.id
    first = protect(db)
    monkeypatch.setattr("app.safety.owner_secret.secret_kind", lambda _db: "none")
    with pytest.raises(RegularsError, match="just set or changed"):
        protect(db, "the other register's idea")
    monkeypatch.undo()
    assert unlock(db, PASSPHRASE, now=T0).key is not None
    assert [n.body for n in list_notes(db, ada_id, access=first.access)] == [f"{SECRET} owes 300"]


def test_the_command_line_takes_the_old_pin_until_set_secret_replaces_it(
    db: Database,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ada = _book_with_old_pin(db)
    db.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setenv("REGULARS_OWNER_PIN", "8642")
    card = ["card", str(ada), "--owner", "--db", str(db_path)]
    assert main(card) == 0
    printed = capsys.readouterr()
    assert SECRET in printed.out and "owner set-secret" in printed.err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSPHRASE}\n8642\n"))
    assert main(["owner", "set-secret", "--stdin", "--db", str(db_path)]) == 0
    assert "recovery code" in capsys.readouterr().out
    assert main(card) == 1
    assert "Wrong passphrase" in capsys.readouterr().err
    monkeypatch.setenv("REGULARS_OWNER_PIN", PASSPHRASE)
    assert main(card) == 0
    assert SECRET in capsys.readouterr().out
    assert SECRET.encode() not in db_path.read_bytes()
