"""Every menu entry and its shortcut, chosen in every state a newcomer meets: an empty book,
a small shop with and without a card open, clerk and owner, and the demo shop.

Anything an action opens is closed again (a modal dialog rejected, a window closed); an
exception in a slot or any Qt warning fails the test (pytest-qt's capture and
``qt_log_level_fail``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMenu,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.db import Database, open_database
from app.demo import generate_demo
from app.safety.access import CLERK
from app.safety.owner_secret import set_owner_secret
from app.ui.main_window import MainWindow
from app.ui.theme import ThemeControl

from .conftest import TODAY, fill_small_shop
from .names import unnamed_controls

QtModifier = Qt.KeyboardModifier


def menu_actions(window: MainWindow) -> list[QAction]:
    """Every entry of every menu (submenus included), top to bottom, Quit left out."""
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub)
            elif not action.isSeparator() and action.text() != "&Quit":
                found.append(action)

    for top in window.menuBar().actions():
        sub = top.menu()
        assert isinstance(sub, QMenu)
        walk(sub)
    return found


UNNAMED: list[str] = []
"""Controls without a name for screen readers, found in what the actions opened."""


def _note_unnamed(widget: QWidget) -> None:
    if not isinstance(widget, QFileDialog | QMessageBox):  # Qt's own, named by Qt
        UNNAMED.extend(f"{widget.windowTitle()}: {name}" for name in unnamed_controls(widget))


def _close_others(window: MainWindow) -> None:
    """Reject the dialog or close the window an action opened (modal or not), after
    noting any control in it a screen reader could not name."""
    modal = QApplication.activeModalWidget()
    if modal is not None:
        _note_unnamed(modal)
    if isinstance(modal, QDialog):
        modal.reject()
    elif modal is not None:
        modal.close()
    for widget in QApplication.topLevelWidgets():
        if widget is not window and widget.isVisible() and not isinstance(widget, QMenu):
            _note_unnamed(widget)
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()


def _close_all(windows: list[MainWindow]) -> None:
    for window in windows:
        _close_others(window)


@pytest.fixture
def closer(qtbot: QtBot) -> Iterator[Callable[[MainWindow], None]]:
    """A timer that keeps closing what actions open, even inside a modal ``exec()``."""
    timer = QTimer()
    timer.setInterval(20)
    target: list[MainWindow] = []
    timer.timeout.connect(lambda: _close_all(target))

    def watch(window: MainWindow) -> None:
        target.append(window)
        timer.start()

    yield watch
    timer.stop()


@pytest.fixture
def theme(qapp: QApplication) -> Iterator[ThemeControl]:
    """The View menu's theme entries too (light again afterwards)."""
    control = ThemeControl(qapp)
    control.set_dark(False)
    yield control
    control.size_step = 1
    control.set_dark(False)


def _settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.wait(30)
    window.background.wait()
    qtbot.wait(30)
    _close_others(window)
    window.background.wait()


STATES = ("empty book", "no card", "card open", "owner, card open", "secret set, clerk", "demo")


def _fill(state: str, db: Database) -> int | None:
    """Put ``state``'s data in ``db``; the customer whose card should be open, if any."""
    if state == "empty book":
        return None
    if state == "demo":
        generate_demo(db, customers=40, seed=3, end=TODAY)
        return 1
    ids = fill_small_shop(db)
    if state == "secret set, clerk":
        set_owner_secret(db, "river otter paddles", access=CLERK)
    return None if state == "no card" else ids["robert_elm"]


NEEDS_A_CARD = {
    "New &note…",
    "&Edit customer…",
    "&Household and pets…",
    "&Photo…",
    "&Merge a duplicate into this customer…",
    "&Archive this customer…",
    "&Forget this customer…",
}


MARKS_A_QUESTION = {
    "Question &asked…",
    "&Dismiss the question",
    "&Snooze the question",
}
"""Live on a card with questions, or on Today with a row chosen."""


def _question_states(window: MainWindow) -> set[bool]:
    enabled = _enabled(window)
    return {enabled[text] for text in MARKS_A_QUESTION}


