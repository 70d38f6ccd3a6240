"""The Today widget, driven with keys and the mouse: it opens cards and asks for rows to be
marked, and never touches the database itself."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from app.db import Database
from app.models import RelationKind
from app.today import TodayRow, TodaySection, TodayView, today_view
from app.ui.theme import dark_palette
from app.ui.today_view import KEY_ROLE
from app.ui.today_view import TodayView as TodayWidget
from tests.integration.prompt_shop import Shop

MONDAY = date(2026, 11, 23)


def _view() -> TodayView:
    birthday = TodayRow("today:birthday:7:self:2026-11-23", 7, "Anna Berg", "Birthday today")
    note = TodayRow("note:3:2026-11-20", 9, "Bob Lane", "Divorce came through.", private=True)
    overdue = TodayRow("today:overdue:11:2026-10-12", 11, "Cleo Fox", "Usually every 7 days")
    return TodayView(
        on=MONDAY,
        sections=(
            TodaySection("occasions", "Occasions this week", (birthday,), 1),
            TodaySection("follow_ups", "Follow-ups due", (note,), 1),
            TodaySection("overdue", "Regulars to check on", (overdue,), 12),
            TodaySection("likely", "Likely in today", (), 0),
        ),
    )


@pytest.fixture
def widget(qtbot: QtBot) -> TodayWidget:
    shown = TodayWidget()
    qtbot.addWidget(shown)
    shown.show_today(_view())
    shown.show()
    qtbot.waitExposed(shown)
    shown.tree.setFocus()
    return shown


def test_sections_and_rows_are_listed_in_order(widget: TodayWidget) -> None:
    assert widget.row_keys() == [
        "today:birthday:7:self:2026-11-23",
        "note:3:2026-11-20",
        "today:overdue:11:2026-10-12",
    ]
    assert widget.section_labels() == [
        "Occasions this week (1)",
        "Follow-ups due (1)",
        "Regulars to check on (1 of 12)",
        "Likely in today (0)",
    ]
    assert widget.heading.text() == "Today, Monday, Nov 23, 2026"
    assert widget.tree.currentItem().text(0) == "Anna Berg"  # type: ignore[union-attr]


def test_private_rows_are_marked(widget: TodayWidget) -> None:
    widget.select_row("note:3:2026-11-20")
    item = widget.tree.currentItem()
    assert item is not None
    assert item.text(1) == "Divorce came through.  (private)"
    assert item.font(1).italic()


def test_arrows_skip_headers_and_enter_opens_the_customer(
    qtbot: QtBot, widget: TodayWidget
) -> None:
    qtbot.keyClick(widget.tree, Qt.Key.Key_Down)
    assert widget.tree.currentItem().text(0) == "Bob Lane"  # type: ignore[union-attr]
    with qtbot.waitSignal(widget.openCustomer) as opened:
        qtbot.keyClick(widget.tree, Qt.Key.Key_Return)
    assert opened.args == [9]


def test_double_click_opens_the_customer(qtbot: QtBot, widget: TodayWidget) -> None:
    widget.select_row("today:overdue:11:2026-10-12")
    item = widget.tree.currentItem()
    assert item is not None
    rect = widget.tree.visualItemRect(item)
    on_name = QPoint(rect.left() + 8, rect.center().y())
    qtbot.mouseClick(widget.tree.viewport(), Qt.MouseButton.LeftButton, pos=on_name)
    with qtbot.waitSignal(widget.openCustomer) as opened:
        qtbot.mouseDClick(widget.tree.viewport(), Qt.MouseButton.LeftButton, pos=on_name)
    assert opened.args == [11]


def test_buttons_ask_for_done_and_snooze_and_letters_do_not(
    qtbot: QtBot, widget: TodayWidget
) -> None:
    with qtbot.assertNotEmitted(widget.rowAction):
        qtbot.keyClicks(widget.tree, "ds")
    widget.select_row("note:3:2026-11-20")
    with qtbot.waitSignal(widget.rowAction) as snoozed:
        qtbot.mouseClick(widget.snooze_button, Qt.MouseButton.LeftButton)
    assert snoozed.args == ["note:3:2026-11-20", "snooze"]
    with qtbot.waitSignal(widget.rowAction) as clicked:
        qtbot.mouseClick(widget.done_button, Qt.MouseButton.LeftButton)
    assert clicked.args == ["note:3:2026-11-20", "done"]


def test_section_headers_are_never_current(qtbot: QtBot, widget: TodayWidget) -> None:
    qtbot.keyClick(widget.tree, Qt.Key.Key_Up)
    assert widget.tree.currentItem().text(0) == "Anna Berg"  # type: ignore[union-attr]
    qtbot.keyClick(widget.tree, Qt.Key.Key_End)
    assert widget.tree.currentItem().text(0) == "Cleo Fox"  # type: ignore[union-attr]


def test_remove_row_moves_on_and_recounts(widget: TodayWidget) -> None:
    widget.remove_row("today:birthday:7:self:2026-11-23")
    widget.remove_row("today:overdue:11:2026-10-12")
    assert widget.row_keys() == ["note:3:2026-11-20"]
    assert widget.section_labels()[0] == "Occasions this week (0)"
    assert widget.section_labels()[2] == "Regulars to check on (0 of 11)"
    assert widget.tree.currentItem().text(0) == "Bob Lane"  # type: ignore[union-attr]


def test_nothing_to_notice(qtbot: QtBot) -> None:
    shown = TodayWidget()
    qtbot.addWidget(shown)
    shown.show_today(TodayView(on=MONDAY, sections=(TodaySection("new", "New", (), 0),)))
    assert shown.empty.isVisibleTo(shown)
    assert not shown.tree.isVisibleTo(shown)
    assert not shown.snooze_button.isEnabled()


def test_a_row_from_the_real_service_opens_its_customer(
    qtbot: QtBot, db: Database, widget: TodayWidget
) -> None:
    shop = Shop(db, today=MONDAY)
    long_ago = datetime(2020, 1, 1)
    shop.customer("Zoe", "Quinn", created_at=long_ago)
    lily_parent = shop.customer("Anna", "Berg", created_at=long_ago)
    shop.relation(lily_parent, "Lily", RelationKind.CHILD, 11, 25)

    widget.show_today(today_view(db, today=MONDAY))
    assert widget.row_keys() == [f"today:birthday:{lily_parent}:1:2026-11-25"]
    with qtbot.waitSignal(widget.openCustomer) as opened:
        qtbot.keyClick(widget.tree, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert opened.args == [lily_parent]


def test_section_headers_follow_the_dark_theme(qtbot: QtBot, widget: TodayWidget) -> None:
    widget.setPalette(dark_palette())
    header = widget.tree.topLevelItem(0)
    assert header is not None and header.data(0, KEY_ROLE) is None
    assert header.foreground(0).color() == dark_palette().color(QPalette.ColorRole.Text)
