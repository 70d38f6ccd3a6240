"""Nothing the clerk reads is cut off at 1024×768, at normal and at large type: the result
rows keep whole names and the phone's last four, Today's rows and the card's questions
show in full, and no one-line label is clipped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtGui import Qt as RichQt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.db import Database, open_database
from app.demo import generate_demo
from app.ui.household_editor import HouseholdEditor
from app.ui.main_window import MainWindow
from app.ui.results_delegate import row_fonts, row_text, text_width
from app.ui.results_model import DETAIL_ROLE, REASON_ROLE, SHORT_DETAIL_ROLE
from app.ui.theme import ThemeControl
from tests.ui.conftest import TODAY
from tests.ui.hints import cut_hints
from tests.ui.names import unnamed_controls

SCREEN = (1024, 768)


@pytest.fixture(params=[1, 3], ids=["normal type", "large type"])
def small_screen(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    qapp: QApplication,
    db: Database,
    shop: dict[str, int],
) -> Iterator[MainWindow]:
    theme = ThemeControl(qapp)
    theme.size_step = int(request.param)
    theme.apply()
    window = MainWindow(db, today=lambda: TODAY, theme=theme)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.show()
    yield window
    window.background.wait()
    theme.size_step = 1
    theme.apply()


def clipped_labels(root: QWidget) -> list[str]:
    """Visible one-line labels whose text is wider than the room they have."""
    cut = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or label.wordWrap() or not label.text():
            continue
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and RichQt.mightBeRichText(label.text())
        )
        if rich or label.pixmap().width() > 0:
            continue
        text = label.text()
        if label.buddy() is not None:  # "&File:" shows as "File:" with F underlined
            text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        needed = label.fontMetrics().horizontalAdvance(text)
        if needed > label.contentsRect().width():
            cut.append(f"{label.objectName() or label.text()!r}: {needed} > {label.width()}")
    return cut


def _open_dialog(qtbot: QtBot, open_it: Callable[[], None]) -> QDialog:
    open_it()
    qtbot.waitUntil(lambda: any(isinstance(w, QDialog) and w.isVisible() for w in modals()))
    dialog = next(w for w in modals() if isinstance(w, QDialog) and w.isVisible())
    qtbot.waitExposed(dialog)
    return dialog


def modals() -> list[QWidget]:
    """The window's open dialogs."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]


def test_the_search_boxs_hint_fits(small_screen: MainWindow) -> None:
    assert cut_hints(small_screen) == []


def test_household_and_photo_dialogs_show_their_hints_whole(
    qtbot: QtBot, small_screen: MainWindow, shop: dict[str, int]
) -> None:
    window = small_screen
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["robert_elm"])
    household = _open_dialog(qtbot, window.customers.household)
    editor = household.findChild(HouseholdEditor)
    assert editor is not None
    editor.kind.setCurrentText("pet")  # the species box in use too
    qtbot.waitUntil(lambda: editor.list.count() == 1)
    assert cut_hints(household) == []
    assert clipped_labels(household) == []
    assert clipped_buttons(household) == []
    assert household.width() <= SCREEN[0]
    household.reject()
    photo = _open_dialog(qtbot, window.customers.photo)
    assert clipped_labels(photo) == []
    assert clipped_wrapped_labels(photo) == []
    assert clipped_buttons(photo) == []
    photo.reject()


def test_the_settings_show_what_each_empty_box_means(
    qtbot: QtBot, small_screen: MainWindow
) -> None:
    settings = _open_dialog(qtbot, small_screen.shop.settings)  # no passphrase: opens
    for box in settings.findChildren(QLineEdit):
        box.clear()
    assert cut_hints(settings) == []
    assert settings.width() <= SCREEN[0]
    settings.reject()


def test_result_rows_keep_names_and_the_phones_last_four(
    qtbot: QtBot, small_screen: MainWindow
) -> None:
    window = small_screen
    qtbot.keyClicks(window.search_box, "robert smith")
    qtbot.waitUntil(lambda: window.results.query == "robert smith")
    width = text_width(window.results_view.viewport().width())
    fonts = row_fonts(window.results_view.font())
    for row in range(window.results.rowCount()):
        index = window.results.index(row, 0)
        detail = str(index.data(DETAIL_ROLE))
        short = str(index.data(SHORT_DETAIL_ROLE))
        shown = row_text(
            str(index.data()), str(index.data(REASON_ROLE)), detail, short, fonts, width
        )
        assert shown.name == "Robert Smith"
        assert shown.detail.endswith(detail[-len("phone …0142") :])
        visit = detail.split(" · ")[-2].removeprefix("last visit ")
        assert visit in shown.detail  # the date at least, when "last visit" has no room


def test_a_row_too_narrow_for_last_visit_keeps_the_whole_date(
    qtbot: QtBot, small_screen: MainWindow
) -> None:
    window = small_screen
    qtbot.keyClicks(window.search_box, "robert smith")
    qtbot.waitUntil(lambda: window.results.query == "robert smith")
    index = next(
        window.results.index(row, 0)
        for row in range(window.results.rowCount())
        if "Elm" in str(window.results.index(row, 0).data(DETAIL_ROLE))
    )
    detail, short = str(index.data(DETAIL_ROLE)), str(index.data(SHORT_DETAIL_ROLE))
    assert short == "Nov 1, 2026 · phone …0142"
    assert "last visit Nov 1, 2026" in str(index.data(Qt.ItemDataRole.ToolTipRole))
    fonts = row_fonts(window.results_view.font())
    small = QFontMetrics(fonts[1])
    rest = detail.partition(" · ")[2]
    for width in (small.horizontalAdvance(rest) - 1, small.horizontalAdvance(short)):
        shown = row_text("Robert Smith", "", detail, short, fonts, width)
        assert shown.detail == short


