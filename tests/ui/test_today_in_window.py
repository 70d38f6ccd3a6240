"""The home page is Today: an occasion this week opens the card, Alt+D marks it done and
Ctrl+Z brings it back; typing a name there searches."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db import Database
from app.models import Customer, Note
from app.ui.main_window import MainWindow
from tests.ui.conftest import TODAY


@pytest.fixture
def birthday_girl(db: Database, shop: dict[str, int]) -> int:
    with db.session() as s:
        ines = Customer(first_name="Inés", last_name="Ortega", birthday_month=11, birthday_day=25)
        s.add(ines)
        s.flush()
        return ines.id


def _today_window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.todayShown, timeout=10_000):
        window.show()
    return window


def test_a_birthday_this_week_is_on_the_home_page_and_opens_the_card(
    qtbot: QtBot, db: Database, birthday_girl: int
) -> None:
    window = _today_window(qtbot, db)
    keys = [k for k in window.today_view.row_keys() if str(birthday_girl) in k]
    assert keys, window.today_view.row_keys()
    window.today_view.select_row(keys[0])
    window.today_view.tree.setFocus()
    with qtbot.waitSignal(window.cardShown) as shown:
        qtbot.keyClick(window.today_view.tree, Qt.Key.Key_Return)
    assert shown.args == [birthday_girl]
    window.background.wait()


def test_alt_d_marks_a_row_done_it_stays_gone_and_ctrl_z_brings_it_back(
    qtbot: QtBot, db: Database, birthday_girl: int
) -> None:
    window = _today_window(qtbot, db)
    key = next(k for k in window.today_view.row_keys() if str(birthday_girl) in k)
    window.today_view.select_row(key)
    window.today_view.tree.setFocus()
    alt_d = (Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.today_view.tree, *alt_d)
    qtbot.waitUntil(lambda: key not in window.today_view.row_keys())
    qtbot.keyClick(window.today_view.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: key in window.today_view.row_keys())
    window.today_view.select_row(key)
    qtbot.keyClick(window.today_view.tree, *alt_d)
    qtbot.waitUntil(lambda: key not in window.today_view.row_keys())
    window.background.wait()
    again = _today_window(qtbot, db)
    assert key not in again.today_view.row_keys()
    again.background.wait()


def test_typing_a_name_with_today_in_focus_searches(
    qtbot: QtBot, db: Database, birthday_girl: int
) -> None:
    window = _today_window(qtbot, db)
    window.today_view.tree.setFocus()
    rows = window.today_view.row_keys()
    for key in "ines d":  # each key goes where the keyboard focus is, as on a desktop
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClicks(focused, key)
    assert window.search_box.text() == "ines d"
    assert window.search_box.hasFocus()
    assert window.today_view.row_keys() == rows
    window.background.wait()


def test_a_fact_that_aged_is_on_the_home_page_as_the_card_asks_it(
    qtbot: QtBot, db: Database, shop: dict[str, int]
) -> None:
    with db.session() as s:
        note = Note(customer_id=shop["jose"], body="Pets: new puppy, a beagle", kind="pets",
                    created_at=datetime.combine(TODAY - timedelta(days=370), time.min))  # fmt: skip
        s.add(note)
        s.flush()
        key = f"aged:{note.id}:puppy"
    window = _today_window(qtbot, db)
    assert key in window.today_view.row_keys()
    window.today_view.select_row(key)
    row = window.today_view.tree.currentItem()
    assert row is not None and row.text(0) == "José Müller"
    assert "grown up" in row.text(1)
    assert row.text(2).startswith("noted ") and "a year ago" in row.text(2)
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    card = window.card_view.card
    assert card is not None and [p.text for p in card.prompts] == [row.text(1)]
    window.background.wait()
