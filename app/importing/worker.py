"""Reading a big file in a second process while this one matches and writes.

A million-line till export costs about as much to read (CSV, dates, money, names) as to
land (matching and SQLite's inserts), and the machine has a second core. So a file above
``PARALLEL_BYTES`` is read by a child process that sends its rows over a pipe in
batches, while the importing process applies them: the two halves overlap instead of
adding up. Small files are read in-process, where starting a child would cost more than
it saves. The child only reads: the database, its transaction and every decision stay
here, so all-or-nothing holds exactly as before. The child imports only its format's
reader (found by ``records.defined_format``), not the database or the other formats, so
it starts in a fraction of the second a full import of the app took.

Rows cross the pipe a batch at a time, column by column (``_columns``): the row numbers
in one list, the purchases as one list per field, and so on. Taking a batch apart and
putting it together again is done by ``zip`` in C, so neither process spends a line of
Python on a row in transit, and the pickle has no tuple to frame and remember for each
row. Records arrive as plain tuples: unpickling a named tuple runs its Python
constructor, which costs more than the row's whole trip otherwise. The importer reads
rows and records by position (``apply``), so it takes either as they come.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from itertools import islice, repeat
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from app.errors import RegularsError
from app.i18n import _, current_language, use_language
from app.importing.bulk import collector_paused
from app.importing.records import (
    Format,
    ParsedRow,
    ReadOptions,
    Source,
    defined_format,
)

PARALLEL_BYTES = 4 * 1024 * 1024
"""Files at least this big are read by a child process (about 45,000 order lines)."""
BATCH_ROWS = 2_000
"""Rows a message: big enough that pickling dominates the pipe's own cost, small enough
that the importer starts at once and the pipe's back-pressure bounds memory."""
PIPE_BYTES = 1024 * 1024
"""What the pipe may hold (``_widen``): several batches (one is about 150 KB)."""
QUEUED_BATCHES = 64
"""Messages read ahead of the importer (about 130,000 rows, a few megabytes)."""

SWITCH_SECONDS = 0.0005
"""How often the interpreter lock changes hands while rows are pumped (``_Pump``)."""

_CHILD = "from app.importing.worker import serve; serve()"
_PROTOCOL = pickle.HIGHEST_PROTOCOL


def read(fmt: Format, path: Path, options: ReadOptions) -> Source:
    """``fmt.read(path, options)``, by a child process when the file is big.

    The file is opened here first, so a file this format cannot read is refused just as
    without the child; the child then streams the rows. Closing the source (or abandoning
    it on cancel) stops the child. (Where the pipe cannot be handed to a child, off
    POSIX, every file is read here.)"""
    source = fmt.read(path, options)
    if path.stat().st_size < PARALLEL_BYTES or os.name != "posix":
        return source
    source.close()
    receiving, sending = os.pipe()
    _widen(sending)
    try:
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(sending)],
            stdin=subprocess.PIPE,
            pass_fds=(sending,),
            env=os.environ | {"PYTHONPATH": _search_path()},
        )
    except OSError as exc:
        os.close(receiving)
        raise RegularsError(
            _("Could not start reading '{path}': {strerror}.").format(
                path=path, strerror=exc.strerror
            )
        ) from exc
    finally:
        os.close(sending)
    assert child.stdin is not None
    with child.stdin:
        pickle.dump((fmt.read.__module__, fmt.name, path, options, current_language()), child.stdin)
    notices: list[str] = []
    rows = _receive(Connection(receiving, writable=False), child, notices)
    return Source(format=source.format, rows=rows, notices=notices, columns=source.columns)


def _widen(pipe: int) -> None:
    """Let the pipe hold a whole batch or more (``PIPE_BYTES``; Linux only, and only as far
    as the system allows). A pipe holds 64 KiB by default, less than one batch: the
    reader would wait on it at every batch until the importer's pump thread, which needs
    the interpreter lock for each read, got its turn, and a busy importer holds the lock
    for milliseconds at a time. (Only ever called on POSIX, where ``fcntl`` exists.)"""
    import fcntl

    widen = getattr(fcntl, "F_SETPIPE_SZ", None)
    if widen is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe, widen, PIPE_BYTES)


