"""At start, a shop server that does not answer yet: instead of refusing, a small window
says so and keeps asking, and the book opens by itself as soon as the back office is on.

Registers are often switched on before the back-office PC in the morning; a message box
that quits would have the clerk start Regulars again and again. Each try runs on a thread
of its own (opening reaches the server and may wait for it), never on the GUI thread;
tries come after half a second, then twice as long each time up to 15 seconds, as the
open window's own watcher does. Any other refusal (a wrong password, say) ends the wait
with the message it always gave.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.db import Database, open_database
from app.i18n import _
from app.server.reach import server_away

FIRST_PAUSE_MS = 500
LONGEST_PAUSE_MS = 15_000


class ServerWait(QWidget):
    """Waits for the shop's server at ``target``; ``opened`` carries the open book and
    ``refused`` an error that is not the server being away."""

    opened = Signal(object)
    refused = Signal(object)
    _tried = Signal(object)

    def __init__(self, target: str) -> None:
        super().__init__()
        self.setWindowTitle(_("Regulars"))
        self.setObjectName("serverWait")
        self._target = target
        self._closed = False
        self.pause_ms = FIRST_PAUSE_MS
        """The pause before the next try; it grows with each try the server missed."""
        self.message = QLabel(
            _(
                "The back-office computer can't be reached yet. Regulars opens the shop's "
                "book as soon as it answers; nothing needs doing here."
            )
        )
        self.message.setObjectName("serverAwayBanner")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._try)
        self._tried.connect(self._after)
        self.resize(420, 120)
        self._timer.start(self.pause_ms)

    def _try(self) -> None:
        threading.Thread(target=self._open, name="server-wait", daemon=True).start()

    def _open(self) -> None:
        try:
            result: Database | Exception = open_database(self._target)
        except Exception as exc:
            result = exc
        try:
            self._tried.emit(result)
        except RuntimeError:  # the window was closed and deleted meanwhile
            if isinstance(result, Database):
                result.close()

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
        self.pause_ms = min(self.pause_ms * 2, LONGEST_PAUSE_MS)
        self._timer.start(self.pause_ms)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing gives up waiting; a book that opens meanwhile is closed again."""
        self._closed = True
        self._timer.stop()
        super().closeEvent(event)
