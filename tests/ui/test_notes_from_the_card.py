"""The owner's moment: card open, Ctrl+N, type, Ctrl+Enter — and the note is on the card."""

from __future__ import annotations

import errno
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from app.notes import NoteFields, keep_refused, list_notes, load_drafts, save_draft
from app.paths import data_dir
from app.ui.main_window import MainWindow
from tests.disk import writes_refused_in


def _open_card(qtbot: QtBot, window: MainWindow, customer_id: int) -> None:
    with qtbot.waitSignal(window.cardShown):
        window.open_card(customer_id)


def test_ctrl_n_writes_a_note_onto_the_open_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    _open_card(qtbot, window, shop["margaret"])
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.notes.editor
    assert editor is not None and editor.isVisible()
    qtbot.keyClicks(editor.text_box, "Granddaughter starts school in Lyon")
    editor.text_box.insertPlainText(" 🎒")  # QTest cannot type characters beyond the BMP
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (
            window.card_view.card is not None
            and [n.body for n in window.card_view.card.notes]
            == ["Granddaughter starts school in Lyon 🎒"]
        )
    )
    assert load_drafts(window.database.path) == []


def test_ctrl_n_without_a_card_does_nothing_and_the_entry_is_greyed(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.notes.editor is None
    assert not window.card_actions[0].isEnabled()
    window.notes.new_note()
    assert "Open a customer's card first" in window.statusBar().currentMessage()


def test_a_draft_left_by_a_crash_is_offered_back(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: MonkeyPatch
) -> None:
    save_draft(window.database.path, shop["jose"], "Asked about sourdough starter")
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Open
    )
    window.notes.offer_drafts()
    qtbot.waitUntil(lambda: window.notes.editor is not None)
    editor = window.notes.editor
    assert editor is not None
    assert editor.text_box.toPlainText() == "Asked about sourdough starter"
    assert "José Müller" in editor.windowTitle()


def test_a_note_kept_while_the_server_was_away_comes_back_pinned_with_its_kind_and_date(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: MonkeyPatch
) -> None:
    """The window closed before the server was back: the kept note is offered at the next
    start as it was typed, flags, chip kind and ask-on date (now past) included."""
    words = "Pets: new puppy, Biscuit"
    fields = NoteFields("pets", pinned=True, dont_bring_up=False, ask_on=date(2026, 11, 20))
    keep_refused(
        window.database.path, shop["jose"], words, private=False, seal_to=None, fields=fields
    )
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Open
    )
    window.notes.offer_drafts()
    qtbot.waitUntil(lambda: window.notes.editor is not None)
    editor = window.notes.editor
    assert editor is not None
    assert editor.pinned.isChecked() and not editor.dont_bring_up.isChecked()
    assert editor.ask.isChecked() and editor.ask_date.date().toPython() == date(2026, 11, 20)
    assert [d.fields for d in load_drafts(window.database.path)] == [fields]
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: load_drafts(window.database.path) == [])
    window.background.wait()
    [note] = list_notes(window.database, shop["jose"])
    assert (note.body, note.kind, note.pinned, note.ask_on) == (words, "pets", True, fields.ask_on)


def test_steady_typing_is_saved_as_a_draft_without_a_pause(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    _open_card(qtbot, window, shop["margaret"])
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.notes.editor
    assert editor is not None
    qtbot.keyClicks(editor.text_box, "Her grandson is moving to")
    editor.draft_deadline.timeout.emit()  # two seconds of typing, and no pause yet
    qtbot.keyClicks(editor.text_box, " Lyon")
    assert [d.text for d in load_drafts(window.database.path)] == ["Her grandson is moving to"]
    editor.draft_deadline.timeout.emit()
    assert [d.text for d in load_drafts(window.database.path)] == ["Her grandson is moving to Lyon"]
    editor.text_box.clear()


def test_a_note_the_book_cannot_take_is_kept_and_the_message_says_where(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: MonkeyPatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **_k: told.append(str(args[2])))
    folder = window.database.path.parent
    _open_card(qtbot, window, shop["margaret"])
    words = "Her grandson moves to Lyon in March"
    with writes_refused_in(folder, errno.ENOSPC):
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        editor = window.notes.editor
        assert editor is not None
        qtbot.keyClicks(editor.text_box, words)
        qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(told))
    (message,) = told
    assert f"'{folder}'" in message and "free" in message and "the disk is full" in message
    assert str(data_dir() / "drafts") in message
    reopened = window.notes.editor
    assert reopened is not None and reopened.isVisible()
    assert reopened.text_box.toPlainText() == words
    assert [d.text for d in load_drafts(window.database.path)] == [words]
