"""The change feed's triggers: the database itself records every write, so no write path
(a service, the importer's bulk SQL, a cascade from ``forget``) can forget to.

Each insert, update or delete of a watched row adds ``(seq, entity, entity_id,
customer_id, kind)`` to ``change_feed`` in the same transaction: ids and names of tables
only, never a word of what was written, so a forgotten customer leaves nothing readable
behind. Purchase lines, practice reviews and the owner's secret are left out on purpose:
lines only ever come with their purchase (which is watched), reviews change nothing
another window shows, and a wrong passphrase guess is nobody else's business.

A migration that adds a table to watch, or rebuilds a watched one (alembic's batch mode
drops the old table, and its triggers with it), calls ``create_feed_triggers`` for it; a
test checks every table is watched (three triggers) or knowingly left out at head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

FEED_TABLE = "change_feed"

CUSTOMER_OF: dict[str, str | None] = {
    "customer": "{row}.id",
    "relation": "{row}.customer_id",
    "occasion": "{row}.customer_id",
    "customer_tag": "{row}.customer_id",
    "contact_point": "{row}.customer_id",
    "note": "{row}.customer_id",
    "note_revision": "(SELECT customer_id FROM note WHERE note.id = {row}.note_id)",
    "prompt": "{row}.customer_id",
    "purchase": "{row}.customer_id",
    "practice_card": "{row}.customer_id",
    "practice_deck_entry": "{row}.customer_id",
    "product": None,
    "category": None,
    "tag": None,
    "staff": None,
    "setting": None,
}
"""Every watched table, with how to find the customer a row belongs to (None: shop-wide)."""

ID_OF: dict[str, str] = {"customer_tag": "tag_id", "practice_deck_entry": "customer_id"}
"""The id column of tables whose key is not ``id`` (``setting`` is keyed by text: NULL)."""

EVENTS = ("insert", "update", "delete")

KEEP_DAYS = 2
"""Feed rows older than this are pruned; a window asleep longer starts over."""
PRUNE_EVERY = 1_000
"""Every this many changes, the feed prunes itself (so a book used only from scripts does too)."""
PRUNE_TRIGGER = "feed_prune"


def feed_values(table: str, row: str, kind: str) -> str:
    customer = CUSTOMER_OF[table]
    id_column = ID_OF.get(table, "id")
    entity_id = "NULL" if table == "setting" else f"{row}.{id_column}"
    customer_id = "NULL" if customer is None else customer.format(row=row)
    return f"'{table}', {entity_id}, {customer_id}, '{kind}'"


def trigger_name(table: str, event: str) -> str:
    """``feed_<table>_<event>``: one per watched table and kind of write."""
    return f"feed_{table}_{event}"


def feed_trigger_ddl(table: str) -> list[str]:
    """SQLite ``CREATE TRIGGER IF NOT EXISTS`` statements for one watched table.

    An update that moves a row to another customer (a merge) names both customers."""
    insert = f"INSERT INTO {FEED_TABLE} (entity, entity_id, customer_id, kind)"
    statements = []
    for event in EVENTS:
        row = "OLD" if event == "delete" else "NEW"
        body = f"{insert} VALUES ({feed_values(table, row, event)});"
        customer = CUSTOMER_OF[table]
        if event == "update" and customer is not None:
            old, new = customer.format(row="OLD"), customer.format(row="NEW")
            body += f" {insert} SELECT {feed_values(table, 'OLD', event)} WHERE {old} IS NOT {new};"
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS {trigger_name(table, event)} "
            f"AFTER {event.upper()} ON {table} BEGIN {body} END"
        )
    return statements


def create_feed_triggers(execute: Callable[[str], object], tables: Iterable[str]) -> None:
    """Create any missing feed trigger of ``tables`` (``execute`` runs one statement). A
    migration names its tables itself, so it does the same whatever the code is later."""
    for table in tables:
        for statement in feed_trigger_ddl(table):
            execute(statement)


def create_prune_trigger(execute: Callable[[str], object]) -> None:
    """The trigger that prunes the feed: the newest row always stays, so numbering goes on."""
    execute(
        f"CREATE TRIGGER IF NOT EXISTS {PRUNE_TRIGGER} AFTER INSERT ON {FEED_TABLE} "
        f"WHEN NEW.seq % {PRUNE_EVERY} = 0 BEGIN DELETE FROM {FEED_TABLE} "
        f"WHERE at < datetime('now', '-{KEEP_DAYS} days') AND seq < NEW.seq; END"
    )


BULK = "bulk"
"""The ``kind`` of the one row a bulk write leaves: every window starts over."""


def pause_feed(execute: Callable[[str], object]) -> None:
    """Set the triggers aside for a bulk write (an import of a till's history, a demo
    shop): a row per purchase would cost a third more time and file. Run it inside the
    write's transaction; a rollback brings the triggers back, ``resume_feed`` does on
    success."""
    for table in CUSTOMER_OF:
        for event in EVENTS:
            execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, event)}")


def resume_feed(execute: Callable[[str], object]) -> None:
    """The triggers back, and one row telling every window to reload everything."""
    create_feed_triggers(execute, CUSTOMER_OF)
    execute(f"INSERT INTO {FEED_TABLE} (entity, kind) VALUES ('*', '{BULK}')")
