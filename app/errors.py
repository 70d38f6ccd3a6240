"""The few kinds of failure a user meets, each with what they can do about it.

- ``RegularsError``: input was refused and nothing was written (CLI exit 1, a dialog).
- ``ConflictError``: someone else is busy with the same file; wait or try again (exit 1).
- ``StorageError``: the disk or folder let us down (full, read-only, damaged); the message
  names the folder and its free space (exit 1).
- anything else is a bug: logged with its traceback (``app.crashlog``) and shown as one
  line with the log's path (exit 2).

Messages are written for the shop owner: what went wrong and what to do about it.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path


class RegularsError(Exception):
    """Input was refused and nothing was written."""


class ConflictError(RegularsError):
    """Another Regulars (or another program) holds the file; nothing was written."""


class StorageError(RegularsError):
    """The folder or disk cannot take what Regulars must write; nothing was written."""


_STORAGE_ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file may not grow any larger",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "Regulars may not write there",
    errno.EPERM: "Regulars may not write there",
    errno.EISDIR: "a folder stands where a file must go",
    errno.EIO: "the disk reported an input/output error",
}
DAMAGED = "the file is damaged"
DISK_FULL = "the disk is full"
_SQLITE_STORAGE = {
    "database or disk is full": "the disk is full",
    "disk i/o error": "the disk reported an input/output error",
    "attempt to write a readonly database": "the file or its folder is read-only",
    "unable to open database file": "the file or its folder cannot be opened for writing",
    "database disk image is malformed": DAMAGED,
    "file is not a database": DAMAGED,
}
_SQLITE_FULL = {"SQLITE_FULL", "SQLITE_IOERR_SHMSIZE"}
"""SQLite's own names for a disk that is full, said only as "disk I/O error" in its message:
its shared-memory file could not grow (it needs room beside the book even to read it)."""


def free_space(folder: Path) -> str:
    """The free space of ``folder``'s disk in words ("1.2 GB free"), or "" if unknown."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    size = float(free)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:.0f} {unit} free" if unit == "bytes" else f"{size:.1f} {unit} free"
        size /= 1000
    return ""


def causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it wraps (a driver's error under SQLAlchemy's, the error an
    exception was raised from), each once."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__


def storage_cause(exc: BaseException) -> str | None:
    """What ``exc`` (or what it wraps) says about the storage in plain words; None when
    it is not storage trouble."""
    for current in causes(exc):
        if isinstance(current, OSError) and current.errno in _STORAGE_ERRNOS:
            return _STORAGE_ERRNOS[current.errno]
        if isinstance(current, sqlite3.Error):
            if getattr(current, "sqlite_errorname", None) in _SQLITE_FULL:
                return DISK_FULL
            text = str(current).casefold()
            for needle, cause in _SQLITE_STORAGE.items():
                if needle in text:
                    return cause
    return None


def storage_error(exc: BaseException, folder: Path) -> StorageError | None:
    """A ``StorageError`` naming ``folder`` and its free space when ``exc`` is storage
    trouble, else None (a bug, for the caller to log)."""
    cause = storage_cause(exc)
    if cause is None:
        return None
    space = free_space(folder)
    where = f"'{folder}'" + (f" ({space})" if space else "")
    advice = {
        DISK_FULL: "Free some space on that disk, then try again.",
        DAMAGED: "Open Regulars to check it, or restore a backup "
        "(regulars backup --list, regulars restore FILE).",
    }.get(cause, "Check that the folder exists and that you may write to it, then try again.")
    return StorageError(f"Nothing was written: {cause} in the folder {where}. {advice}")
