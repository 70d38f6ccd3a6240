"""A note the command line kept because the book refused it is offered back at the window's
start with words that say so (not as a note "being written when Regulars stopped"), and
Open puts it in the note box."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.db import Database
from app.notes import load_drafts
from app.notes.drafts import keep_refused
from app.ui.main_window import MainWindow


def test_a_note_the_book_refused_is_offered_as_kept_and_opens_in_the_box(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keep_refused(
        db.path, shop["margaret"], "Bring the blue kayak back", private=False, seal_to=None
    )
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window.notes.offer_drafts()
    qtbot.waitUntil(lambda: window.notes.editor is not None, timeout=10_000)
    (said,) = asked
    assert "could not be saved when it was written, and was kept" in said
    assert "Bring the blue kayak back" in said
    assert window.notes.editor is not None
    assert window.notes.editor.text_box.toPlainText() == "Bring the blue kayak back"
    (kept,) = load_drafts(db.path)  # its own file holds the words until Save or Discard
    assert kept.refused is not None and kept.text == "Bring the blue kayak back"
