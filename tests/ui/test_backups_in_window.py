"""Back up now, then restore that backup from the File menu: the window reopens on it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from app.db import Database, open_database
from app.models import Customer
from app.safety.backups import list_backups, take_backup
from app.shop import shop_summary
from app.ui.main_window import MainWindow
from tests.integration.test_startup_check import _overwrite_page
from tests.owner import protect
from tests.ui.test_damaged_start import _answer


def test_back_up_then_restore_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    path = window.database.path
    window.backups.back_up()
    qtbot.waitUntil(lambda: len(list_backups(path)) == 1)
    with window.database.session() as s:
        s.add(Customer(first_name="Added", last_name="Later"))
    assert shop_summary(window.database).customers == 5

    asked: list[str] = []

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QMessageBox, "warning", answer)
    window.owner_action.trigger()
    window.backups.restore()
    qtbot.waitUntil(lambda: "Restored the backup" in window.statusBar().currentMessage())
    assert shop_summary(window.database).customers == 4
    (question,) = asked
    assert "set aside" in question and str(path.parent / "backups") in question
    (before,) = [b for b in list_backups(path) if b.before == "restore"]
    assert str(before.path) in window.statusBar().currentMessage()
    kept = Database(str(before.path))
    try:
        assert shop_summary(kept).customers == 5
    finally:
        kept.close()
    window.search_box.setText("Added Later")
    qtbot.waitUntil(lambda: window.index is not None)
    assert window.results.rowCount() == 1  # only the "add" row: not in the book any more


def test_opening_a_damaged_file_offers_its_backup_and_opens_that(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    other = tmp_path / "other.db"
    with open_database(str(other)) as book, book.session() as s:
        s.add(Customer(first_name="Only", last_name="Other"))
    backup = take_backup(other).path
    _overwrite_page(other)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)

    window.open_database_file(other)
    qtbot.waitUntil(lambda: window.database.path == other and window.index is not None)
    assert shop_summary(window.database).customers == 1
    (question,) = asked
    assert str(backup) in question and ".damaged-" in question


def test_restore_asks_for_the_passphrase_once_one_is_set(qtbot: QtBot, window: MainWindow) -> None:
    protect(window.database)
    window.backups.restore()
    qtbot.waitUntil(lambda: window.owner.dialog is not None and window.owner.dialog.isVisible())
    assert "needs owner mode" in window.statusBar().currentMessage()
    dialog = window.owner.dialog
    assert dialog is not None
    dialog.reject()


def test_with_no_passphrase_restore_asks_for_none_and_leaves_clerk_mode_on(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    take_backup(window.database.path)
    offered: list[list[str]] = []

    def cancel(*args: object, **_kwargs: object) -> tuple[str, bool]:
        offered.append(list(args[3]))  # type: ignore[call-overload]
        return "", False

    monkeypatch.setattr(QInputDialog, "getItem", cancel)
    window.backups.restore()
    qtbot.waitUntil(lambda: len(offered) == 1)
    assert len(offered[0]) == 1
    assert "passphrase" not in window.statusBar().currentMessage()
    assert not window.owner.is_owner
    assert window.mode_label.text() == "Clerk mode"
    assert window.owner.dialog is None
