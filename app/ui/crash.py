"""The window's last line of defence: an exception nobody caught becomes one plain dialog
(its traceback goes to the log), and Qt's own warnings go to the same log.

Installed by ``run_gui`` only; the test suite keeps pytest-qt's handlers, so a Qt warning
still fails a test there.
"""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from app.crashlog import log_message, plain_message
from app.paths import data_dir

_LEVELS = {
    QtMsgType.QtDebugMsg: 10,
    QtMsgType.QtInfoMsg: 20,
    QtMsgType.QtWarningMsg: 30,
    QtMsgType.QtCriticalMsg: 40,
    QtMsgType.QtFatalMsg: 50,
}


def show_failure(exc: BaseException) -> None:
    """One dialog in plain words for ``exc`` (a bug is logged first)."""
    message, bug = plain_message(exc, data_dir())
    if QApplication.instance() is None:
        print(f"regulars: error: {message}", file=sys.stderr)
        return
    title = "Regulars hit a problem" if bug else "Regulars"
    QMessageBox.critical(None, title, message)


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    show_failure(value.with_traceback(tb))


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if kind != QtMsgType.QtDebugMsg:
        log_message(_LEVELS.get(kind, 30), f"Qt: {message}")


def install_crash_handlers() -> None:
    """Route uncaught exceptions and Qt messages to the log and the user."""
    sys.excepthook = _excepthook
    qInstallMessageHandler(_qt_message)
