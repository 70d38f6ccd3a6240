"""The one way slow work leaves the GUI thread.

Work runs on a ``QThreadPool``; its result (or exception) comes back by signal on the GUI
thread. Reads may run side by side; writes go through a pool of one thread, so there is
only ever one writer. Callers keep no session: the function opens its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class Background(QObject):
    """Runs callables off the GUI thread and calls back on it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        writes: bool = False,
    ) -> None:
        """Call ``fn`` on a worker; then ``on_done(result)`` or ``on_error(exc)`` here."""
        relay = _Relay(self)
        self._relays.add(relay)

        def finished(value: Any, callback: Callable[[Any], None]) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            callback(value)

        relay.done.connect(lambda result: finished(result, on_done))
        relay.failed.connect(lambda exc: finished(exc, on_error))
        (self._writer if writes else self._readers).start(_Job(fn, relay))

    def wait(self) -> None:
        """Block until all work is finished (closing the window, tests)."""
        self._readers.waitForDone()
        self._writer.waitForDone()
