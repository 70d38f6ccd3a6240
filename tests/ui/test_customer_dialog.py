"""The customer form driven with keys: typing, duplicate hints, Ctrl+Enter, refusals, Esc."""

from __future__ import annotations

import threading
from datetime import date
from functools import partial

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.customers import (
    CustomerView,
    DuplicateHint,
    NewCustomer,
    add_customer,
    edit_customer,
    get_customer,
    likely_duplicates,
)
from app.customers.forms import CustomerEdit, CustomerValues
from app.db import Database
from app.ui.background import Background
from app.ui.customer_dialog import CustomerDialog, split_name


def _store(db: Database, values: CustomerValues) -> None:
    """The window's save: the real services, refusing bad input with RegularsError."""
    if isinstance(values, CustomerEdit):
        edit_customer(db, values.customer_id, values.changes, values.expected_version)
    else:
        add_customer(db, values)


def _shown(qtbot: QtBot, dialog: CustomerDialog) -> CustomerDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def test_split_name() -> None:
    assert split_name("Jonh Smiht") == ("Jonh", "Smiht")
    assert split_name("Mary Ann  van Dyke") == ("Mary Ann van", "Dyke")
    assert split_name("Smith, John") == ("John", "Smith")
    assert split_name(" Peggy ") == ("Peggy", "")


