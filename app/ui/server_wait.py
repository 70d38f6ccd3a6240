"""At start, a shop server that does not answer yet: instead of refusing, a small window
says so and keeps asking, and the book opens by itself as soon as the back office is on.

Registers are often switched on before the back-office PC in the morning; a message box
that quits would have the clerk start Regulars again and again. Each try runs on a thread
of its own (opening reaches the server and may wait for it), never on the GUI thread;
tries come after half a second, then twice as long each time up to 15 seconds, as the
open window's own watcher does. Any other refusal (a wrong password, say) ends the wait
with the message it always gave.

The same small window waits while another register brings the book up to date for a new
Regulars (its migration): the start, on the GUI thread, does not wait for that
(``refuse_to_wait``); this window says what it waits for and waits on its thread, a few
minutes at most (``app.server.shop_jobs.JOB_PATIENCE_S``), then opens the book, or shows
the message that says what to do.
"""

from __future__ import annotations

import threading
from contextlib import suppress

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.db import Database, open_database
from app.errors import ConflictError
from app.i18n import N_, _
from app.server.reach import server_away

FIRST_PAUSE_MS = 500
LONGEST_PAUSE_MS = 15_000
AWAY = N_(
    "The back-office computer can't be reached yet. Regulars opens the shop's "
    "book as soon as it answers; nothing needs doing here."
)


class WaitElsewhereError(ConflictError):
    """The book waits for another register's migration; raised where that must not be
    waited for (the GUI thread at start), its message saying what is waited for."""


def refuse_to_wait(message: str) -> None:
    """``open_database``'s ``waiting`` on the GUI thread: do not wait here, say why."""
    raise WaitElsewhereError(message)


class ServerWait(QWidget):
    """Waits for the shop's server at ``target``; ``opened`` carries the open book and
    ``refused`` an error that is not the server being away."""

    opened = Signal(object)
    refused = Signal(object)
    _tried = Signal(object)
    _waiting = Signal(str)

    def __init__(self, target: str, waiting_for: str = "") -> None:
        """``waiting_for``: another register's job the book waits for (tried at once),
        else the server is away."""
        super().__init__()
        self.setWindowTitle(_("Regulars"))
        self.setObjectName("serverWait")
        self._target = target
        self._closed = False
        self.pause_ms = FIRST_PAUSE_MS
        """The pause before the next try; it grows with each try the server missed."""
        self.message = QLabel(waiting_for or _(AWAY))
        self.message.setObjectName("serverAwayBanner")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._try)
        self._tried.connect(self._after)
        self._waiting.connect(self.message.setText)
        self.resize(420, 120)
        self._timer.start(0 if waiting_for else self.pause_ms)

    def _try(self) -> None:
        threading.Thread(target=self._open, name="server-wait", daemon=True).start()

    def _open(self) -> None:
        try:
            result: Database | Exception = open_database(self._target, waiting=self._say)
        except Exception as exc:
            result = exc
        try:
            self._tried.emit(result)
        except RuntimeError:  # the window was closed and deleted meanwhile
            if isinstance(result, Database):
                result.close()

    def _say(self, message: str) -> None:
        """What the book waits for, from the trying thread to the label."""
        with suppress(RuntimeError):  # the window was closed and deleted meanwhile
            self._waiting.emit(message)

    def _after(self, result: Database | Exception) -> None:
        if isinstance(result, Database):
            if self._closed:
                result.close()
            else:
                self.opened.emit(result)
            return
        if self._closed:
            return
        if not server_away(result):
            self.refused.emit(result)
            return
        self.message.setText(_(AWAY))
        self.pause_ms = min(self.pause_ms * 2, LONGEST_PAUSE_MS)
        self._timer.start(self.pause_ms)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing gives up waiting; a book that opens meanwhile is closed again."""
        self._closed = True
        self._timer.stop()
        super().closeEvent(event)
