"""Setting or changing the owner's PIN from the window (``regulars owner set-pin`` does
the same from a terminal). The rule (format, the current PIN to change it, the lockout)
is the service's; the dialog only collects the digits, hands them to ``save`` (which
runs off the GUI thread and answers with ``done`` or ``failed``) and shows a refusal
beside them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import RegularsError
from app.safety.access import PIN_LENGTHS

SavePin = Callable[[str, str | None, Callable[[], None], Callable[[Exception], None]], None]
"""save(new PIN, current PIN or None, done, failed)."""


def _secret_box(name: str) -> QLineEdit:
    box = QLineEdit()
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setMaxLength(12)
    box.setAccessibleName(name)
    return box


class SetPinDialog(QDialog):
    """New PIN twice (and the current one when there is one); accepted once saved."""

    def __init__(self, save: SavePin, *, has_pin: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Owner's PIN")
        self._save = save
        self.current = _secret_box("Current PIN") if has_pin else None
        self.new = _secret_box("New PIN")
        self.again = _secret_box("New PIN again")
        form = QFormLayout()
        if self.current is not None:
            form.addRow("Current PIN", self.current)
        form.addRow(f"New PIN ({PIN_LENGTHS.start} to {PIN_LENGTHS.stop - 1} digits)", self.new)
        form.addRow("Once more", self.again)
        self.problem = QLabel()
        self.problem.setObjectName("pinProblem")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Owner mode (private notes, exports, erasing) will ask for this PIN.")
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        (self.current or self.new).setFocus()

    def _submit(self) -> None:
        if self.new.text() != self.again.text():
            self.problem.setText("The two new PINs differ. Type the same digits twice.")
            return
        self.ok_button.setEnabled(False)
        self.problem.setText("Saving…")
        current = self.current.text() if self.current else None
        self._save(self.new.text(), current, self.accept, self._refused)

    def _refused(self, exc: Exception) -> None:
        self.ok_button.setEnabled(True)
        self.problem.setText(str(exc) if isinstance(exc, RegularsError) else repr(exc))