def test_no_label_is_clipped_on_home_card_and_first_day(
    qtbot: QtBot, small_screen: MainWindow, shop: dict[str, int]
) -> None:
    window = small_screen
    assert clipped_labels(window) == []
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["robert_elm"])
    assert clipped_labels(window) == []


@pytest.mark.parametrize("size_step", [1, 3])
def test_the_first_day_page_fits_too(
    qtbot: QtBot, qapp: QApplication, db: Database, size_step: int
) -> None:
    theme = ThemeControl(qapp)
    theme.size_step = size_step
    theme.apply()
    window = MainWindow(db, today=lambda: TODAY, theme=theme)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    qtbot.waitUntil(lambda: window.right.currentWidget() is window.first_day)
    qtbot.waitUntil(lambda: window.count_label.text() == "0 customers")
    qapp.processEvents()  # the status bar lays the new count out
    assert clipped_labels(window) == []
    window.background.wait()
    theme.size_step = 1
    theme.apply()


def test_every_control_has_a_name_for_screen_readers(
    qtbot: QtBot, small_screen: MainWindow, shop: dict[str, int]
) -> None:
    window = small_screen
    assert unnamed_controls(window) == []
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["robert_elm"])
    assert unnamed_controls(window) == []


def cut_cells(tree: QTreeWidget) -> list[str]:
    """Cells of ``tree`` whose text does not fit their cell (elided on one line, or
    wrapped onto more lines than the row is tall), or that lie past the visible width."""
    cut = []
    room = tree.viewport().width()
    margin = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        assert item is not None
        for column in range(1 if item.isFirstColumnSpanned() else tree.columnCount()):
            text = item.text(column)
            if not text:
                continue
            rect = tree.visualItemRect(item)
            if item.isFirstColumnSpanned():
                rect.setRight(min(rect.right(), room - 1))
            else:
                rect.setLeft(tree.header().sectionViewportPosition(column))
                rect.setWidth(tree.header().sectionSize(column))
            width = rect.width() - margin
            metrics = QFontMetrics(item.font(column))
            flags = Qt.TextFlag.TextWordWrap if tree.wordWrap() else Qt.TextFlag.TextSingleLine
            needed = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, text)
            if needed.width() > width or needed.height() > rect.height() or rect.right() > room:
                cut.append(f"{text!r}: needs {needed.size()}, has {rect.size()}")
    return cut


def clipped_wrapped_labels(root: QWidget) -> list[str]:
    """Visible wrapped labels shorter than their text needs at their width."""
    return [
        label.text()
        for label in root.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.text()
        and label.height() < label.heightForWidth(label.width())
    ]


def clipped_buttons(root: QWidget) -> list[str]:
    """Visible push buttons narrower than their caption."""
    return [
        button.text()
        for button in root.findChildren(QPushButton)
        if button.isVisible()
        and button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
        > button.contentsRect().width()
    ]


@pytest.fixture(params=[1, 3], ids=["normal type", "large type"])
def demo_small_screen(
    request: pytest.FixtureRequest, qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> Iterator[MainWindow]:
    """The demo shop (a full Today, long names and notes) at 1024×768."""
    theme = ThemeControl(qapp)
    theme.size_step = int(request.param)
    theme.apply()
    db = open_database(str(tmp_path / "demo.db"))
    generate_demo(db, customers=60, seed=3, end=TODAY)
    window = MainWindow(db, today=lambda: TODAY, theme=theme)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    with qtbot.waitSignal(window.todayShown, timeout=20_000):
        window.show()
    qtbot.waitUntil(lambda: window.today_view.tree.topLevelItemCount() > 5)
    yield window
    window.background.wait()
    window.close()
    theme.size_step = 1
    theme.apply()


def test_today_shows_every_name_and_what_in_full(demo_small_screen: MainWindow) -> None:
    window = demo_small_screen
    tree = window.today_view.tree
    assert cut_cells(tree) == []
    assert tree.horizontalScrollBar().maximum() == 0
    assert clipped_labels(window) == []


def test_the_cards_questions_are_shown_in_full(qtbot: QtBot, demo_small_screen: MainWindow) -> None:
    window = demo_small_screen
    shown = 0
    for customer_id in range(1, 30):
        with qtbot.waitSignal(window.cardShown, timeout=10_000):
            window.open_card(customer_id)
        card = window.card_view.card
        assert card is not None
        if not card.prompts:
            continue
        shown += 1
        qtbot.waitUntil(window.card_view.viewport().isVisible)
        assert clipped_wrapped_labels(window.card_view) == []
        assert clipped_buttons(window.card_view) == []
        assert clipped_labels(window.card_view) == []
        assert window.card_view.horizontalScrollBar().maximum() == 0
        if shown == 3:
            break
    assert shown == 3