def _enabled(window: MainWindow) -> dict[str, bool]:
    return {action.text(): action.isEnabled() for action in menu_actions(window)}


def _assert_enabled_states(qtbot: QtBot, window: MainWindow, card_id: int | None) -> None:
    """Without a card the card's entries are greyed out, with one they are live; the rest
    stay live throughout, and Undo last merge waits for a merge."""
    enabled = _enabled(window)
    assert {text for text in NEEDS_A_CARD if enabled[text]} == set()
    today_row = window.today_view.current_key() is not None
    assert _question_states(window) == {today_row}
    others = {
        text: on for text, on in enabled.items() if text not in NEEDS_A_CARD | MARKS_A_QUESTION
    }
    assert [text for text, on in others.items() if not on] == ["&Undo", "&Undo last merge"]
    if card_id is None:
        return
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        window.open_card(card_id)
    enabled = _enabled(window)
    assert all(enabled[text] for text in NEEDS_A_CARD), enabled
    card = window.card_view.card
    assert card is not None
    assert _question_states(window) == {bool(card.prompts)}
    assert not enabled["&Undo last merge"]
    window.close_card()
    assert not any(_enabled(window)[text] for text in NEEDS_A_CARD)
    assert _question_states(window) == {window.today_view.current_key() is not None}


@pytest.mark.parametrize("state", STATES)
def test_every_menu_action_works(
    qtbot: QtBot,
    tmp_path: Path,
    state: str,
    theme: ThemeControl,
    closer: Callable[[MainWindow], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "about", lambda *_args: None)
    db = open_database(str(tmp_path / "shop.db"))
    card_id = _fill(state, db)
    window = MainWindow(db, today=lambda: TODAY, theme=theme)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.indexReady, timeout=20_000):
        window.show()
    closer(window)
    UNNAMED.clear()
    actions = menu_actions(window)
    assert len(actions) >= 20
    _assert_enabled_states(qtbot, window, card_id)
    for action in actions:
        if card_id is not None and window.right.currentWidget() is not window.card_view:
            with qtbot.waitSignal(window.cardShown, timeout=10_000):
                window.open_card(card_id)
        if state.startswith("owner"):
            window.owner.request(window)
        action.trigger()
        _settle(qtbot, window)
        assert window.isVisible(), action.text()
    assert "\n".join(sorted(set(UNNAMED))) == ""
    window.background.wait()
    window.close()
    db.close()


def test_shortcuts_reach_their_action_from_the_search_box(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    """Ctrl+E edits the open customer even with the search box focused."""
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["margaret"])
    window.focus_search()
    qtbot.keyClick(window.search_box, "e", QtModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.customers.dialog, QDialog))
    dialog = window.customers.dialog
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    dialog.reject()


def test_new_customer_from_the_menu_starts_empty(qtbot: QtBot, window: MainWindow) -> None:
    """Customer ▸ New customer (Ctrl+Shift+N) opens an empty form (once a TypeError)."""
    qtbot.keyClick(window.search_box, "n", QtModifier.ControlModifier | QtModifier.ShiftModifier)
    dialog = window.customers.dialog
    assert isinstance(dialog, QWidget) and dialog.isVisible()
    assert isinstance(dialog, QDialog)
    dialog.reject()


def test_a_menu_key_the_search_box_would_keep_goes_to_the_menu(window: MainWindow) -> None:
    """A line edit claims some keys before any shortcut (Ctrl+Z to undo typing; Ctrl+E on
    Linux desktops). The window lets its menu keys through while the entry can act, and
    leaves the box its own keys otherwise."""

    def claimed(key: Qt.Key) -> bool:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, key, QtModifier.ControlModifier)
        event.ignore()
        QApplication.sendEvent(window.search_box, event)
        return event.isAccepted()

    assert not window.undo_action.isEnabled()
    assert claimed(Qt.Key.Key_Z)  # nothing to take back: the box undoes its typing
    window.undo_action.setEnabled(True)  # as after a question was marked
    assert not claimed(Qt.Key.Key_Z)
    assert not claimed(Qt.Key.Key_E)
    assert claimed(Qt.Key.Key_A)
