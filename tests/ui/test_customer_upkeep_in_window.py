"""Adding from the "No match" row, owner mode for private notes, forgetting — in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot

from app.customers.forms import CustomerEdit, keep_form, load_forms
from app.db import Database
from app.models import Note
from app.ui.customer_dialog import CustomerDialog
from app.ui.household_editor import HouseholdEditor
from app.ui.main_window import MainWindow
from app.ui.note_editor import NoteValues
from app.ui.note_flows import _KeptNote
from app.ui.products_dialog import ProductsDialog


def _type(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(lambda: window.results.query == text)


def test_no_match_row_adds_the_customer_and_shows_their_card(
    qtbot: QtBot, window: MainWindow
) -> None:
    _type(qtbot, window, "Zebedee Quux")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    dialog = window.customers.dialog
    assert isinstance(dialog, CustomerDialog) and dialog.isVisible()
    assert dialog.text["first_name"].text() == "Zebedee"
    assert dialog.text["last_name"].text() == "Quux"
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.card_view.card is not None
    assert window.card_view.card.customer.display_name == "Zebedee Quux"
    _type(qtbot, window, "zebedee")
    qtbot.waitUntil(lambda: window.results.data(window.results.index(0, 0)) == "Zebedee Quux")


def test_owner_mode_shows_private_notes_and_clerk_mode_hides_them(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    with db.session() as s:
        s.add(Note(customer_id=shop["jose"], body="Going through chemo", private=True))
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    assert window.card_view.card is not None and window.card_view.card.notes == ()
    with qtbot.waitSignal(window.cardShown):
        window.owner_action.trigger()
    assert window.mode_label.text() == "Owner mode"
    owner_card = window.card_view.card
    assert owner_card is not None
    assert [n.body for n in owner_card.notes] == ["Going through chemo"]
    with qtbot.waitSignal(window.cardShown):
        window.owner_action.trigger()
    assert window.mode_label.text() == "Clerk mode"
    assert window.card_view.card.notes == ()


def test_forget_needs_owner_mode_then_erases_the_customer(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    with qtbot.waitSignal(window.cardShown):
        window.owner_action.trigger()
    away = NoteValues("kept while the back office was off", "general", False, False, False, None)
    window.notes.kept.append(_KeptNote(shop["jose"], "José", away))
    edit = CustomerEdit(shop["jose"], {"town": "Kept Town"}, 1)
    window.customers.kept.append(keep_form(window.database.path, edit, "José"))
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.customers.forget()
    _type(qtbot, window, "jose muller")
    assert window.results.has_add_row()
    assert window.notes.kept == [] and window.customers.kept == []  # never saved or shown
    assert load_forms(window.database.path) == []


def test_products_screen_opens_from_the_shop_menu(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: isinstance(window.shop.dialog, ProductsDialog))
    assert window.shop.dialog is not None and window.shop.dialog.isVisible()


def test_archiving_asks_first_and_cancel_keeps_the_customer(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: MonkeyPatch
) -> None:
    asked: list[str] = []

    def cancel(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["margaret"])
    window.customers.archive()
    window.background.wait()
    assert asked == ["Archive this customer?"]
    assert window.right.currentWidget() is window.card_view
    _type(qtbot, window, "peggy okafor")
    qtbot.waitUntil(lambda: window.results.rowCount() > 0 and not window.results.has_add_row())


def test_archiving_takes_the_customer_out_of_the_lookup(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["margaret"])
    window.customers.archive()
    qtbot.waitUntil(lambda: window.right.currentWidget() is window.welcome)
    _type(qtbot, window, "peggy okafor")
    qtbot.waitUntil(window.results.has_add_row)


def test_enter_in_the_household_form_adds_once_without_a_false_error(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["margaret"])
    window.customers.household()
    qtbot.waitUntil(lambda: window.customers.dialog is not None)
    dialog = window.customers.dialog
    assert dialog is not None
    editor = dialog.findChild(HouseholdEditor)
    assert editor is not None
    editor.kind.setCurrentText("pet")
    qtbot.keyClicks(editor.name, "Biscuit")
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.list.count() > 0)
    assert not editor.problem.isVisible()
    assert [editor.list.item(i).text() for i in range(editor.list.count())] == ["Biscuit (pet)"]
    assert dialog.isVisible()
    dialog.reject()
