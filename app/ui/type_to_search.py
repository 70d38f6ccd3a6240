"""Typing a name anywhere in the register window goes to the search box.

A clerk who starts typing while Today, the results or the card has the focus means to
look someone up, not to jump through a list or press a button. Fields that take text
keep their keys, and so do dialogs (they are other windows).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)
_COMMAND_KEYS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _is_typing(event: QKeyEvent, target: QWidget) -> bool:
    text = event.text()
    if not text or not text.isprintable() or event.modifiers() & _COMMAND_KEYS:
        return False
    return not (text == " " and isinstance(target, QAbstractButton))


class TypeToSearch(QObject):
    """An application event filter sending printable keys in ``window`` to ``box``."""

    def __init__(self, window: QWidget, box: QLineEdit) -> None:
        super().__init__(window)
        self._window = window
        self._box = box
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if watched is self._box or isinstance(watched, _TEXT_FIELDS):
            return False
        if watched.window() is not self._window or not isinstance(event, QKeyEvent):
            return False
        if not _is_typing(event, watched):
            return False
        self._box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._box.selectAll()
        self._box.insert(event.text())
        return True
