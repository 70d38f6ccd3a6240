"""The notes trash over the real note services: list, restore, refusal kept visible."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.customers import NewCustomer, add_customer
from app.db import Database
from app.notes import add_note, delete_note, list_notes, list_trash, restore_note
from app.ui.trash_dialog import EMPTY_TEXT, TrashDialog


def _dialog(qtbot: QtBot, db: Database) -> TrashDialog:
    dialog = TrashDialog(list_trash(db), partial(restore_note, db), {1: "Robert Smith"})
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def _rows(dialog: TrashDialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def test_restore_brings_the_note_back(qtbot: QtBot, db: Database) -> None:
    bob = add_customer(db, NewCustomer(first_name="Robert", last_name="Smith"))
    ann = add_customer(db, NewCustomer(first_name="Ann", last_name="Lee"))
    knee = add_note(db, bob, "Knee surgery on Friday")
    garden = add_note(db, ann, "Likes to talk about her\ngarden")
    delete_note(db, knee.id)
    delete_note(db, garden.id)
    dialog = _dialog(qtbot, db)
    rows = _rows(dialog)
    assert rows[0].endswith("customer #2\nLikes to talk about her garden")
    assert rows[1].endswith("Robert Smith\nKnee surgery on Friday")
    dialog.list.setCurrentRow(1)
    with qtbot.waitSignal(dialog.restored) as restored:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert restored.args == [knee.id]
    assert [n.body for n in list_notes(db, bob)] == ["Knee surgery on Friday"]
    assert len(_rows(dialog)) == 1
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert list_trash(db) == []
    assert dialog.message.text() == EMPTY_TEXT
    assert not dialog.restore_button.isEnabled()


def test_a_note_restored_elsewhere_stays_listed_with_the_reason(qtbot: QtBot, db: Database) -> None:
    bob = add_customer(db, NewCustomer(first_name="Robert", last_name="Smith"))
    note = add_note(db, bob, "Knee surgery on Friday")
    delete_note(db, note.id)
    dialog = _dialog(qtbot, db)
    restore_note(db, note.id)
    dialog.restore_selected()
    assert "not in the trash" in dialog.message.text()
    assert dialog.list.count() == 1


def test_an_empty_trash_says_so(qtbot: QtBot, db: Database) -> None:
    dialog = _dialog(qtbot, db)
    assert dialog.message.text() == EMPTY_TEXT
    assert not dialog.restore_button.isEnabled()
