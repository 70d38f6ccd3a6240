"""Asking the notes with "?", a photo on the card, the visits chart, and the trash."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.cli import main
from app.customers.photo import set_photo
from app.db import Database
from app.models import ContactKind, ContactLabel, ContactPoint, Note
from app.notes import add_note, delete_note
from app.ui.history_chart import HistoryChart
from app.ui.main_window import MainWindow
from app.ui.results_model import CUSTOMER_ID_ROLE
from app.ui.trash_dialog import TrashDialog
from tests.ui.conftest import TODAY


def _type(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(lambda: window.results.query == text)


def test_a_question_mark_asks_the_notes(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    with db.session() as s:
        s.add(Note(customer_id=shop["jose"], body="Ties his own flies for fly fishing"))
        s.add(Note(customer_id=shop["margaret"], body="Fly fishing is a secret", private=True))
    _type(qtbot, window, "?fly fishing")
    qtbot.waitUntil(lambda: window.results.rowCount() == 1)
    assert window.results.data(window.results.index(0, 0)) == "José Müller"
    _type(qtbot, window, "?nothing like it")
    assert window.results.rowCount() == 1 and window.results.has_no_notes_row()
    assert window.results.index(0, 0).data(CUSTOMER_ID_ROLE) is None


def test_the_card_shows_the_photo_and_the_visits_chart(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int], tmp_path: Path
) -> None:
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(tmp_path / "face.png"))
    set_photo(db, shop["robert_elm"], (tmp_path / "face.png").read_bytes())
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["robert_elm"])
    picture = window.card_view.findChild(QLabel, "photoPicture")
    assert picture is not None and not picture.pixmap().isNull()
    chart = window.card_view.findChild(HistoryChart, "history")
    assert chart is not None


def test_a_deleted_note_comes_back_from_the_trash(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    note = add_note(db, shop["jose"], "Daughter starts at the conservatory")
    delete_note(db, note.id)
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    window.customers.trash()
    qtbot.waitUntil(lambda: isinstance(window.customers.dialog, TrashDialog))
    dialog = window.customers.dialog
    assert isinstance(dialog, TrashDialog)
    row = dialog.list.item(0)
    assert row is not None and "José Müller" in row.text() and "#" not in row.text()
    dialog.restore_selected()
    qtbot.waitUntil(
        lambda: (
            window.card_view.card is not None
            and [n.body for n in window.card_view.card.notes]
            == ["Daughter starts at the conservatory"]
        )
    )


def test_the_card_shows_the_main_contact_and_how_many_more(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    with db.session() as s:
        for position, (kind, label, value, key) in enumerate(
            (
                (ContactKind.PHONE, ContactLabel.HOME, "(802) 555-0199", "18025550199"),
                (
                    ContactKind.EMAIL,
                    ContactLabel.WORK,
                    "bob@work.example.com",
                    "bob@work.example.com",
                ),
            ),
            start=1,
        ):
            s.add(
                ContactPoint(
                    customer_id=shop["robert_elm"], kind=kind, label=label, value=value,
                    normalised=key, position=position,
                )
            )  # fmt: skip
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["robert_elm"])
    contact = window.card_view.findChild(QLabel, "cardContact")
    assert contact is not None
    assert contact.text().endswith(" · 2 more")
    assert "home phone: (802) 555-0199" in contact.toolTip()
    assert "work email: bob@work.example.com" in contact.toolTip()


def test_a_dont_bring_up_note_says_so_on_the_card_and_in_the_cli(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    shop: dict[str, int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_note(db, shop["jose"], "Lost his brother this spring", dont_bring_up=True)
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    texts = [label.text() for label in window.card_view.findChildren(QLabel)]
    assert any("Don't bring this up:</b> Lost his brother" in text for text in texts)
    assert main(["--db", str(db.path), "card", str(shop["jose"])]) == 0
    assert "[don't bring up] Lost his brother" in capsys.readouterr().out


def test_an_old_pets_note_shows_its_age_and_asks_how_the_dog_is(
    qtbot: QtBot, window: MainWindow, db: Database, shop: dict[str, int]
) -> None:
    written = datetime.combine(TODAY - timedelta(days=380), datetime.min.time())
    with db.session() as s:
        s.add(
            Note(customer_id=shop["jose"], body="Pets: new puppy", kind="pets", created_at=written)
        )
    with qtbot.waitSignal(window.cardShown):
        window.open_card(shop["jose"])
    shown = "\n".join(label.text() for label in window.card_view.findChildren(QLabel))
    assert "a year ago" in shown
    assert "all grown up" in shown
    assert "noted " in shown and "Pets: new puppy" in shown
    assert "Still true?" not in shown  # the mark is the owner's, never the register's
