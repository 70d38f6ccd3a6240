"""Edit and Delete under a note on the card: every wording kept, deleted notes in the trash."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.db import Database
from app.notes import add_note, list_trash, note_history
from app.ui.main_window import MainWindow


def _button(window: MainWindow, name: str) -> QPushButton:
    button = window.card_view.findChild(QPushButton, name)
    assert button is not None, name
    return button


def test_edit_keeps_the_earlier_wording(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    note = add_note(db, shop["jose"], "Son plays cello", pinned=True)
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    qtbot.mouseClick(_button(window, "note-edit"), Qt.MouseButton.LeftButton)
    editor = window.notes.editor
    assert editor is not None and editor.text_box.toPlainText() == "Son plays cello"
    assert editor.pinned.isChecked()
    editor.text_box.selectAll()
    qtbot.keyClicks(editor.text_box, "Son plays cello in the county orchestra")
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            window.card_view.card is not None
            and [n.body for n in window.card_view.card.notes]
            == ["Son plays cello in the county orchestra"]
        )
    )
    assert [r.body for r in note_history(db, note.id)] == [
        "Son plays cello",
        "Son plays cello in the county orchestra",
    ]


def test_delete_moves_the_note_to_the_trash(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    add_note(db, shop["jose"], "Allergic to cats")
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    qtbot.mouseClick(_button(window, "note-delete"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.card_view.card is not None and window.card_view.card.notes == ())
    assert [n.body for n in list_trash(db, shop["jose"])] == ["Allergic to cats"]
    assert "trash" in window.statusBar().currentMessage()
