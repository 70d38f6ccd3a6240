"""One writer at a time for a database file, across every process and thread.

The window, every CLI command and every background job write only while holding this
lock, so SQLite never has to answer "database is locked", and a restore or an erasure can
hold it for their whole run: nothing lands in a file while it is being replaced.

The lock is the operating system's (``fcntl.flock``, or ``msvcrt.locking`` on Windows),
so a killed process lets go of it at once. It is taken on ``<real file>.lock`` beside the
file a symlink resolves to (a restore puts a new file at the same place, and the lock is
the place's), and, when the file has another name (a hard link), on a second lock named
by the file's identity (device and inode) in the user data folder. Within one process it is
re-entrant per thread: a restore that holds it may open and write the file itself.

A writer that finds it taken says so once ("Another Regulars is writing… waiting") and
waits; after ``patience()`` seconds it gives up with a ``ConflictError``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import ConflictError, StorageError, folder_and_space, storage_cause
from app.i18n import _
from app.paths import data_dir

PATIENCE_ENV = "REGULARS_LOCK_WAIT"
DEFAULT_PATIENCE_S = 120.0
_POLL_S = 0.05

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def patience() -> float:
    """How long a writer waits for another before giving up, in seconds."""
    try:
        return max(0.0, float(os.environ.get(PATIENCE_ENV, DEFAULT_PATIENCE_S)))
    except ValueError:
        return DEFAULT_PATIENCE_S


def _say_waiting(message: str) -> None:
    print(f"regulars: {message}", file=sys.stderr, flush=True)


waiting_notice: Callable[[str], None] = _say_waiting
"""Told once when a writer starts waiting (the CLI prints it; the window may show it)."""


def lock_files(db_path: Path) -> list[Path]:
    """The lock files guarding ``db_path``: its place, and its identity if it has two names."""
    real = db_path.resolve()
    files = [real.with_name(real.name + ".lock")]
    try:
        info = real.stat()
    except OSError:
        return files
    if info.st_nlink > 1:
        files.append(data_dir() / "locks" / f"{info.st_dev}-{info.st_ino}.lock")
    return files


def _open_lock_file(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        if path.is_dir():
            why = _("'{path}' is a folder; Regulars needs that name for its lock file")
        else:
            why = _("Regulars cannot create its lock file '{path}' ({cause})")
        cause = storage_cause(exc)
        raise StorageError(
            _(
                "Nothing was written: {why}. Check the folder {folder} and that you may write "
                "to it, then try again."
            ).format(
                why=why.format(path=path, cause=_(cause) if cause else exc.strerror),
                folder=folder_and_space(path.parent),
            )
        ) from exc


def _acquire(db_path: Path, wait_s: float) -> list[int]:
    """Every lock file of ``db_path`` locked, in a fixed order, or ConflictError."""
    deadline = time.monotonic() + wait_s
    held: list[int] = []
    told = False
    try:
        for path in lock_files(db_path):
            fd = _open_lock_file(path)
            held.append(fd)
            while not _try_lock(fd):
                if not told:
                    waiting_notice(
                        _(
                            "Another Regulars is writing to '{path}'… waiting (up to {seconds} s)."
                        ).format(path=db_path, seconds=f"{wait_s:.0f}")
                    )
                    told = True
                if time.monotonic() >= deadline:
                    raise ConflictError(
                        _(
                            "'{path}' stayed busy: another Regulars kept writing to it for "
                            "{seconds} s. Nothing was written; try again when it has finished."
                        ).format(path=db_path, seconds=f"{wait_s:.0f}")
                    )
                time.sleep(_POLL_S)
    except BaseException:
        _release(held)
        raise
    return held


def _release(fds: list[int]) -> None:
    for fd in reversed(fds):
        try:
            _unlock(fd)
        finally:
            os.close(fd)


class _Holding:
    """This process's hold on one file's lock: which thread, how deep, which handles."""

    def __init__(self) -> None:
        self.thread = threading.RLock()
        self.depth = 0
        self.fds: list[int] = []


_holdings: dict[Path, _Holding] = {}
_holdings_guard = threading.Lock()


def _holding(db_path: Path) -> _Holding:
    key = db_path.resolve()
    with _holdings_guard:
        return _holdings.setdefault(key, _Holding())


@contextmanager
def writer_lock(db_path: Path, *, wait_s: float | None = None) -> Iterator[None]:
    """Hold the one-writer lock of ``db_path`` for the block (re-entrant in a thread)."""
    wait_s = patience() if wait_s is None else wait_s
    holding = _holding(db_path)
    if not holding.thread.acquire(timeout=wait_s):
        raise ConflictError(
            _(
                "'{path}' stayed busy: this Regulars kept writing to it for {seconds} s. "
                "Nothing was written; try again when it has finished."
            ).format(path=db_path, seconds=f"{wait_s:.0f}")
        )
    try:
        if holding.depth == 0:
            holding.fds = _acquire(db_path, wait_s)
        holding.depth += 1
        try:
            yield
        finally:
            holding.depth -= 1
            if holding.depth == 0:
                fds, holding.fds = holding.fds, []
                _release(fds)
    finally:
        holding.thread.release()
