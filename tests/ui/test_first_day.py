"""The first start on an empty book leads somewhere: import, add, demo, the owner's secret."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db import Database
from app.safety.backups import list_backups
from app.safety.owner_secret import unlock
from app.ui.customer_dialog import CustomerDialog
from app.ui.main_window import MainWindow
from app.ui.owner_mode import OwnerSecretDialog
from tests.ui.conftest import TODAY
from tests.ui.keys import back_to, focused, wait_for_dialog


@pytest.fixture
def first_start(qtbot: QtBot, db: Database) -> Iterator[MainWindow]:
    window = MainWindow(db, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.show()
    qtbot.waitUntil(lambda: window.right.currentWidget() is window.first_day)
    yield window
    window.background.wait()


def test_an_empty_book_offers_four_ways_forward(first_start: MainWindow) -> None:
    assert first_start.first_day.isVisible()
    captions = [b.text().replace("&", "") for b in first_start.first_day.buttons.values()]
    assert captions == [
        "Import a file from the till…",
        "Add the first customer…",
        "Try the demo shop",
        "Set the owner's secret…",
    ]


def test_first_start_to_the_first_saved_customer_with_keys_only(
    qtbot: QtBot, first_start: MainWindow
) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    dialog = wait_for_dialog(qtbot)
    assert isinstance(dialog, CustomerDialog)
    qtbot.keyClicks(focused(), "Ada")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Lovell")
    with qtbot.waitSignal(first_start.cardShown, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    card = first_start.card_view.card
    assert card is not None and card.customer.display_name == "Ada Lovell"
    qtbot.waitUntil(lambda: first_start.count_label.text() == "1 customer")
    assert not dialog.isVisible()
    back_to(qtbot, first_start)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert first_start.right.currentWidget() is first_start.welcome


def test_the_owners_secret_is_set_from_the_first_day_page(
    qtbot: QtBot, first_start: MainWindow, db: Database
) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    dialog = wait_for_dialog(qtbot)
    assert isinstance(dialog, OwnerSecretDialog)
    qtbot.keyClicks(focused(), "river otter paddles")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "river otter paddle")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible() and "differ" in dialog.message.text()
    dialog.repeat.clear()
    qtbot.keyClicks(dialog.repeat, "river otter paddles")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.code.isVisible())
    assert dialog.code.text()
    assert unlock(db, "river otter paddles").owner


def test_try_the_demo_shop_opens_it_in_this_window(qtbot: QtBot, first_start: MainWindow) -> None:
    with qtbot.waitSignal(first_start.indexReady, timeout=120_000):
        qtbot.mouseClick(first_start.first_day.buttons["demo"], Qt.MouseButton.LeftButton)
    assert first_start.database.path.name == "demo.db"
    assert first_start.windowTitle() == "Regulars — demo shop"
    qtbot.waitUntil(lambda: first_start.right.currentWidget() is first_start.welcome)


def test_the_backup_at_start_says_nothing_but_back_up_now_does(
    qtbot: QtBot, qapp: QApplication, first_start: MainWindow
) -> None:
    window = first_start
    if window.database.server:
        pytest.skip("a server's book is backed up by the server, not at the window's start")
    window.backups.start()
    qtbot.waitUntil(lambda: len(list_backups(window.database.path)) == 1)
    window.background.wait()
    qapp.processEvents()  # the finished backup's answer reaches the window
    assert "Backed up" not in window.statusBar().currentMessage()
    window.backups.back_up()  # File ▸ Back up now
    qtbot.waitUntil(lambda: "Backup: nothing changed" in window.statusBar().currentMessage())