def serve() -> None:
    """The child's whole life: read the file named on stdin and send its rows down the
    pipe named on the command line in batches, then its notices (a reader may add some
    only once every row is read), or why it could not: in the parent's language, as the
    rows it reads in-process would be."""
    module, name, path, options, language = pickle.load(sys.stdin.buffer)
    use_language(language)
    with Connection(int(sys.argv[1]), readable=False) as sender, collector_paused():
        try:
            source = defined_format(module, name).read(path, options)
            while batch := list(islice(source.rows, BATCH_ROWS)):
                sender.send_bytes(pickle.dumps(("rows", _columns(batch)), _PROTOCOL))
            sender.send(("done", source.notices))
        except RegularsError as exc:
            sender.send(("refused", str(exc)))
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception:
            sender.send(("failed", traceback.format_exc()))


def _receive(
    receiver: Connection, child: subprocess.Popen[bytes], notices: list[str]
) -> Iterator[ParsedRow]:
    """The child's rows as they arrive; its notices once it is done; its refusal raised."""
    pump = _Pump(receiver)
    finished = False
    try:
        while True:
            message = pump.next()
            if message is None:
                raise RegularsError(
                    _("The process reading the file stopped unexpectedly; nothing was written.")
                )
            kind, payload = pickle.loads(message)
            if kind == "rows":
                yield from _rows(payload)
            elif kind == "done":
                notices.extend(payload)
                finished = True
                return
            elif kind == "refused":
                raise RegularsError(payload)
            else:
                raise RuntimeError(f"The process reading the file failed:\n{payload}")
    finally:
        if not finished and child.poll() is None:
            child.terminate()
        pump.stop()
        child.wait()


_Batch = tuple[
    tuple[int, ...],
    list[Any] | None,
    list[Any] | None,
    list[tuple[Any, ...]] | None,
    tuple[Any, ...] | None,
]
"""A batch of rows as it crosses (``_columns``): row numbers; customers; purchases, either
row by row or, when every row has one, field by field; problems."""


def _columns(batch: list[ParsedRow]) -> _Batch:
    """A batch of rows as ``_rows`` takes it. A field that is ``None`` (or no problem) on
    every row is sent as ``None``; purchases on every row as one tuple per record field."""
    numbers, customers, purchases, problems = zip(*batch, strict=True)
    whole = purchases.count(None) == 0
    return (
        numbers,
        _records(customers),
        None if whole else _records(purchases),
        list(zip(*purchases, strict=True)) if whole else None,
        None if problems.count(()) == len(problems) else problems,
    )


def _records(records: tuple[Any, ...]) -> list[Any] | None:
    """Records that may be missing on some rows, each as a plain tuple; ``None`` when
    missing on every row."""
    if records.count(None) == len(records):
        return None
    return [None if record is None else tuple(record) for record in records]


def _rows(batch: _Batch) -> Iterator[Any]:
    """A batch's rows again, from ``_columns``: plain tuples, which the importer reads as
    it reads a ``ParsedRow``, by position."""
    numbers, customers, purchases, fields, problems = batch
    return zip(
        numbers,
        repeat(None) if customers is None else customers,
        zip(*fields, strict=True) if fields else repeat(None) if purchases is None else purchases,
        repeat(()) if problems is None else problems,
        strict=False,
    )


class _Pump:
    """Drains the pipe on a thread of its own into a queue of ``QUEUED_BATCHES`` messages.

    A pipe holds a few batches at most (``_widen``): without this, the child would stall
    every time the importer stops to write a chunk of rows, and the two processes would
    take turns instead of working side by side. The thread spends its time in ``read``,
    which lets go of the interpreter lock; it needs the lock back after each read, so
    while it runs the interpreter hands the lock over every ``SWITCH_SECONDS`` rather
    than every 5 ms (the importer's thread, busy in Python, would otherwise keep the pump
    waiting)."""

    def __init__(self, receiver: Connection) -> None:
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch, SWITCH_SECONDS))
        self._receiver = receiver
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED_BATCHES)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="import-pump", daemon=True)
        self._thread.start()

    def next(self) -> bytes | None:
        """The next message, waiting for it; ``None`` once the child has gone."""
        return self._queue.get()

    def stop(self) -> None:
        """Stop the thread (the child must already be finishing or stopped) and close the
        pipe."""
        self._stopping.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
        self._receiver.close()
        sys.setswitchinterval(self._switch)

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                self._queue.put(self._receiver.recv_bytes())
        except (EOFError, OSError):
            self._queue.put(None)


def _search_path() -> str:
    """Where this very ``app`` package is found, first, so the child runs the same code."""
    here = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join([here, *filter(None, [os.environ.get("PYTHONPATH")])])
