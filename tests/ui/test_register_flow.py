"""The clerk's moment, driven with keys: type, pick, Enter, read the card, Esc."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.notes import add_note
from app.ui.main_window import MainWindow
from app.ui.results_model import CUSTOMER_ID_ROLE, DETAIL_ROLE


def _type(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(lambda: window.results.query == text)


def test_the_search_box_has_focus_at_start(window: MainWindow) -> None:
    assert window.search_box.hasFocus()
    assert window.database.path.name in window.db_label.text()
    assert window.db_label.toolTip() == str(window.database.path)


def test_the_status_bar_counts_customers(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.count_label.text() == "4 customers")


def test_type_enter_card_escape(qtbot: QtBot, window: MainWindow, shop: dict[str, int]) -> None:
    _type(qtbot, window, "peggy")
    assert window.results.data(window.results.index(0, 0), CUSTOMER_ID_ROLE) == shop["margaret"]
    with qtbot.waitSignal(window.cardShown) as shown:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert shown.args == [shop["margaret"]]
    assert window.right.currentWidget() is window.card_view
    assert window.card_view.card is not None
    assert window.card_view.card.customer.display_name == "Peggy Okafor"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.right.currentWidget() is window.welcome
    assert window.search_box.text() == "peggy"
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""


def test_arrow_keys_pick_between_same_name_people(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    _type(qtbot, window, "robert smith")
    assert window.results.rowCount() == 2
    details = {window.results.data(window.results.index(row, 0), DETAIL_ROLE) for row in range(2)}
    assert any("Elm" in d for d in details)
    assert any("Oak" in d for d in details)
    second = window.results.data(window.results.index(1, 0), CUSTOMER_ID_ROLE)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.cardShown) as shown:
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert shown.args == [second]


def test_accents_do_not_matter(qtbot: QtBot, window: MainWindow, shop: dict[str, int]) -> None:
    _type(qtbot, window, "jose muller")
    assert window.results.data(window.results.index(0, 0), CUSTOMER_ID_ROLE) == shop["jose"]


def test_no_match_offers_to_add(qtbot: QtBot, window: MainWindow) -> None:
    _type(qtbot, window, "Zebedee Quux")
    assert window.results.rowCount() == 1
    assert window.results.data(window.results.index(0, 0)) == "No match — add 'Zebedee Quux'?"


def test_a_note_question_with_no_answer_says_so(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    add_note(window.database, shop["jose"], "Wants a red canoe for the lake")
    qtbot.keyClicks(window.search_box, "?zeppelin")
    qtbot.waitUntil(lambda: window.results.query == "?zeppelin")
    assert window.results.rowCount() == 1
    row = window.results.index(0, 0)
    assert row.data() == "No matching note"
    assert row.data(Qt.ItemDataRole.ToolTipRole) == "No note mentions 'zeppelin'"
    assert row.data(CUSTOMER_ID_ROLE) is None
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # opens nothing, breaks nothing
    assert window.right.currentWidget() is not window.card_view
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, "?canoe")
    qtbot.waitUntil(lambda: window.results.query == "?canoe")
    assert window.results.index(0, 0).data(CUSTOMER_ID_ROLE) == shop["jose"]


def test_ctrl_f_comes_back_to_the_search(qtbot: QtBot, window: MainWindow) -> None:
    window.results_view.setFocus()
    assert not window.search_box.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()


def test_a_new_search_hides_the_old_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    _type(qtbot, window, "peggy")
    with qtbot.waitSignal(window.cardShown):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    qtbot.keyClicks(window.search_box, "x")
    assert window.right.currentWidget() is window.welcome


def test_a_merged_away_customer_leaves_the_results_at_once(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    """The list still on screen while the merge runs loses the other record as it ends,
    so nobody can open an empty card for it."""
    _type(qtbot, window, "robert smith")
    shown = {window.results.data(window.results.index(r, 0), CUSTOMER_ID_ROLE) for r in range(2)}
    assert shown == {shop["robert_elm"], shop["robert_oak"]}
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["robert_elm"])
    window.customers.merge()
    qtbot.waitUntil(lambda: window.customers.dialog is not None)
    dialog = window.customers.dialog
    assert dialog is not None
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        dialog.accept()
    rows = [
        window.results.data(window.results.index(r, 0), CUSTOMER_ID_ROLE)
        for r in range(window.results.rowCount())
    ]
    assert rows == [shop["robert_elm"]]
