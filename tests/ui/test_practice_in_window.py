"""Ctrl+P: a staff member practises, Space reveals, 3 grades, and the next card comes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db import Database
from app.demo import generate_demo
from app.practice import list_staff
from app.ui.main_window import MainWindow
from app.ui.practice_view import PracticeView


def test_a_new_staff_member_practises_from_the_shop_menu(qtbot: QtBot, db: Database) -> None:
    generate_demo(db, customers=80, seed=3, end=date.today())
    window = MainWindow(db)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.show()
    window.shop.practice("Noor")
    qtbot.waitUntil(lambda: isinstance(window.shop.dialog, PracticeView))
    view = window.shop.dialog
    assert isinstance(view, PracticeView) and view.isVisible()
    qtbot.waitUntil(lambda: view.card_id is not None, timeout=10_000)
    first = view.card_id
    qtbot.keyClick(view, Qt.Key.Key_Space)
    with qtbot.waitSignal(view.cardShown, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_3)
    assert view.card_id != first
    assert "Noor" in [member.name for member in list_staff(db)]
    window.background.wait()
