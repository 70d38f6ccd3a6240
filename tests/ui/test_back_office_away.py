"""The back-office computer goes off while a note is being written at a register: the
window says so, search keeps answering, the note is kept, and when the server is back the
banner goes and the note is in the book, with no click. The server is one of its own
(``regulars server init``), so stopping it disturbs no other test."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from app.customers import edit_customer, get_customer
from app.customers.forms import load_forms
from app.db import Database, open_database
from app.migrate import alembic_config, head_revision
from app.notes import add_note, edit_note, list_notes, load_drafts, note_history
from app.server.local import local_target, start_server, stop_server
from app.server.shop_jobs import shop_job
from app.ui.customer_dialog import CustomerDialog
from app.ui.main_window import MainWindow
from app.ui.owner_mode import UnlockDialog
from app.ui.results_model import CUSTOMER_ID_ROLE
from app.ui.server_wait import FIRST_PAUSE_MS, ServerWait, WaitElsewhereError, refuse_to_wait
from tests.owner import PASSPHRASE, protect
from tests.ui.conftest import TODAY, fill_small_shop

WORDS = "Back from Lisbon; loved the tiles at the station"


def _result_ids(window: MainWindow) -> list[int]:
    rows = (window.results.index(r, 0) for r in range(window.results.rowCount()))
    return [int(i.data(CUSTOMER_ID_ROLE)) for i in rows if i.data(CUSTOMER_ID_ROLE)]


def _window_on_card(qtbot: QtBot, book: Database, customer_id: int) -> MainWindow:
    window = MainWindow(book, today=lambda: TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.indexReady, timeout=10_000):
        window.show()
    with qtbot.waitSignal(window.cardShown, timeout=10_000):
        window.open_card(customer_id)
    return window


def test_a_register_keeps_working_while_the_back_office_is_off(
    qtbot: QtBot, server_book: Database, started: Path
) -> None:
    shop = fill_small_shop(server_book)
    window = _window_on_card(qtbot, server_book, shop["jose"])
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.notes.editor
    assert editor is not None
    qtbot.keyClicks(editor.text_box, WORDS[:20])
    assert not window.server_away_banner.isVisible()

    stop_server(started)
    qtbot.waitUntil(window.server_away_banner.isVisible, timeout=20_000)
    assert "search still works" in window.server_away_banner.text()
    qtbot.keyClicks(editor.text_box, WORDS[20:])
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "is kept" in window.statusBar().currentMessage(), timeout=20_000)
    assert [d.text for d in load_drafts(server_book.path)] == [WORDS]
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "peggy")
    assert _result_ids(window) == [shop["margaret"]]

    start_server(started)
    qtbot.waitUntil(lambda: not window.server_away_banner.isVisible(), timeout=60_000)
    qtbot.waitUntil(lambda: load_drafts(server_book.path) == [], timeout=20_000)
    assert [n.body for n in list_notes(server_book, shop["jose"])] == [WORDS]
    window.background.wait()


def test_an_edit_saved_while_the_back_office_is_off_is_saved_when_it_is_back(
    qtbot: QtBot, server_book: Database, started: Path
) -> None:
    shop = fill_small_shop(server_book)
    note = add_note(server_book, shop["jose"], "Likes dark roast")
    window = _window_on_card(qtbot, server_book, shop["jose"])
    window.notes.on_note_action(note.id, "edit")
    editor = window.notes.editor
    assert editor is not None
    stop_server(started)
    qtbot.keyClick(editor.text_box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text_box, ", beans whole")
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "is kept" in window.statusBar().currentMessage(), timeout=20_000)
    assert window.server_away_banner.isVisible()
    assert [d.text for d in load_drafts(server_book.path)] == ["Likes dark roast, beans whole"]

    start_server(started)
    qtbot.waitUntil(lambda: load_drafts(server_book.path) == [], timeout=60_000)
    assert [n.body for n in list_notes(server_book, shop["jose"])] == [
        "Likes dark roast, beans whole"
    ]
    assert not window.server_away_banner.isVisible()
    window.background.wait()


def _edit_kept_while_away(
    qtbot: QtBot, window: MainWindow, note_id: int, started: Path, more: str
) -> None:
    """The clerk opens the note's Edit, the back office goes off, the clerk adds ``more``
    and saves: the edit is kept."""
    window.notes.on_note_action(note_id, "edit")
    editor = window.notes.editor
    assert editor is not None
    stop_server(started)
    qtbot.keyClick(editor.text_box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text_box, more)
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "is kept" in window.statusBar().currentMessage(), timeout=20_000)


def _never_asked(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
    raise AssertionError(f"asked: {args[2] if len(args) > 2 else args}")


def test_an_edit_saved_when_the_register_closed_before_the_back_office_came_back_is_saved_at_start(
    qtbot: QtBot, server_book: Database, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = fill_small_shop(server_book)
    note = add_note(server_book, shop["jose"], "Likes dark roast")
    window = _window_on_card(qtbot, server_book, shop["jose"])
    _edit_kept_while_away(qtbot, window, note.id, started, ", beans whole")
    window.close()

    start_server(started)
    monkeypatch.setattr(QMessageBox, "question", _never_asked)
    with open_database(local_target(started)) as book:
        again = _window_on_card(qtbot, book, shop["jose"])
        again.notes.offer_drafts()  # as at every start (app.ui.launch)
        qtbot.waitUntil(lambda: load_drafts(book.path) == [], timeout=20_000)
        qtbot.waitUntil(lambda: "is saved" in again.statusBar().currentMessage(), timeout=10_000)
        again.background.wait()
        assert again.notes.editor is None
        [edited] = list_notes(book, shop["jose"])
        assert (edited.id, edited.body) == (note.id, "Likes dark roast, beans whole")
        assert [r.body for r in note_history(book, note.id)] == [
            "Likes dark roast",
            "Likes dark roast, beans whole",
        ]
        again.close()


def test_a_private_note_saved_while_the_back_office_was_off_waits_for_the_owner(
    qtbot: QtBot, server_book: Database, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = fill_small_shop(server_book)
    owner = protect(server_book).access
    window = _window_on_card(qtbot, server_book, shop["jose"])
    window.notes.load_sealing_key()
    window.background.wait()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.notes.editor
    assert editor is not None
    stop_server(started)
    qtbot.keyClicks(editor.text_box, "owes for the wedding flowers")
    editor.private.setChecked(True)
    qtbot.keyClick(editor.text_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "is kept" in window.statusBar().currentMessage(), timeout=20_000)
    window.close()
    (kept,) = load_drafts(server_book.path, access=owner)
    assert kept.saved and kept.refused is not None
    assert b"wedding" not in kept.refused.read_bytes()

    start_server(started)
    monkeypatch.setattr(QMessageBox, "question", _never_asked)
    with open_database(local_target(started)) as book:
        again = _window_on_card(qtbot, book, shop["jose"])
        again.notes.offer_drafts()  # clerk mode: nothing private is seen or saved
        again.background.wait()
        assert load_drafts(book.path, access=owner) == [kept]
        again.owner.request(again)
        qtbot.waitUntil(lambda: isinstance(again.owner.dialog, UnlockDialog))
        dialog = again.owner.dialog
        assert isinstance(dialog, UnlockDialog)
        qtbot.keyClicks(dialog.secret, PASSPHRASE)
        qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)  # owner mode begins: drafts again
        qtbot.waitUntil(lambda: load_drafts(book.path, access=owner) == [], timeout=20_000)
        again.background.wait()
        assert list_notes(book, shop["jose"]) == []
        [saved] = list_notes(book, shop["jose"], access=owner)
        assert (saved.body, saved.private) == ("owes for the wedding flowers", True)
        again.close()


def test_an_edit_kept_while_another_register_changed_the_note_lands_beside_it(
    qtbot: QtBot, server_book: Database, started: Path
) -> None:
    shop = fill_small_shop(server_book)
    note = add_note(server_book, shop["jose"], "Likes dark roast")
    window = _window_on_card(qtbot, server_book, shop["jose"])
    _edit_kept_while_away(qtbot, window, note.id, started, ", beans whole")

    start_server(started)
    edit_note(server_book, note.id, body="Likes medium roast now", expected_revision=1)
    qtbot.waitUntil(lambda: load_drafts(server_book.path) == [], timeout=60_000)
    qtbot.waitUntil(lambda: "beside it" in window.statusBar().currentMessage(), timeout=10_000)
    window.background.wait()
    bodies = {n.id: n.body for n in list_notes(server_book, shop["jose"])}
    assert bodies.pop(note.id) == "Likes medium roast now"
    assert list(bodies.values()) == ["Likes dark roast, beans whole"]


def _customer_form(qtbot: QtBot, window: MainWindow, *, new: bool = False) -> CustomerDialog:
    """A new customer's form (Ctrl+Shift+N), or the open card's customer's (Ctrl+E)."""
    if new:
        qtbot.keyClick(
            window,
            Qt.Key.Key_N,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    else:
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.customers.dialog, CustomerDialog), timeout=10_000)
    dialog = window.customers.dialog
    assert isinstance(dialog, CustomerDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _type_into(qtbot: QtBot, box: QLineEdit, words: str) -> None:
    box.selectAll()
    qtbot.keyClicks(box, words)


def test_a_new_customer_saved_while_the_back_office_is_off_is_kept_and_saved_when_it_is_back(
    qtbot: QtBot, server_book: Database, started: Path
) -> None:
    shop = fill_small_shop(server_book)
    window = _window_on_card(qtbot, server_book, shop["jose"])
    dialog = _customer_form(qtbot, window, new=True)
    _type_into(qtbot, dialog.text["first_name"], "Zed")
    _type_into(qtbot, dialog.text["last_name"], "Quill")
    stop_server(started)
    _type_into(qtbot, dialog.text["town"], "Porto")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "are kept" in window.statusBar().currentMessage(), timeout=20_000)
    assert "Zed Quill" in window.statusBar().currentMessage()
    assert not dialog.isVisible() and window.server_away_banner.isVisible()
    [form] = load_forms(server_book.path)
    assert (form.fields()["last_name"], form.fields()["town"]) == ("Quill", "Porto")

    start_server(started)
    qtbot.waitUntil(lambda: load_forms(server_book.path) == [], timeout=60_000)
    qtbot.waitUntil(lambda: "kept meanwhile" in window.statusBar().currentMessage())
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, "zed quill")
    qtbot.waitUntil(lambda: len(_result_ids(window)) == 1, timeout=10_000)
    assert get_customer(server_book, _result_ids(window)[0]).town == "Porto"
    window.background.wait()


