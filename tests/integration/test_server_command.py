"""``regulars server``: a real PostgreSQL in the user data folder that the registers reach
over the network by password, and whose password is never printed."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from app.cli import main
from app.crashlog import plain_message
from app.customers import NewCustomer, add_customer
from app.db import open_database
from app.errors import StorageError
from app.server.local import local_target
from app.server.reach import server_away


def test_init_starts_a_password_only_server_and_prints_the_address_without_it(
    capsys: pytest.CaptureFixture[str], initialised: Path
) -> None:
    out = capsys.readouterr().out
    password = (initialised / "password").read_text(encoding="utf-8")
    assert stat.S_IMODE((initialised / "password").stat().st_mode) == 0o600
    assert "running" in out and "REGULARS_DB=postgresql+psycopg://regulars:***@" in out
    assert password not in out
    with open_database(local_target()) as register:
        assert add_customer(register, NewCustomer(first_name="Ann", last_name="Counter")) == 1
    wrong = local_target().replace(password, "guessed")
    with pytest.raises(StorageError, match="password authentication failed") as refused:
        open_database(wrong)
    assert "did not let this register in" in str(refused.value)
    assert "back-office PC is on" not in str(refused.value) and "guessed" not in str(refused.value)
    elsewhere = local_target().rsplit("/", 1)[0] + "/no_such_book"
    with pytest.raises(StorageError, match="answers but does not open that book"):
        open_database(elsewhere)
    assert main(["server", "init"]) == 1  # one server per folder


def test_stop_and_start_keep_the_book(started: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with open_database(local_target()) as register:
        add_customer(register, NewCustomer(first_name="Bo", last_name="Kept"))
        assert main(["server", "stop"]) == 0
        with pytest.raises(OperationalError) as away:
            add_customer(register, NewCustomer(first_name="Al", last_name="Lost"))
    assert server_away(away.value)
    assert plain_message(away.value) == (
        "The back-office computer can't be reached, so nothing was written. Check that it "
        "is on and its server runs ('regulars server status' there), then try again.",
        False,
    )
    stopped = capsys.readouterr().out
    assert "server: stopped" in stopped and "regulars server start" in stopped
    assert "connect" not in stopped and "REGULARS_DB" not in stopped
    with pytest.raises(StorageError, match="Cannot reach the Regulars server"):
        open_database(local_target())
    assert main(["server", "start"]) == 0
    assert main(["--json", "server", "status"]) == 0
    assert '"running": true' in capsys.readouterr().out
    assert main(["--db", local_target(), "--json", "search", "kept"]) == 0
    assert "Bo Kept" in capsys.readouterr().out


def test_status_before_init_says_how_to_make_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["server", "status"]) == 1
    assert "regulars server init" in capsys.readouterr().err


def test_the_servers_log_keeps_no_customer_words_from_a_refused_write(started: Path) -> None:
    """A unique-key error names the constraint in the server's log, not the row's values
    (PostgreSQL would log them as DETAIL, and the statement): a forgotten customer's words
    must not outlive them there."""
    insert = text("INSERT INTO tag (name) VALUES ('Quietly-Kept-Word')")
    with open_database(local_target()) as register:
        with register.session() as s:
            s.execute(insert)
        with pytest.raises(IntegrityError), register.session() as s:
            s.execute(insert)
    log = (started / "pgdata" / "log").read_text(encoding="utf-8", errors="replace")
    assert "duplicate key" in log and "Quietly-Kept-Word" not in log
