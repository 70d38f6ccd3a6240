"""A book in a folder this user may not write to opens for reading: a banner says changes
cannot be saved and what to do, search, card and Today work, and a change is refused with
one plain message (the words typed kept as a draft elsewhere)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.db import Database
from app.errors import StorageError
from app.notes import load_drafts
from app.safety.startup import open_for_window
from app.ui.main_window import MainWindow
from tests.ui.conftest import TODAY


def folder_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``folder`` (and every file in it) is read-only for this user, as a non-root user
    would find it after ``chmod a-w``; root, who writes anywhere, is told so too."""
    real_access = os.access
    inside = str(folder.resolve())

    def access(path: str | os.PathLike[str], mode: int, **kwargs: object) -> bool:
        resolved = str(Path(path).resolve())
        if mode & os.W_OK and (resolved == inside or resolved.startswith(inside + os.sep)):
            return False
        return real_access(path, mode)

    monkeypatch.setattr("app.read_only.os.access", access)


@pytest.fixture
def read_only_window(
    qtbot: QtBot, db: Database, shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """The small shop's window, on its book opened from a read-only folder."""
    db.close()
    folder_read_only(monkeypatch, db.path.parent)
    book = open_for_window(db.path)
    win = MainWindow(book, today=lambda: TODAY)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.indexReady, timeout=10_000):
        win.show()
    yield win
    win.background.wait()


def test_a_read_only_book_is_read_with_a_banner_and_a_change_is_refused_plainly(
    qtbot: QtBot,
    read_only_window: MainWindow,
    shop: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = read_only_window
    assert window.database.read_only
    banner = window.read_only_banner
    assert banner.isVisible() and "read-only" in banner.text() and "copy" in banner.text()
    with qtbot.waitSignal(window.todayShown, timeout=10_000):
        window.refresh_today()
    qtbot.keyClicks(window.search_box, "peggy")
    qtbot.waitUntil(lambda: window.results.rowCount() >= 1)
    with qtbot.waitSignal(window.cardShown):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.card_view.card is not None
    assert window.card_view.card.customer.id == shop["margaret"]

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **_k: told.append(str(args[2])))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.notes.editor
    assert editor is not None
    qtbot.keyClicks(editor.text_box, "Asked about the garden show")
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(told))
    (message,) = told
    assert "read-only" in message and str(window.database.path) in message
    assert "Traceback" not in message
    assert [d.text for d in load_drafts(window.database.path)] == ["Asked about the garden show"]


def test_a_book_read_as_it_stands_on_a_full_disk_says_so_and_refuses_a_change_plainly(
    qtbot: QtBot, db: Database, shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    db.close()
    monkeypatch.setattr("app.errors.shutil.disk_usage", lambda _path: SimpleNamespace(free=42_000))
    full = StorageError(f"Nothing was written: the disk is full in the folder '{db.path.parent}'.")
    book = Database(str(db.path), checked=True, disk_full=full)
    window = MainWindow(book, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.show()
    banner = window.read_only_banner
    assert banner.isVisible() and (
        f"Changes cannot be saved in the folder '{db.path.parent}' (42.0 KB free): the disk is "
        "full." in banner.text()
    )
    assert "open the book again" in banner.text()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **_k: told.append(str(args[2])))
    window.open_card(shop["margaret"])
    qtbot.waitUntil(lambda: window.card_view.card is not None)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.notes.editor
    assert editor is not None
    qtbot.keyClicks(editor.text_box, "Asked about the garden show")
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(told))
    (message,) = told
    assert message.startswith(str(full)) and "Traceback" not in message
    assert [d.text for d in load_drafts(db.path)] == ["Asked about the garden show"]
    window.background.wait()
