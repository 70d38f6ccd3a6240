"""Two records of one Robert Smith: Ctrl+M merges them field by field; Undo puts both back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.merge_dialog import MergeDialog


def _robert_smiths(qtbot: QtBot, window: MainWindow) -> int:
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, "robert smith")
    qtbot.waitUntil(lambda: window.results.query == "robert smith")
    return window.results.rowCount()


def test_merge_then_undo(qtbot: QtBot, window: MainWindow, shop: dict[str, int]) -> None:
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["robert_elm"])
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.customers.dialog, MergeDialog))
    dialog = window.customers.dialog
    assert isinstance(dialog, MergeDialog) and dialog.isVisible()
    assert dialog.other.id == shop["robert_oak"]
    take_their_phone = dialog.findChild(QRadioButton, "other-phone")
    assert take_their_phone is not None
    take_their_phone.click()
    assert dialog.choices()["phone"] == "other"
    assert not window.undo_merge_action.isEnabled()
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        dialog.accept()
    card = window.card_view.card
    assert card is not None and card.customer.phone == "(555) 010-0999"
    _robert_smiths(qtbot, window)
    qtbot.waitUntil(lambda: window.results.rowCount() == 1)

    assert window.undo_merge_action.isEnabled()
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.undo_merge_action.trigger()
    assert not window.undo_merge_action.isEnabled()
    assert _robert_smiths(qtbot, window) == 2
