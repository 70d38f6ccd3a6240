"""The products screen, driven with keys: pick a category, change its kind and days, Enter
saves through the real service, and a refused change says why."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db import Database
from app.errors import RegularsError
from app.models import Category, Product, ProductKind
from app.prompts import CategoryInfo, list_categories, set_category_kind
from app.safety.access import Access
from app.ui.products_dialog import CategoryChange, ProductsDialog, SaveCategory
from app.ui.theme import SIZES


def _store(db: Database) -> SaveCategory:
    """What the window passes in, run synchronously: ``set_category_kind`` on the change."""

    def save(
        change: CategoryChange,
        on_done: Callable[[CategoryInfo], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        try:
            info = set_category_kind(
                db,
                change.name,
                change.kind,
                follow_up_days=change.follow_up_days,
                replenish_days=change.replenish_days,
                access=Access(owner=True),
            )
        except RegularsError as exc:
            on_error(exc)
        else:
            on_done(info)

    return save


def _refuse(
    change: CategoryChange,
    on_done: Callable[[CategoryInfo], None],
    on_error: Callable[[Exception], None],
) -> None:
    """A save that fails the way a busy database would."""
    on_error(RegularsError(f"The database is busy; {change.name} was not saved."))


def _shown(qtbot: QtBot, db: Database, save: SaveCategory) -> ProductsDialog:
    with db.session() as s:
        s.add(Category(name="Kayaks", kind=ProductKind.OTHER))
        feed = Category(name="Feed", kind=ProductKind.CONSUMABLE, replenish_days=30)
        s.add_all([feed, Product(name="Layer feed", category=feed)])
    shown = ProductsDialog(list_categories(db), save)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.table.setFocus()
    return shown


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> ProductsDialog:
    return _shown(qtbot, db, _store(db))


def _cells(dialog: ProductsDialog, row: int) -> list[str]:
    items = [dialog.table.item(row, c) for c in range(dialog.table.columnCount())]
    return [item.text() if item else "" for item in items]


def test_categories_are_listed_by_name_with_their_rule_and_product_count(
    dialog: ProductsDialog,
) -> None:
    assert _cells(dialog, 0) == ["Feed", "consumable", "", "30", "1"]
    assert _cells(dialog, 1) == ["Kayaks", "other", "", "", "0"]
    selected = dialog.selected()
    assert selected is not None and selected.name == "Feed"
    assert dialog.replenish.value() == 30
    assert dialog.follow_up.text() == "not set"


def test_keyboard_only_makes_kayaks_durable_with_a_follow_up(
    qtbot: QtBot, db: Database, dialog: ProductsDialog
) -> None:
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    selected = dialog.selected()
    assert selected is not None and selected.name == "Kayaks"
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert dialog.kind.hasFocus()
    dialog.kind.setCurrentIndex(dialog.kind.findText("durable"))
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert dialog.follow_up.hasFocus()
    dialog.follow_up.selectAll()
    qtbot.keyClicks(dialog.follow_up, "21")
    qtbot.keyClick(dialog.follow_up, Qt.Key.Key_Return)

    stored = {info.name: info for info in list_categories(db)}
    assert stored["Kayaks"] == CategoryInfo("Kayaks", ProductKind.DURABLE, 21, None, 0)
    assert stored["Feed"].replenish_days == 30
    assert _cells(dialog, 1) == ["Kayaks", "durable", "21", "", "0"]
    assert dialog.status.text() == "Saved Kayaks: durable."


def test_a_refused_change_is_explained_and_nothing_changes(qtbot: QtBot, db: Database) -> None:
    dialog = _shown(qtbot, db, _refuse)
    dialog.kind.setCurrentIndex(dialog.kind.findText("durable"))
    dialog.save_button.click()

    assert dialog.status.text() == "Not saved: The database is busy; Feed was not saved."
    assert dialog.save_button.isEnabled()
    assert _cells(dialog, 0)[1] == "consumable"
    assert {i.name: i.kind for i in list_categories(db)}["Feed"] == ProductKind.CONSUMABLE


def test_the_dialog_fits_a_1024_pixel_screen_at_the_largest_type(
    qtbot: QtBot, db: Database
) -> None:
    before = QFont(QApplication.font())
    big = QFont(before)
    big.setPointSizeF(SIZES[-1])
    QApplication.setFont(big)
    try:
        dialog = _shown(qtbot, db, _refuse)
        assert dialog.minimumSizeHint().width() <= 1024
        assert dialog.width() <= 1024 and dialog.height() <= 768
    finally:
        QApplication.setFont(before)