def test_a_customer_edit_kept_when_the_register_closed_is_saved_at_the_next_start(
    qtbot: QtBot, server_book: Database, started: Path
) -> None:
    shop = fill_small_shop(server_book)
    window = _window_on_card(qtbot, server_book, shop["jose"])
    dialog = _customer_form(qtbot, window)
    stop_server(started)
    _type_into(qtbot, dialog.text["phone"], "+351 21 000 0000")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "are kept" in window.statusBar().currentMessage(), timeout=20_000)
    window.close()

    start_server(started)
    with open_database(local_target(started)) as book:
        again = _window_on_card(qtbot, book, shop["margaret"])
        again.customers.save_forms_left()  # as at every start (app.ui.launch)
        qtbot.waitUntil(lambda: load_forms(book.path) == [], timeout=20_000)
        again.background.wait()
        jose = get_customer(book, shop["jose"])
        assert (jose.phone or "").endswith("21 000 0000") and jose.email == "jose@example.org"
        again.close()


def test_a_customer_edit_kept_while_another_register_changed_them_opens_again_on_top(
    qtbot: QtBot, server_book: Database, started: Path
) -> None:
    shop = fill_small_shop(server_book)
    window = _window_on_card(qtbot, server_book, shop["jose"])
    dialog = _customer_form(qtbot, window)
    stop_server(started)
    _type_into(qtbot, dialog.text["town"], "Porto")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "are kept" in window.statusBar().currentMessage(), timeout=20_000)

    start_server(started)
    edit_customer(server_book, shop["jose"], {"email": "jm@example.org"}, 1)
    qtbot.waitUntil(lambda: window.customers.dialog is not dialog, timeout=60_000)
    again = window.customers.dialog
    assert isinstance(again, CustomerDialog)
    qtbot.waitUntil(again.isVisible)
    assert "changed in another window" in again.problem.text()
    assert again.text["town"].text() == "Porto"
    assert again.text["email"].text() == "jm@example.org"
    with qtbot.waitSignal(again.saved, timeout=20_000):
        qtbot.keyClick(again, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    window.background.wait()
    jose = get_customer(server_book, shop["jose"])
    assert (jose.town, jose.email) == ("Porto", "jm@example.org")
    assert load_forms(server_book.path) == []


def test_a_window_started_while_the_back_office_is_off_opens_the_book_once_it_is_on(
    qtbot: QtBot, started: Path
) -> None:
    stop_server(started)
    wait = ServerWait(local_target(started))
    qtbot.addWidget(wait)
    wait.show()
    assert "can't be reached yet" in wait.message.text()
    with qtbot.assertNotEmitted(wait.opened):
        qtbot.waitUntil(lambda: wait.pause_ms > FIRST_PAUSE_MS, timeout=20_000)
    assert wait.isVisible()
    start_server(started)
    with qtbot.waitSignal(wait.opened, timeout=60_000) as opened:
        pass
    book = opened.args[0] if opened.args else None
    assert isinstance(book, Database) and book.server
    fill_small_shop(book)
    book.close()


def _waiting_for_a_lock(db: Database) -> int:
    """How many connections wait for an advisory lock (a register waiting for a job)."""
    with db.reading() as session:
        query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        return int(session.scalar(text(query)) or 0)


@pytest.mark.both_engines
@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_a_register_started_during_another_registers_migration_says_so_and_opens_after_it(
    qtbot: QtBot, db: Database
) -> None:
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "-1")
    with shop_job(db.target, "migration"):  # another register's migration, under way
        with pytest.raises(WaitElsewhereError) as at_start:  # never waited for on the GUI thread
            open_database(db.target, waiting=refuse_to_wait)
        wait = ServerWait(db.target, str(at_start.value))
        qtbot.addWidget(wait)
        wait.show()
        assert "Updating the book for a new Regulars" in wait.message.text()
        assert "at most 5 min" in wait.message.text()
        qtbot.waitUntil(lambda: _waiting_for_a_lock(db) == 1, timeout=10_000)
    with qtbot.waitSignal(wait.opened, timeout=60_000) as opened:
        pass
    book = opened.args[0] if opened.args else None
    assert isinstance(book, Database)
    with book.reading() as session:
        assert session.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
    book.close()
