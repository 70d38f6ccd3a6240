"""A short practice session driven by keys: Space reveals, 3 grades good, the next card
comes up and the count of what is left today goes down; Esc leaves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db import Database
from app.models import Customer
from app.practice import PracticeSession, progress
from app.ui.practice_view import DONE_TEXT, PracticeView
from tests.integration.practice_shop import NOON, fill_practice_shop


@pytest.fixture
def view(qtbot: QtBot, db: Database) -> PracticeView:
    fill_practice_shop(db)
    session = PracticeSession(db, "Ana", clock=lambda: NOON, daily_new=2)
    widget = PracticeView(session, "Ana")
    qtbot.addWidget(widget)
    widget.open()
    qtbot.waitExposed(widget)
    return widget


def test_a_short_session_reveals_grades_and_moves_on(
    qtbot: QtBot, view: PracticeView, db: Database
) -> None:
    counts: list[int] = []
    view.dueCountChanged.connect(counts.append)
    with qtbot.waitSignal(view.cardShown) as shown:
        view.start()
    first = shown.args[0] if shown.args else None
    assert view.card_id == first
    assert "Household: a spouse, a dog" in view.front_label.text()
    assert "Robert" not in view.front_label.text()
    qtbot.waitUntil(view.front_label.isVisible)
    assert not view.back_label.isVisible()
    assert view.due_label.text() == "2 to go today"

    qtbot.keyClick(view, Qt.Key.Key_3)
    assert view.card_id == first, "no grade before the answer is shown"
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(view.back_label.isVisible)
    assert view.back_label.text().startswith("Robert Smith\ngoes by Bob")

    with qtbot.waitSignal(view.graded) as graded, qtbot.waitSignal(view.cardShown):
        qtbot.keyClick(view, Qt.Key.Key_3)
    assert graded.args == [first, 3]
    assert view.card_id != first
    assert "Robert" not in view.front_label.text()
    assert not view.revealed
    assert view.due_label.text() == "1 to go today"
    assert counts == [2, 1]
    assert progress(db, "Ana", NOON).per_day[-1].reviews == 1


def test_the_end_of_today_and_esc_leaves(qtbot: QtBot, view: PracticeView) -> None:
    view.show_item(None)
    assert view.front_label.text() == DONE_TEXT
    assert view.due_label.text() == "0 to go today"
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not view.revealed
    with qtbot.waitSignal(view.left), qtbot.waitSignal(view.rejected):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()


def _png(folder: Path) -> bytes:
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    path = folder / "face.png"
    assert image.save(str(path))
    return path.read_bytes()


def test_a_photo_is_the_question_when_there_is_one(
    qtbot: QtBot, view: PracticeView, db: Database, tmp_path: Path
) -> None:
    with db.session() as s:
        robert = s.scalar(select(Customer).where(Customer.first_name == "Robert"))
        assert robert is not None
        robert.photo = _png(tmp_path)
    view.start()
    photo = view.findChild(QLabel, "practiceFrontPhoto")
    assert isinstance(photo, QLabel)
    qtbot.waitUntil(photo.isVisible)
    assert not photo.pixmap().isNull()
    assert view.front_label.text() == ""
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.back_label.text().startswith("Robert Smith")
