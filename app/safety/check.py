"""The database's health check: SQLite's own checks and the app's rules, with a safe repair.

Finding never writes to a damaged file: ``integrity_check`` and ``foreign_key_check`` run
on a read-only connection, and the app's rules run only on an intact file (opened as any
command opens it, so an older schema is upgraded first). Repair takes a verified backup
before it changes anything, fixes what has one right answer (rebuild indexes; delete rows
whose owner is gone or clear a dangling optional link; drop purchases with no lines;
dismiss prompts that can no longer apply; seal the backups from before the owner's
passphrase that still hold private notes in plain text), and checks again, so a second
run finds nothing that repair could fix.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine, delete, exists, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from app.db import Database, check_file, disk_full, make_engine
from app.errors import DAMAGED, RegularsError, storage_cause, storage_error
from app.i18n import _
from app.migrate import head_revision, known_revision, upgrade_to_head
from app.models import Customer, Note, Prompt, PromptKind, PromptStatus, Purchase, PurchaseLine
from app.models.base import utcnow
from app.read_only import untouched_uri
from app.safety.backups import take_backup
from app.safety.plain_backups import has_passphrase, look_at_copies
from app.safety.sealed_copies import book_secret, plain_copies, secure_plain_copies
from app.safety.server_backups import take_server_backup
from app.writelock import writer_lock

CHECK_ACTOR = "regulars check"
INTEGRITY = "integrity"
FOREIGN_KEY = "foreign_key"
PLAIN_BACKUP = "plain_backup"
UNCHECKED_BACKUP = "unchecked_backup"
_MAX_MESSAGES = 100
_REPAIR_ROUNDS = 2
_WAITING = (PromptStatus.OPEN, PromptStatus.SNOOZED)
_FIXED_BY_DELETE = {"CASCADE": "delete the row", "SET NULL": "clear the link"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong; ``fixable`` says whether ``--repair`` knows the right fix."""

    rule: str
    detail: str
    fixable: bool


@dataclass(frozen=True)
class CheckReport:
    """What the check found, what is still wrong after any repair, and the backup taken."""

    path: Path
    found: tuple[Problem, ...]
    remaining: tuple[Problem, ...]
    backup: Path | None
    disk_full: bool = False
    """The book was read as it stands: its disk is too full for SQLite to read it so."""


def _index_only(message: str) -> bool:
    """Index damage is rebuilt by REINDEX, unless the index holds duplicates it forbids."""
    return "index" in message and "non-unique" not in message


@contextmanager
def _read_only(db_path: Path) -> Iterator[Connection]:
    """A connection that cannot write, so finding problems never changes the file, and
    that leaves nothing beside it (``untouched_uri``: a book only looked at keeps no
    ``-shm`` or ``-wal``; a full disk does not stop it being read)."""
    uri = untouched_uri(db_path)
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _sqlite_checks(db_path: Path) -> list[Problem]:
    """``integrity_check`` and ``foreign_key_check``, read-only."""
    problems: list[Problem] = []
    try:
        with _read_only(db_path) as conn:
            pragma = f"PRAGMA integrity_check({_MAX_MESSAGES})"
            for (message,) in conn.exec_driver_sql(pragma):
                if message != "ok":
                    problems.append(Problem(INTEGRITY, message, fixable=_index_only(message)))
            problems.extend(_foreign_keys(conn))
    except DBAPIError as exc:
        trouble = storage_error(exc, db_path.parent)
        if trouble is not None and storage_cause(exc) != DAMAGED:
            raise trouble from exc  # the disk's trouble, not the file's: a sound file stays so
        problems.append(Problem(INTEGRITY, f"the file cannot be read: {exc.orig}", fixable=False))
    return problems


def _dangling_links(conn: Connection) -> list[tuple[str, int, str, str, str]]:
    """(table, rowid, column, parent table, ON DELETE action) for each broken link."""
    actions: dict[tuple[str, int], tuple[str, str]] = {}
    found = []
    for table, rowid, parent, fkid in conn.exec_driver_sql("PRAGMA foreign_key_check").all():
        if (table, fkid) not in actions:
            listing = conn.exec_driver_sql("SELECT * FROM pragma_foreign_key_list(?)", (table,))
            for row in listing:
                actions[(table, row[0])] = (row[3], row[6])
        column, action = actions[(table, fkid)]
        found.append((table, rowid, column, parent, action))
    return found


