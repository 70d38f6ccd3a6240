"""Driving the window by keyboard alone: keys go where the focus is, as on a desktop.

Offscreen Qt has no window manager, so a dialog that opens, or the window a dialog
closes back to, is given the keyboard here the way a desktop would give it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def focused() -> QWidget:
    """The widget the next key goes to."""
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def wait_for_dialog(qtbot: QtBot) -> QWidget:
    """The modal dialog that just opened, once it has the keyboard."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused().window() is dialog)
    return dialog


def back_to(qtbot: QtBot, window: QWidget) -> None:
    """The keyboard back in ``window`` after its dialog closed."""
    window.activateWindow()
    qtbot.waitUntil(lambda: focused().window() is window)
