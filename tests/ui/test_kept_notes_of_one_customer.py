"""Notes kept during an outage, several of one customer: opening one in the note box and
stopping before Save loses none of them, a new note box never writes over a draft left
over, and once the opened note is saved or thrown away the next kept one is offered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.db import Database
from app.notes import keep_refused, list_notes, load_drafts, save_draft
from app.ui.main_window import MainWindow
from app.ui.note_editor import NoteEditor
from tests.ui.conftest import TODAY


def _start(qtbot: QtBot, db: Database) -> MainWindow:
    """A window as at the next start of the app."""
    window = MainWindow(db, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.show()
    return window


def _offered_box(qtbot: QtBot, window: MainWindow, typed: str = "") -> NoteEditor:
    """The note box the window opens when it offers the kept notes (Open answered), with
    ``typed`` added at the end of what it holds."""
    window.notes.offer_drafts()
    qtbot.waitUntil(lambda: window.notes.editor is not None, timeout=10_000)
    editor = window.notes.editor
    assert editor is not None
    if typed:
        qtbot.keyClick(editor.text_box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(editor.text_box, typed)
    return editor


def _texts(db: Database) -> list[str]:
    return sorted(d.text for d in load_drafts(db.path))


def _always_open(monkeypatch: pytest.MonkeyPatch, *first: QMessageBox.StandardButton) -> list[str]:
    """The offers' questions asked, answered by ``first`` in turn, then by Open."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return (
            first[len(asked) - 1] if len(asked) <= len(first) else (QMessageBox.StandardButton.Open)
        )

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def _kept(db: Database, customer_id: int, *texts: str) -> None:
    """Notes the book refused for ``customer_id``, kept as the command line keeps them."""
    for text in texts:
        keep_refused(db.path, customer_id, text, private=False, seal_to=None)


def test_kept_notes_of_one_customer_survive_being_opened_and_left_unsaved(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _kept(db, shop["margaret"], "loopnote 3", "loopnote 4")
    _always_open(monkeypatch)
    editor = _offered_box(qtbot, window, " and more")
    editor.flush_draft()
    window.background.wait()
    # the app dies here (kill -9): Save was never pressed; the next start opens the other
    again = _start(qtbot, db)
    reopened = _offered_box(qtbot, again)
    reopened.flush_draft()
    again.background.wait()
    assert _texts(db) == ["loopnote 3 and more", "loopnote 4"]


def test_a_new_note_box_parks_a_left_over_draft_of_the_customer(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    save_draft(db.path, shop["margaret"], "Left over from before")
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["margaret"])
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.notes.editor
    assert editor is not None
    qtbot.keyClicks(editor.text_box, "Typed now")
    editor.flush_draft()
    assert _texts(db) == ["Left over from before", "Typed now"]
    editor.text_box.clear()
    editor.reject()
    assert _texts(db) == ["Left over from before"]
    window.background.wait()


def test_after_the_opened_note_is_saved_or_thrown_away_the_next_is_offered(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _kept(db, shop["margaret"], "loopnote 3", "loopnote 4", "loopnote 5")
    asked = _always_open(monkeypatch)
    first = _offered_box(qtbot, window)
    assert len(asked) == 1
    qtbot.keyClick(first.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.notes.editor is not first, timeout=10_000)
    second = window.notes.editor
    assert second is not None and len(asked) == 2
    monkeypatch.setattr(second, "confirm_discard", lambda: True)
    second.reject()
    qtbot.waitUntil(lambda: len(asked) == 3, timeout=10_000)
    window.background.wait()
    assert [n.body for n in list_notes(db, shop["margaret"])] == [first.result_values().body]
    [left] = load_drafts(db.path)
    assert left.text not in (first.result_values().body, second.result_values().body)


def test_closing_the_window_keeps_the_words_typed_since_the_last_pause(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _kept(db, shop["margaret"], "loopnote 3")
    _always_open(monkeypatch)
    _offered_box(qtbot, window, ", ask in May")
    window.close()
    assert _texts(db) == ["loopnote 3, ask in May"]


def test_discarding_one_kept_note_throws_away_that_one_only(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _kept(db, shop["margaret"], "kept 1", "kept 2", "kept 3")
    asked = _always_open(monkeypatch, QMessageBox.StandardButton.Discard)
    window.notes.offer_drafts()
    qtbot.waitUntil(lambda: window.notes.editor is not None, timeout=10_000)
    assert len(asked) == 2  # the second was asked about after the first was thrown away
    assert "2 more notes wait after this one." in asked[0]
    assert "1 more note waits after this one." in asked[1]
    assert len(_texts(db)) == 2
