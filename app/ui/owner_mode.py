"""Owner mode in the window: a PIN dialog, and a switch that falls back to clerk mode.

Private notes, exports, erasure and restore are for the owner, but the window sits at the
register where anyone may stand. ``OwnerModeControl`` holds the mode: ``request()`` asks
for the PIN, ``drop()`` leaves at once, and a few idle minutes (no ``touch()``) drop it
too, so a private note is not left on screen for the next customer. The PIN check itself
is a plain callable (``app.safety.access.verify_owner_pin`` bound to the database), so
the lockout lives in the database and survives restarts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import RegularsError
from app.safety.access import IDLE_MINUTES, OwnerSession

CHECK_EVERY_MS = 15_000


class PinDialog(QDialog):
    """Asks for the owner PIN; accepted only when ``verify`` says it is right. A wrong PIN
    or a lockout is explained in the dialog, which stays open for another try."""

    def __init__(self, verify: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Owner mode")
        self._verify = verify
        self.pin = QLineEdit(self)
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("Owner PIN")
        self.pin.setMaxLength(12)
        self.message = QLabel("Enter the owner PIN to see private notes.", self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.pin)
        layout.addWidget(buttons)

    def _submit(self) -> None:
        """Enter (the default OK button) lands here."""
        try:
            right = self._verify(self.pin.text())
        except RegularsError as exc:
            self.message.setText(str(exc))
            right = False
        else:
            if not right:
                self.message.setText("Wrong PIN. Try again.")
        self.pin.clear()
        if right:
            self.accept()


class OwnerModeControl(QObject):
    """The window's owner/clerk switch; ``changed(bool)`` is True on entering owner mode."""

    changed = Signal(bool)

    def __init__(
        self,
        verify: Callable[[str], bool],
        *,
        needs_pin: Callable[[], bool] = lambda: True,
        idle_minutes: float = IDLE_MINUTES,
        clock: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._verify = verify
        self._needs_pin = needs_pin
        self._session = (
            OwnerSession(idle_minutes=idle_minutes, clock=clock)
            if clock
            else OwnerSession(idle_minutes=idle_minutes)
        )
        self.dialog: PinDialog | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)

    @property
    def is_owner(self) -> bool:
        """Whether owner mode is on right now."""
        return self._session.is_owner

    def request(self, parent: QWidget | None = None) -> None:
        """Ask for the PIN (without blocking); owner mode begins when it is right. With no
        PIN set there is nothing to ask."""
        if self.is_owner:
            return
        if not self._needs_pin():
            self._enter()
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return
        self.dialog = PinDialog(self._verify, parent)
        self.dialog.accepted.connect(self._enter)
        self.dialog.open()

    def _enter(self) -> None:
        self._session.enter()
        self._timer.start()
        self.changed.emit(True)

    def touch(self) -> None:
        """The owner is still here (a key or click): owner mode lasts longer."""
        self._session.touch()

    def drop(self) -> None:
        """Back to clerk mode now."""
        was_owner = self._session.is_owner
        self._session.drop()
        self._timer.stop()
        if was_owner:
            self.changed.emit(False)

    def check(self) -> None:
        """Drop to clerk mode if owner mode has been idle too long (the timer calls this)."""
        if self._timer.isActive() and not self._session.is_owner:
            self._timer.stop()
            self.changed.emit(False)
