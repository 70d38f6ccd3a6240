"""The one way slow work leaves the GUI thread.

Work runs on a ``QThreadPool``; its result (or exception) comes back by signal on the GUI
thread. Reads may run side by side; writes go through a pool of one thread, so there is
only ever one writer. Callers keep no session: the function opens its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], relay: Background) -> None:
        super().__init__()
        self._job_id = job_id
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # every failure must reach the GUI thread
            self._relay.failed.emit(self._job_id, exc)
        else:
            self._relay.done.emit(self._job_id, result)


class Background(QObject):
    """Runs callables off the GUI thread and calls back on it.

    One long-lived object relays every result (by job number) back to the GUI thread,
    so no per-job Qt object has to be created on one thread and deleted on another.
    """

    done = Signal(int, object)
    failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._next_id = 0
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failure)

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        *,
        writes: bool = False,
    ) -> None:
        """Call ``fn`` on a worker; then ``on_done(result)`` or ``on_error(exc)`` here."""
        self._next_id += 1
        self._callbacks[self._next_id] = (on_done, on_error)
        (self._writer if writes else self._readers).start(_Job(self._next_id, fn, self))

    def _deliver_done(self, job_id: int, result: Any) -> None:
        on_done, _ = self._callbacks.pop(job_id)
        on_done(result)

    def _deliver_failure(self, job_id: int, exc: Exception) -> None:
        _, on_error = self._callbacks.pop(job_id)
        on_error(exc)

    def wait(self) -> None:
        """Block until all work is finished (closing the window, tests)."""
        self._readers.waitForDone()
        self._writer.waitForDone()
