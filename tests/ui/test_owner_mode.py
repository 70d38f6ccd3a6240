"""Owner mode in the window: the passphrase dialog admits only the right secret and
explains a lockout; the action that asked goes on after unlocking; the passphrase is set
from the Shop menu with the recovery code shown once; an old PIN is replaced at its last
use; drafts of private notes wait for owner mode; idle drops back to clerk mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.db import Database
from app.errors import RegularsError
from app.models import Note, Setting
from app.notes import add_note, load_drafts, save_draft
from app.prompts import set_category_kind
from app.safety.access import PIN_SETTING, Access, hash_pin
from app.safety.backups import take_backup
from app.safety.owner_secret import lockout, sealing_key, secret_kind, unlock
from app.ui.main_window import MainWindow
from app.ui.owner_mode import (
    OwnerModeControl,
    OwnerSecretDialog,
    UnlockDialog,
    offer_owner_secret,
)
from app.ui.products_dialog import ProductsDialog
from app.ui.theme import ThemeControl
from tests.owner import PASSPHRASE, protect
from tests.ui.test_nothing_cut import clipped_wrapped_labels

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _now(fn: Any, on_done: Any, on_error: Any) -> None:
    """The window's runner, run at once: enough for the control on its own."""
    try:
        result = fn()
    except Exception as exc:
        on_error(exc)
    else:
        on_done(result)


def _unlock_dialog(qtbot: QtBot, owner: OwnerModeControl) -> UnlockDialog:
    qtbot.waitUntil(lambda: isinstance(owner.dialog, UnlockDialog) and owner.dialog.isVisible())
    assert isinstance(owner.dialog, UnlockDialog)
    return owner.dialog


def _type(dialog: UnlockDialog, secret: str) -> None:
    QTest.keyClicks(dialog.secret, secret)
    QTest.keyClick(dialog.secret, Qt.Key.Key_Return)


def test_right_passphrase_enters_owner_mode_and_idle_drops_it(qtbot: QtBot, db: Database) -> None:
    protect(db)
    now = [T0]
    control = OwnerModeControl(lambda: db, _now, clock=lambda: now[0])
    seen: list[bool] = []
    control.changed.connect(seen.append)
    control.request()
    dialog = _unlock_dialog(qtbot, control)
    qtbot.addWidget(dialog)
    _type(dialog, "not it at all")
    assert dialog.isVisible()
    assert "Wrong passphrase" in dialog.message.text()
    assert not control.is_owner and control.access.key is None
    _type(dialog, PASSPHRASE)
    assert not dialog.isVisible()
    assert control.is_owner and control.access.key is not None and seen == [True]
    now[0] += timedelta(minutes=4)
    control.touch()
    now[0] += timedelta(minutes=4)
    control.check()
    assert control.is_owner
    now[0] += timedelta(minutes=2)
    control.check()
    assert not control.is_owner and control.access.key is None and seen == [True, False]


def test_lockout_is_shown_and_no_secret_means_open(qtbot: QtBot, db: Database) -> None:
    protect(db)
    control = OwnerModeControl(lambda: db, _now, clock=lambda: T0)
    control.request()
    dialog = _unlock_dialog(qtbot, control)
    qtbot.addWidget(dialog)
    for _ in range(5):
        _type(dialog, "wrong again")
    _type(dialog, PASSPHRASE)
    assert "locked" in dialog.message.text()
    assert not control.is_owner
    dialog.reject()


def test_enter_on_an_empty_field_is_no_guess(qtbot: QtBot, db: Database) -> None:
    protect(db)
    control = OwnerModeControl(lambda: db, _now, clock=lambda: T0)
    control.request()
    dialog = _unlock_dialog(qtbot, control)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()
    asked = dialog.message.text()
    for blank in ("", "   "):
        _type(dialog, blank)
        assert dialog.isVisible() and dialog.message.text() == asked
    assert lockout(db).guesses == 0
    _type(dialog, "x")
    assert "4 more tries" in dialog.message.text() and not ok.isEnabled()
    assert lockout(db).guesses == 1
    with pytest.raises(RegularsError, match="Nothing was typed"):
        unlock(db, " ")
    assert lockout(db).guesses == 1
    dialog.reject()


