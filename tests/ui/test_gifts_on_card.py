"""Gift for… on the card: the clerk marks last year's scarf as a gift for Emma; the card
then says so, shows what she was given and what the notes say of her, and recalls the
scarf before her birthday."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.db import Database
from app.models import Note, Product, Purchase, PurchaseLine, Relation, RelationKind
from app.ui.main_window import MainWindow


def _texts(window: MainWindow, name: str) -> list[str]:
    return [label.text() for label in window.card_view.findChildren(QLabel, name)]


def _gift_button(window: MainWindow, item: str) -> QPushButton:
    [button] = [
        b
        for b in window.card_view.findChildren(QPushButton, "gift-for")
        if b.accessibleName().endswith(item)
    ]
    return button


def test_a_line_marked_a_gift_shows_for_whom_and_is_recalled_before_the_birthday(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    robert = shop["robert_elm"]
    with db.session() as s:
        s.add(Relation(customer_id=robert, kind=RelationKind.CHILD, name="Emma",
                       birthday_month=12, birthday_day=5))  # fmt: skip
        s.add(Note(customer_id=robert, body="Likes: Emma wears size M", kind="likes"))
        s.add(Note(customer_id=robert, body="Emma's diagnosis", kind="family", private=True))
        scarf = Purchase(customer_id=robert, purchased_on=date(2025, 12, 1))
        scarf.lines.append(PurchaseLine(product=Product(name="Scarf"), item="Blue wool scarf (M)"))
        s.add(scarf)
    with qtbot.waitSignal(window.cardShown):
        window.open_card(robert)
    _gift_button(window, "Blue wool scarf (M)").click()
    dialog = window.gifts.dialog
    assert dialog is not None and dialog.comboBoxItems() == ["Rex", "Emma", "Not a gift"]
    dialog.setTextValue("Emma")
    with qtbot.waitSignal(window.cardShown):
        dialog.accept()
    qtbot.waitUntil(lambda: any("gift for Emma" in t for t in _texts(window, "purchase")))
    [emma] = [t for t in _texts(window, "householdMember") if "Emma" in t]
    assert "Gifts: Blue wool scarf (M)" in emma
    assert "Likes: Emma wears size M" in emma
    assert "diagnosis" not in emma  # a private note stays the owner's
    card = window.card_view.card
    assert card is not None
    assert [p.text for p in card.prompts if p.source_key.startswith("gift:")] == [
        "Emma's birthday is in 12 days — last year: Blue wool scarf (M)"
    ]
    shown = " ".join(label.text() for label in window.card_view.findChildren(QLabel))
    assert "birthday is in 12 days — last year: Blue wool scarf (M)" in shown


def test_two_of_the_household_with_one_name_are_told_apart_by_who_they_are(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    robert = shop["robert_elm"]
    with db.session() as s:
        son = Relation(customer_id=robert, kind=RelationKind.CHILD, name="Sam")
        husband = Relation(customer_id=robert, kind=RelationKind.SPOUSE, name="Sam")
        s.add_all([son, husband])
        grill = Purchase(customer_id=robert, purchased_on=date(2025, 11, 1))
        grill.lines.append(PurchaseLine(product=Product(name="Grill"), item="Kettle grill"))
        s.add(grill)
        s.flush()
        husband_id = husband.id
    with qtbot.waitSignal(window.cardShown):
        window.open_card(robert)
    _gift_button(window, "Kettle grill").click()
    dialog = window.gifts.dialog
    assert dialog is not None
    assert dialog.comboBoxItems() == ["Rex", "Sam (child)", "Sam (spouse)", "Not a gift"]
    dialog.setTextValue("Sam (spouse)")
    with qtbot.waitSignal(window.cardShown):
        dialog.accept()
    card = window.card_view.card
    assert card is not None
    [line] = [p for p in card.purchases if p.item == "Kettle grill"]
    assert (line.gift_for, line.gift_for_id) == ("Sam", husband_id)
    _gift_button(window, "Kettle grill").click()
    again = window.gifts.dialog
    assert again is not None and again.textValue() == "Sam (spouse)"  # the one marked
