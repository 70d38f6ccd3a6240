"""Backups beside the database: taken when something changed, listed, pruned on a schedule.

Each backup is a verified copy (``app.backup.copy_database``) named
``<db folder>/backups/<stem>-YYYYmmdd-HHMMSS.db``. A fresh copy is first written under a
hidden working name and compared byte for byte with the newest backup: a copy is
deterministic (same content, same bytes), so an identical one means nothing changed since
and it is dropped. Only a complete, verified file ever carries a backup name, so a backup
that is killed half-way leaves every earlier backup as it was.

The copy taken just before a restore or an erasure is named for it
(``…-before-restore.db``, ``…-before-forget.db``) and kept at least ``KEEP_BEFORE`` (30
days) whatever the schedule says: it is the only way back from either. Of several in one
day, the first is kept that long (it holds everything that day's erasures took), so
erasing a hundred customers in an afternoon does not keep a hundred copies.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.backup import copy_database, fsync_folder
from app.db import SQLITE_HEADER
from app.errors import RegularsError, storage_error
from app.i18n import _
from app.migrate import known_revision
from app.safety.retention import retained
from app.settings import load_settings

BACKUP_FOLDER = "backups"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
LEFTOVER_AGE = timedelta(hours=1)
KEEP_BEFORE = timedelta(days=30)
REASONS = ("restore", "forget")
FILE_SUFFIX = ".db"
DUMP_SUFFIX = ".dump"
"""A server's book is backed up with ``pg_dump`` (``app.server.dump``), named alike."""
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Backup:
    """One backup file and the local time it was taken (read from its name)."""

    path: Path
    taken_at: datetime
    size: int
    before: str | None = None
    """``"restore"`` or ``"forget"`` for the copy taken just before one (kept 30 days)."""


@dataclass(frozen=True)
class BackupOutcome:
    """``path`` is the new backup, or the newest one when nothing had changed since it."""

    path: Path
    written: bool
    removed: tuple[Path, ...]


def backups_folder(db_path: Path) -> Path:
    """The settings' backup folder; unset, backups live next to the database, so copying
    that folder copies the history too."""
    chosen = load_settings().backup_folder
    return Path(chosen) if chosen else db_path.parent / BACKUP_FOLDER


def make_backups_folder(folder: Path, *, parents: bool = False) -> None:
    """Make sure ``folder`` is there for backups (with the folders leading to it only when
    ``parents``: a chosen folder on a USB stick that is not plugged in must not appear on
    the computer's own disk). A refusal names the folder in plain words: a read-only or
    full disk as storage trouble, anything else with the system's reason, never "[Errno"."""
    try:
        folder.mkdir(parents=parents, exist_ok=True)
    except OSError as exc:
        message = _("Cannot create the backups folder '{folder}': {exc}.")
        raise _refusal(exc, folder, message) from exc


def _refusal(exc: OSError, folder: Path, message: str) -> RegularsError:
    """What a failed write in ``folder`` tells the owner: a read-only or full disk as
    storage trouble where it is, anything else as ``message`` with the system's reason."""
    return storage_error(exc, folder) or RegularsError(
        message.format(folder=folder, exc=exc.strerror or exc)
    )


def _name_pattern(db_path: Path, suffix: str) -> re.Pattern[str]:
    return re.compile(
        rf"{re.escape(db_path.stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?"
        rf"(?:-before-({'|'.join(REASONS)}))?{re.escape(suffix)}"
    )


def list_backups(db_path: Path, suffix: str = FILE_SUFFIX) -> list[Backup]:
    """The database's backups, newest first; files not named like a backup are ignored.
    ``suffix``: ``DUMP_SUFFIX`` for a server's book (``db_path`` its local place)."""
    folder = backups_folder(db_path)
    if not folder.is_dir():
        return []
    pattern = _name_pattern(db_path, suffix)
    found: list[tuple[datetime, int, Backup]] = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        try:
            taken_at = datetime.strptime(match[1], STAMP_FORMAT)
        except ValueError:
            continue
        backup = Backup(path, taken_at, path.stat().st_size, match[3])
        found.append((taken_at, int(match[2] or 1), backup))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [backup for _, _, backup in found]


def _require_data(db_path: Path) -> None:
    """Refuse, untouched, a missing file, a non-database, or one with no Regulars data."""
    if not db_path.is_file():
        raise RegularsError(
            _("There is no database at '{db_path}' to back up.").format(db_path=db_path)
        )
    if known_revision(db_path) is None:
        raise RegularsError(
            _("'{db_path}' holds no Regulars data yet; there is nothing to back up.").format(
                db_path=db_path
            )
        )


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            block = fa.read(_CHUNK)
            if block != fb.read(_CHUNK):
                return False
            if not block:
                return True


