"""Owner mode in the window: the PIN dialog admits only the right PIN, explains a
lockout, and the control drops back to clerk mode when asked or when idle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.db import Database
from app.safety.access import set_owner_pin, verify_owner_pin
from app.ui.owner_mode import OwnerModeControl

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _type_pin(control: OwnerModeControl, pin: str) -> None:
    assert control.dialog is not None
    QTest.keyClicks(control.dialog.pin, pin)
    QTest.keyClick(control.dialog.pin, Qt.Key.Key_Return)


def test_right_pin_enters_owner_mode_and_idle_drops_it(qtbot: QtBot, db: Database) -> None:
    set_owner_pin(db, "2580")
    now = [T0]
    control = OwnerModeControl(
        lambda pin: verify_owner_pin(db, pin, now=now[0]), clock=lambda: now[0]
    )
    seen: list[bool] = []
    control.changed.connect(seen.append)
    control.request()
    assert control.dialog is not None
    qtbot.addWidget(control.dialog)
    _type_pin(control, "1111")
    assert control.dialog.isVisible()
    assert "Wrong PIN" in control.dialog.message.text()
    assert not control.is_owner
    _type_pin(control, "2580")
    assert not control.dialog.isVisible()
    assert control.is_owner and seen == [True]
    now[0] += timedelta(minutes=4)
    control.touch()
    now[0] += timedelta(minutes=4)
    control.check()
    assert control.is_owner
    now[0] += timedelta(minutes=2)
    control.check()
    assert not control.is_owner and seen == [True, False]


def test_lockout_is_shown_and_drop_leaves_at_once(qtbot: QtBot, db: Database) -> None:
    set_owner_pin(db, "2580")
    control = OwnerModeControl(lambda pin: verify_owner_pin(db, pin, now=T0))
    control.request()
    assert control.dialog is not None
    qtbot.addWidget(control.dialog)
    for _ in range(5):
        _type_pin(control, "0000")
    _type_pin(control, "2580")
    assert "locked" in control.dialog.message.text()
    assert not control.is_owner
    control.dialog.reject()
    no_pin = OwnerModeControl(lambda pin: False, needs_pin=lambda: False)
    seen: list[bool] = []
    no_pin.changed.connect(seen.append)
    no_pin.request()
    assert no_pin.is_owner
    no_pin.drop()
    no_pin.drop()
    assert not no_pin.is_owner and seen == [True, False]
