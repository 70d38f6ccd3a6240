"""Shop ▸ Settings: owner only, a wrong value is refused naming the field with the file
untouched, and a saved change reaches the window (title, owner mode's timeout)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.settings import load_settings, settings_path
from app.ui.background import Background
from app.ui.main_window import MainWindow
from app.ui.owner_mode import UnlockDialog
from app.ui.settings_dialog import SettingsDialog
from tests.owner import PASSPHRASE, protect


def _retype(dialog: SettingsDialog, key: str, text: str) -> None:
    edit = dialog.edits[key]
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)


def _save(dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    button = buttons.button(QDialogButtonBox.StandardButton.Save)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _settings_action(window: MainWindow) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == "&Settings…")


def test_settings_are_owner_only_and_a_wrong_value_is_refused_by_name(
    qtbot: QtBot, window: MainWindow
) -> None:
    protect(window.database)
    _settings_action(window).trigger()
    qtbot.waitUntil(
        lambda: isinstance(window.owner.dialog, UnlockDialog) and window.owner.dialog.isVisible()
    )
    assert "needs owner mode" in window.statusBar().currentMessage()
    assert not isinstance(window.shop.dialog, SettingsDialog)
    unlock = window.owner.dialog
    assert isinstance(unlock, UnlockDialog)
    QTest.keyClicks(unlock.secret, PASSPHRASE)
    QTest.keyClick(unlock.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.shop.dialog, SettingsDialog))
    dialog = window.shop.dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.edits["prompts_per_card"].text() == "3"
    assert dialog.edits["country"].text() == "US"

    _retype(dialog, "prompts_per_card", "9")
    _retype(dialog, "shop_name", "Corner Hardware")
    _save(dialog)
    assert dialog.isVisible()
    assert dialog.message.text() == (
        "Prompts on a card (prompts_per_card) must be 1 to 5, not '9'."
    )
    assert QApplication.focusWidget() is dialog.edits["prompts_per_card"]
    assert not settings_path().exists()

    _retype(dialog, "prompts_per_card", "5")
    _retype(dialog, "idle_minutes", "15")
    _save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settings = load_settings()
    assert (settings.shop_name, settings.prompts_per_card, settings.idle_minutes) == (
        "Corner Hardware",
        5,
        15,
    )
    assert window.owner._session.idle.total_seconds() == 15 * 60
    qtbot.waitUntil(lambda: window.windowTitle() == "Regulars — Corner Hardware")
    assert window.statusBar().currentMessage() == "Settings saved."


def test_cancel_writes_nothing(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Background())
    qtbot.addWidget(dialog)
    dialog.show()
    _retype(dialog, "country", "GB")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not settings_path().exists()
    assert load_settings().country == "US"


def test_a_shop_server_is_joined_with_its_password_kept_out_of_the_file(
    qtbot: QtBot, window: MainWindow, started: Path
) -> None:
    password = (started / "password").read_text(encoding="utf-8").strip()
    port = (started / "port").read_text(encoding="utf-8").strip()
    _settings_action(window).trigger()
    qtbot.waitUntil(lambda: isinstance(window.shop.dialog, SettingsDialog))
    dialog = window.shop.dialog
    assert isinstance(dialog, SettingsDialog)
    _retype(dialog, "server", f"127.0.0.1:{port}")
    QTest.keyClicks(dialog.password, "guessed")
    _save(dialog)
    qtbot.waitUntil(lambda: "did not let this register in" in dialog.message.text())
    assert dialog.isVisible() and not settings_path().exists()

    dialog.password.clear()
    QTest.keyClicks(dialog.password, password)
    assert password not in dialog.password.displayText()
    _save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert load_settings().server == f"postgresql+psycopg://regulars@127.0.0.1:{port}/regulars"
    assert password not in settings_path().read_text(encoding="utf-8")
    assert password not in window.statusBar().currentMessage()
