"""Forget a customer: every trace of them gone from the shop's file, for good.

A verified backup is taken first (an erasure cannot be undone any other way), and kept at
least 30 days whatever the backup schedule. The whole erasure holds the one-writer lock,
so no other window or command writes in between. Deleting the customer row removes,
through ``ON DELETE CASCADE``, their relations, occasions, purchases and lines, notes and
every revision, prompts and tags. Other households keep nothing of them: a relation that
links to them is deleted, name and all. Tags and products that only they used go too.
Change-log rows about them, and any whose payload quotes their name, phone, email, key or
note text, go as well. So does what this computer kept of them (``_forget_kept_here``,
under every address it reached a server's book by):
the note box's drafts, notes kept while the book refused them (its server away, its
disk full), their customer forms kept meanwhile and the text files of changes typed for
them. The delete runs with
``secure_delete`` on, then the file is rebuilt (``VACUUM``) and the WAL checkpointed and
truncated, so their words are found neither in the database file nor in its ``-wal``, nor
in any backup taken from now on.

Older backups still hold them, so the erasure is recorded in a ledger (the ``setting`` row
``erasure_ledger``, a JSON list of ``{"key", "customer_id", "created_at", "erased_at"}``).
A customer's key is random and never shared, so a restore erases exactly them again from
the restored copy, before that copy replaces the live file, and never a newcomer who was
given a freed id. Copies taken before an upgrade (``<name>.pre-*.db``) that still hold them
are named in the outcome, for the owner to delete.
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

from app.customers.forms import discard_forms_of
from app.customers.service import discard_kept_details
from app.db import Database
from app.dialects import erase_freed_space, holds_text, on_server
from app.errors import RegularsError
from app.i18n import N_, _
from app.models import (
    ChangeFeed,
    ChangeLog,
    Customer,
    Note,
    NoteRevision,
    Product,
    PurchaseLine,
    Relation,
    Setting,
    Tag,
    customer_tag,
)
from app.models.purchase import Purchase
from app.notes.drafts import discard_draft
from app.read_only import read_only_uri
from app.safety.access import CLERK, Access
from app.safety.backups import take_backup
from app.safety.owner_secret import owner_only
from app.safety.scrub import rewrite_server_tables
from app.safety.server_backups import take_server_backup
from app.server.places import places_of

LEDGER_SETTING = "erasure_ledger"
Entry = dict[str, Any]


@dataclass(frozen=True)
class ForgetOutcome:
    """What was erased, the backup taken just before (the only way back), and the copies
    from before upgrades that still hold them."""

    customer_id: int
    backup: Path
    change_log_removed: int
    wal_truncated: bool
    copies_holding: tuple[Path, ...] = ()


def _parse_ledger(raw: str | None) -> list[Entry]:
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(entries, list):
        return []
    return [
        e
        for e in entries
        if isinstance(e, dict)
        and (isinstance(e.get("key"), str) or isinstance(e.get("customer_id"), int))
    ]


def ledger_in(session: Session) -> list[Entry]:
    """The erasure ledger as the session sees it."""
    return _parse_ledger(session.scalar(select(Setting.value).where(Setting.key == LEDGER_SETTING)))


def erased_ids(database: Database) -> list[int]:
    """The ids in the erasure ledger, oldest erasure first."""
    with database.reading() as session:
        return [e["customer_id"] for e in ledger_in(session) if "customer_id" in e]


def read_ledger_file(db_path: Path) -> list[Entry]:
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


def _identity(entry: Entry) -> tuple[Any, ...]:
    return (entry.get("key"), entry.get("customer_id"), entry.get("created_at"))


def _merge_ledger(session: Session, entries: Iterable[Entry]) -> None:
    row = session.get(Setting, LEDGER_SETTING)
    ledger = _parse_ledger(row.value if row else None)
    known = {_identity(e) for e in ledger}
    for entry in entries:
        if _identity(entry) not in known:
            ledger.append(entry)
            known.add(_identity(entry))
    value = json.dumps(ledger)
    if row is None:
        session.add(Setting(key=LEDGER_SETTING, value=value))
    else:
        row.value = value


def _stamp(value: datetime) -> str:
    return value.replace(tzinfo=None).isoformat(sep=" ")


def _matches(session: Session, ledger: Iterable[Entry]) -> list[int]:
    """The customers of this copy that the ledger erased: by key; an entry from before
    keys existed (an id only) matches only a customer created before that erasure, never
    a newcomer given the freed id."""
    found: list[int] = []
    for entry in ledger:
        if isinstance(entry.get("key"), str):
            query = select(Customer.id).where(Customer.key == entry["key"])
        else:
            erased = str(entry.get("erased_at", ""))[:19].replace("T", " ")
            created = (
                Customer.created_at <= datetime.fromisoformat(erased)
                if on_server(session.get_bind().dialect)
                else func.datetime(Customer.created_at) <= erased
            )
            query = select(Customer.id).where(Customer.id == entry["customer_id"], created)
        found.extend(session.scalars(query))
    return found


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
        customer.key,
    ]
    bodies = session.scalars(select(Note.body).where(Note.customer_id == customer.id)).all()
    revisions = session.scalars(
        select(NoteRevision.body)
        .join(Note, NoteRevision.note_id == Note.id)
        .where(Note.customer_id == customer.id)
    ).all()
    words = {w.strip() for w in (*fields, *bodies, *revisions) if w and w.strip()}
    return words | {json.dumps(w)[1:-1] for w in words}


def _only_theirs(session: Session, customer_id: int) -> tuple[list[int], list[int]]:
    """Tags and products this customer used, to be dropped if nobody else uses them."""
    tags = session.scalars(
        select(customer_tag.c.tag_id).where(customer_tag.c.customer_id == customer_id)
    ).all()
    products = session.scalars(
        select(PurchaseLine.product_id)
        .join(Purchase, PurchaseLine.purchase_id == Purchase.id)
        .where(Purchase.customer_id == customer_id)
        .distinct()
    ).all()
    return list(tags), list(products)


def _erase_rows(session: Session, customer: Customer) -> Entry:
    """Delete the customer and everything that mentions them; their ledger entry. The
    change feed keeps only the erasure's own deletions (ids, which tell open windows to
    drop them), pruned with the rest of the feed."""
    customer_id = customer.id
    entry: Entry = {
        "key": customer.key,
        "customer_id": customer_id,
        "created_at": _stamp(customer.created_at),
    }
    dialect = session.get_bind().dialect
    mentions = [holds_text(dialect, ChangeLog.payload, w) for w in _their_words(session, customer)]
    removed = session.execute(
        delete(ChangeLog).where(
            or_(
                ChangeLog.customer_id == customer_id,
                (ChangeLog.entity == "customer") & (ChangeLog.entity_id == customer_id),
                *mentions,
            )
        )
    )
    tags, products = _only_theirs(session, customer_id)
    session.execute(delete(Relation).where(Relation.related_customer_id == customer_id))
    session.execute(delete(ChangeFeed).where(ChangeFeed.customer_id == customer_id))
    session.execute(delete(Customer).where(Customer.id == customer_id))
    session.execute(
        delete(Tag).where(
            Tag.id.in_(tags), ~select(customer_tag).where(customer_tag.c.tag_id == Tag.id).exists()
        )
    )
    session.execute(
        delete(Product).where(
            Product.id.in_(products),
            ~select(PurchaseLine.id).where(PurchaseLine.product_id == Product.id).exists(),
        )
    )
    entry["change_log_removed"] = cast("CursorResult[Any]", removed).rowcount
    return entry


WORD_TABLES = (
    "customer",
    "contact_point",
    "relation",
    "occasion",
    "note",
    "note_revision",
    "prompt",
    "customer_tag",
    "tag",
    "product",
    "purchase",
    "purchase_line",
    "change_log",
    "change_feed",
    "setting",
)
"""The server's tables a customer's words (or ids) may be left in, as dead rows and
in their indexes, until each is rewritten."""


def scrub_server(database: Database) -> bool:
    """Rewrite the tables that held an erased customer (``VACUUM FULL``: a new file for
    each table and its indexes, the old one deleted), so no dead row or index entry keeps
    their words, and let go of the WAL that held them; True when none of it is left
    (``rewrite_server_tables``). Each table is locked while it is rewritten (card lookups
    at the other registers wait that long; search answers from each window's own index)."""
    return rewrite_server_tables(database, WORD_TABLES)


def _scrub_file(database: Database) -> bool:
    """Rebuild the file and empty the WAL so no freed page keeps old words; False if
    another connection kept the WAL from being truncated, or a server keeps its own WAL
    a while (it ages out as the README says)."""
    if database.server:
        return scrub_server(database)
    raw = database.engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        conn.execute("VACUUM")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    return not busy


def _erase_in(session: Session, ids: Iterable[int], now: datetime) -> list[Entry]:
    """Erase these customers in ``session``'s transaction and add them to the ledger."""
    erased: list[Entry] = []
    erase_freed_space(session.connection())
    for customer_id in dict.fromkeys(ids):
        customer = session.get(Customer, customer_id)
        if customer is not None:
            erased.append(_erase_rows(session, customer) | {"erased_at": now.isoformat()})
    _merge_ledger(
        session, ({k: v for k, v in e.items() if k != "change_log_removed"} for e in erased)
    )
    return erased


def _forget(database: Database, ids: Iterable[int], now: datetime) -> list[Entry]:
    """Erase these customers in one transaction and add them to the ledger."""
    with database.session() as session:
        erased = _erase_in(session, ids, now)
    places = places_of(database) if erased else []
    for entry in erased:
        for place in places:
            _forget_kept_here(place, entry["customer_id"])
    return erased


def _forget_kept_here(place: Path, customer_id: int) -> None:
    """Remove what this computer kept of a forgotten customer for the book at ``place``
    (one of its places: ``app.server.places``): note drafts, refused notes (plain or
    sealed), kept customer forms, kept details."""
    with contextlib.suppress(OSError):
        discard_draft(place, customer_id, refused=True)
    with contextlib.suppress(OSError):
        discard_forms_of(place, customer_id)
    discard_kept_details(place, customer_id)


def upgrade_copies_holding(db_path: Path, entry: Entry) -> tuple[Path, ...]:
    """Copies taken before upgrades (``<name>.pre-*.db``) that still hold this customer:
    found by key, or in a copy from before keys by id and creation time."""
    holding = []
    for copy in sorted(db_path.parent.glob(f"{db_path.stem}.pre-*.db")):
        with contextlib.suppress(sqlite3.Error):
            conn = sqlite3.connect(read_only_uri(copy), uri=True)
            try:
                columns = {row[1] for row in conn.execute("PRAGMA table_info(customer)")}
                query, values = (
                    ("SELECT 1 FROM customer WHERE key = ?", (entry["key"],))
                    if "key" in columns
                    else (
                        "SELECT 1 FROM customer WHERE id = ? AND created_at = ?",
                        (entry["customer_id"], entry["created_at"]),
                    )
                )
                if conn.execute(query, values).fetchone():
                    holding.append(copy)
            finally:
                conn.close()
    return tuple(holding)


def delete_upgrade_copies(copies: Iterable[Path]) -> None:
    """Delete copies taken before upgrades (with any ``-wal``/``-shm`` beside them)."""
    for copy in copies:
        for suffix in ("", "-wal", "-shm"):
            copy.with_name(copy.name + suffix).unlink(missing_ok=True)


def forget_customer(
    database: Database,
    customer_id: int,
    *,
    access: Access = CLERK,
    now: datetime | None = None,
) -> ForgetOutcome:
    """Erase one customer for good (the owner's decision, once owner mode is protected),
    after a verified backup, holding the writer lock throughout. The search index lives
    in memory: the window removes them from it (``SearchIndex.remove``)."""
    owner_only(database, access, N_("erase a customer"))
    with database.shop_job("forget"):
        with database.reading() as session:
            if session.get(Customer, customer_id) is None:
                raise RegularsError(
                    _("There is no customer with id {customer_id}.").format(customer_id=customer_id)
                )
        backup = (
            take_server_backup(database, reason="forget")
            if database.server
            else take_backup(database.path, reason="forget")
        ).path
        erased = _forget(database, [customer_id], now or datetime.now(UTC))
        return ForgetOutcome(
            customer_id=customer_id,
            backup=backup,
            change_log_removed=erased[0]["change_log_removed"] if erased else 0,
            wal_truncated=_scrub_file(database),
            copies_holding=upgrade_copies_holding(database.path, erased[0]) if erased else (),
        )


def apply_ledger(database: Database, carried: Iterable[Entry]) -> list[int]:
    """Before a restored copy goes live: merge the ledger carried over from the replaced
    file and erase again every customer in it that the copy still holds. No backup is
    taken here: the copy is itself a copy of a backup. Returns the ids erased."""
    with database.session() as session:
        _merge_ledger(session, carried)
        wanted = _matches(session, ledger_in(session))
    if not wanted:
        return []
    erased = _forget(database, wanted, datetime.now(UTC))
    _scrub_file(database)
    return [e["customer_id"] for e in erased]


def erase_again(session: Session, carried: Iterable[Entry], now: datetime) -> list[int]:
    """In a server restore's own transaction, before the restored rows are committed:
    merge the ledger carried over from the replaced book and erase again every customer
    in it that they hold. Returns the ids erased."""
    _merge_ledger(session, carried)
    wanted = _matches(session, ledger_in(session))
    return [e["customer_id"] for e in _erase_in(session, wanted, now)]
