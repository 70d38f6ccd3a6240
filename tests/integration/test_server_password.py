"""A register joins the shop's server once with ``regulars server connect``: the address
goes into settings.toml, the password into the keyring or a file only the user may read,
and the password never shows in any output, log or settings file."""

from __future__ import annotations

import io
import logging
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import select

from app.cli import main
from app.db import open_database
from app.models import Customer
from app.server.local import local_target
from app.server.password import password_file
from app.settings import load_settings, settings_path


def _port(server: Path) -> str:
    return (server / "port").read_text(encoding="utf-8").strip()


def _connect(monkeypatch: pytest.MonkeyPatch, address: str, typed: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed + "\n"))
    return main(["server", "connect", address])


def _everything_shown(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> str:
    seen = capsys.readouterr()
    return seen.out + seen.err + caplog.text


def test_connect_keeps_the_password_out_of_sight_and_opens_the_server_by_itself(
    started: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    password = (started / "password").read_text(encoding="utf-8").strip()
    address = f"127.0.0.1:{_port(started)}"

    assert _connect(monkeypatch, address, "not-the-password") == 1
    assert load_settings().server == ""  # a wrong password saves nothing
    assert not password_file().exists()

    refused = f"postgresql+psycopg://regulars:{password}@127.0.0.1:{_port(started)}/regulars"
    assert main(["server", "connect", refused]) == 1  # never on the command line

    assert _connect(monkeypatch, address, password) == 0
    assert load_settings().server.startswith("postgresql+psycopg://regulars@127.0.0.1:")
    assert stat.S_IMODE(password_file().stat().st_mode) == 0o600
    assert password not in settings_path().read_text(encoding="utf-8")

    assert main(["customer", "add", "--first", "Ann", "--last", "Shared"]) == 0
    assert main(["search", "Shared"]) == 0
    shown = _everything_shown(capsys, caplog)
    assert "Ann" in shown
    assert password not in shown and "not-the-password" not in shown
    server_book = open_database(local_target())  # it went to the server, not a file
    with server_book, server_book.session() as session:
        found = session.scalars(select(Customer.first_name).filter_by(last_name="Shared"))
        assert list(found) == ["Ann"]

    assert main(["server", "disconnect"]) == 0
    assert load_settings().server == ""


class _MemoryKeyring(KeyringBackend):
    """A keyring that keeps its secrets in this test's memory, standing in for the
    computer's own."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


def test_a_keyring_holds_the_password_where_there_is_one(
    started: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    password = (started / "password").read_text(encoding="utf-8").strip()
    memory = _MemoryKeyring()
    before = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        assert _connect(monkeypatch, f"127.0.0.1:{_port(started)}", password) == 0
        assert list(memory.kept.values()) == [password]
        assert not password_file().exists()
        assert main(["customer", "add", "--first", "Bo", "--last", "Keyring"]) == 0
    finally:
        keyring.set_keyring(before)
    out = capsys.readouterr()
    assert "keyring" in out.out and password not in out.out + out.err


def test_a_server_address_with_a_password_is_refused_without_repeating_it(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    assert main(["customer", "add", "--db", str(db_path), "--first", "Ann"]) == 0
    book = ["settings", "set", "--db", str(db_path), "server"]
    assert main([*book, "postgresql://u:s3cret@host/db"]) == 1
    assert main(["server", "connect", "postgresql://u:s3cret@host/db"]) == 1
    err = capsys.readouterr().err
    assert "without its password" in err and "s3cret" not in err
    assert not settings_path().exists()
    assert main([*book, "not a server:x"]) == 1
    assert "192.168.1.20:5432" in capsys.readouterr().err
    assert main([*book, "10.0.0.5"]) == 0
    assert load_settings().server == "postgresql+psycopg://regulars@10.0.0.5:5432/regulars"
