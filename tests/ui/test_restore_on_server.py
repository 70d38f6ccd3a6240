"""A server's book in the window, as a file's: setting the passphrase seals the older
dumps (a damaged one too: sealed whole, it gives nothing away), and File ▸ Restore a backup
restores a dump chosen from the list, the window starting over on the restored book; the
passphrase is asked for once one is set (a dump sealed with it restores, its private
notes sealed again); another register's job on the whole book refuses it, naming that
job."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from app.db import Database
from app.models import Customer
from app.notes import add_note, list_notes
from app.safety.backups import DUMP_SUFFIX, backups_folder, list_backups
from app.safety.owner_secret import unlock
from app.safety.sealed_copies import secure_plain_copies
from app.safety.sealed_dumps import is_sealed_dump
from app.server.dump import run_tool
from app.shop import shop_summary
from app.ui.main_window import MainWindow
from app.ui.owner_mode import offer_owner_secret
from tests.owner import PASSPHRASE, protect
from tests.ui.test_owner_mode import _set_passphrase, _type, _unlock_dialog
from tests.ui.test_shop_jobs_on_server import _importing_elsewhere

pytestmark = [
    pytest.mark.both_engines,
    pytest.mark.parametrize("engine", ["postgresql"], indirect=True),
]


def _answer_yes(monkeypatch: MonkeyPatch) -> list[str]:
    """Choose the newest backup and say yes to the question; what was asked."""
    asked: list[str] = []

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QMessageBox, "warning", answer)
    return asked


def _dumps(window: MainWindow) -> list[object]:
    return list(list_backups(window.database.path, DUMP_SUFFIX))


def test_restore_a_dump_from_the_file_menu_as_on_a_file(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    shop: dict[str, int],
    monkeypatch: MonkeyPatch,
) -> None:
    add_note(db, shop["jose"], "Owes the shop 400 for the mower", private=True)
    window.backups.back_up()
    qtbot.waitUntil(lambda: len(_dumps(window)) == 1, timeout=30_000)
    asked = _answer_yes(monkeypatch)

    with _importing_elsewhere(db):
        window.backups.restore()
        qtbot.waitUntil(lambda: any("busy with the whole book" in t for t in asked), timeout=30_000)
    assert "(import)" in asked[-1]
    assert len(_dumps(window)) == 1  # refused before the book was dumped

    protect(db)
    (sealed,) = secure_plain_copies(db).sealed
    assert is_sealed_dump(sealed)
    with db.session() as s:
        s.add(Customer(first_name="Added", last_name="Later"))
    assert shop_summary(db).customers == 5
    asked.clear()
    window.backups.restore()
    _type(_unlock_dialog(qtbot, window.owner), PASSPHRASE)
    qtbot.waitUntil(
        lambda: "Restored the backup" in window.statusBar().currentMessage(), timeout=30_000
    )
    (question,) = asked
    assert "before-restore.dump" in question
    assert shop_summary(db).customers == 4
    (before,) = [b for b in list_backups(db.path, DUMP_SUFFIX) if b.before]
    assert str(before.path) in window.statusBar().currentMessage()
    assert list_notes(db, shop["jose"]) == []
    owner = unlock(db, PASSPHRASE)
    bodies = [n.body for n in list_notes(db, shop["jose"], access=owner)]
    assert bodies == ["Owes the shop 400 for the mower"]
    qtbot.waitUntil(lambda: window.index is not None, timeout=10_000)
    window.search_box.setText("Added Later")
    qtbot.waitUntil(lambda: window.results.rowCount() == 1)  # only the "add" row


def test_setting_the_passphrase_seals_older_dumps_even_one_that_does_not_read_back(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    add_note(db, shop["jose"], "Owes the shop 400 for the mower", private=True)
    window.backups.back_up()
    qtbot.waitUntil(lambda: len(_dumps(window)) == 1, timeout=30_000)
    (plain,) = [b.path for b in list_backups(db.path, DUMP_SUFFIX)]
    assert "Owes the shop 400" in run_tool("pg_restore", ["--file=-"], archive=plain)
    damaged = plain.with_name(f"{db.path.stem}-20260101-090000.dump")
    damaged.write_bytes(b"PGDMP" + b"\x07" * 400 + b"Owes the shop 400")

    offer_owner_secret(window)
    dialog = _set_passphrase(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: isinstance(window.owner.dialog, QMessageBox), timeout=30_000)
    told = window.owner.dialog
    assert isinstance(told, QMessageBox)
    assert "2 older backups held private notes in plain text" in told.text()
    assert str(plain) in told.text() and str(damaged) in told.text()
    told.button(QMessageBox.StandardButton.Ok).click()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert is_sealed_dump(plain) and is_sealed_dump(damaged)
    for path in backups_folder(db.path).rglob("*"):
        assert b"Owes the shop 400" not in path.read_bytes()
