"""The household panel over the real relation services: add, refuse, remove."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.customers import NewCustomer, add_customer
from app.customers.relations import add_relation, list_relations, remove_relation
from app.db import Database
from app.ui.household_editor import HouseholdEditor, NewRelation
from app.ui.main_window import MainWindow


def _editor(qtbot: QtBot, db: Database, customer_id: int) -> HouseholdEditor:
    def add(new: NewRelation) -> None:
        add_relation(
            db,
            customer_id,
            new.kind,
            name=new.name,
            related_customer_id=new.related_customer_id,
            species=new.species,
            birthday=new.birthday,
        )

    editor = HouseholdEditor(
        partial(list_relations, db, customer_id), add, partial(remove_relation, db)
    )
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _labels(editor: HouseholdEditor) -> list[str]:
    return [editor.list.item(row).text() for row in range(editor.list.count())]


def test_add_a_pet_and_a_linked_spouse_then_remove(qtbot: QtBot, db: Database) -> None:
    peggy = add_customer(db, NewCustomer(first_name="Peggy", last_name="Okafor"))
    tom = add_customer(db, NewCustomer(first_name="Tom", last_name="Okafor"))
    add_relation(db, peggy, "child", name="Emma")
    editor = _editor(qtbot, db, peggy)
    assert _labels(editor) == ["Emma (child)"]
    assert not editor.species.isEnabled()

    editor.kind.setCurrentText("pet")
    qtbot.keyClicks(editor.name, "Rex")
    qtbot.keyClicks(editor.species, "dog")
    qtbot.keyClicks(editor.birthday, "1 April")  # in words, without the year
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClick(editor.birthday, Qt.Key.Key_Return)
    assert _labels(editor)[1] == "Rex (pet, dog, birthday April 1)"
    assert (editor.name.text(), editor.birthday.text()) == ("", "")

    editor.kind.setCurrentText("spouse")
    editor.link.setValue(tom)
    editor.add_button.click()
    assert _labels(editor)[2] == f"Tom Okafor (spouse, customer #{tom})"

    editor.list.setCurrentRow(0)
    with qtbot.waitSignal(editor.changed):
        editor.remove_button.click()
    assert [r.name or r.related_name for r in list_relations(db, peggy)] == ["Rex", "Tom Okafor"]


def test_refusals_show_and_keep_the_typing(qtbot: QtBot, db: Database) -> None:
    peggy = add_customer(db, NewCustomer(first_name="Peggy"))
    editor = _editor(qtbot, db, peggy)
    editor.kind.setCurrentText("child")
    qtbot.keyClicks(editor.birthday, "02-31")
    editor.add_button.click()
    assert editor.problem.isVisible()
    assert "needs a name" not in editor.problem.text()
    assert "not a real date" in editor.problem.text()
    editor.birthday.clear()
    editor.add_button.click()
    assert "needs a name or a linked customer" in editor.problem.text()
    qtbot.keyClicks(editor.name, "Al")
    editor.add_button.click()
    assert editor.problem.isHidden()
    assert _labels(editor) == ["Al (child)"]


def test_from_the_window_a_pet_is_added_off_the_gui_thread_and_shows_on_the_card(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    editor = window.customers.dialog.findChild(HouseholdEditor) if window.customers.dialog else None
    assert editor is not None
    editor.kind.setCurrentText("pet")
    qtbot.keyClicks(editor.name, "Biscuit")
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Biscuit (pet)" in _labels(editor))
    qtbot.waitUntil(
        lambda: (
            window.card_view.card is not None
            and any(p.name == "Biscuit" for p in window.card_view.card.household)
        )
    )
    editor.kind.setCurrentText("child")
    editor.add_button.click()
    qtbot.waitUntil(editor.problem.isVisible)
    assert "needs a name or a linked customer" in editor.problem.text()
