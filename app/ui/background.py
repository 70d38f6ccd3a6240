"""The one way database work leaves the GUI thread, as two kinds of operation.

A *read* runs on the readers' pool (two threads, side by side) over connections that
cannot write (``app.db.reads_only``): opening a card or searching can never change the
book by accident. A *write* runs on the writer, a pool of one thread, so there is only
ever one writer; once it finishes, ``wrote`` fires, and the window's live updates read
the change feed and tell every view what changed (a view never asks). Either way the
result (or exception) comes back by signal on the GUI thread. Callers keep no session:
the function opens its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from app.db import reads_only


class _Job(QRunnable):
    def __init__(
        self, job_id: int, fn: Callable[[], Any], relay: Background, *, writes: bool
    ) -> None:
        super().__init__()
        self._job_id = job_id
        self._fn = fn
        self._relay = relay
        self._writes = writes

    def run(self) -> None:
        try:
            if self._writes:
                result = self._fn()
            else:
                with reads_only():
                    result = self._fn()
        except Exception as exc:  # every failure must reach the GUI thread
            self._deliver(self._relay.failed, exc)
        else:
            self._deliver(self._relay.done, result)

    def _deliver(self, signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(self._job_id, value)
        except RuntimeError:  # the window closed while this ran: nobody is left to tell
            return


class Background(QObject):
    """Runs reads and writes off the GUI thread and calls back on it.

    One long-lived object relays every result (by job number) back to the GUI thread,
    so no per-job Qt object has to be created on one thread and deleted on another.
    """

    done = Signal(int, object)
    failed = Signal(int, object)
    wrote = Signal()
    """A write finished, after its own callback ran (a refused one may have written part
    of a batch elsewhere, so it counts too): the change feed may have news."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(2)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._next_id = 0
        self._callbacks: dict[
            int, tuple[Callable[[Any], None], Callable[[Exception], None], bool]
        ] = {}
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
        """Call ``fn`` on a worker, as a read (the default) or, with ``writes=True``, as
        the one write of its moment; then ``on_done(result)`` or ``on_error(exc)`` here."""
        self._next_id += 1
        self._callbacks[self._next_id] = (on_done, on_error, writes)
        job = _Job(self._next_id, fn, self, writes=writes)
        (self._writer if writes else self._readers).start(job)

    def _deliver_done(self, job_id: int, result: Any) -> None:
        on_done, _, writes = self._callbacks.pop(job_id)
        on_done(result)
        if writes:
            self.wrote.emit()

    def _deliver_failure(self, job_id: int, exc: Exception) -> None:
        _, on_error, writes = self._callbacks.pop(job_id)
        on_error(exc)
        if writes:
            self.wrote.emit()

    def wait(self) -> None:
        """Block until all work is finished (closing the window, tests)."""
        self._readers.waitForDone()
        self._writer.waitForDone()
