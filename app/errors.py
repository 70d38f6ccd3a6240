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

from app.i18n import N_, _, format_decimal


class RegularsError(Exception):
    """Input was refused and nothing was written."""


class ConflictError(RegularsError):
    """Another Regulars (or another program) holds the file; nothing was written."""


class StorageError(RegularsError):
    """The folder or disk cannot take what Regulars must write; nothing was written."""


DAMAGED = N_("the file is damaged")
DISK_FULL = N_("the disk is full")
_IO_ERROR = N_("the disk reported an input/output error")
_MAY_NOT_WRITE = N_("Regulars may not write there")
_STORAGE_ERRNOS = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EFBIG: N_("the file may not grow any larger"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EACCES: _MAY_NOT_WRITE,
    errno.EPERM: _MAY_NOT_WRITE,
    errno.EISDIR: N_("a folder stands where a file must go"),
    errno.EIO: _IO_ERROR,
}
_SQLITE_STORAGE = {
    "database or disk is full": DISK_FULL,
    "disk i/o error": _IO_ERROR,
    "attempt to write a readonly database": N_("the file or its folder is read-only"),
    "unable to open database file": N_("the file or its folder cannot be opened for writing"),
    "database disk image is malformed": DAMAGED,
    "file is not a database": DAMAGED,
}
"""Causes are kept in English, as keys the callers compare (``== DAMAGED``), and put in
the shop's language where a message says them."""
_FILE_LIMIT = N_(
    "the file could not grow (too little room for a write this big, or a limit on the size "
    "of files or a disk quota)"
)
_ROOM_TO_GROW = 1_000_000_000
"""Free bytes beyond which SQLite's "database or disk is full" is unlikely to be the whole
story: it says so for a limit on the file's size (``ulimit -f``) or a quota as well (the
system's own "no space left" is believed as it is)."""
_SQLITE_FULL = {"SQLITE_FULL", "SQLITE_IOERR_SHMSIZE"}
"""SQLite's own names for a disk that is full, said only as "disk I/O error" in its message:
its shared-memory file could not grow (it needs room beside the book even to read it)."""


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def free_space(folder: Path) -> str:
    """The free space of ``folder``'s disk in words ("1.2 GB free"), or "" if unknown."""
    free = _free_bytes(folder)
    if free is None:
        return ""
    size = float(free)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            digits = 0 if unit == "bytes" else 1
            try:
                amount = format_decimal(size, digits)
            except RegularsError:  # a settings file that cannot be read: told elsewhere
                amount = f"{size:.{digits}f}"
            return _("{size} free").format(size=f"{amount} {unit}")
        size /= 1000
    return ""


def folder_and_space(folder: Path) -> str:
    """ "'<folder>' (1.2 GB free)": a folder as storage messages name it."""
    space = free_space(folder)
    return f"'{folder}'" + (f" ({space})" if space else "")


def causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it wraps (a driver's error under SQLAlchemy's, the error an
    exception was raised from), each once."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__


def _cause_of(exc: BaseException) -> tuple[str, BaseException] | None:
    """What ``exc`` (or what it wraps) says about the storage, and which error said it."""
    for current in causes(exc):
        if isinstance(current, OSError) and current.errno in _STORAGE_ERRNOS:
            return _STORAGE_ERRNOS[current.errno], current
        if isinstance(current, sqlite3.Error):
            if getattr(current, "sqlite_errorname", None) in _SQLITE_FULL:
                return DISK_FULL, current
            text = str(current).casefold()
            for needle, cause in _SQLITE_STORAGE.items():
                if needle in text:
                    return cause, current
    return None


def storage_cause(exc: BaseException) -> str | None:
    """What ``exc`` (or what it wraps) says about the storage in plain words; None when
    it is not storage trouble."""
    found = _cause_of(exc)
    return None if found is None else found[0]


def no_room(folder: Path) -> tuple[str, str]:
    """(what stops the book growing in ``folder``, what to do about it), for when SQLite
    says "database or disk is full": a full disk, unless the disk has room, when a write
    too big for it, a limit on file size or a quota is the likelier story. The advice is
    to go on with ", then …"."""
    free = _free_bytes(folder)
    if free is not None and free > _ROOM_TO_GROW:
        return _(_FILE_LIMIT), _(
            "Free some space, or ask whoever looks after this computer about limits on the "
            "size of files"
        )
    return _(DISK_FULL), _("Free some space on that disk")


def storage_error(exc: BaseException, folder: Path) -> StorageError | None:
    """A ``StorageError`` naming ``folder`` and its free space when ``exc`` is storage
    trouble, else None (a bug, for the caller to log)."""
    found = _cause_of(exc)
    if found is None:
        return None
    cause, said_by = found
    if cause == DISK_FULL:
        trouble, then = (
            no_room(folder)
            if isinstance(said_by, sqlite3.Error)
            else (_(DISK_FULL), _("Free some space on that disk"))
        )
        advice = _("{advice}, then try again.").format(advice=then)
    else:
        trouble = _(cause)
        advice = (
            _(
                "Open Regulars to check it, or restore a backup "
                "(regulars backup --list, regulars restore FILE)."
            )
            if cause == DAMAGED
            else _("Check that the folder exists and that you may write to it, then try again.")
        )
    return StorageError(
        _("Nothing was written: {cause} in the folder {where}. {advice}").format(
            cause=trouble, where=folder_and_space(folder), advice=advice
        )
    )