def test_the_slow_check_shows_it_is_working_and_cancel_still_works(
    qtbot: QtBot, db: Database
) -> None:
    protect(db)
    held: list[tuple[Any, Any, Any]] = []

    def later(fn: Any, on_done: Any, on_error: Any) -> None:
        """Runs at once, except once something is held: then the check waits its turn."""
        if held:
            held.append((fn, on_done, on_error))
        else:
            _now(fn, on_done, on_error)

    control = OwnerModeControl(lambda: db, later, clock=lambda: T0)
    control.request()
    dialog = _unlock_dialog(qtbot, control)
    qtbot.addWidget(dialog)
    held.append((None, None, None))
    _type(dialog, PASSPHRASE)
    (_, (check, right, wrong)) = held
    assert "Checking" in dialog.message.text() and dialog.busy.isVisible()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None and cancel.isEnabled()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    _now(check, right, wrong)
    assert not dialog.isVisible() and not control.is_owner


def test_owner_mode_is_open_without_a_secret(qtbot: QtBot, db: Database) -> None:
    control = OwnerModeControl(lambda: db, _now)
    seen: list[bool] = []
    control.changed.connect(seen.append)
    control.request()
    assert control.is_owner and control.access.owner
    control.drop()
    control.drop()
    assert not control.is_owner and seen == [True, False]


def test_the_action_that_asked_goes_on_after_unlocking(qtbot: QtBot, window: MainWindow) -> None:
    protect(window.database)
    window.shop.products()
    dialog = _unlock_dialog(qtbot, window.owner)
    assert "needs owner mode" in window.statusBar().currentMessage()
    _type(dialog, PASSPHRASE)
    qtbot.waitUntil(lambda: isinstance(window.shop.dialog, ProductsDialog))
    assert window.owner.is_owner
    assert window.mode_label.text() == "Owner mode"


