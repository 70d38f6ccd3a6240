"""PostgreSQL's planner statistics never hold a customer's words.

``ANALYZE`` (the server's autovacuum runs it by itself, and Regulars after an import:
``app.dialects.after_bulk_load``) copies a sample of each column's most common values and
histogram bounds into the catalogue ``pg_statistic``, in the database's own files. For a
column of words those are names, phone numbers and note bodies (private ones too, while
no passphrase seals them): copies that sealing the notes or forgetting a customer would
not reach. So no column of text, JSON or bytes is sampled (its statistics target is 0)
save the few that hold only Regulars' own vocabulary (``sampled_columns``: kinds, states,
table names), which keep their statistics for the planner. ``unsample`` also drops what
was gathered for them before: ``ALTER COLUMN … TYPE`` to the column's own type removes
its statistics without rewriting the table, as the table's owner (deleting from
``pg_statistic`` takes a superuser). Revision 0009 ran it; a revision that adds such a
column runs it again (a test fails otherwise). The dead rows ``pg_statistic`` keeps of
what was dropped go when the tables are rewritten (``app.safety.scrub``).
"""

from __future__ import annotations

from sqlalchemy import Connection, Enum

from app.models import Base

VOCABULARY = frozenset(
    {
        ("alembic_version", "version_num"),
        ("change_feed", "entity"),
        ("change_feed", "kind"),
        ("change_log", "action"),
        ("change_log", "entity"),
        ("note", "kind"),
        ("setting", "key"),
    }
)
"""Columns of text that hold only words of Regulars' own besides the closed vocabularies
(``enum_column``): what was done to which table, a note's kind, a setting's name."""

_WORD_COLUMNS = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
       coalesce(a.attstattarget, -1) <> 0 OR EXISTS (
           SELECT 1 FROM pg_stats s
           WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
       )
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0
  AND NOT a.attisdropped AND (t.typcategory = 'S' OR t.typname IN ('json', 'jsonb', 'bytea'))
ORDER BY c.relname, a.attnum
"""


def sampled_columns() -> frozenset[tuple[str, str]]:
    """The ``(table, column)`` pairs of text that keep their statistics: the closed
    vocabularies and ``VOCABULARY``; every other column of text, JSON or bytes is never
    sampled."""
    closed = {
        (table.name, column.name)
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, Enum)
    }
    return VOCABULARY | closed


def sampled_word_columns(connection: Connection) -> dict[str, list[tuple[str, str]]]:
    """The server's columns of words that ``ANALYZE`` would sample or that still have
    statistics gathered, by table, each with its type as PostgreSQL writes it."""
    kept = sampled_columns()
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, type_, sampled in connection.exec_driver_sql(_WORD_COLUMNS):
        if sampled and (table, column) not in kept:
            found.setdefault(table, []).append((column, type_))
    return found


def unsample(connection: Connection) -> None:
    """Stop ``ANALYZE`` sampling the server's columns of words and drop the statistics
    gathered for them (see the module's doc); nothing on SQLite, which Regulars never
    asks to ``ANALYZE``. Each table is locked a moment (its rows are not rewritten)."""
    if connection.dialect.name != "postgresql":
        return
    for table, columns in sampled_word_columns(connection).items():
        changes = ", ".join(
            f'ALTER COLUMN "{column}" SET STATISTICS 0, ALTER COLUMN "{column}" TYPE {type_}'
            for column, type_ in columns
        )
        connection.exec_driver_sql(f'ALTER TABLE "{table}" {changes}')
