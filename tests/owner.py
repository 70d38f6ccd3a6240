"""The owner's passphrase for tests: set it the way a new shop does, in one call."""

from __future__ import annotations

import io

import pytest

from app.cli import main
from app.db import Database
from app.models import Customer, Note
from app.safety.access import CLERK
from app.safety.owner_secret import SecretSet, set_owner_secret

PASSPHRASE = "tea kettle harbour"


def protect(database: Database, passphrase: str = PASSPHRASE) -> SecretSet:
    """Set the owner's passphrase on a book that has none yet (seals its private notes)."""
    return set_owner_secret(database, passphrase, access=CLERK)


def add_ada_with_a_secret(database: Database, secret: str) -> int:
    """Ada, with a private note naming ``secret`` ("<secret> owes 300") and a plain one
    ("likes tea"), as a book holds them before any passphrase; her id."""
    with database.session() as session:
        ada = Customer(first_name="Ada", last_name="Private")
        ada.notes.append(Note(body=f"{secret} owes 300", private=True))
        ada.notes.append(Note(body="likes tea"))
        session.add(ada)
        session.flush()
        return ada.id


def set_secret_on_the_command_line(
    target: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *flags: str,
) -> str:
    """``regulars owner set-secret --stdin [flags]`` with ``PASSPHRASE`` on the book at
    ``target``; what it printed."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSPHRASE}\n"))
    assert main(["owner", "set-secret", "--stdin", *flags, "--db", target]) == 0
    return capsys.readouterr().out
