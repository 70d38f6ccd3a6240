"""Back up now, then restore that backup from the File menu: the window reopens on it."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from app.models import Customer
from app.safety.backups import list_backups
from app.shop import shop_summary
from app.ui.main_window import MainWindow
from tests.owner import protect


def test_back_up_then_restore_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, monkeypatch: MonkeyPatch
) -> None:
    path = window.database.path
    window.backups.back_up()
    qtbot.waitUntil(lambda: len(list_backups(path)) == 1)
    with window.database.session() as s:
        s.add(Customer(first_name="Added", last_name="Later"))
    assert shop_summary(window.database).customers == 5

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.owner_action.trigger()
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.backups.restore()
    assert shop_summary(window.database).customers == 4


def test_restore_asks_for_the_passphrase_once_one_is_set(qtbot: QtBot, window: MainWindow) -> None:
    protect(window.database)
    window.backups.restore()
    assert "needs owner mode" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.owner.dialog is not None and window.owner.dialog.isVisible())
    dialog = window.owner.dialog
    assert dialog is not None
    dialog.reject()