def test_new_customer_typed_warned_and_saved(qtbot: QtBot, db: Database) -> None:
    robert = add_customer(
        db, NewCustomer(first_name="Robert", last_name="Smith", address_line="12 Elm St")
    )
    saved: list[CustomerValues] = []

    def save(values: CustomerValues) -> None:
        _store(db, values)
        saved.append(values)

    dialog = _shown(
        qtbot,
        CustomerDialog.for_new("Bob", find_duplicates=partial(likely_duplicates, db), save=save),
    )
    assert dialog.text["first_name"].text() == "Bob"
    assert dialog.duplicates.isHidden()
    qtbot.keyClicks(dialog.text["last_name"], "Smith")
    qtbot.waitUntil(dialog.duplicates.isVisible)
    assert dialog.duplicates.text() == (
        f"Robert Smith, 12 Elm St already exists (#{robert}, same name)."
    )
    qtbot.keyClicks(dialog.text["phone"], "555 010 0142")
    dialog.birthday_month.setCurrentIndex(3)
    dialog.birthday_day.setValue(4)
    dialog.consent.setCurrentIndex(1)
    dialog.no_sales_prompts.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.text["phone"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved == [
        NewCustomer(
            first_name="Bob",
            last_name="Smith",
            phone="555 010 0142",
            birthday="--03-04",
            contact_consent=True,
            no_sales_prompts=True,
        )
    ]


def test_refused_email_shows_in_the_form(qtbot: QtBot, db: Database) -> None:
    dialog = _shown(
        qtbot,
        CustomerDialog.for_new(
            "Ann Lee", find_duplicates=partial(likely_duplicates, db), save=partial(_store, db)
        ),
    )
    qtbot.keyClicks(dialog.text["email"], "ann@@example")
    qtbot.keyClick(dialog.text["email"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text().startswith("Email:")
    assert dialog.text["email"].text() == "ann@@example"
    dialog.birthday_month.setCurrentIndex(2)
    dialog.save()
    assert dialog.problem.text() == "Birthday: choose both the month and the day."
    dialog.birthday_month.setCurrentIndex(0)
    dialog.text["email"].setText("ann@example.org")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()


def _edit_dialog(qtbot: QtBot, db: Database, view: CustomerView) -> CustomerDialog:
    return _shown(
        qtbot,
        CustomerDialog.for_edit(
            view, find_duplicates=partial(likely_duplicates, db), save=partial(_store, db)
        ),
    )


def test_edit_sends_only_changes_with_the_version(qtbot: QtBot, db: Database) -> None:
    peggy = add_customer(
        db,
        NewCustomer(
            first_name="Margaret",
            last_name="Okafor",
            preferred_name="Peggy",
            birthday="1950-07-09",
            customer_since=date(2019, 5, 1),
            contact_consent=False,
        ),
    )
    add_customer(db, NewCustomer(first_name="Margaret", last_name="Okafor", town="York"))
    dialog = _edit_dialog(qtbot, db, get_customer(db, peggy))
    assert (dialog.birthday_month.currentIndex(), dialog.birthday_year.text()) == (7, "1950")
    assert dialog.values() == CustomerEdit(peggy, {}, 1)
    dialog.check_duplicates()
    assert "York already exists" in dialog.duplicates.text()
    assert f"#{peggy}," not in dialog.duplicates.text()
    dialog.text["town"].setText("Leeds")
    dialog.birthday_year.clear()
    assert dialog.values() == CustomerEdit(peggy, {"town": "Leeds", "birthday": "--07-09"}, 1)
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    view = get_customer(db, peggy)
    assert (view.town, view.birthday, view.customer_since, view.version) == (
        "Leeds",
        "--07-09",
        date(2019, 5, 1),
        2,
    )


def test_an_edit_from_an_older_view_is_refused(qtbot: QtBot, db: Database) -> None:
    peggy = add_customer(db, NewCustomer(first_name="Peggy"))
    dialog = _edit_dialog(qtbot, db, get_customer(db, peggy))
    edit_customer(db, peggy, {"town": "York"}, 1)
    dialog.text["email"].setText("peggy@example.org")
    dialog.save()
    assert "changed in another window" in dialog.problem.text()
    assert get_customer(db, peggy).email is None
    dialog.done(CustomerDialog.DialogCode.Rejected)


def test_esc_asks_before_throwing_changes_away(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    dialog = _shown(
        qtbot,
        CustomerDialog.for_new(
            "", find_duplicates=partial(likely_duplicates, db), save=partial(_store, db)
        ),
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == []
    assert not dialog.isVisible()

    dialog = _shown(
        qtbot,
        CustomerDialog.for_new(
            "Ann", find_duplicates=partial(likely_duplicates, db), save=partial(_store, db)
        ),
    )
    qtbot.keyClicks(dialog.text["town"], "Leeds")
    qtbot.keyClick(dialog.text["town"], Qt.Key.Key_Escape)
    assert asked == ["Discard these changes?"]
    assert dialog.isVisible()
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.text["town"], Qt.Key.Key_Escape)


def test_duplicates_are_looked_up_off_the_gui_thread_and_only_the_latest_shown(
    qtbot: QtBot, db: Database
) -> None:
    add_customer(db, NewCustomer(first_name="Robert", last_name="Smith"))
    ann = add_customer(db, NewCustomer(first_name="Ann", last_name="Lee", town="Harlow"))
    smith_may_answer = threading.Event()
    asked_on: list[threading.Thread] = []

    def find(first: str, last: str, phone: str | None, email: str | None) -> list[DuplicateHint]:
        asked_on.append(threading.current_thread())
        if last == "Smith":
            smith_may_answer.wait(timeout=30)
        return likely_duplicates(db, first, last, phone, email)

    runner = Background()
    dialog = _shown(
        qtbot,
        CustomerDialog.for_new("", find_duplicates=find, save=lambda values: None, runner=runner),
    )
    qtbot.keyClicks(dialog.text["first_name"], "Bob")
    qtbot.keyClicks(dialog.text["last_name"], "Smith")
    dialog.check_duplicates()
    dialog.text["first_name"].setText("Ann")
    dialog.text["last_name"].setText("Lee")
    dialog.check_duplicates()
    qtbot.waitUntil(dialog.duplicates.isVisible)
    latest = f"Ann Lee, Harlow already exists (#{ann}, same name)."
    assert dialog.duplicates.text() == latest

    smith_may_answer.set()
    runner.wait()
    QCoreApplication.processEvents()
    assert dialog.duplicates.text() == latest
    assert threading.main_thread() not in asked_on
