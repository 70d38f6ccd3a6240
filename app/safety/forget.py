"""Forget a customer: every trace of them gone from the shop's file, for good.

A verified backup is taken first (an erasure cannot be undone any other way). Deleting the
customer row removes, through ``ON DELETE CASCADE``, their relations, occasions,
purchases and lines, notes and every revision, prompts and tags; other customers'
relations that pointed at them are unlinked (``SET NULL``). Change-log rows about them,
and any whose payload quotes their name, phone, email or note text, go too, as does an
unsaved note draft. The delete runs with ``secure_delete`` on, then the file is rebuilt
(``VACUUM``) and the WAL checkpointed and truncated, so their words are found neither in
the database file nor in its ``-wal``, nor in any backup taken from now on.

Older backups still hold them, so the id (only the id) is recorded in an erasure ledger:
the ``setting`` row ``erasure_ledger``, a JSON list of ``{"customer_id", "erased_at"}``.
Restoring an older backup carries the ledger over and erases those customers again.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, or_, select
from sqlalchemy.orm import Session

from app.backup import read_only_uri
from app.db import Database, open_database
from app.errors import RegularsError
from app.models import ChangeFeed, ChangeLog, Customer, Note, NoteRevision, Setting
from app.notes.drafts import discard_draft
from app.safety.backups import take_backup

LEDGER_SETTING = "erasure_ledger"


@dataclass(frozen=True)
class ForgetOutcome:
    """What was erased, and the backup taken just before (the only way back)."""

    customer_id: int
    backup: Path
    change_log_removed: int
    wal_truncated: bool


def _parse_ledger(raw: str | None) -> list[dict[str, Any]]:
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("customer_id"), int)]


def erased_ids(database: Database) -> list[int]:
    """The ids in the erasure ledger, oldest erasure first."""
    with database.session() as session:
        raw = session.scalar(select(Setting.value).where(Setting.key == LEDGER_SETTING))
    return [e["customer_id"] for e in _parse_ledger(raw)]


def read_ledger_file(db_path: Path) -> list[dict[str, Any]]:
    """The ledger of a database file, read without writing to it; a missing or unreadable
    file (or one from before the ledger existed) has an empty ledger."""
    if not db_path.is_file():
        return []
    try:
        conn = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            row = conn.execute(
                "SELECT value FROM setting WHERE key = ?", (LEDGER_SETTING,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return _parse_ledger(row[0] if row else None)


def _merge_ledger(session: Session, entries: Iterable[dict[str, Any]]) -> None:
    row = session.get(Setting, LEDGER_SETTING)
    ledger = _parse_ledger(row.value if row else None)
    known = {e["customer_id"] for e in ledger}
    for entry in entries:
        if entry["customer_id"] not in known:
            ledger.append(entry)
            known.add(entry["customer_id"])
    value = json.dumps(ledger)
    if row is None:
        session.add(Setting(key=LEDGER_SETTING, value=value))
    else:
        row.value = value


def _their_words(session: Session, customer: Customer) -> set[str]:
    """Text that identifies the customer if it turns up in a change-log payload, both as
    typed and as JSON would escape it."""
    full_name = " ".join(p for p in (customer.first_name, customer.last_name) if p)
    fields = [
        full_name if customer.first_name and customer.last_name else None,
        customer.phone,
        customer.phone_digits,
        customer.email,
        customer.external_ref,
    ]
    bodies = session.scalars(select(Note.body).where(Note.customer_id == customer.id)).all()
    revisions = session.scalars(
        select(NoteRevision.body)
        .join(Note, NoteRevision.note_id == Note.id)
        .where(Note.customer_id == customer.id)
    ).all()
    words = {w.strip() for w in (*fields, *bodies, *revisions) if w and w.strip()}
    return words | {json.dumps(w)[1:-1] for w in words}


def _erase_rows(session: Session, customer_id: int) -> int | None:
    """Delete the customer and what mentions them; None if there is no such customer.
    The change feed keeps only the erasure's own deletions (ids, which tell open windows
    to drop them), and those are pruned with the rest of the feed."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    mentions = [func.instr(ChangeLog.payload, w) > 0 for w in _their_words(session, customer)]
    removed = session.execute(
        delete(ChangeLog).where(
            or_(
                ChangeLog.customer_id == customer_id,
                (ChangeLog.entity == "customer") & (ChangeLog.entity_id == customer_id),
                *mentions,
            )
        )
    )
    session.execute(delete(ChangeFeed).where(ChangeFeed.customer_id == customer_id))
    session.execute(delete(Customer).where(Customer.id == customer_id))
    return cast("CursorResult[Any]", removed).rowcount


def _scrub_file(database: Database) -> bool:
    """Rebuild the file and empty the WAL so no freed page keeps old words; False if
    another connection kept the WAL from being truncated."""
    raw = database.engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        conn.execute("VACUUM")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    return not busy


def _forget(database: Database, ids: Iterable[int], now: datetime) -> dict[int, int]:
    removed: dict[int, int] = {}
    with database.session() as session:
        for customer_id in ids:
            count = _erase_rows(session, customer_id)
            if count is not None:
                removed[customer_id] = count
        _merge_ledger(session, ({"customer_id": i, "erased_at": now.isoformat()} for i in removed))
    for customer_id in removed:
        with contextlib.suppress(OSError):
            discard_draft(database.path, customer_id)
    return removed


def forget_customer(
    database: Database, customer_id: int, *, now: datetime | None = None
) -> ForgetOutcome:
    """Erase one customer for good, after a verified backup. The search index lives in
    memory: the window removes them from it (``SearchIndex.remove``)."""
    with database.session() as session:
        if session.get(Customer, customer_id) is None:
            raise RegularsError(f"There is no customer with id {customer_id}.")
    backup = take_backup(database.path).path
    removed = _forget(database, [customer_id], now or datetime.now(UTC))
    return ForgetOutcome(
        customer_id=customer_id,
        backup=backup,
        change_log_removed=removed.get(customer_id, 0),
        wal_truncated=_scrub_file(database),
    )


def reapply_ledger(db_path: Path, carried: Iterable[dict[str, Any]]) -> list[int]:
    """After a restore: merge the ledger carried over from the replaced file and erase
    again every customer in it that the restored file still holds. No backup is taken
    here, since the restored file is itself a copy of a backup. Returns the ids erased."""
    carried = list(carried)
    if not carried and not read_ledger_file(db_path):
        return []
    with open_database(str(db_path)) as database:
        wanted = [e["customer_id"] for e in carried] + erased_ids(database)
        now = datetime.now(UTC)
        with database.session() as session:
            _merge_ledger(session, carried)
        removed = _forget(database, wanted, now)
        if removed:
            _scrub_file(database)
    return list(removed)