def _foreign_keys(conn: Connection) -> list[Problem]:
    return [
        Problem(
            FOREIGN_KEY,
            f"{table} row {rowid}: {column} points to a {parent} row that is gone"
            + (f" (repair will {_FIXED_BY_DELETE[action]})" if action in _FIXED_BY_DELETE else ""),
            fixable=action in _FIXED_BY_DELETE,
        )
        for table, rowid, column, parent, action in _dangling_links(conn)
    ]


def _fix_links(conn: Connection) -> None:
    for table, rowid, column, _parent, action in _dangling_links(conn):
        if action == "CASCADE":
            conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
        elif action == "SET NULL":
            conn.exec_driver_sql(
                f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,)
            )


def _empty_purchase() -> ColumnElement[bool]:
    return ~exists().where(PurchaseLine.purchase_id == Purchase.id)


def _find_empty_purchases(conn: Connection) -> list[Problem]:
    rows = conn.execute(
        select(Purchase.id, Purchase.customer_id, Purchase.purchased_on).where(_empty_purchase())
    )
    return [
        Problem(
            "empty_purchase",
            f"purchase {pid} (customer {cid}, {day.isoformat()}) has no lines; "
            "repair will delete it",
            fixable=True,
        )
        for pid, cid, day in rows
    ]


def _fix_empty_purchases(conn: Connection) -> None:
    conn.execute(delete(Purchase).where(_empty_purchase()))


def _archived_prompt() -> ColumnElement[bool]:
    archived = select(Customer.id).where(Customer.archived.is_(True))
    return Prompt.status.in_(_WAITING) & Prompt.customer_id.in_(archived)


def _find_archived_prompts(conn: Connection) -> list[Problem]:
    rows = conn.execute(select(Prompt.id, Prompt.customer_id).where(_archived_prompt()))
    return [
        Problem(
            "archived_customer_prompt",
            f"prompt {pid} still waits to be asked of archived customer {cid}; "
            "repair will dismiss it",
            fixable=True,
        )
        for pid, cid in rows
    ]


def _dismiss(conn: Connection, condition: ColumnElement[bool]) -> None:
    conn.execute(
        update(Prompt)
        .where(condition)
        .values(status=PromptStatus.DISMISSED, resolved_at=utcnow(), resolved_by=CHECK_ACTOR)
    )


def _fix_archived_prompts(conn: Connection) -> None:
    _dismiss(conn, _archived_prompt())


def _stale_note_prompt_ids(conn: Connection) -> list[tuple[int, int, str]]:
    """Waiting note prompts whose note (named in ``note:<id>:<date>``) is gone, trashed or
    marked "don't bring up": a note the owner took back must never be asked about."""
    rows = conn.execute(
        select(Prompt.id, Prompt.customer_id, Prompt.source_key).where(
            Prompt.kind == PromptKind.NOTE, Prompt.status.in_(_WAITING)
        )
    ).all()
    if not rows:
        return []
    live = {
        (note_id, customer_id)
        for note_id, customer_id in conn.execute(
            select(Note.id, Note.customer_id).where(
                Note.deleted_at.is_(None), Note.dont_bring_up.is_(False)
            )
        )
    }
    stale = []
    for pid, cid, key in rows:
        _, _, rest = key.partition(":")
        note_id, _, _ = rest.partition(":")
        if not note_id.isdigit() or (int(note_id), cid) not in live:
            stale.append((pid, cid, key))
    return stale


def _find_stale_note_prompts(conn: Connection) -> list[Problem]:
    return [
        Problem(
            "stale_note_prompt",
            f"prompt {pid} (customer {cid}) asks about {key!r}, a note that is gone or "
            "must not be brought up; repair will dismiss it",
            fixable=True,
        )
        for pid, cid, key in _stale_note_prompt_ids(conn)
    ]


def _fix_stale_note_prompts(conn: Connection) -> None:
    ids = [pid for pid, _, _ in _stale_note_prompt_ids(conn)]
    if ids:
        _dismiss(conn, Prompt.id.in_(ids))


_Finder = Callable[[Connection], list[Problem]]
_Fixer = Callable[[Connection], None]
APP_RULES: tuple[tuple[_Finder, _Fixer], ...] = (
    (_find_empty_purchases, _fix_empty_purchases),
    (_find_archived_prompts, _fix_archived_prompts),
    (_find_stale_note_prompts, _fix_stale_note_prompts),
)


def _app_checks(db_path: Path) -> list[Problem]:
    with _read_only(db_path) as conn:
        return [problem for find, _ in APP_RULES for problem in find(conn)]