def _sweep_leftovers(db_path: Path) -> None:
    """Remove working copies an interrupted backup left behind (never a named backup);
    young ones may belong to a backup still running in another process."""
    cutoff = time.time() - LEFTOVER_AGE.total_seconds()
    for path in backups_folder(db_path).glob(f".{db_path.stem}-pending-*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue


def free_name(db_path: Path, now: datetime, before: str | None, suffix: str = FILE_SUFFIX) -> Path:
    """``<stem>-<stamp>[-N][-before-<reason>].db``, numbered past any backup of the same
    second whatever its label."""
    folder = backups_folder(db_path)
    base = f"{db_path.stem}-{now.strftime(STAMP_FORMAT)}"
    names = {path.name for path in folder.iterdir()}
    number = 1
    while True:
        stem = base if number == 1 else f"{base}-{number}"
        if not any(n.startswith((f"{stem}.", f"{stem}-before-")) for n in names):
            return folder / f"{stem}{f'-before-{before}' if before else ''}{suffix}"
        number += 1


def _first_before_of_each_day(backups: list[Backup], now: datetime) -> set[Path]:
    """The first copy before a restore, and before an erasure, of each of the last 30
    days: kept whatever the schedule says."""
    held: dict[tuple[str, object], Path] = {}
    for backup in reversed(backups):
        if backup.before is not None and now - backup.taken_at < KEEP_BEFORE:
            held.setdefault((backup.before, backup.taken_at.date()), backup.path)
    return set(held.values())


def prune(
    db_path: Path, now: datetime, suffix: str = FILE_SUFFIX, *, spare: Path | None = None
) -> tuple[Path, ...]:
    """Delete what the schedule no longer keeps. The newest backup is verified at this
    point (just written, or byte-identical to a copy just verified), and always kept;
    ``spare`` (the copy being restored) is kept this time too."""
    backups = list_backups(db_path, suffix)
    keep = retained([b.taken_at for b in backups], now, load_settings().backup_schedule)
    removed = []
    held = _first_before_of_each_day(backups, now)
    for backup in backups[1:]:
        if backup.path in held or (spare is not None and backup.path.resolve() == spare.resolve()):
            continue
        if backup.taken_at not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return tuple(removed)


def take_backup(
    db_path: Path,
    now: datetime | None = None,
    *,
    reason: str | None = None,
    spare: Path | None = None,
) -> BackupOutcome:
    """Back up ``db_path`` into its backups folder unless nothing changed since the newest
    backup, then prune by the schedule. ``now`` is local time (it names the file).
    ``reason`` ("restore", "forget") marks the copy as the way back from that act: it is
    always written, even when it is the same as the newest backup; ``spare`` is a backup
    the pruning leaves this time (the one a restore is reading)."""
    now = now or datetime.now()
    _require_data(db_path)
    folder = backups_folder(db_path)
    make_backups_folder(folder)
    _sweep_leftovers(db_path)
    work = folder / f".{db_path.stem}-pending-{secrets.token_hex(6)}.db"
    copy_database(db_path, work)
    try:
        backups = list_backups(db_path)
        if not reason and backups and _same_bytes(work, backups[0].path):
            work.unlink()
            return BackupOutcome(
                backups[0].path, written=False, removed=prune(db_path, now, spare=spare)
            )
        path = free_name(db_path, now, reason)
        work.replace(path)
    except OSError as exc:
        raise _refusal(exc, folder, _("Could not store the backup in '{folder}': {exc}.")) from exc
    finally:
        work.unlink(missing_ok=True)
    fsync_folder(folder)
    return BackupOutcome(path, written=True, removed=prune(db_path, now, spare=spare))


def backup_to(db_path: Path, out: Path, now: datetime | None = None) -> Path:
    """A verified copy at ``out`` (a file, or a folder to put a dated copy in). An existing
    file there is replaced only if it is itself a SQLite database, and never the live one."""
    _require_data(db_path)
    if out.is_dir():
        out = out / f"{db_path.stem}-{(now or datetime.now()).strftime(STAMP_FORMAT)}.db"
    if out.exists():
        if out.samefile(db_path):
            raise RegularsError(
                _("'{out}' is the database itself; choose another file.").format(out=out)
            )
        with out.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
        if header != SQLITE_HEADER:
            raise RegularsError(
                _(
                    "'{out}' exists and is not a database; it was left untouched. Choose a new "
                    "file name."
                ).format(out=out)
            )
    return copy_database(db_path, out)
