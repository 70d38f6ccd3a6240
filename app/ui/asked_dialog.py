"""The "Asked" box: what the customer said, in a line or two; Ctrl+Enter saves it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _


class AskedDialog(QDialog):
    """Optional answer to a question asked at the register; it becomes a note."""

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Asked"))
        self.setAccessibleName(_("What did they say"))
        label = QLabel(
            _(
                "{question}\n\nWhat did they say? (optional — it becomes a note; Ctrl+Enter saves)"
            ).format(question=question)
        )
        label.setWordWrap(True)
        self.said = QPlainTextEdit()
        self.said.setAccessibleName(_("What they said"))
        self.said.setTabChangesFocus(True)
        label.setBuddy(self.said)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.said.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.said)
        layout.addWidget(buttons)
        self.resize(460, 220)
        self.setFocusProxy(self.said)

    def showEvent(self, event: QShowEvent) -> None:
        """Straight into the box: the clerk types the answer at once."""
        super().showEvent(event)
        self.activateWindow()
        self.said.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the box saves (the box would take it as a new line)."""
        if watched is self.said and isinstance(event, QKeyEvent) and _saves(event):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter saves from the buttons too."""
        if _saves(event):
            self.accept()
            return
        super().keyPressEvent(event)

    def text(self) -> str:
        """What was typed, trimmed."""
        return self.said.toPlainText().strip()


def _saves(event: QKeyEvent) -> bool:
    control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
    return event.type() == QEvent.Type.KeyPress and control and enter