def test_with_no_passphrase_owner_things_open_without_owner_mode(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.shop.products()
    qtbot.waitUntil(lambda: isinstance(window.shop.dialog, ProductsDialog))
    assert not window.owner.is_owner and window.mode_label.text() == "Clerk mode"
    assert "passphrase" not in window.statusBar().currentMessage()
    info = set_category_kind(window.database, "Kayaks", "durable", access=window.owner.access)
    assert info.kind == "durable"
    protect(window.database)
    with pytest.raises(RegularsError):
        set_category_kind(window.database, "Kayaks", "other", access=window.owner.access)


def _set_passphrase(qtbot: QtBot, window: MainWindow, passphrase: str) -> OwnerSecretDialog:
    qtbot.waitUntil(lambda: isinstance(window.owner.dialog, OwnerSecretDialog))
    dialog = window.owner.dialog
    assert isinstance(dialog, OwnerSecretDialog)
    QTest.keyClicks(dialog.passphrase, passphrase)
    QTest.keyClicks(dialog.repeat, passphrase)
    QTest.keyClick(dialog.repeat, Qt.Key.Key_Return)
    return dialog


def test_the_passphrase_is_set_from_the_shop_menu_with_the_code_shown_once(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    add_note(window.database, shop["jose"], "Owes the shop 400 for the mower", private=True)
    action = next(a for a in window.findChildren(QAction) if a.text() == "Owner's &passphrase…")
    action.trigger()
    dialog = _set_passphrase(qtbot, window, "short")
    assert "at least 8 characters" in dialog.message.text()
    assert (
        "gone for good"
        in OwnerSecretDialog(window.database, Access(owner=True), _now, window).message.text()
    )
    dialog.passphrase.clear()
    dialog.repeat.clear()
    _set_passphrase(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: dialog.code.isVisible())
    code = dialog.code.text()
    assert len(code) == 29 and "gone for good" in dialog.warning.text()
    assert "gone for good" not in dialog.message.text()  # the code stands between them
    assert not dialog.passphrase.isVisible()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert secret_kind(window.database) == "passphrase"
    assert window.owner.is_owner and window.owner.access.key is not None
    with window.database.session() as session:
        assert session.query(Note).filter(Note.sealed.is_not(None)).count() == 1
    assert unlock(window.database, code).key is not None


def test_an_old_pin_unlocks_once_and_asks_for_a_passphrase(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    add_note(window.database, shop["jose"], "Owes the shop 400 for the mower", private=True)
    with window.database.session() as session:
        session.add(Setting(key=PIN_SETTING, value=hash_pin("2580")))
    old = take_backup(window.database.path).path
    window.owner.request(window)
    dialog = _unlock_dialog(qtbot, window.owner)
    assert "PIN" in dialog.message.text()
    _type(dialog, "2580")
    qtbot.waitUntil(lambda: isinstance(window.owner.dialog, OwnerSecretDialog))
    assert window.owner.is_owner
    asked = window.owner.dialog
    assert isinstance(asked, OwnerSecretDialog)
    assert "PIN is replaced" in asked.message.text()
    secret = _set_passphrase(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: secret.code.isVisible())
    assert secret_kind(window.database) == "passphrase"
    qtbot.mouseClick(secret.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.owner.dialog, QMessageBox))
    told = window.owner.dialog
    assert isinstance(told, QMessageBox) and str(old) in told.text()
    assert "sealed with the passphrase now" in told.text()
    assert told.button(QMessageBox.StandardButton.Yes) is None
    told.button(QMessageBox.StandardButton.Ok).click()
    assert b"Owes the shop 400" not in old.read_bytes()
    with Database(str(old)) as sealed_backup:
        assert unlock(sealed_backup, PASSPHRASE).key is not None


def test_private_drafts_wait_for_owner_mode_and_reopen_private(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    protect(window.database)
    key = sealing_key(window.database)
    path = window.database.path
    save_draft(path, shop["jose"], "Divorce papers came through", private=True, seal_to=key)
    assert b"Divorce" not in next((path.parent / "drafts").rglob("*.json")).read_bytes()
    offered: list[str] = []

    def answer(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        offered.append(args[2])
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.notes.offer_drafts()
    assert offered == []
    window.owner.request(window)
    _type(_unlock_dialog(qtbot, window.owner), PASSPHRASE)
    qtbot.waitUntil(lambda: window.notes.editor is not None)
    editor = window.notes.editor
    assert editor is not None
    assert "Divorce papers" in offered[0]
    assert editor.private.isChecked()
    assert editor.text_box.toPlainText() == "Divorce papers came through"
    editor.text_box.moveCursor(editor.text_box.textCursor().MoveOperation.End)
    QTest.keyClicks(editor.text_box, " today")
    editor.flush_draft()
    assert b"today" not in next((path.parent / "drafts").rglob("*.json")).read_bytes()
    assert load_drafts(path) == []
    assert load_drafts(path, access=window.owner.access)[0].private
    editor.text_box.clear()
    editor.reject()


def test_offer_owner_secret_is_the_welcome_pages_entry_point(
    qtbot: QtBot, window: MainWindow
) -> None:
    offer_owner_secret(window)
    dialog = _set_passphrase(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: dialog.code.isVisible())
    assert dialog.code.text()
    assert secret_kind(window.database) == "passphrase"


def test_setting_the_passphrase_seals_older_backups_and_offers_to_remove_the_rest(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    add_note(window.database, shop["jose"], "Owes the shop 400 for the mower", private=True)
    plain = take_backup(window.database.path).path
    damaged = plain.with_name(f"{window.database.path.stem}-20260101-090000.db")
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    offer_owner_secret(window)
    dialog = _set_passphrase(qtbot, window, PASSPHRASE)
    qtbot.waitUntil(lambda: isinstance(window.owner.dialog, QMessageBox))
    told = window.owner.dialog
    assert isinstance(told, QMessageBox)
    assert f"sealed with the passphrase now:\n{plain}" in told.text()
    assert f"Remove them?\n{damaged}" in told.text()
    assert told.defaultButton() is told.button(QMessageBox.StandardButton.No)
    told.button(QMessageBox.StandardButton.Yes).click()
    assert not damaged.exists() and plain.exists()
    assert b"Owes the shop 400" not in plain.read_bytes()
    qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)


def test_leaving_owner_mode_puts_private_text_away_and_brings_it_back(
    qtbot: QtBot, window: MainWindow, shop: dict[str, int]
) -> None:
    protect(window.database)
    add_note(window.database, shop["jose"], "Fly fishing, and a Quetzal secret", private=True)
    window.owner.request(window)
    _type(_unlock_dialog(qtbot, window.owner), PASSPHRASE)
    qtbot.waitUntil(lambda: window.owner.is_owner)
    window.search_box.setText("?quetzal")
    qtbot.waitUntil(lambda: window.results.rowCount() == 1)
    window.open_card(shop["jose"])
    qtbot.waitUntil(lambda: window.card_view.card is not None)
    window.notes.new_note()
    editor = window.notes.editor
    assert editor is not None
    QTest.keyClicks(editor.text_box, "Quetzal news")
    editor.private.setChecked(True)
    window.owner.drop()
    qtbot.waitUntil(window.results.has_no_notes_row)
    assert not editor.isVisible()
    draft = next((window.database.path.parent / "drafts").rglob("*.json")).read_bytes()
    assert b"Quetzal" not in draft
    window.owner.request(window)
    _type(_unlock_dialog(qtbot, window.owner), PASSPHRASE)
    qtbot.waitUntil(lambda: editor.isVisible())
    assert editor.text_box.toPlainText() == "Quetzal news" and editor.private.isChecked()
    editor.text_box.clear()
    editor.reject()


def test_changing_the_passphrase_asks_for_the_current_one_first(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = protect(window.database)
    offer_owner_secret(window)
    _type(_unlock_dialog(qtbot, window.owner), first.recovery_code)
    dialog = _set_passphrase(qtbot, window, "a brand new passphrase")
    qtbot.waitUntil(lambda: dialog.code.isVisible())
    assert dialog.code.text() != first.recovery_code
    assert unlock(window.database, "a brand new passphrase").key is not None


@pytest.mark.parametrize("size_step", [1, 3], ids=["normal type", "large type"])
def test_the_passphrase_dialog_shows_its_warning_whole_and_the_code_apart(
    qtbot: QtBot, qapp: QApplication, db: Database, size_step: int
) -> None:
    theme = ThemeControl(qapp)
    theme.size_step = size_step
    theme.apply()
    try:
        screen = QWidget()
        qtbot.addWidget(screen)
        screen.resize(1024, 768)
        screen.show()
        dialog = OwnerSecretDialog(db, Access(owner=True), _now, screen)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        assert "gone for good" in dialog.message.text()
        assert clipped_wrapped_labels(dialog) == []
        QTest.keyClicks(dialog.passphrase, PASSPHRASE)
        QTest.keyClicks(dialog.repeat, PASSPHRASE)
        QTest.keyClick(dialog.repeat, Qt.Key.Key_Return)
        qtbot.waitUntil(dialog.code.isVisible)
        assert clipped_wrapped_labels(dialog) == []
        assert dialog.height() <= 768
        assert dialog.code.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
        assert dialog.code.font().pointSizeF() > dialog.message.font().pointSizeF()
        assert dialog.code.y() < dialog.warning.y() < dialog.done_button.y()
    finally:
        theme.size_step = 1
        theme.apply()