def _plain_copy_problems(paths: list[Path]) -> list[Problem]:
    """Backups from before the passphrase that still hold private notes in plain text: a
    problem once the book has a passphrase, which repair seals them with."""
    return [
        Problem(
            PLAIN_BACKUP,
            f"'{path}' still holds private notes in plain text, from before the owner's "
            "passphrase; repair will seal it with the passphrase",
            True,
        )
        for path in paths
    ]


def _plain_copies(db_path: Path) -> list[Problem]:
    """The book file's plain backups and upgrade copies, once it has a passphrase; and
    those the storage kept from being read, said so (no repair can help them: free the
    space, then check again)."""
    if not has_passphrase(db_path):
        return []
    copies = look_at_copies(db_path)
    unread = [
        Problem(
            UNCHECKED_BACKUP,
            _("'{path}' could not be checked ({cause})").format(path=path, cause=cause),
            False,
        )
        for path, cause in copies.unread
    ]
    return _plain_copy_problems(copies.plain) + unread


def find_problems(db_path: Path) -> list[Problem]:
    """Everything wrong with the database; the app's rules only once the file is intact."""
    problems = _sqlite_checks(db_path)
    if any(p.rule == INTEGRITY for p in problems):
        return problems
    revision = known_revision(db_path)
    if revision is None:
        raise RegularsError(
            _("There is no Regulars database at '{db_path}' to check.").format(db_path=db_path)
        )
    if revision != head_revision():
        upgrade_to_head(str(db_path))
    return problems + _app_checks(db_path) + _plain_copies(db_path)


def _repair(db_path: Path, problems: list[Problem]) -> None:
    """Apply every known fix in one transaction: all of them, or none."""
    engine = make_engine(str(db_path))
    try:
        with engine.begin() as conn:
            if any(p.rule == INTEGRITY and p.fixable for p in problems):
                conn.exec_driver_sql("REINDEX")
            _fix_links(conn)
            for _rule, fix in APP_RULES:
                fix(conn)
    except SQLAlchemyError as exc:
        raise RegularsError(
            _("Repairing '{db_path}' failed ({exc}); nothing was changed by it.").format(
                db_path=db_path, exc=exc
            )
        ) from exc
    finally:
        engine.dispose()


def check_database(
    db_path: Path, *, repair: bool = False, now: datetime | None = None
) -> CheckReport:
    """Check ``db_path``; with ``repair``, back it up and fix what can be fixed, then
    check again. If the backup cannot be taken, nothing is repaired."""
    check_file(db_path)
    if not db_path.exists():
        raise RegularsError(
            _("There is no Regulars database at '{db_path}' to check.").format(db_path=db_path)
        )
    found = find_problems(db_path)
    remaining = found
    backup = None
    if repair and any(p.fixable for p in found):
        with writer_lock(db_path):
            backup = take_backup(db_path, now).path
            for _round in range(_REPAIR_ROUNDS):
                if not any(p.fixable for p in remaining):
                    break
                _repair(db_path, remaining)
                if any(p.rule == PLAIN_BACKUP for p in remaining):
                    with Database(str(db_path)) as database:
                        secure_plain_copies(database)
                remaining = find_problems(db_path)
    return CheckReport(
        db_path, tuple(found), tuple(remaining), backup, disk_full(db_path) is not None
    )


def _server_findings(database: Database) -> list[Problem]:
    """The app's rules on the server's book, and its dumps from before the passphrase
    that still hold private notes in plain text."""
    with database.read_engine.connect() as conn:
        found = [problem for find, _ in APP_RULES for problem in find(conn)]
    if book_secret(database) is not None:
        found += _plain_copy_problems(plain_copies(database))
    return found


def check_server(
    database: Database, *, repair: bool = False, now: datetime | None = None
) -> CheckReport:
    """Check a server's book by the app's rules; with ``repair``, dump it first and fix
    what can be fixed in one transaction, and seal the dumps from before the owner's
    passphrase that still hold private notes in plain text. PostgreSQL itself enforces
    every link between rows (there is no dangling one to find) and looks after its own
    files: damage to them shows in the server's log, and the answer to it is a restore."""
    found = _server_findings(database)
    remaining, backup = found, None
    if repair and any(p.fixable for p in found):
        with database.writing():
            backup = take_server_backup(database, now).path
            with database.session() as session:
                connection = session.connection()
                for _, fix in APP_RULES:
                    fix(connection)
        if any(p.rule == PLAIN_BACKUP for p in found):
            secure_plain_copies(database)
        remaining = _server_findings(database)
    return CheckReport(database.path, tuple(found), tuple(remaining), backup)
