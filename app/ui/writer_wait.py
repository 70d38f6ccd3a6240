"""Saying so in the window when its write waits for another Regulars (a command line, a
second window) to finish writing the same file, so the owner knows why nothing happened
yet. The wait itself happens off the GUI thread; the notice crosses to it by signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from app import writelock

NOTICE_MS = 10_000


class _WaitNotice(QObject):
    said = Signal(str)


def show_waits_in(window: QMainWindow) -> None:
    """From now on, a writer that has to wait says so in ``window``'s status bar."""
    notice = _WaitNotice(window)
    notice.said.connect(lambda message: window.statusBar().showMessage(message, NOTICE_MS))
    writelock.waiting_notice = notice.said.emit
